#include "proxy/protocol/com_stmt_send_long_data.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComStmtSendLongData(const ComStmtSendLongData& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kStmtSendLongData));
  PutFixed32(out, command.statement_id);
  PutFixed16(out, command.param_id);
  out->append(command.data.data(), command.data.size());
}

absl::StatusOr<ComStmtSendLongData> DecodeComStmtSendLongData(absl::string_view payload,
                                                              uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kStmtSendLongData); !status.ok()) {
    return status;
  }
  ComStmtSendLongData result;
  if (!GetFixed32(&in, &result.statement_id)) {
    return MalformedPacketError("COM_STMT_SEND_LONG_DATA: bad or missing statement_id");
  }
  if (!GetFixed16(&in, &result.param_id)) {
    return MalformedPacketError("COM_STMT_SEND_LONG_DATA: bad or missing param_id");
  }
  result.data = in;
  return result;
}

}  // namespace shardproxy
