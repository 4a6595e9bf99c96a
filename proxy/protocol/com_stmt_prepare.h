// COM_STMT_PREPARE: the SQL text with '?' placeholders, to the end of the packet. The reply
// (EncodeStmtPrepareOk or AppendStmtPrepareResponse in stmt_prepare_ok.h) gives the statement id
// and the parameter and column definitions.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_PREPARE_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_PREPARE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComStmtPrepare {
  absl::string_view query;  // pointing into the payload

  friend bool operator==(const ComStmtPrepare&, const ComStmtPrepare&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComStmtPrepare(const ComStmtPrepare& command, std::string* out);
absl::StatusOr<ComStmtPrepare> DecodeComStmtPrepare(absl::string_view payload,
                                                    uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_PREPARE_H_
