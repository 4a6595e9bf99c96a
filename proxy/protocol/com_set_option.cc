#include "proxy/protocol/com_set_option.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComSetOption(const ComSetOption& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kSetOption));
  PutFixed16(out, command.option);
}

absl::StatusOr<ComSetOption> DecodeComSetOption(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kSetOption); !status.ok()) {
    return status;
  }
  ComSetOption result;
  if (!GetFixed16(&in, &result.option)) {
    return MalformedPacketError("COM_SET_OPTION: bad or missing option");
  }
  if (!in.empty()) return MalformedPacketError("COM_SET_OPTION: trailing bytes");
  return result;
}

}  // namespace shardproxy
