// The one lexical scan of raw SQL text that statement splitting (split.h) and prepared-statement
// parameter markers (proxy/server/prepared_statement.h) share: which bytes are code, as opposed
// to the inside of quoted runs ('…', "…", `…`) and comments (#, -- , /* */). ANTLR-free and
// allocation-free, for the hot path.
#ifndef SHARDPROXY_PARSER_SQL_SCAN_H_
#define SHARDPROXY_PARSER_SQL_SCAN_H_

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace shardproxy::sql {

// A byte of an unquoted identifier or keyword: letters, digits, '_', '$' and any byte of a
// multi-byte UTF-8 character, as MariaDB's lexer takes them.
inline bool IsIdentifierByte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(b) || b == '_' || b == '$' || b >= 0x80;
}

// True when `sql` at `i` starts a `-- ` comment or a `#` comment (both run to the end of line).
inline bool StartsLineComment(absl::string_view sql, size_t i) {
  if (sql[i] == '#') return true;
  if (sql[i] != '-' || i + 1 >= sql.size() || sql[i + 1] != '-') return false;
  if (i + 2 == sql.size()) return true;
  char after = sql[i + 2];
  return after == ' ' || after == '\t' || after == '\n' || after == '\r';
}

// True when `sql` at `i` starts `/*!` or `/*M!`: a versioned comment, whose content MariaDB runs
// as code.
inline bool StartsVersionedComment(absl::string_view sql, size_t i) {
  return i + 2 < sql.size() && sql[i] == '/' && sql[i + 1] == '*' &&
         (sql[i + 2] == '!' || (sql[i + 2] == 'M' && i + 3 < sql.size() && sql[i + 3] == '!'));
}

// Calls `on_code(i)` for every byte of `sql` that is code. Inside quotes a doubled quote stays
// inside and, unless `no_backslash_escapes` (the sql_mode), a backslash escapes the next byte in
// '…' and "…". A versioned comment's opening is skipped and its content scanned as code (its
// closing `*/` is then two ordinary bytes). An unterminated quote or comment runs to the end.
template <typename OnCode>
void ForEachCodeByte(absl::string_view sql, bool no_backslash_escapes, OnCode on_code) {
  const size_t n = sql.size();
  size_t i = 0;
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      ++i;
      while (i < n) {
        if (sql[i] == '\\' && c != '`' && !no_backslash_escapes) {
          i += 2;
          continue;
        }
        if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
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
    if (StartsLineComment(sql, i)) {
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      if (StartsVersionedComment(sql, i)) {
        i += 3;
        continue;
      }
      size_t close = sql.find("*/", i + 2);
      i = close == absl::string_view::npos ? n : close + 2;
      continue;
    }
    on_code(i);
    ++i;
  }
}

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_SQL_SCAN_H_
