#include "proxy/server/prepared_statement.h"

namespace shardproxy {

std::vector<uint32_t> FindParameterMarkers(absl::string_view sql, bool no_backslash_escapes) {
  std::vector<uint32_t> markers;
  const size_t n = sql.size();
  size_t i = 0;
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted run; a doubled quote stays inside, a backslash escapes in strings.
      char quote = c;
      ++i;
      while (i < n) {
        if (sql[i] == '\\' && quote != '`' && !no_backslash_escapes) {
          i += 2;
          continue;
        }
        if (sql[i] == quote) {
          if (i + 1 < n && sql[i + 1] == quote) {
            i += 2;
            continue;
          }
          break;
        }
        ++i;
      }
      ++i;
      continue;
    }
    if (c == '#' || (c == '-' && i + 2 <= n && sql.substr(i, 2) == "--" &&
                     (i + 2 == n || sql[i + 2] == ' ' || sql[i + 2] == '\t' || sql[i + 2] == '\n' ||
                      sql[i + 2] == '\r'))) {
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // Executable comments are code: only their opening is skipped (the closing */ is skipped
      // as two ordinary bytes).
      if (i + 2 < n &&
          (sql[i + 2] == '!' || (sql[i + 2] == 'M' && i + 3 < n && sql[i + 3] == '!'))) {
        i += 3;
        continue;
      }
      size_t end = sql.find("*/", i + 2);
      i = end == absl::string_view::npos ? n : end + 2;
      continue;
    }
    if (c == '?') markers.push_back(static_cast<uint32_t>(i));
    ++i;
  }
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
