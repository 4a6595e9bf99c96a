#include "proxy/protocol/com_stmt_reset.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComStmtReset(const ComStmtReset& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtReset));
  PutFixed32(out, command.statement_id);
}

absl::StatusOr<ComStmtReset> DecodeComStmtReset(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kStmtReset); !status.ok()) {
    return status;
  }
  ComStmtReset result;
  if (!GetFixed32(&in, &result.statement_id)) {
    return MalformedPacketError("COM_STMT_RESET: bad or missing statement_id");
  }
  if (!in.empty()) return MalformedPacketError("COM_STMT_RESET: trailing bytes");
  return result;
}

}  // namespace shardproxy
