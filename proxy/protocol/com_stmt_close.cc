#include "proxy/protocol/com_stmt_close.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComStmtClose(const ComStmtClose& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtClose));
  PutFixed32(out, command.statement_id);
}

absl::StatusOr<ComStmtClose> DecodeComStmtClose(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kStmtClose); !status.ok()) {
    return status;
  }
  ComStmtClose result;
  if (!GetFixed32(&in, &result.statement_id)) {
    return MalformedPacketError("COM_STMT_CLOSE: bad or missing statement_id");
  }
  if (!in.empty()) return MalformedPacketError("COM_STMT_CLOSE: trailing bytes");
  return result;
}

}  // namespace shardproxy
