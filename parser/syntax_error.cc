#include "parser/syntax_error.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy::sql {

absl::Status SyntaxErrorAt(absl::string_view sql, size_t offset) {
  offset = std::min(offset, sql.size());
  absl::string_view rest = sql.substr(offset);
  std::string near;
  if (rest.size() <= 80) {
    near = std::string(rest);
  } else {
    size_t cut = 77;
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
    near = absl::StrCat(rest.substr(0, cut), "...");
  }
  size_t line = 1 + static_cast<size_t>(std::count(sql.begin(), sql.begin() + offset, '\n'));
  return SyntaxError(absl::StrCat(
      "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB "
      "server version for the right syntax to use near '",
      near, "' at line ", line));
}

absl::Status EmptyQueryError() {
  return MysqlStatus(mysql_errc::kEmptyQuery, "42000", "Query was empty");
}

}  // namespace shardproxy::sql
