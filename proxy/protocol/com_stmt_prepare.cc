#include "proxy/protocol/com_stmt_prepare.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComStmtPrepare(const ComStmtPrepare& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtPrepare));
  out->append(command.query.data(), command.query.size());
}

absl::StatusOr<ComStmtPrepare> DecodeComStmtPrepare(absl::string_view payload,
                                                    uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kStmtPrepare); !status.ok()) {
    return status;
  }
  ComStmtPrepare result;
  result.query = in;
  return result;
}

}  // namespace shardproxy
