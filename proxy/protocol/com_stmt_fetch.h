// COM_STMT_FETCH: more rows from a cursor opened by COM_STMT_EXECUTE with a cursor flag. The proxy
// may refuse cursors; then this command answers ERR (e.g. 1243, unknown statement handler, or
// an UnsupportedError).
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_FETCH_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_FETCH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComStmtFetch {
  uint32_t statement_id = 0;
  uint32_t num_rows = 0;

  friend bool operator==(const ComStmtFetch&, const ComStmtFetch&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComStmtFetch(const ComStmtFetch& command, std::string* out);
absl::StatusOr<ComStmtFetch> DecodeComStmtFetch(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_FETCH_H_
