#include "proxy/protocol/com_process_kill.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComProcessKill(const ComProcessKill& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kProcessKill));
  PutFixed32(out, command.connection_id);
}

absl::StatusOr<ComProcessKill> DecodeComProcessKill(absl::string_view payload,
                                                    uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kProcessKill); !status.ok()) {
    return status;
  }
  ComProcessKill result;
  if (!GetFixed32(&in, &result.connection_id)) {
    return MalformedPacketError("COM_PROCESS_KILL: bad or missing connection_id");
  }
  if (!in.empty()) return MalformedPacketError("COM_PROCESS_KILL: trailing bytes");
  return result;
}

}  // namespace shardproxy
