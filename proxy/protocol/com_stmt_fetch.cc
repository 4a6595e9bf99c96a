#include "proxy/protocol/com_stmt_fetch.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComStmtFetch(const ComStmtFetch& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtFetch));
  PutFixed32(out, command.statement_id);
  PutFixed32(out, command.num_rows);
}

absl::StatusOr<ComStmtFetch> DecodeComStmtFetch(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kStmtFetch); !status.ok()) {
    return status;
  }
  ComStmtFetch result;
  if (!GetFixed32(&in, &result.statement_id)) {
    return MalformedPacketError("COM_STMT_FETCH: bad or missing statement_id");
  }
  if (!GetFixed32(&in, &result.num_rows)) {
    return MalformedPacketError("COM_STMT_FETCH: bad or missing num_rows");
  }
  if (!in.empty()) return MalformedPacketError("COM_STMT_FETCH: trailing bytes");
  return result;
}

}  // namespace shardproxy
