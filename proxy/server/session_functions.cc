#include "proxy/server/session_functions.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "common/sql_quote.h"
#include "parser/sql_scan.h"

namespace shardproxy {
namespace {

using Function = SessionFunctionSelect::Function;

struct NamedFunction {
  absl::string_view name;
  Function function;
};
constexpr NamedFunction kCalls[] = {{"last_insert_id", Function::kLastInsertId},
                                    {"row_count", Function::kRowCount},
                                    {"found_rows", Function::kFoundRows},
                                    {"database", Function::kDatabase},
                                    {"schema", Function::kDatabase},
                                    {"connection_id", Function::kConnectionId}};
struct NamedVariable {
  absl::string_view name;
  Function function;
};
constexpr NamedVariable kVariables[] = {
    {"@@last_insert_id", Function::kLastInsertIdVariable},
    {"@@identity", Function::kLastInsertIdVariable},
    {"@@session.last_insert_id", Function::kLastInsertIdVariable},
    {"@@session.identity", Function::kLastInsertIdVariable},
    {"@@autocommit", Function::kAutocommit},
    {"@@session.autocommit", Function::kAutocommit},
    {"@@warning_count", Function::kWarningCount},
    {"@@session.warning_count", Function::kWarningCount},
    {"@@error_count", Function::kErrorCount},
    {"@@session.error_count", Function::kErrorCount}};

using sql::IsIdentifierByte;

size_t SkipSpace(absl::string_view s, size_t i) {
  while (i < s.size() && absl::ascii_isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// At `i`: one of kCalls, optional spaces, '(', optional spaces, ')'. The end, or npos.
size_t MatchCall(absl::string_view s, size_t i, Function* function) {
  if (i > 0 && (IsIdentifierByte(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '@')) {
    return absl::string_view::npos;
  }
  for (const NamedFunction& call : kCalls) {
    if (i + call.name.size() > s.size() ||
        !absl::EqualsIgnoreCase(s.substr(i, call.name.size()), call.name)) {
      continue;
    }
    size_t j = SkipSpace(s, i + call.name.size());
    if (j >= s.size() || s[j] != '(') return absl::string_view::npos;
    j = SkipSpace(s, j + 1);
    if (j >= s.size() || s[j] != ')') return absl::string_view::npos;
    *function = call.function;
    return j + 1;
  }
  return absl::string_view::npos;
}

absl::Status FoundRowsUnknown() {
  return MysqlStatus(mysql_errc::kNotSupportedYet, "42000",
                     "FOUND_ROWS() after SELECT SQL_CALC_FOUND_ROWS is not supported in a sharded "
                     "session (only the data source that ran it knows the count); use SELECT "
                     "COUNT(*) with the same conditions");
}

}  // namespace

namespace {

// Words that end a select list: after a session function they are not its alias.
bool EndsSelectList(absl::string_view word) {
  for (absl::string_view w : {"from", "where", "group", "having", "order", "limit", "into", "for",
                              "union", "lock", "procedure", "window"}) {
    if (absl::EqualsIgnoreCase(word, w)) return true;
  }
  return false;
}

// At `start`: one session function or variable, then an optional [AS] alias (a plain or quoted
// identifier, or a 'string'). Returns where the next item's ',' or the end is (after spaces), or
// npos.
size_t MatchItem(absl::string_view s, size_t start, SessionFunctionSelect* match) {
  size_t end = MatchCall(s, start, &match->function);
  if (end == absl::string_view::npos) {
    for (const NamedVariable& variable : kVariables) {
      size_t after = start + variable.name.size();
      if (absl::StartsWithIgnoreCase(s.substr(start), variable.name) &&
          (after == s.size() || (!IsIdentifierByte(s[after]) && s[after] != '.'))) {
        end = after;
        match->function = variable.function;
        break;
      }
    }
  }
  if (end == absl::string_view::npos) return end;
  match->column_name = std::string(s.substr(start, end - start));
  size_t i = SkipSpace(s, end);
  if (i == s.size() || s[i] == ',') return i;
  if (i + 2 < s.size() && absl::EqualsIgnoreCase(s.substr(i, 2), "as") &&
      absl::ascii_isspace(static_cast<unsigned char>(s[i + 2]))) {
    i = SkipSpace(s, i + 2);
  } else if (i == end) {
    return absl::string_view::npos;  // no space before a bare alias: something else follows
  }
  if (i == s.size()) return absl::string_view::npos;
  const char quote = s[i];
  if (quote == '`' || quote == '\'' || quote == '"') {
    size_t close = s.find(quote, i + 1);
    if (close == absl::string_view::npos) return close;
    absl::string_view inner = s.substr(i + 1, close - i - 1);
    if ((close + 1 < s.size() && s[close + 1] == quote) || absl::StrContains(inner, '\\')) {
      return absl::string_view::npos;  // escaped quotes: leave it to the data source's parser
    }
    match->column_name = std::string(inner);
    return SkipSpace(s, close + 1);
  }
  size_t j = i;
  while (j < s.size() && IsIdentifierByte(s[j])) ++j;
  absl::string_view alias = s.substr(i, j - i);
  if (alias.empty() || absl::EqualsIgnoreCase(alias, "as") || EndsSelectList(alias)) {
    return absl::string_view::npos;
  }
  match->column_name = std::string(alias);
  return SkipSpace(s, j);
}

}  // namespace

absl::optional<std::vector<SessionFunctionSelect>> MatchSessionFunctionSelect(
    absl::string_view sql) {
  absl::string_view s = absl::StripAsciiWhitespace(sql);
  while (!s.empty() && s.back() == ';') {
    s = absl::StripTrailingAsciiWhitespace(s.substr(0, s.size() - 1));
  }
  if (s.size() < 7 || !absl::StartsWithIgnoreCase(s, "select") ||
      !absl::ascii_isspace(static_cast<unsigned char>(s[6]))) {
    return absl::nullopt;
  }
  std::vector<SessionFunctionSelect> items;
  size_t i = SkipSpace(s, 6);
  while (true) {
    size_t end = MatchItem(s, i, &items.emplace_back());
    if (end == absl::string_view::npos) return absl::nullopt;
    if (end == s.size()) return items;
    i = SkipSpace(s, end + 1);  // past the ','
  }
}

ColumnDefinition SessionFunctionColumn(const SessionFunctionSelect& select) {
  ColumnDefinition c;
  c.name = select.column_name;
  if (select.function == Function::kDatabase) {
    c.type = FieldType::kVarString;
    c.character_set = collation_id::kUtf8mb4GeneralCi;
    c.column_length = 256;
    c.decimals = 39;  // NOT_FIXED_DEC, as MariaDB sends for strings computed by functions
    return c;
  }
  c.character_set = collation_id::kBinary;
  if (select.function == Function::kConnectionId) {
    c.type = FieldType::kLong;
    c.column_length = 10;
    c.flags = column_flag::kNotNull | column_flag::kUnsigned | column_flag::kBinary;
    return c;
  }
  c.type = FieldType::kLongLong;
  if (select.function == Function::kAutocommit) {
    c.column_length = 1;
    c.flags = column_flag::kBinary;
    return c;
  }
  c.column_length = 21;
  if (select.function == Function::kRowCount || select.function == Function::kFoundRows) {
    c.flags = column_flag::kNotNull | column_flag::kBinary;
    return c;
  }
  c.flags = column_flag::kUnsigned | column_flag::kBinary;
  if (select.function == Function::kLastInsertId) c.flags |= column_flag::kNotNull;
  return c;
}

absl::StatusOr<absl::optional<std::string>> SessionFunctionCell(
    const SessionFunctionSelect& select, const SessionFunctionValues& values) {
  switch (select.function) {
    case Function::kDatabase:
      return values.database;
    case Function::kAutocommit:
      return std::string(values.autocommit ? "1" : "0");
    case Function::kRowCount:
      return absl::StrCat(values.row_count);
    case Function::kFoundRows:
      if (!values.found_rows) return FoundRowsUnknown();
      return absl::StrCat(*values.found_rows);
    case Function::kWarningCount:
      return absl::StrCat(values.warning_count);
    case Function::kErrorCount:
      return absl::StrCat(values.error_count);
    case Function::kConnectionId:
      return absl::StrCat(values.connection_id);
    case Function::kLastInsertId:
    case Function::kLastInsertIdVariable:
      break;
  }
  return absl::optional<std::string>(absl::StrCat(values.last_insert_id));
}

absl::StatusOr<bool> SubstituteSessionFunctions(absl::string_view sql,
                                                const SessionFunctionValues& values,
                                                std::string* out) {
  struct Call {
    size_t begin;
    size_t end;
    Function function;
  };
  std::vector<Call> calls;
  sql::ForEachCodeByte(sql, /*no_backslash_escapes=*/false, [&](size_t i) {
    char c = static_cast<char>(sql[i] | 0x20);
    if (c != 'l' && c != 'r' && c != 'f' && c != 'd' && c != 's' && c != 'c') return;
    if (!calls.empty() && i < calls.back().end) return;
    Function function;
    size_t end = MatchCall(sql, i, &function);
    if (end != absl::string_view::npos) calls.push_back({i, end, function});
  });
  if (calls.empty()) return false;
  std::string text;
  size_t from = 0;
  for (const Call& call : calls) {
    absl::StrAppend(&text, sql.substr(from, call.begin - from));
    switch (call.function) {
      case Function::kDatabase:
        if (values.database) {
          AppendQuotedSqlString(*values.database, /*no_backslash_escapes=*/false, &text);
        } else {
          text.append("NULL");
        }
        break;
      case Function::kRowCount:
        // In parentheses: "5-ROW_COUNT()" must not become "5--1".
        absl::StrAppend(&text, values.row_count < 0 ? "(" : "", values.row_count,
                        values.row_count < 0 ? ")" : "");
        break;
      case Function::kFoundRows:
        if (!values.found_rows) return FoundRowsUnknown();
        absl::StrAppend(&text, *values.found_rows);
        break;
      case Function::kConnectionId:
        absl::StrAppend(&text, values.connection_id);
        break;
      default:
        absl::StrAppend(&text, values.last_insert_id);
    }
    from = call.end;
  }
  absl::StrAppend(&text, sql.substr(from));
  *out = std::move(text);
  return true;
}

}  // namespace shardproxy
