#include "proxy/server/user_variables.h"

#include <algorithm>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/sql_quote.h"
#include "parser/ast/session.h"
#include "parser/ast/walk.h"
#include "parser/sql_scan.h"

namespace shardproxy {
namespace {

// Calls `on_mark(i)` for each '@' in code that starts a user variable: not part of "@@", not
// after a quote or a name ('app'@'host', app@localhost).
template <typename OnMark>
void ForEachUserVariableMark(absl::string_view sql, OnMark on_mark) {
  sql::ForEachCodeByte(sql, /*no_backslash_escapes=*/false, [&](size_t i) {
    if (sql[i] != '@') return;
    if (i + 1 < sql.size() && sql[i + 1] == '@') return;
    if (i > 0) {
      char before = sql[i - 1];
      if (before == '@' || before == '\'' || before == '"' || before == '`' || sql::IsIdentifierByte(before)) {
        return;
      }
    }
    on_mark(i);
  });
}

sql::ByteRange SpanBytes(const sql::BoundStatement& statement, sql::TokenSpan span) {
  return {statement.TokenRange(span.begin).begin, statement.TokenRange(span.end - 1).end};
}

}  // namespace

std::string UserVariableName(absl::string_view written) {
  if (absl::StartsWith(written, "@")) written.remove_prefix(1);
  if (written.size() >= 2 &&
      (written.front() == '`' || written.front() == '\'' || written.front() == '"') &&
      written.back() == written.front()) {
    written = written.substr(1, written.size() - 2);
  }
  return absl::AsciiStrToLower(written);
}

bool MayUseUserVariables(absl::string_view sql) {
  if (sql.find('@') == absl::string_view::npos) return false;
  bool found = false;
  ForEachUserVariableMark(sql, [&](size_t) { found = true; });
  return found;
}

UserVariableUse FindUserVariables(const sql::BoundStatement& statement) {
  UserVariableUse use;
  size_t inline_assignments = 0;
  std::vector<sql::ByteRange> unnamed_items;  // select items without an alias
  std::vector<int32_t> position_items;        // ORDER BY / GROUP BY items that are one variable
  auto note_position_items = [&](const std::vector<sql::OrderItem>& items) {
    for (const sql::OrderItem& item : items) {
      if (item.expr != nullptr && item.expr->kind == sql::ExprKind::kVariable) {
        position_items.push_back(item.expr->span.begin);
      }
    }
  };
  sql::WalkStatement(
      statement.statement(),
      [&](const sql::QueryNode& query) {
        note_position_items(query.order_by);
        if (query.kind != sql::QueryKind::kSelect) return;
        const auto& select = query.As<sql::SelectNode>();
        note_position_items(select.group_by);
        for (const std::string& target : select.into) use.into.push_back(UserVariableName(target));
        for (const sql::SelectItem& item : select.items) {
          if (item.kind == sql::SelectItem::Kind::kExpr && item.alias.empty() &&
              item.expr != nullptr && item.expr->span.valid() && !item.expr->span.empty()) {
            unnamed_items.push_back(SpanBytes(statement, item.expr->span));
          }
        }
      },
      [&](const sql::Expr& expr) {
        if (expr.kind == sql::ExprKind::kAssign) {
          use.assigns_inline = true;
          ++inline_assignments;
          return;
        }
        if (expr.kind != sql::ExprKind::kVariable || !expr.span.valid() || expr.span.empty()) {
          return;
        }
        const auto& variable = expr.As<sql::VariableExpr>();
        if (variable.system) return;
        sql::ByteRange bytes = SpanBytes(statement, expr.span);
        use.reads.push_back(UserVariableUse::Read{
            .begin = bytes.begin,
            .end = bytes.end,
            .name = absl::AsciiStrToLower(variable.name),
            .position_context = absl::c_linear_search(position_items, expr.span.begin)});
      });
  for (const sql::ByteRange& item : unnamed_items) {
    for (const UserVariableUse::Read& read : use.reads) {
      if (read.begin >= item.begin && read.end <= item.end) {
        use.aliases.push_back(UserVariableUse::Alias{
            .at = item.end,
            .name = std::string(statement.sql().substr(item.begin, item.end - item.begin))});
        break;
      }
    }
  }
  std::sort(use.aliases.begin(), use.aliases.end(),
            [](const auto& a, const auto& b) { return a.at < b.at; });
  if (statement.kind() == sql::StatementKind::kSet) {
    const auto& set = static_cast<const sql::SetStatement&>(statement.statement());
    for (const sql::SetAssignment& assignment : set.assignments) {
      if (assignment.kind == sql::SetAssignment::Kind::kUserVariable) {
        use.set.push_back(absl::AsciiStrToLower(assignment.name));
      } else {
        use.other_set = true;
      }
    }
  }
  std::sort(use.reads.begin(), use.reads.end(),
            [](const auto& a, const auto& b) { return a.begin < b.begin; });
  size_t marks = 0;
  ForEachUserVariableMark(statement.sql(), [&](size_t) { ++marks; });
  use.unaccounted =
      marks > use.reads.size() + use.into.size() + use.set.size() + inline_assignments;
  return use;
}

std::string SubstituteUserVariableReads(const sql::BoundStatement& statement,
                                        const UserVariableUse& use, const UserVariables& values) {
  absl::string_view sql = statement.sql();
  std::string out;
  size_t from = 0;
  size_t next_alias = 0;
  auto aliases_up_to = [&](size_t at) {
    for (; next_alias < use.aliases.size() && use.aliases[next_alias].at <= at; ++next_alias) {
      const UserVariableUse::Alias& alias = use.aliases[next_alias];
      absl::StrAppend(&out, sql.substr(from, alias.at - from), " AS `",
                      absl::StrReplaceAll(alias.name, {{"`", "``"}}), "`");
      from = alias.at;
    }
  };
  for (const UserVariableUse::Read& read : use.reads) {
    aliases_up_to(read.begin);
    absl::StrAppend(&out, sql.substr(from, read.begin - from));
    auto it = values.find(read.name);
    absl::string_view literal = it != values.end() ? absl::string_view(it->second) : "NULL";
    if (read.position_context && !literal.empty() && absl::ascii_isdigit(literal[0])) {
      // ORDER BY 3 sorts by the third column; ORDER BY @x (= 3) by a constant.
      absl::StrAppend(&out, "(", literal, "+0)");
    } else {
      absl::StrAppend(&out, literal);
    }
    from = read.end;
  }
  aliases_up_to(sql.size());
  absl::StrAppend(&out, sql.substr(from));
  return out;
}

absl::optional<std::string> WithoutIntoClause(const sql::BoundStatement& statement) {
  const sql::StatementTemplate& t = statement.statement_template();
  const size_t n = t.token_count();
  for (size_t i = 0; i < n; ++i) {
    if (!absl::EqualsIgnoreCase(t.TokenSpelling(i), "into")) continue;
    size_t last = i;
    for (size_t j = i + 1; j < n; ++j) {
      absl::string_view spelling = t.TokenSpelling(j);
      bool variable = absl::StartsWith(spelling, "@");
      bool comma = spelling == ",";
      if (!variable && !comma) break;
      if (variable) last = j;
    }
    if (last == i) return absl::nullopt;
    absl::string_view sql = statement.sql();
    uint32_t begin = statement.TokenRange(static_cast<int32_t>(i)).begin;
    uint32_t end = statement.TokenRange(static_cast<int32_t>(last)).end;
    return absl::StrCat(sql.substr(0, begin), sql.substr(end));
  }
  return absl::nullopt;
}

std::string SelectOfSetValues(const sql::BoundStatement& statement) {
  const auto& set = static_cast<const sql::SetStatement&>(statement.statement());
  absl::string_view sql = statement.sql();
  std::string out = "SELECT ";
  bool first = true;
  for (const sql::SetAssignment& assignment : set.assignments) {
    if (assignment.kind != sql::SetAssignment::Kind::kUserVariable) continue;
    if (!first) out.append(", ");
    first = false;
    if (assignment.value == nullptr || !assignment.value->span.valid() ||
        assignment.value->span.empty()) {
      out.append("NULL");
      continue;
    }
    sql::ByteRange bytes = SpanBytes(statement, assignment.value->span);
    absl::StrAppend(&out, sql.substr(bytes.begin, bytes.end - bytes.begin));
  }
  return out;
}

std::string UserVariableLiteral(const ColumnDefinition& column,
                                const absl::optional<std::string>& cell) {
  if (!cell.has_value()) return "NULL";
  if (IsIntegerType(column.type) || IsDecimalType(column.type)) return *cell;
  if (IsFloatType(column.type)) {
    return cell->find_first_of("eE") != std::string::npos ? *cell : absl::StrCat(*cell, "e0");
  }
  switch (column.type) {
    case FieldType::kDate:
    case FieldType::kNewDate:
    case FieldType::kTime:
    case FieldType::kTime2:
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      break;  // a temporal value is a string in a user variable
    default:
      if (column.character_set == collation_id::kBinary) {
        return absl::StrCat("X'", absl::BytesToHexString(*cell), "'");
      }
  }
  std::string out;
  AppendQuotedSqlString(*cell, /*no_backslash_escapes=*/false, &out);
  return out;
}

}  // namespace shardproxy
