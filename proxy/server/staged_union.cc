#include "proxy/server/staged_union.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/row_comparator.h"
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

// Integer types by width; -1 for the others.
int IntegerRank(FieldType type) {
  switch (type) {
    case FieldType::kTiny:
      return 0;
    case FieldType::kShort:
      return 1;
    case FieldType::kInt24:
      return 2;
    case FieldType::kLong:
      return 3;
    case FieldType::kLongLong:
      return 4;
    default:
      return -1;
  }
}

bool IsCharacterString(FieldType type) {
  return type == FieldType::kVarString || type == FieldType::kString || type == FieldType::kVarChar;
}

// Widens `merged` to also hold `column`'s values as one server types a union column; false when
// the proxy does not know how (different kinds of types, signed with unsigned integers).
bool Widen(const ColumnDefinition& column, ColumnDefinition* merged) {
  if (column.character_set != merged->character_set) return false;
  if (column.type != merged->type) {
    const int a = IntegerRank(column.type);
    const int b = IntegerRank(merged->type);
    const bool unsigned_a = column.flags & column_flag::kUnsigned;
    const bool unsigned_b = merged->flags & column_flag::kUnsigned;
    if (a >= 0 && b >= 0 && unsigned_a == unsigned_b) {
      if (a > b) merged->type = column.type;
    } else if (IsCharacterString(column.type) && IsCharacterString(merged->type)) {
      merged->type = FieldType::kVarString;
    } else {
      return false;
    }
  }
  merged->column_length = std::max(merged->column_length, column.column_length);
  merged->decimals = std::max(merged->decimals, column.decimals);
  if (!(column.flags & column_flag::kNotNull)) merged->flags &= ~column_flag::kNotNull;
  return true;
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
  LocalResult result;
  if (branches.empty()) return InternalError("a union without branches");
  result.columns = branches.front().columns;
  const size_t width = result.columns.size();
  for (size_t b = 1; b < branches.size(); ++b) {
    const std::vector<ColumnDefinition>& columns = branches[b].columns;
    if (columns.size() != width) {
      return MysqlStatus(1222, "21000",
                         "The used SELECT statements have a different number of columns");
    }
    for (size_t c = 0; c < width; ++c) {
      if (!Widen(columns[c], &result.columns[c])) {
        return UnsupportedError(absl::StrCat(
            "UNION of sharded tables whose branches give column ", c + 1,
            " types of different kinds or character sets (one server would convert them); make "
            "them alike with CAST"));
      }
    }
  }
  // The rows, in branch order.
  std::vector<std::vector<absl::optional<std::string>>> rows;
  for (UnionBranch& branch : branches) {
    for (auto& row : branch.rows) rows.push_back(std::move(row));
  }
  std::vector<std::vector<Cell>> views(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const auto& cell : rows[r]) {
      views[r].push_back(cell ? Cell(*cell) : Cell());
    }
  }
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  if (plan.distinct && !rows.empty()) {
    std::vector<SortKey> all_columns;
    for (size_t c = 0; c < width; ++c) all_columns.push_back(SortKey{static_cast<int>(c)});
    absl::StatusOr<RowComparator> equal = RowComparator::Make(all_columns, result.columns);
    if (!equal.ok()) return equal.status();
    // Equal rows next to each other, earliest first; each run keeps its first.
    std::vector<size_t> sorted = order;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](size_t a, size_t b) { return equal->Compare(views[a], views[b]) < 0; });
    std::vector<bool> keep(rows.size(), false);
    for (size_t i = 0; i < sorted.size(); ++i) {
      keep[sorted[i]] = i == 0 || equal->Compare(views[sorted[i - 1]], views[sorted[i]]) != 0;
    }
    order.erase(std::remove_if(order.begin(), order.end(), [&](size_t r) { return !keep[r]; }),
                order.end());
  }
  if (!plan.order_by.empty()) {
    std::vector<SortKey> keys;
    for (const StagedUnion::OrderKey& key : plan.order_by) {
      int column = key.position;
      if (column < 0) {
        for (size_t c = 0; c < width && column < 0; ++c) {
          if (absl::EqualsIgnoreCase(result.columns[c].name, key.name))
            column = static_cast<int>(c);
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
      keys.push_back(SortKey{column, key.desc ? SortOrder::kDesc : SortOrder::kAsc});
    }
    absl::StatusOr<RowComparator> by = RowComparator::Make(keys, result.columns);
    if (!by.ok()) return by.status();
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return by->Compare(views[a], views[b]) < 0; });
  }
  size_t first = static_cast<size_t>(std::min<uint64_t>(plan.offset, order.size()));
  size_t last = plan.limit
                    ? static_cast<size_t>(std::min<uint64_t>(first + *plan.limit, order.size()))
                    : order.size();
  for (size_t i = first; i < last; ++i) result.rows.push_back(std::move(rows[order[i]]));
  return result;
}

}  // namespace shardproxy
