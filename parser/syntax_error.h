// MySQL's syntax-error and empty-query errors, with the exact message shape clients know.
#ifndef SHARDPROXY_PARSER_SYNTAX_ERROR_H_
#define SHARDPROXY_PARSER_SYNTAX_ERROR_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy::sql {

// ER_PARSE_ERROR (1064 / 42000) for an error at byte `offset` of `sql`:
//   You have an error in your SQL syntax; check the manual that corresponds to your MariaDB
//   server version for the right syntax to use near '<rest>' at line N
// <rest> is the statement text from `offset`; when longer than 80 bytes it is cut at the last
// UTF-8 character boundary within 77 bytes and "..." is appended (as MariaDB does). N is the
// 1-based line of `offset`.
absl::Status SyntaxErrorAt(absl::string_view sql, size_t offset);

// ER_EMPTY_QUERY (1065 / 42000) "Query was empty".
absl::Status EmptyQueryError();

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_SYNTAX_ERROR_H_
