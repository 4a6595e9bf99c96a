#include "proxy/server/last_insert_id.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "parser/sql_scan.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kFunction = "last_insert_id";

bool IsIdentifierByte(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

size_t SkipSpace(absl::string_view s, size_t i) {
  while (i < s.size() && absl::ascii_isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// At `i`: LAST_INSERT_ID, optional spaces, '(', optional spaces, ')'. Returns the end, or npos.
size_t MatchCall(absl::string_view s, size_t i) {
  if (i + kFunction.size() > s.size() ||
      !absl::EqualsIgnoreCase(s.substr(i, kFunction.size()), kFunction)) {
    return absl::string_view::npos;
  }
  if (i > 0 && (IsIdentifierByte(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '@')) {
    return absl::string_view::npos;
  }
  size_t j = SkipSpace(s, i + kFunction.size());
  if (j >= s.size() || s[j] != '(') return absl::string_view::npos;
  j = SkipSpace(s, j + 1);
  if (j >= s.size() || s[j] != ')') return absl::string_view::npos;
  return j + 1;
}

}  // namespace

absl::optional<LastInsertIdSelect> MatchSelectLastInsertId(absl::string_view sql) {
  absl::string_view s = absl::StripAsciiWhitespace(sql);
  while (!s.empty() && s.back() == ';') {
    s = absl::StripTrailingAsciiWhitespace(s.substr(0, s.size() - 1));
  }
  if (s.size() < 7 || !absl::StartsWithIgnoreCase(s, "select") ||
      !absl::ascii_isspace(static_cast<unsigned char>(s[6]))) {
    return absl::nullopt;
  }
  size_t start = SkipSpace(s, 6);
  size_t end = MatchCall(s, start);
  const bool is_function = end != absl::string_view::npos;
  if (!is_function) {
    for (absl::string_view variable : {"@@last_insert_id", "@@identity",
                                       "@@session.last_insert_id", "@@session.identity"}) {
      if (absl::StartsWithIgnoreCase(s.substr(start), variable) &&
          (start + variable.size() == s.size() ||
           !IsIdentifierByte(s[start + variable.size()]))) {
        end = start + variable.size();
        break;
      }
    }
  }
  if (end == absl::string_view::npos) return absl::nullopt;
  LastInsertIdSelect match{std::string(s.substr(start, end - start)), is_function};
  size_t i = SkipSpace(s, end);
  if (i == s.size()) return match;
  // [AS] alias: a plain or `quoted` identifier, or a 'string'.
  if (i + 2 < s.size() && absl::EqualsIgnoreCase(s.substr(i, 2), "as") &&
      absl::ascii_isspace(static_cast<unsigned char>(s[i + 2]))) {
    i = SkipSpace(s, i + 2);
  } else if (i == end) {
    return absl::nullopt;  // no space before a bare alias: something else follows
  }
  absl::string_view alias = s.substr(i);
  if (alias.empty() || absl::EqualsIgnoreCase(alias, "as")) return absl::nullopt;
  bool quoted = alias.front() == '`' || alias.front() == '\'' || alias.front() == '"';
  if (alias.size() >= 2 && quoted && alias.back() == alias.front()) {
    absl::string_view inner = alias.substr(1, alias.size() - 2);
    if (absl::StrContains(inner, alias.front()) || absl::StrContains(inner, '\\')) {
      return absl::nullopt;  // escaped quotes: leave it to the data source's parser
    }
    match.column_name = std::string(inner);
    return match;
  }
  for (char c : alias) {
    if (!IsIdentifierByte(c)) return absl::nullopt;
  }
  match.column_name = std::string(alias);
  return match;
}

ColumnDefinition LastInsertIdColumn(std::string name, bool is_function) {
  ColumnDefinition c;
  c.name = std::move(name);
  c.type = FieldType::kLongLong;
  c.character_set = collation_id::kBinary;
  c.column_length = 21;
  c.flags = column_flag::kUnsigned | column_flag::kBinary;
  if (is_function) c.flags |= column_flag::kNotNull;
  return c;
}

bool SubstituteLastInsertId(absl::string_view sql, uint64_t value, std::string* out) {
  std::vector<std::pair<size_t, size_t>> calls;
  sql::ForEachCodeByte(sql, /*no_backslash_escapes=*/false, [&](size_t i) {
    if ((sql[i] | 0x20) != 'l') return;
    if (!calls.empty() && i < calls.back().second) return;
    size_t end = MatchCall(sql, i);
    if (end != absl::string_view::npos) calls.emplace_back(i, end);
  });
  if (calls.empty()) return false;
  std::string text;
  size_t from = 0;
  std::string literal = absl::StrCat(value);
  for (const auto& [begin, end] : calls) {
    absl::StrAppend(&text, sql.substr(from, begin - from), literal);
    from = end;
  }
  absl::StrAppend(&text, sql.substr(from));
  *out = std::move(text);
  return true;
}

}  // namespace shardproxy
