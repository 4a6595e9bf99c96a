// COM_STMT_CLOSE: deallocates a prepared statement. It has no reply, not even on error.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_CLOSE_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_CLOSE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComStmtClose {
  uint32_t statement_id = 0;

  friend bool operator==(const ComStmtClose&, const ComStmtClose&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComStmtClose(const ComStmtClose& command, std::string* out);
absl::StatusOr<ComStmtClose> DecodeComStmtClose(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_CLOSE_H_
