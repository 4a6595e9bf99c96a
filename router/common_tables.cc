#include "router/common_tables.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "parser/ast/query.h"
#include "parser/ast/statement.h"

namespace shardproxy::router {

absl::optional<std::string> CommonTablesAsDerived(const sql::BoundStatement& statement) {
  if (statement.kind() != sql::StatementKind::kSelect) return absl::nullopt;
  const auto& select = statement.statement().As<sql::SelectStatement>();
  if (select.query == nullptr || select.query->with == nullptr) return absl::nullopt;
  if (!statement.digest().IsWord(0, "WITH")) return absl::nullopt;
  const sql::WithClause& with = *select.query->with;
  if (with.recursive || with.ctes.empty()) return absl::nullopt;
  // The clause runs from WITH (the statement's first token) to the last CTE's closing
  // parenthesis, the token after its query.
  const sql::CommonTableExpr& last = with.ctes.back();
  if (last.query == nullptr || !last.query->span.valid()) return absl::nullopt;
  const int32_t clause_end = last.query->span.end;  // the ')' token
  if (clause_end >= static_cast<int32_t>(statement.digest().tokens().size())) {
    return absl::nullopt;
  }
  struct Replacement {
    uint32_t begin;
    uint32_t end;
    std::string text;
  };
  std::vector<Replacement> replacements;
  absl::string_view sql = statement.sql();
  for (const sql::CommonTableExpr& cte : with.ctes) {
    if (!cte.columns.empty() || cte.query == nullptr || !cte.query->span.valid() ||
        cte.query->span.empty()) {
      return absl::nullopt;
    }
    const sql::TableOccurrence* reference = nullptr;
    for (const sql::TableOccurrence& t : statement.statement().tables) {
      if (!t.cte || t.name.name.name != cte.name.name) continue;
      // A read inside the WITH clause (one CTE reading another) is not taken apart.
      if (reference != nullptr || t.name.name.token <= clause_end) return absl::nullopt;
      reference = &t;
    }
    if (reference == nullptr) return absl::nullopt;
    const uint32_t query_begin = statement.TokenRange(cte.query->span.begin).begin;
    const uint32_t query_end = statement.TokenRange(cte.query->span.end - 1).end;
    Replacement r;
    r.begin = statement.TokenRange(reference->name.name.token).begin;
    r.end = statement.TokenRange(reference->name.name.token).end;
    r.text = absl::StrCat("(", sql.substr(query_begin, query_end - query_begin), ")");
    if (reference->alias.empty()) {
      absl::StrAppend(&r.text, " AS ", sql.substr(r.begin, r.end - r.begin));
    }
    replacements.push_back(std::move(r));
  }
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
  // Everything before WITH (comments) and after the clause, with the references replaced.
  const uint32_t with_begin = statement.TokenRange(0).begin;
  std::string out(sql.substr(0, with_begin));
  uint32_t from = statement.TokenRange(clause_end).end;
  for (const Replacement& r : replacements) {
    absl::StrAppend(&out, sql.substr(from, r.begin - from), r.text);
    from = r.end;
  }
  absl::StrAppend(&out, sql.substr(from));
  return out;
}

}  // namespace shardproxy::router
