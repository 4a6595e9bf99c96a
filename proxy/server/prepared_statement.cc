#include "proxy/server/prepared_statement.h"

#include "parser/sql_scan.h"

namespace shardproxy {

std::vector<uint32_t> FindParameterMarkers(absl::string_view sql, bool no_backslash_escapes) {
  std::vector<uint32_t> markers;
  sql::ForEachCodeByte(sql, no_backslash_escapes, [&](size_t i) {
    if (sql[i] == '?') markers.push_back(static_cast<uint32_t>(i));
  });
  return markers;
}

absl::Status BuildExecuteSql(const PreparedStatement& statement, const ComStmtExecute& execute,
                             const SqlLiteralOptions& options, std::string* out) {
  out->clear();
  size_t from = 0;
  for (size_t p = 0; p < statement.markers.size(); ++p) {
    uint32_t at = statement.markers[p];
    out->append(statement.sql, from, at - from);
    absl::Status status = AppendSqlLiteral(execute.params[p], options, out);
    if (!status.ok()) return status;
    from = at + 1;
  }
  out->append(statement.sql, from, std::string::npos);
  return absl::OkStatus();
}

}  // namespace shardproxy
