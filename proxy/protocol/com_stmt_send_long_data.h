// COM_STMT_SEND_LONG_DATA: a piece of one parameter's value, sent before COM_STMT_EXECUTE; pieces
// append. It has no reply; an error is reported by the next execute. The session keeps the data
// per statement and parameter until the execute (StmtExecuteContext::long_data) or a reset.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_SEND_LONG_DATA_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_SEND_LONG_DATA_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComStmtSendLongData {
  uint32_t statement_id = 0;
  uint16_t param_id = 0;   // zero-based
  absl::string_view data;  // pointing into the payload

  friend bool operator==(const ComStmtSendLongData&, const ComStmtSendLongData&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComStmtSendLongData(const ComStmtSendLongData& command, std::string* out);
absl::StatusOr<ComStmtSendLongData> DecodeComStmtSendLongData(absl::string_view payload,
                                                              uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_SEND_LONG_DATA_H_
