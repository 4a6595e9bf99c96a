// Prepared statements as the proxy keeps them: the text with the byte offsets of its `?`
// markers, and per execute the text with every marker replaced by its bound value as a SQL
// literal (proxy/protocol/sql_literal.h). The backends only ever see text SQL, which is also
// what the router needs later: a parameter is a literal that arrived late.
#ifndef SHARDPROXY_PROXY_SERVER_PREPARED_STATEMENT_H_
#define SHARDPROXY_PROXY_SERVER_PREPARED_STATEMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "proxy/protocol/com_stmt_execute.h"
#include "proxy/protocol/sql_literal.h"

namespace shardproxy {

// Byte offsets of the `?` parameter markers of `sql`: outside string literals, quoted
// identifiers and comments; inside MariaDB's executable comments (`/*! ... */`, `/*M! ... */`)
// too, because the server runs their content. `no_backslash_escapes`: the session's sql_mode.
std::vector<uint32_t> FindParameterMarkers(absl::string_view sql, bool no_backslash_escapes);

struct PreparedStatement {
  uint32_t id = 0;
  std::string sql;
  std::vector<uint32_t> markers;  // offsets of the '?' in sql
  // Result columns as the last execute reported them (empty until then).
  std::vector<ColumnDefinition> columns;
  // Types bound by the previous execute; clients resend them only when they change.
  std::vector<ParamType> param_types;
  // COM_STMT_SEND_LONG_DATA pieces per parameter since the last execute (or reset).
  std::vector<absl::optional<std::string>> long_data;
  // The handler keeps it prepared on its data source (StatementHandler::PrepareNative).
  bool native = false;

  uint16_t num_params() const { return static_cast<uint16_t>(markers.size()); }
  // An execute consumes the long data (whatever its outcome), as COM_STMT_RESET drops it.
  void DropLongData() {
    for (absl::optional<std::string>& data : long_data) data.reset();
  }
};

// `sql` with every marker replaced by the literal of the matching parameter. Fails (1210) when a
// value has no literal form.
absl::Status BuildExecuteSql(const PreparedStatement& statement, const ComStmtExecute& execute,
                             const SqlLiteralOptions& options, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_PREPARED_STATEMENT_H_
