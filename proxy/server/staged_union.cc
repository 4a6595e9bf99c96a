#include "proxy/server/staged_union.h"

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/memory_row_stream.h"
#include "merger/union_stream.h"
#include "parser/ast/query.h"
#include "parser/ast/statement.h"
#include "parser/literal.h"

namespace shardproxy {
namespace {

using Quantifier = sql::SetOperationNode::Quantifier;

// The branches of a left-deep chain of UNIONs, in order; false for anything else.
bool CollectBranches(const sql::QueryNode& query, std::vector<const sql::QueryNode*>* branches,
                     absl::optional<bool>* all) {
  if (query.kind == sql::QueryKind::kSelect) {
    branches->push_back(&query);
    return true;
  }
  if (query.kind != sql::QueryKind::kSetOperation) return false;
  const auto& op = query.As<sql::SetOperationNode>();
  if (op.op != sql::SetOperationNode::Op::kUnion || op.left == nullptr || op.right == nullptr) {
    return false;
  }
  // ORDER BY / LIMIT inside the chain belong to part of it: not taken apart here.
  if (!query.order_by.empty() || query.limit.has_value()) return false;
  const bool is_all = op.quantifier == Quantifier::kAll;
  if (all->has_value() && **all != is_all) return false;  // UNION ALL mixed with UNION
  *all = is_all;
  return CollectBranches(*op.left, branches, all) && CollectBranches(*op.right, branches, all);
}

}  // namespace

absl::optional<StagedUnion> PlanStagedUnion(const sql::BoundStatement& statement) {
  if (statement.kind() != sql::StatementKind::kSelect) return absl::nullopt;
  const auto& select = statement.statement().As<sql::SelectStatement>();
  const sql::QueryNode* top = select.query.get();
  if (top == nullptr || top->kind != sql::QueryKind::kSetOperation || top->with != nullptr ||
      top->locking.kind != sql::LockingClause::Kind::kNone) {
    return absl::nullopt;
  }
  // The top node's own ORDER BY / LIMIT are the union's.
  const auto& op = top->As<sql::SetOperationNode>();
  if (op.op != sql::SetOperationNode::Op::kUnion || op.left == nullptr || op.right == nullptr) {
    return absl::nullopt;
  }
  absl::optional<bool> all = op.quantifier == Quantifier::kAll;
  std::vector<const sql::QueryNode*> found;
  if (!CollectBranches(*op.left, &found, &all) || !CollectBranches(*op.right, &found, &all)) {
    return absl::nullopt;
  }
  StagedUnion plan;
  plan.distinct = !*all;
  absl::string_view sql = statement.sql();
  for (const sql::QueryNode* branch : found) {
    const auto& block = branch->As<sql::SelectNode>();
    if (!branch->order_by.empty() || branch->limit.has_value() || !block.into.empty() ||
        branch->with != nullptr || !branch->span.valid() || branch->span.empty()) {
      return absl::nullopt;
    }
    const uint32_t begin = statement.TokenRange(branch->span.begin).begin;
    const uint32_t end = statement.TokenRange(branch->span.end - 1).end;
    plan.branches.emplace_back(sql.substr(begin, end - begin));
  }
  for (const sql::OrderItem& item : top->order_by) {
    StagedUnion::OrderKey key;
    key.desc = item.direction == sql::OrderItem::Direction::kDesc;
    const sql::Expr& e = *item.expr;
    if (e.kind == sql::ExprKind::kLiteral) {
      int64_t position = 0;
      const sql::SlotRef slot = e.As<sql::LiteralExpr>().slot;
      if (!slot.valid() || !sql::LiteralToInt64(statement.Value(slot), &position) || position < 1) {
        return absl::nullopt;
      }
      key.position = static_cast<int>(position - 1);
    } else if (e.kind == sql::ExprKind::kColumnRef && e.As<sql::ColumnRefExpr>().table.empty()) {
      key.name = e.As<sql::ColumnRefExpr>().column.name;
    } else {
      return absl::nullopt;
    }
    plan.order_by.push_back(std::move(key));
  }
  if (top->limit.has_value()) {
    uint64_t count = 0;
    if (!sql::LiteralToUint64(statement.Value(top->limit->count), &count)) return absl::nullopt;
    plan.limit = count;
    if (top->limit->offset.valid() &&
        !sql::LiteralToUint64(statement.Value(top->limit->offset), &plan.offset)) {
      return absl::nullopt;
    }
  }
  return plan;
}

absl::StatusOr<LocalResult> CombineStagedUnion(const StagedUnion& plan,
                                               std::vector<UnionBranch> branches) {
  if (branches.empty()) return InternalError("a union without branches");
  const size_t width = branches.front().columns.size();
  for (const UnionBranch& branch : branches) {
    if (branch.columns.size() != width) {
      return MysqlStatus(1222, "21000",
                         "The used SELECT statements have a different number of columns");
    }
  }
  UnionSpec spec;
  spec.distinct = plan.distinct;
  spec.limit.offset = plan.offset;
  spec.limit.count = plan.limit;
  for (const StagedUnion::OrderKey& key : plan.order_by) {
    int column = key.position;
    if (column < 0) {
      // By name: the union's columns are named by its first branch.
      const std::vector<ColumnDefinition>& names = branches.front().columns;
      for (size_t c = 0; c < width && column < 0; ++c) {
        if (absl::EqualsIgnoreCase(names[c].name, key.name)) column = static_cast<int>(c);
      }
      if (column < 0) {
        return MysqlStatus(mysql_errc::kBadField, "42S22",
                           absl::StrCat("Unknown column '", key.name, "' in 'ORDER BY'"));
      }
    }
    if (column >= static_cast<int>(width)) {
      return MysqlStatus(mysql_errc::kBadField, "42S22",
                         absl::StrCat("Unknown column '", column + 1, "' in 'ORDER BY'"));
    }
    spec.order_by.push_back(SortKey{column, key.desc ? SortOrder::kDesc : SortOrder::kAsc});
  }
  std::vector<std::unique_ptr<RowStream>> streams;
  for (UnionBranch& branch : branches) {
    streams.push_back(
        std::make_unique<MemoryRowStream>(std::move(branch.columns), std::move(branch.rows)));
  }
  absl::StatusOr<std::unique_ptr<RowStream>> combined = MakeUnion(std::move(streams), spec);
  if (!combined.ok()) return combined.status();
  RowStream& stream = **combined;
  LocalResult result;
  result.columns.assign(stream.columns().begin(), stream.columns().end());
  RowView row;
  StreamState state;
  // Memory streams never block: every row is here already.
  while ((state = stream.Next(&row)) == StreamState::kHaveRow) {
    std::vector<absl::optional<std::string>>& out = result.rows.emplace_back();
    out.reserve(row.size());
    for (const Cell& cell : row) {
      out.push_back(cell ? absl::optional<std::string>(std::string(*cell)) : absl::nullopt);
    }
  }
  if (state == StreamState::kBlocked) return InternalError("a staged union's rows blocked");
  if (!stream.status().ok()) return stream.status();
  return result;
}

}  // namespace shardproxy
