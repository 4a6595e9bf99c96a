// LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS() and DATABASE() in sharded sessions. A sharded
// session's statements run on whichever pooled backend connection is free (several, for one
// statement over several shards), in each data source's own database, so the backend's answers
// to these belong to somebody else (or name a physical database). The handler answers them from
// the session instead, as a MySQL connection keeps them:
//   * LAST_INSERT_ID(): the insert id of the last OK packet the session was sent that carried one
//     (UPDATE … SET x = LAST_INSERT_ID(x + 1) reports its value there too);
//   * ROW_COUNT(): the affected rows of the previous statement's OK; -1 after a result set or an
//     error;
//   * FOUND_ROWS(): the rows of the last result set sent (other statements leave it); unknown
//     after SELECT SQL_CALC_FOUND_ROWS, whose count only its data source has: then an error;
//   * DATABASE() / SCHEMA(): the session's logical database, or NULL;
//   * @@warning_count / @@error_count: the conditions the handler keeps for SHOW WARNINGS;
//   * CONNECTION_ID(): the id the handshake gave the client, which SHOW PROCESSLIST shows (a
//     data source's would be a pooled connection's, different from one statement to the next).
// `SELECT LAST_INSERT_ID()` (also @@last_insert_id, @@identity), `SELECT ROW_COUNT()`,
// `SELECT FOUND_ROWS()` and `SELECT DATABASE()` alone get a one-row result made by the proxy with
// MariaDB's column metadata; anywhere else the call is replaced by its value before parsing, so
// e.g. INSERT … VALUES (LAST_INSERT_ID(), …) routes on it (the column is then named after the
// value). LAST_INSERT_ID(expr) (the setter) is left alone and runs on the data source.
#ifndef SHARDPROXY_PROXY_SERVER_SESSION_FUNCTIONS_H_
#define SHARDPROXY_PROXY_SERVER_SESSION_FUNCTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"

namespace shardproxy {

// What a session function stands for in this session.
struct SessionFunctionValues {
  uint64_t last_insert_id = 0;
  int64_t row_count = -1;
  absl::optional<uint64_t> found_rows = 0;  // nullopt: after SELECT SQL_CALC_FOUND_ROWS
  absl::optional<std::string> database;     // logical; nullopt before USE / without a default
  bool autocommit = true;                   // the session's (backend connections always have 1)
  uint64_t warning_count = 0;               // conditions of the last statement that had any
  uint64_t error_count = 0;                 // of them, errors
  uint32_t connection_id = 0;               // the proxy's id for the session (the handshake's)
};

// `SELECT <function>` alone (any case and spacing, an optional alias, an optional ';'); also
// `SELECT @@autocommit`, `@@warning_count` and `@@error_count`, which in a sharded session are the
// proxy's.
struct SessionFunctionSelect {
  enum class Function {
    kLastInsertId,
    kLastInsertIdVariable,
    kRowCount,
    kFoundRows,
    kDatabase,
    kAutocommit,
    kWarningCount,
    kErrorCount,
    kConnectionId
  };
  Function function = Function::kLastInsertId;
  std::string column_name;  // what MariaDB names it: the alias, else the expression as written
};
// A select list of several (`SELECT @@warning_count, @@error_count`) gives one per column.
absl::optional<std::vector<SessionFunctionSelect>> MatchSessionFunctionSelect(
    absl::string_view sql);

// The one-row answer's column, as MariaDB 10.11 describes it (LAST_INSERT_ID(): BIGINT UNSIGNED
// NOT NULL, binary, length 21; the @@ variables the same but nullable; ROW_COUNT() and
// FOUND_ROWS(): BIGINT NOT NULL, binary, length 21; DATABASE(): VARCHAR(64) in utf8mb4, length
// 256; @@autocommit: BIGINT, binary, length 1; @@warning_count and @@error_count as
// @@last_insert_id; CONNECTION_ID(): INT UNSIGNED NOT NULL, binary, length 10), and its cell:
// ERR 1235 for FOUND_ROWS() when it is unknown.
ColumnDefinition SessionFunctionColumn(const SessionFunctionSelect& select);
absl::StatusOr<absl::optional<std::string>> SessionFunctionCell(
    const SessionFunctionSelect& select, const SessionFunctionValues& values);

// Replaces every argument-less LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS(), DATABASE() and
// SCHEMA() outside quotes and comments with its value (a number, a quoted string or NULL).
// Returns false (and leaves `out` alone) when there is none; ERR 1235 for an unknown
// FOUND_ROWS().
absl::StatusOr<bool> SubstituteSessionFunctions(absl::string_view sql,
                                                const SessionFunctionValues& values,
                                                std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_SESSION_FUNCTIONS_H_
