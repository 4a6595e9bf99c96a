#include "router/found_rows.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "parser/ast/query.h"
#include "parser/ast/statement.h"
#include "parser/token.h"

namespace shardproxy::router {
namespace {

struct Cut {
  uint32_t begin;
  uint32_t end;
};

std::string Without(absl::string_view sql, std::vector<Cut> cuts) {
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  std::string out;
  uint32_t from = 0;
  for (const Cut& cut : cuts) {
    absl::StrAppend(&out, sql.substr(from, cut.begin - from));
    from = cut.end;
  }
  absl::StrAppend(&out, sql.substr(from));
  return out;
}

}  // namespace

absl::optional<FoundRowsQueries> SplitCalcFoundRows(const sql::BoundStatement& statement) {
  if (statement.kind() != sql::StatementKind::kSelect) return absl::nullopt;
  const auto& select = statement.statement().As<sql::SelectStatement>();
  if (select.query == nullptr || select.query->kind != sql::QueryKind::kSelect ||
      select.query->with != nullptr ||
      select.query->locking.kind != sql::LockingClause::Kind::kNone) {
    return absl::nullopt;
  }
  const auto& block = select.query->As<sql::SelectNode>();
  if (!absl::c_linear_search(block.options, "SQL_CALC_FOUND_ROWS") || !block.into.empty()) {
    return absl::nullopt;
  }
  const sql::SqlDigest& digest = statement.digest();
  // The option: a word among the first tokens (SELECT [options…]).
  absl::optional<Cut> option;
  for (size_t i = 1; i < digest.tokens().size() && !option; ++i) {
    const sql::Token& t = digest.tokens()[i];
    if (t.kind != sql::TokenKind::kWord) break;
    if (digest.IsWord(i, "SQL_CALC_FOUND_ROWS")) option = Cut{t.begin, t.end};
  }
  if (!option) return absl::nullopt;
  std::vector<Cut> limit;
  const auto& query_limit = select.query->limit;
  if (query_limit.has_value() && query_limit->count.slot >= 0) {
    // From the LIMIT keyword to its last number (LIMIT o, n / LIMIT n OFFSET o).
    uint32_t first = digest.slots()[query_limit->count.slot].token;
    uint32_t last = first;
    if (query_limit->offset.slot >= 0) {
      uint32_t offset = digest.slots()[query_limit->offset.slot].token;
      first = std::min(first, offset);
      last = std::max(last, offset);
    }
    int32_t keyword = static_cast<int32_t>(first) - 1;
    if (query_limit->fetch && query_limit->span.valid()) {
      keyword = query_limit->span.begin;  // OFFSET … FETCH …
      last = static_cast<uint32_t>(query_limit->span.end - 1);
    }
    while (keyword > 0 && !query_limit->fetch &&
           !digest.IsWord(static_cast<size_t>(keyword), "LIMIT")) {
      --keyword;
    }
    if (keyword <= 0) return absl::nullopt;
    limit.push_back(Cut{digest.tokens()[keyword].begin, digest.tokens()[last].end});
  }
  absl::string_view sql = statement.sql();
  FoundRowsQueries queries;
  queries.rows = Without(sql, {*option});
  std::vector<Cut> both = limit;
  both.push_back(*option);
  std::string inner = Without(sql, both);
  // A trailing ';' would end the derived table's text early.
  while (!inner.empty() && (inner.back() == ';' || inner.back() == ' ' || inner.back() == '\n')) {
    inner.pop_back();
  }
  queries.count = absl::StrCat("SELECT COUNT(*) FROM (", inner, ") AS found_rows");
  return queries;
}

}  // namespace shardproxy::router
