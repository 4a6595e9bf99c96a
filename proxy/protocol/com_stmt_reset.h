// COM_STMT_RESET: drops data sent with COM_STMT_SEND_LONG_DATA and closes an open cursor of one
// statement. Replied with OK.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_STMT_RESET_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_STMT_RESET_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComStmtReset {
  uint32_t statement_id = 0;

  friend bool operator==(const ComStmtReset&, const ComStmtReset&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComStmtReset(const ComStmtReset& command, std::string* out);
absl::StatusOr<ComStmtReset> DecodeComStmtReset(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_STMT_RESET_H_
