// LAST_INSERT_ID() in sharded sessions. A sharded session's statements run on whichever pooled
// backend connection is free, so the backend's own LAST_INSERT_ID() belongs to somebody else.
// The session remembers the insert id of the last OK packet it was sent that carried one (as a
// MySQL connection does; UPDATE … SET x = LAST_INSERT_ID(x + 1) reports its value there too),
// and the handler answers from it:
//   SELECT LAST_INSERT_ID() [[AS] alias]  →  a one-row result computed by the proxy;
//   LAST_INSERT_ID() anywhere else        →  replaced by that value before parsing, so e.g.
//                                            INSERT … VALUES (LAST_INSERT_ID(), …) routes on it.
// LAST_INSERT_ID(expr) (the setter) is left alone and runs on the data source.
#ifndef SHARDPROXY_PROXY_SERVER_LAST_INSERT_ID_H_
#define SHARDPROXY_PROXY_SERVER_LAST_INSERT_ID_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"

namespace shardproxy {

// `SELECT LAST_INSERT_ID()`, `SELECT @@last_insert_id` or `SELECT @@identity` (any case and
// spacing, an optional alias, an optional ';').
struct LastInsertIdSelect {
  std::string column_name;  // what MariaDB names it: the alias, else the expression as written
  bool is_function = true;  // LAST_INSERT_ID() rather than an @@ variable
};
absl::optional<LastInsertIdSelect> MatchSelectLastInsertId(absl::string_view sql);

// The result column of that answer, as MariaDB 10.11 describes it: BIGINT UNSIGNED, binary,
// length 21; NOT NULL for the function, nullable for the @@ variables.
ColumnDefinition LastInsertIdColumn(std::string name, bool is_function);

// Replaces every argument-less LAST_INSERT_ID() outside quotes and comments with `value`.
// Returns false (and leaves `out` alone) when there is none.
bool SubstituteLastInsertId(absl::string_view sql, uint64_t value, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_LAST_INSERT_ID_H_
