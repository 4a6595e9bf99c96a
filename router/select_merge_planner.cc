#include "router/select_merge_planner.h"

#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/literal.h"
#include "router/key_collations.h"
#include "router/merge_expr_translator.h"

namespace shardproxy::router {

bool OrdersByNull(const sql::SelectNode& select) {
  return select.order_by.size() == 1 && select.order_by[0].expr->kind == sql::ExprKind::kLiteral &&
         select.order_by[0].expr->As<sql::LiteralExpr>().type == sql::LiteralExpr::Type::kNull;
}

absl::string_view ItemText(const SqlSplicer& splicer, const sql::SelectItem& item) {
  const sql::Expr& e = *item.expr;
  return splicer.OriginalText(e.span.begin, e.span.end);
}

namespace {

using sql::Expr;
using sql::ExprKind;

template <typename Fn>
void ForEachChild(const Expr& e, Fn&& fn) {
  switch (e.kind) {
    case ExprKind::kUnary:
      fn(*e.As<sql::UnaryExpr>().operand);
      break;
    case ExprKind::kBinary:
      fn(*e.As<sql::BinaryExpr>().left);
      fn(*e.As<sql::BinaryExpr>().right);
      break;
    case ExprKind::kIs:
      fn(*e.As<sql::IsExpr>().operand);
      break;
    case ExprKind::kIn:
      fn(*e.As<sql::InExpr>().operand);
      for (const auto& x : e.As<sql::InExpr>().list) fn(*x);
      break;
    case ExprKind::kBetween:
      fn(*e.As<sql::BetweenExpr>().operand);
      fn(*e.As<sql::BetweenExpr>().low);
      fn(*e.As<sql::BetweenExpr>().high);
      break;
    case ExprKind::kLike:
      fn(*e.As<sql::LikeExpr>().operand);
      fn(*e.As<sql::LikeExpr>().pattern);
      break;
    case ExprKind::kCase: {
      const auto& c = e.As<sql::CaseExpr>();
      if (c.operand) fn(*c.operand);
      for (const auto& [w, t] : c.whens) {
        fn(*w);
        fn(*t);
      }
      if (c.else_expr) fn(*c.else_expr);
      break;
    }
    case ExprKind::kCast:
      fn(*e.As<sql::CastExpr>().operand);
      break;
    case ExprKind::kFunction:
      for (const auto& a : e.As<sql::FunctionExpr>().args) fn(*a);
      break;
    case ExprKind::kCollate:
      fn(*e.As<sql::CollateExpr>().operand);
      break;
    case ExprKind::kInterval:
      fn(*e.As<sql::IntervalExpr>().value);
      break;
    case ExprKind::kRow:
      for (const auto& x : e.As<sql::RowExpr>().items) fn(*x);
      break;
    default:
      break;
  }
}

bool IsAggregateCall(const Expr& e) {
  if (e.kind != ExprKind::kFunction) return false;
  const auto& f = e.As<sql::FunctionExpr>();
  return f.is_aggregate && f.over == nullptr && f.over_name.empty();
}

bool ContainsAggregate(const Expr& e) {
  if (IsAggregateCall(e)) return true;
  bool found = false;
  ForEachChild(e, [&](const Expr& c) { found = found || ContainsAggregate(c); });
  return found;
}

// GROUP_CONCAT(… ORDER BY …) or (… LIMIT …) anywhere in `e`: it needs the group's every row.
bool ContainsRowwiseGroupConcat(const Expr& e) {
  if (e.kind == ExprKind::kFunction) {
    const auto& f = e.As<sql::FunctionExpr>();
    if (f.upper_name == "GROUP_CONCAT" && (!f.order_by.empty() || f.limit.has_value())) {
      return true;
    }
  }
  bool found = false;
  ForEachChild(e, [&](const Expr& c) { found = found || ContainsRowwiseGroupConcat(c); });
  return found;
}

bool ContainsWindow(const Expr& e) {
  if (e.kind == ExprKind::kFunction) {
    const auto& f = e.As<sql::FunctionExpr>();
    if (f.over != nullptr || !f.over_name.empty()) return true;
  }
  bool found = false;
  ForEachChild(e, [&](const Expr& c) { found = found || ContainsWindow(c); });
  return found;
}

bool ContainsSubquery(const Expr& e) {
  if (e.kind == ExprKind::kSubquery || e.kind == ExprKind::kExists ||
      e.kind == ExprKind::kQuantified) {
    return true;
  }
  if (e.kind == ExprKind::kIn && e.As<sql::InExpr>().subquery != nullptr) return true;
  bool found = false;
  ForEachChild(e, [&](const Expr& c) { found = found || ContainsSubquery(c); });
  return found;
}

// One column of the node's select list.
struct ShardColumn {
  std::vector<SplicePiece> pieces;
};

class MergePlanner {
 public:
  MergePlanner(const sql::BoundStatement& statement, const sql::SelectNode& select,
               const RouteContext& context, SqlSplicer* splicer, MergeSpec* spec,
               bool windows_on_nodes, bool groups_on_nodes)
      : windows_on_nodes_(windows_on_nodes),
        groups_on_nodes_(groups_on_nodes),
        statement_(statement),
        select_(select),
        context_(context),
        splicer_(*splicer),
        spec_(*spec) {}

  absl::Status Plan(int* hidden_tail) {
    spec_.div_precision_increment = context_.div_precision_increment;
    spec_.group_concat_max_len = context_.group_concat_max_len;
    spec_.connection_collation = context_.connection_collation;
    if (select_.with != nullptr) return Unsupported("WITH (common table expressions)");
    if (!select_.into.empty()) return Unsupported("SELECT … INTO");
    bool windows = !select_.windows.empty();
    for (const std::string& option : select_.options) {
      if (option == "SQL_CALC_FOUND_ROWS") return Unsupported("SQL_CALC_FOUND_ROWS");
    }
    bool aggregation = !select_.group_by.empty() || select_.having != nullptr;
    for (const sql::SelectItem& item : select_.items) {
      if (item.kind != sql::SelectItem::Kind::kExpr) {
        has_star_ = true;
        continue;
      }
      windows = windows || ContainsWindow(*item.expr);
      if (ContainsSubquery(*item.expr)) return Unsupported("subqueries in the select list");
      if (ContainsAggregate(*item.expr)) aggregation = true;
    }
    for (const sql::OrderItem& o : select_.order_by) {
      if (ContainsSubquery(*o.expr)) return Unsupported("subqueries in ORDER BY");
      windows = windows || ContainsWindow(*o.expr);
    }
    if (select_.with_rollup) {
      // MariaDB's own answer to the combination; the merger's rollup streams in group order.
      if (!select_.order_by.empty()) {
        return MysqlStatus(1221, "HY000", "Incorrect usage of CUBE/ROLLUP and ORDER BY");
      }
      if (select_.distinct) return Unsupported("GROUP BY … WITH ROLLUP together with DISTINCT");
      if (windows) return Unsupported("GROUP BY … WITH ROLLUP together with window functions");
    }
    // Windows partitioned within nodes are exact per node; over groups merged across nodes
    // they would not be.
    // Groups complete on their nodes: aggregates, HAVING and windows are exact there (not a
    // rollup's super-aggregates, which span the nodes).
    const bool local_groups = aggregation && groups_on_nodes_ && !select_.with_rollup;
    if (windows && (!windows_on_nodes_ || (aggregation && !local_groups))) {
      return Unsupported(
          "window functions (other than ones whose PARTITION BY lists every sharding column, "
          "without GROUP BY or aggregates)");
    }
    absl::Status s = local_groups  ? PlanPlain(hidden_tail, /*local_groups=*/true)
                     : aggregation ? PlanAggregation()
                                   : PlanPlain(hidden_tail, /*local_groups=*/false);
    if (!s.ok()) return s;
    return PlanLimit(aggregation && !local_groups);
  }

 private:
  absl::Status Unsupported(absl::string_view what) {
    return UnsupportedError(
        absl::StrCat(what,
                     " over sharded tables spanning several data nodes is not supported; add a "
                     "condition on the sharding column so the statement reads one node"));
  }

  // The expression an ORDER BY / GROUP BY key stands for: the select item it names, or itself.
  const Expr& KeyExpr(const Expr& key, int item) const {
    if (item >= 0 &&
        select_.items[static_cast<size_t>(item)].kind == sql::SelectItem::Kind::kExpr) {
      return *select_.items[static_cast<size_t>(item)].expr;
    }
    return key;
  }

  // Token text equality of two expressions (case-insensitive, whitespace-insensitive).
  bool SameText(const Expr& a, const Expr& b) const {
    if (a.span.end - a.span.begin != b.span.end - b.span.begin) return false;
    for (int32_t i = 0; i < a.span.end - a.span.begin; ++i) {
      if (!absl::EqualsIgnoreCase(statement_.TokenSql(a.span.begin + i),
                                  statement_.TokenSql(b.span.begin + i))) {
        return false;
      }
    }
    return true;
  }

  // ORDER BY 2 / GROUP BY 1: the select item at that position, -1 if not positional.
  int Position(const Expr& e) const {
    if (e.kind != ExprKind::kLiteral) return -1;
    const auto& lit = e.As<sql::LiteralExpr>();
    if (lit.type != sql::LiteralExpr::Type::kSlot) return -1;
    int64_t v;
    if (!sql::LiteralToInt64(statement_.Value(lit.slot), &v)) return -1;
    return static_cast<int>(v) - 1;
  }

  // The select item an ORDER BY/GROUP BY/HAVING expression names, or -1.
  int MatchItem(const Expr& e, bool allow_position) const {
    if (allow_position) {
      int p = Position(e);
      if (p >= 0) return p < static_cast<int>(select_.items.size()) ? p : -2;
    }
    const auto& items = select_.items;
    if (e.kind == ExprKind::kColumnRef) {
      const auto& ref = e.As<sql::ColumnRefExpr>();
      if (ref.table.empty()) {
        for (size_t i = 0; i < items.size(); ++i) {
          if (!items[i].alias.empty() &&
              absl::EqualsIgnoreCase(items[i].alias.name, ref.column.name)) {
            return static_cast<int>(i);
          }
        }
      }
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].kind == sql::SelectItem::Kind::kExpr && SameText(*items[i].expr, e)) {
        return static_cast<int>(i);
      }
    }
    if (e.kind == ExprKind::kColumnRef) {
      const auto& ref = e.As<sql::ColumnRefExpr>();
      for (size_t i = 0; i < items.size(); ++i) {
        if (items[i].kind != sql::SelectItem::Kind::kExpr ||
            items[i].expr->kind != ExprKind::kColumnRef) {
          continue;
        }
        const auto& other = items[i].expr->As<sql::ColumnRefExpr>();
        if (absl::EqualsIgnoreCase(other.column.name, ref.column.name) &&
            (ref.table.empty() || other.table.empty() || ref.table.name == other.table.name)) {
          return static_cast<int>(i);
        }
      }
    }
    return -1;
  }

  std::string HiddenAlias(absl::string_view kind) {
    return absl::StrCat(" AS `_sp_", kind, hidden_counter_++, "`");
  }

  int AddShardColumn(std::vector<SplicePiece> pieces) {
    shard_columns_.push_back(ShardColumn{std::move(pieces)});
    return static_cast<int>(shard_columns_.size() - 1);
  }
  int AddExprColumn(const Expr& e, absl::string_view kind) {
    return AddShardColumn(
        {SplicePiece::Tokens(e.span.begin, e.span.end), SplicePiece::Text(HiddenAlias(kind))});
  }
  // The item as written, with a name-keeping alias when table renames would change its name.
  std::vector<SplicePiece> ItemPieces(const sql::SelectItem& item) {
    std::vector<SplicePiece> pieces{SplicePiece::Tokens(item.span.begin, item.span.end)};
    if (item.alias.empty() && item.expr->kind != ExprKind::kColumnRef &&
        splicer_.RenamesWithin(item.span.begin, item.span.end)) {
      std::string alias = " AS ";
      sql::AppendQuotedIdentifier(ItemText(splicer_, item), &alias);
      pieces.push_back(SplicePiece::Text(std::move(alias)));
    }
    return pieces;
  }

  std::string ItemName(const sql::SelectItem& item) const {
    if (!item.alias.empty()) return item.alias.name;
    return std::string(ItemText(splicer_, item));
  }

  // Token position where a missing clause goes: after FROM/WHERE.
  int32_t AfterWhere() const {
    if (select_.where != nullptr) return select_.where->span.end;
    if (!select_.from.empty()) return select_.from.back()->span.end;
    return select_.items.back().span.end;
  }

  int32_t ClauseEnd(const std::vector<sql::OrderItem>& items) const {
    int32_t end = items.back().expr->span.end;
    if (items.back().direction != sql::OrderItem::Direction::kNone) ++end;
    return end;
  }

  absl::Status ClauseBegin(const std::vector<sql::OrderItem>& items, absl::string_view keyword,
                           int32_t* begin) const {
    int32_t b = items.front().expr->span.begin - 2;
    if (b < 0 || !statement_.digest().IsWord(static_cast<size_t>(b), keyword) ||
        !statement_.digest().IsWord(static_cast<size_t>(b + 1), "BY")) {
      return InternalError(absl::StrCat("cannot locate the ", keyword, " BY clause"));
    }
    *begin = b;
    return absl::OkStatus();
  }

  std::string SortText(const std::vector<std::pair<int, bool>>& keys) const {
    std::string out;
    for (const auto& [column, desc] : keys) {
      absl::StrAppend(&out, out.empty() ? "" : ", ", column + 1, desc ? " DESC" : "");
    }
    return out;
  }

  // ---- no aggregation -------------------------------------------------------------------------

  // `local_groups`: the nodes group completely (GROUP BY lists every sharding column); without
  // ORDER BY the merge keeps MariaDB's order of groups, by their keys, which each node's GROUP
  // BY also sorts by.
  absl::Status PlanPlain(int* hidden_tail, bool local_groups) {
    if (select_.having != nullptr && !local_groups) {
      return Unsupported("HAVING without GROUP BY");
    }
    static const std::vector<sql::OrderItem> kNoOrder;
    const std::vector<sql::OrderItem>& order =
        OrdersByNull(select_)                        ? kNoOrder  // ORDER BY NULL: no order asked
        : !local_groups || !select_.order_by.empty() ? select_.order_by
                                                     : select_.group_by;
    int visible = static_cast<int>(select_.items.size());
    std::vector<SplicePiece> hidden;
    int hidden_count = 0;
    for (const sql::OrderItem& o : order) {
      bool desc = o.direction == sql::OrderItem::Direction::kDesc;
      int item = has_star_ ? -1 : MatchItem(*o.expr, /*allow_position=*/true);
      if (item == -2) return InternalError("ORDER BY position out of range");
      if (has_star_ && Position(*o.expr) >= 0) {
        return Unsupported("ORDER BY a column position together with SELECT *");
      }
      if (o.expr->kind == ExprKind::kLiteral && item < 0) {
        return Unsupported("ORDER BY a constant");
      }
      int column;
      if (item >= 0) {
        column = item;
      } else {
        hidden.push_back(SplicePiece::Text(", "));
        hidden.push_back(SplicePiece::Tokens(o.expr->span.begin, o.expr->span.end));
        hidden.push_back(SplicePiece::Text(HiddenAlias("o")));
        column = has_star_ ? -(hidden_count + 1) : visible + hidden_count;
        ++hidden_count;
      }
      spec_.order_by.push_back(SortKey{column, desc ? SortOrder::kDesc : SortOrder::kAsc,
                                       collations_.Of(KeyExpr(*o.expr, item))});
    }
    spec_.shards_sorted_by_order = !spec_.order_by.empty();
    spec_.distinct = select_.distinct;
    if (hidden_count > 0) {
      if (select_.distinct) return Unsupported("SELECT DISTINCT ordered by unselected columns");
      int32_t end = select_.items.back().span.end;
      splicer_.Replace(end, end, std::move(hidden));
      if (has_star_) {
        *hidden_tail = hidden_count;
      } else {
        for (int i = 0; i < visible + hidden_count; ++i) {
          spec_.columns.push_back(OutputColumn::Shard(i, "", i >= visible));
        }
      }
    }
    if (select_.distinct && !has_star_) {
      // Rows are told apart in each string column's own collation.
      std::vector<absl::optional<uint16_t>> collations = collations_.OfItems(select_.items);
      if (!collations.empty()) {
        if (spec_.columns.empty()) {
          for (int i = 0; i < visible; ++i) spec_.columns.push_back(OutputColumn::Shard(i));
        }
        for (int i = 0; i < visible; ++i) {
          spec_.columns[static_cast<size_t>(i)].collation = collations[static_cast<size_t>(i)];
        }
      }
    }
    return absl::OkStatus();
  }

  // ---- aggregation ----------------------------------------------------------------------------

  // Adds the shard columns and AggregateSpec for aggregate call `f`; returns the aggregate index.
  absl::StatusOr<int> AddAggregate(const sql::FunctionExpr& f, const std::string& name,
                                   const std::vector<SplicePiece>& as_written) {
    const std::string& fn = f.upper_name;
    bool distinct = f.distinct;
    auto arg_pieces = [&](size_t i) {
      return SplicePiece::Tokens(f.args[i]->span.begin, f.args[i]->span.end);
    };
    AggregateFunction function;
    if (fn == "COUNT") {
      function = AggregateFunction::kCount;
    } else if (fn == "SUM") {
      function = AggregateFunction::kSum;
    } else if (fn == "AVG") {
      function = AggregateFunction::kAvg;
    } else if (fn == "MIN") {
      function = AggregateFunction::kMin;
      distinct = false;
    } else if (fn == "MAX") {
      function = AggregateFunction::kMax;
      distinct = false;
    } else if (fn == "BIT_AND") {
      function = AggregateFunction::kBitAnd;
    } else if (fn == "BIT_OR") {
      function = AggregateFunction::kBitOr;
    } else if (fn == "BIT_XOR") {
      function = AggregateFunction::kBitXor;
    } else if (fn == "GROUP_CONCAT") {
      function = AggregateFunction::kGroupConcat;
      if ((!f.order_by.empty() || f.limit.has_value()) && !raw_rows_)
        return InternalError("GROUP_CONCAT ORDER BY / LIMIT unplanned");
    } else {
      return Unsupported(absl::StrCat("aggregate ", fn, "()"));
    }
    if (distinct || raw_rows_) {
      // The argument values: each node's distinct ones (it groups by them), or every row's.
      if (f.args.empty() && (distinct || function != AggregateFunction::kCount)) {
        return InternalError("a raw aggregate without arguments");
      }
      std::vector<int> args;
      for (size_t i = 0; i < f.args.size(); ++i) {
        args.push_back(AddExprColumn(*f.args[i], "d"));
        if (!raw_rows_) raw_columns_.push_back(args.back());
      }
      AggregateSpec spec = AggregateSpec::Raw(function, std::move(args), distinct);
      if (f.args.size() == 1) spec.collation = collations_.Of(*f.args[0]);
      if (function == AggregateFunction::kGroupConcat && f.separator.valid()) {
        spec.separator = sql::DecodeLiteralBytes(statement_.Value(f.separator));
      }
      if (f.limit.has_value()) {
        LimitSpec limit;
        uint64_t count = 0;
        if (!sql::LiteralToUint64(statement_.Value(f.limit->count), &count) ||
            (f.limit->offset.valid() &&
             !sql::LiteralToUint64(statement_.Value(f.limit->offset), &limit.offset))) {
          return Unsupported("GROUP_CONCAT(… LIMIT …) of this LIMIT");
        }
        limit.count = count;
        spec.limit = limit;
      }
      for (const sql::OrderItem& o : f.order_by) {
        if (o.expr->kind == ExprKind::kLiteral) {
          return Unsupported("GROUP_CONCAT(… ORDER BY a position or constant)");
        }
        spec.order_by.push_back(SortKey{
            AddExprColumn(*o.expr, "k"),
            o.direction == sql::OrderItem::Direction::kDesc ? SortOrder::kDesc : SortOrder::kAsc,
            collations_.Of(*o.expr)});
      }
      spec_.aggregates.push_back(std::move(spec));
      return static_cast<int>(spec_.aggregates.size() - 1);
    }
    if (function == AggregateFunction::kAvg) {
      if (f.args.size() != 1) return InternalError("AVG with several arguments");
      int sum = AddShardColumn({SplicePiece::Text("SUM("), arg_pieces(0),
                                SplicePiece::Text(absl::StrCat(")", HiddenAlias("s")))});
      int count = AddShardColumn({SplicePiece::Text("COUNT("), arg_pieces(0),
                                  SplicePiece::Text(absl::StrCat(")", HiddenAlias("c")))});
      // The node's own AVG(x), kept for its exact column metadata.
      std::string alias = " AS ";
      sql::AppendQuotedIdentifier(name, &alias);
      int type = AddShardColumn(
          {SplicePiece::Tokens(f.span.begin, f.span.end), SplicePiece::Text(std::move(alias))});
      AggregateSpec spec = AggregateSpec::PartialAvg(sum, count);
      spec.type_column = type;
      spec_.aggregates.push_back(std::move(spec));
      return static_cast<int>(spec_.aggregates.size() - 1);
    }
    int column = AddShardColumn(as_written);
    AggregateSpec spec = AggregateSpec::Partial(function, column);
    if ((function == AggregateFunction::kMin || function == AggregateFunction::kMax) &&
        f.args.size() == 1) {
      spec.collation = collations_.Of(*f.args[0]);
    }
    if (function == AggregateFunction::kGroupConcat && f.separator.valid()) {
      spec.separator = sql::DecodeLiteralBytes(statement_.Value(f.separator));
    }
    spec_.aggregates.push_back(std::move(spec));
    return static_cast<int>(spec_.aggregates.size() - 1);
  }

  // The merged column of an aggregate expression in HAVING/ORDER BY: a select item's, or a new
  // hidden one.
  absl::StatusOr<int> AggregateColumn(const Expr& e) {
    int item = MatchItem(e, false);
    if (item >= 0) return item_output_[static_cast<size_t>(item)];
    for (const auto& [expr, column] : extra_aggregates_) {
      if (SameText(*expr, e)) return column;
    }
    std::string alias = HiddenAlias("a");
    absl::StatusOr<int> aggregate =
        AddAggregate(e.As<sql::FunctionExpr>(), alias.substr(5, alias.size() - 6),
                     {SplicePiece::Tokens(e.span.begin, e.span.end), SplicePiece::Text(alias)});
    if (!aggregate.ok()) return aggregate.status();
    spec_.columns.push_back(OutputColumn::Aggregate(*aggregate, "", /*hidden=*/true));
    int column = static_cast<int>(spec_.columns.size() - 1);
    extra_aggregates_.emplace_back(&e, column);
    return column;
  }

  // The merged column of a non-aggregate expression (a group key or a select item).
  absl::StatusOr<int> PlainColumn(const Expr& e, bool allow_position) {
    int item = MatchItem(e, allow_position);
    if (item == -2) return InternalError("position out of range");
    if (item >= 0) return item_output_[static_cast<size_t>(item)];
    for (size_t g = 0; g < select_.group_by.size(); ++g) {
      if (SameText(*select_.group_by[g].expr, e)) {
        spec_.columns.push_back(OutputColumn::Shard(group_columns_[g], "", true));
        return static_cast<int>(spec_.columns.size() - 1);
      }
    }
    // Another expression of the group's columns: computed by the nodes, same in the whole group.
    int column = AddExprColumn(e, "o");
    spec_.columns.push_back(OutputColumn::Shard(column, "", true));
    return static_cast<int>(spec_.columns.size() - 1);
  }

  // HAVING's leaves are columns of the merged row: an aggregate's, or a group key's (a select
  // item, or a hidden column the nodes compute).
  class HavingLeaves final : public MergeExprTranslator::Leaves {
   public:
    HavingLeaves(MergePlanner* planner, absl::string_view clause)
        : planner_(*planner), clause_(clause) {}

    absl::StatusOr<MergeExpr> Leaf(const Expr& e) override {
      absl::StatusOr<int> column;
      if (IsAggregateCall(e)) {
        column = planner_.AggregateColumn(e);
      } else if (ContainsAggregate(e)) {
        return FunctionOfAggregates(e);
      } else {
        column = planner_.PlainColumn(e, false);
      }
      if (!column.ok()) return column.status();
      return MergeExpr::Column(*column);
    }

    absl::Status Refusal(const Expr& e, UntranslatableForm form) override {
      switch (form) {
        case UntranslatableForm::kBinaryOperator:
          return planner_.Unsupported(absl::StrCat(
              "operator ", sql::BinaryOpSql(e.As<sql::BinaryExpr>().op), " in ", clause_));
        case UntranslatableForm::kUnaryOperator:
          return planner_.Unsupported(absl::StrCat("this unary operator in ", clause_));
        case UntranslatableForm::kIsTruthValue:
          return planner_.Unsupported(absl::StrCat("IS TRUE/FALSE in ", clause_));
        case UntranslatableForm::kInSubquery:
          return planner_.Unsupported(absl::StrCat("IN (SELECT …) in ", clause_));
        case UntranslatableForm::kRowIn:
          return planner_.Unsupported(absl::StrCat("row IN in ", clause_));
        case UntranslatableForm::kTypedLiteral:
          return planner_.Unsupported(absl::StrCat("typed literals in ", clause_));
        case UntranslatableForm::kLiteralValue:
          break;
      }
      return planner_.Unsupported(absl::StrCat("this literal in ", clause_));
    }

   private:
    // ROUND(x[, n ≥ 0]), IFNULL(x, y), COALESCE(…) of aggregates; other functions are 1235.
    absl::StatusOr<MergeExpr> FunctionOfAggregates(const Expr& e) {
      auto refuse = [&] {
        return planner_.Unsupported(absl::StrCat("functions of aggregates in ", clause_));
      };
      if (e.kind != ExprKind::kFunction) return refuse();
      const auto& f = e.As<sql::FunctionExpr>();
      if (f.form != sql::FunctionExpr::Form::kGeneric || f.over != nullptr ||
          !f.over_name.empty() || f.distinct || f.args.empty()) {
        return refuse();
      }
      const bool round = f.upper_name == "ROUND";
      const bool coalesce =
          f.upper_name == "COALESCE" || (f.upper_name == "IFNULL" && f.args.size() == 2);
      if (!round && !coalesce) return refuse();
      if (round && f.args.size() > 2) return refuse();
      std::vector<MergeExpr> operands;
      const size_t translated = round ? 1 : f.args.size();
      for (size_t i = 0; i < translated; ++i) {
        absl::StatusOr<MergeExpr> operand =
            MergeExprTranslator(planner_.statement_, this, {.refuse_row_in = true})
                .Translate(*f.args[i]);
        if (!operand.ok()) return operand.status();
        operands.push_back(*std::move(operand));
      }
      if (coalesce) return MergeExpr::Coalesce(std::move(operands));
      int64_t decimals = 0;
      if (f.args.size() == 2) {
        const Expr& n = *f.args[1];
        if (n.kind != ExprKind::kLiteral || !n.As<sql::LiteralExpr>().slot.valid() ||
            !sql::LiteralToInt64(planner_.statement_.Value(n.As<sql::LiteralExpr>().slot),
                                 &decimals) ||
            decimals < 0 || decimals > 38) {
          return planner_.Unsupported(
              absl::StrCat("ROUND of aggregates to other than 0 to 38 decimals in ", clause_));
        }
      }
      return MergeExpr::Round(std::move(operands[0]), static_cast<int>(decimals));
    }

    MergePlanner& planner_;
    absl::string_view clause_;
  };

  absl::StatusOr<MergeExpr> Having(const Expr& e, absl::string_view clause = "HAVING") {
    HavingLeaves leaves(this, clause);
    // A row IN would reach the data nodes as a select item, which they refuse (1241): an
    // honest 1235 names what is not supported instead.
    return MergeExprTranslator(statement_, &leaves, {.refuse_row_in = true}).Translate(e);
  }

  // Whether an aggregate of the block is GROUP_CONCAT(… ORDER BY …) or (… LIMIT …): its items must
  // reach the merger in full, so nodes then send every row (ordered by the group keys) and every
  // aggregate is computed from them.
  bool HasRowwiseGroupConcat() const {
    for (const sql::SelectItem& item : select_.items) {
      if (item.kind == sql::SelectItem::Kind::kExpr && ContainsRowwiseGroupConcat(*item.expr)) {
        return true;
      }
    }
    if (select_.having != nullptr && ContainsRowwiseGroupConcat(*select_.having)) return true;
    for (const sql::OrderItem& o : select_.order_by) {
      if (ContainsRowwiseGroupConcat(*o.expr)) return true;
    }
    return false;
  }

  absl::Status PlanAggregation() {
    if (has_star_) return Unsupported("SELECT * with GROUP BY or aggregates");
    raw_rows_ = HasRowwiseGroupConcat();
    // Select items.
    for (const sql::SelectItem& item : select_.items) {
      const Expr& e = *item.expr;
      std::vector<SplicePiece> pieces = ItemPieces(item);
      if (IsAggregateCall(e)) {
        absl::StatusOr<int> aggregate =
            AddAggregate(e.As<sql::FunctionExpr>(), ItemName(item), pieces);
        if (!aggregate.ok()) return aggregate.status();
        bool renamed =
            spec_.aggregates[static_cast<size_t>(*aggregate)].input == AggregateInput::kRaw ||
            spec_.aggregates[static_cast<size_t>(*aggregate)].function == AggregateFunction::kAvg;
        spec_.columns.push_back(OutputColumn::Aggregate(*aggregate, renamed ? ItemName(item) : ""));
      } else if (ContainsAggregate(e)) {
        if (raw_rows_) {
          return Unsupported(
              "expressions over aggregates together with GROUP_CONCAT(… ORDER BY … or LIMIT …)");
        }
        // Computed by the merger once every item has its column (below); the nodes compute
        // the same over their part of each group, for its definition.
        spec_.columns.push_back(
            OutputColumn::Shard(AddShardColumn(std::move(pieces)), ItemName(item)));
        computed_items_.push_back(&item);
      } else {
        spec_.columns.push_back(OutputColumn::Shard(AddShardColumn(std::move(pieces))));
      }
      item_output_.push_back(static_cast<int>(spec_.columns.size() - 1));
    }
    for (size_t i = 0; i < select_.items.size(); ++i) {
      if (!absl::c_linear_search(computed_items_, &select_.items[i])) continue;
      absl::StatusOr<MergeExpr> value = Having(*select_.items[i].expr, "the select list");
      if (!value.ok()) return value.status();
      spec_.columns[static_cast<size_t>(item_output_[i])].expression = *std::move(value);
    }
    // Group keys: shard columns the nodes group and sort by.
    for (const sql::OrderItem& g : select_.group_by) {
      int item = MatchItem(*g.expr, true);
      if (item == -2) return InternalError("GROUP BY position out of range");
      int column;
      if (item >= 0 &&
          spec_.columns[static_cast<size_t>(item_output_[static_cast<size_t>(item)])].source ==
              OutputColumn::Source::kShardColumn) {
        column = spec_.columns[static_cast<size_t>(item_output_[static_cast<size_t>(item)])].index;
      } else if (item >= 0) {
        return Unsupported("GROUP BY an aggregate");
      } else {
        column = AddExprColumn(*g.expr, "g");
      }
      group_columns_.push_back(column);
      spec_.group_by.push_back(SortKey{
          column,
          g.direction == sql::OrderItem::Direction::kDesc ? SortOrder::kDesc : SortOrder::kAsc,
          collations_.Of(KeyExpr(*g.expr, item))});
    }
    spec_.shards_sorted_by_group = !spec_.group_by.empty();
    if (select_.with_rollup) {
      if (raw_rows_) {
        return Unsupported(
            "GROUP BY … WITH ROLLUP together with GROUP_CONCAT(… ORDER BY … or LIMIT …)");
      }
      for (const sql::OrderItem& g : select_.group_by) {
        if (g.direction == sql::OrderItem::Direction::kDesc) {
          return Unsupported("GROUP BY … DESC WITH ROLLUP");
        }
      }
      // A super-aggregate row has NULL for the keys past its prefix; a value the nodes compute
      // beside the keys (a column not grouped by) would keep one group's value instead.
      for (const OutputColumn& c : spec_.columns) {
        if (c.source == OutputColumn::Source::kShardColumn && !c.expression.has_value() &&
            !absl::c_linear_search(group_columns_, c.index)) {
          return Unsupported(
              "GROUP BY … WITH ROLLUP with a select item that is neither a group key nor over "
              "aggregates");
        }
      }
      spec_.rollup = true;
    }
    // HAVING.
    if (select_.having != nullptr) {
      absl::StatusOr<MergeExpr> having = Having(*select_.having);
      if (!having.ok()) return having.status();
      spec_.having = *std::move(having);
    }
    // ORDER BY over the merged row.
    if (OrdersByNull(select_)) {
      spec_.sort_groups = false;
    } else {
      for (const sql::OrderItem& o : select_.order_by) {
        if (ContainsAggregate(*o.expr) && !IsAggregateCall(*o.expr) &&
            MatchItem(*o.expr, false) < 0) {
          return Unsupported("ORDER BY an expression over aggregates");
        }
        absl::StatusOr<int> column =
            IsAggregateCall(*o.expr) ? AggregateColumn(*o.expr) : PlainColumn(*o.expr, true);
        if (!column.ok()) return column.status();
        spec_.order_by.push_back(SortKey{
            *column,
            o.direction == sql::OrderItem::Direction::kDesc ? SortOrder::kDesc : SortOrder::kAsc,
            collations_.Of(KeyExpr(*o.expr, MatchItem(*o.expr, true)))});
      }
    }
    spec_.distinct = select_.distinct;

    // The node SQL: new select list, GROUP BY positions (plus the raw arguments of DISTINCT
    // aggregates), ORDER BY the group keys, no HAVING.
    std::vector<SplicePiece> list;
    for (size_t i = 0; i < shard_columns_.size(); ++i) {
      if (i > 0) list.push_back(SplicePiece::Text(", "));
      for (SplicePiece& p : shard_columns_[i].pieces) list.push_back(std::move(p));
    }
    splicer_.Replace(select_.items.front().span.begin, select_.items.back().span.end,
                     std::move(list));
    std::vector<std::pair<int, bool>> group_keys;
    for (const SortKey& k : spec_.group_by) {
      group_keys.emplace_back(k.column, k.order == SortOrder::kDesc);
    }
    std::vector<std::pair<int, bool>> node_groups = group_keys;
    for (int raw : raw_columns_) node_groups.emplace_back(raw, false);
    for (auto& g : node_groups) g.second = false;  // GROUP BY takes no direction here
    std::string group_text =
        node_groups.empty() || raw_rows_ ? "" : absl::StrCat(" GROUP BY ", SortText(node_groups));
    std::string order_text =
        group_keys.empty() ? "" : absl::StrCat(" ORDER BY ", SortText(group_keys));
    if (spec_.rollup) {
      // The nodes roll up as well, only so that they describe the columns as MariaDB describes
      // a rollup's; the merger drops their super-aggregate rows. ROLLUP sorts by its keys.
      absl::StrAppend(&group_text, " WITH ROLLUP");
      order_text.clear();
      for (const auto& g : node_groups) spec_.shard_rollup_keys.push_back(g.first);
    }
    int32_t insert_at = AfterWhere();
    if (!select_.group_by.empty()) {
      int32_t begin;
      absl::Status s = ClauseBegin(select_.group_by, "GROUP", &begin);
      if (!s.ok()) return s;
      // The nodes group plainly: the merger adds the rollup's rows.
      int32_t group_end = ClauseEnd(select_.group_by);
      if (select_.with_rollup) {
        if (!statement_.digest().IsWord(static_cast<size_t>(group_end), "WITH") ||
            !statement_.digest().IsWord(static_cast<size_t>(group_end) + 1, "ROLLUP")) {
          return InternalError("cannot locate WITH ROLLUP");
        }
        group_end += 2;
      }
      if (group_text.empty()) {
        splicer_.Replace(begin, group_end, {});
      } else {
        splicer_.Replace(begin, group_end, {SplicePiece::Text(group_text.substr(1))});
      }
      insert_at = group_end;
    } else if (!group_text.empty()) {
      splicer_.Replace(insert_at, insert_at, {SplicePiece::Text(group_text)});
    }
    if (select_.having != nullptr) {
      int32_t begin = select_.having->span.begin - 1;
      if (!statement_.digest().IsWord(static_cast<size_t>(begin), "HAVING")) {
        return InternalError("cannot locate HAVING");
      }
      splicer_.Replace(begin, select_.having->span.end, {});
      insert_at = select_.having->span.end;
    }
    if (!select_.order_by.empty()) {
      int32_t begin;
      absl::Status s = ClauseBegin(select_.order_by, "ORDER", &begin);
      if (!s.ok()) return s;
      splicer_.Replace(begin, ClauseEnd(select_.order_by),
                       {SplicePiece::Text(order_text.empty() ? "" : order_text.substr(1))});
    } else if (!order_text.empty()) {
      splicer_.Replace(insert_at, insert_at, {SplicePiece::Text(order_text)});
    }
    return absl::OkStatus();
  }

  absl::Status PlanLimit(bool aggregation) {
    if (!select_.limit.has_value()) return absl::OkStatus();
    const sql::LimitClause& limit = *select_.limit;
    uint64_t count = 0, offset = 0;
    if (!sql::LiteralToUint64(statement_.Value(limit.count), &count)) {
      return Unsupported("LIMIT without an integer value");
    }
    if (limit.offset.valid() && !sql::LiteralToUint64(statement_.Value(limit.offset), &offset)) {
      return Unsupported("LIMIT without an integer offset");
    }
    spec_.limit.offset = offset;
    spec_.limit.count = count;
    int32_t first = limit.count.token;
    int32_t last = limit.count.token;
    if (limit.offset.valid()) {
      first = std::min(first, limit.offset.token);
      last = std::max(last, limit.offset.token);
    }
    int32_t begin = first - 1;
    if (limit.fetch && limit.span.valid()) {
      // OFFSET … FETCH …: the nodes get a LIMIT in its place.
      begin = limit.span.begin;
      last = limit.span.end - 1;
    } else if (!statement_.digest().IsWord(static_cast<size_t>(begin), "LIMIT")) {
      return InternalError("cannot locate LIMIT");
    }
    if (aggregation) {
      splicer_.Replace(begin, last + 1, {});  // groups span nodes: every node sends all
    } else {
      uint64_t needed = count > UINT64_MAX - offset ? UINT64_MAX : count + offset;
      splicer_.Replace(begin, last + 1, {SplicePiece::Text(absl::StrCat("LIMIT ", needed))});
    }
    return absl::OkStatus();
  }

  const bool windows_on_nodes_;
  const bool groups_on_nodes_;
  const sql::BoundStatement& statement_;
  const sql::SelectNode& select_;
  const RouteContext& context_;
  SqlSplicer& splicer_;
  MergeSpec& spec_;
  bool has_star_ = false;
  int hidden_counter_ = 0;
  std::vector<ShardColumn> shard_columns_;
  std::vector<int> item_output_;    // select item -> merged column
  std::vector<int> group_columns_;  // GROUP BY item -> shard column
  std::vector<int> raw_columns_;    // DISTINCT aggregate arguments (nodes group by them too)
  bool raw_rows_ = false;           // nodes send rows, not groups (HasRowwiseGroupConcat)
  std::vector<const sql::SelectItem*> computed_items_;  // over aggregates: merger-computed
  std::vector<std::pair<const Expr*, int>> extra_aggregates_;
  const KeyCollations collations_{context_, select_};
};

}  // namespace

namespace {

const sql::SelectNode* FirstBranch(const sql::QueryNode& q) {
  switch (q.kind) {
    case sql::QueryKind::kSelect:
      return &q.As<sql::SelectNode>();
    case sql::QueryKind::kSetOperation:
      return FirstBranch(*q.As<sql::SetOperationNode>().left);
    case sql::QueryKind::kParenthesized:
      return FirstBranch(*q.As<sql::ParenthesizedQueryNode>().inner);
  }
  return nullptr;
}

// Collects the quantifiers of a tree of UNIONs; false for INTERSECT/EXCEPT.
bool UnionQuantifiers(const sql::QueryNode& q, bool* any_all, bool* any_distinct) {
  if (q.kind == sql::QueryKind::kParenthesized) {
    const auto& inner = *q.As<sql::ParenthesizedQueryNode>().inner;
    if (!inner.order_by.empty() || inner.limit.has_value()) return false;
    return UnionQuantifiers(inner, any_all, any_distinct);
  }
  if (q.kind != sql::QueryKind::kSetOperation) {
    return q.order_by.empty() && !q.limit.has_value();  // per-branch LIMIT: not mergeable
  }
  const auto& s = q.As<sql::SetOperationNode>();
  if (s.op != sql::SetOperationNode::Op::kUnion) return false;
  (s.quantifier == sql::SetOperationNode::Quantifier::kAll ? *any_all : *any_distinct) = true;
  return UnionQuantifiers(*s.left, any_all, any_distinct) &&
         UnionQuantifiers(*s.right, any_all, any_distinct);
}

}  // namespace

absl::Status PlanUnionMerge(const sql::BoundStatement& statement,
                            const sql::SetOperationNode& query, const RouteContext& context,
                            SqlSplicer* splicer, MergeSpec* spec) {
  auto unsupported = [](absl::string_view what) {
    return UnsupportedError(
        absl::StrCat(what,
                     " over sharded tables spanning several data nodes is not supported; add a "
                     "condition on the sharding column so the statement reads one node"));
  };
  bool any_all = false, any_distinct = false;
  if (!UnionQuantifiers(*query.left, &any_all, &any_distinct) ||
      !UnionQuantifiers(*query.right, &any_all, &any_distinct)) {
    return unsupported("INTERSECT, EXCEPT, or ORDER BY/LIMIT inside a UNION branch");
  }
  (query.quantifier == sql::SetOperationNode::Quantifier::kAll ? any_all : any_distinct) = true;
  if (any_all && any_distinct) return unsupported("UNION mixing ALL and DISTINCT");
  if (query.with != nullptr) return unsupported("WITH");
  spec->div_precision_increment = context.div_precision_increment;
  spec->group_concat_max_len = context.group_concat_max_len;
  spec->connection_collation = context.connection_collation;
  spec->distinct = any_distinct;
  const sql::SelectNode* first = FirstBranch(query);
  for (const sql::OrderItem& o : query.order_by) {
    int column = -1;
    const sql::Expr& e = *o.expr;
    if (e.kind == sql::ExprKind::kLiteral &&
        e.As<sql::LiteralExpr>().type == sql::LiteralExpr::Type::kSlot) {
      int64_t v;
      if (sql::LiteralToInt64(statement.Value(e.As<sql::LiteralExpr>().slot), &v) && v >= 1 &&
          v <= static_cast<int64_t>(first->items.size())) {
        column = static_cast<int>(v - 1);
      }
    } else if (e.kind == sql::ExprKind::kColumnRef && e.As<sql::ColumnRefExpr>().table.empty()) {
      const std::string& name = e.As<sql::ColumnRefExpr>().column.name;
      for (size_t i = 0; i < first->items.size(); ++i) {
        const sql::SelectItem& item = first->items[i];
        if (item.kind != sql::SelectItem::Kind::kExpr) continue;
        bool named =
            item.alias.empty()
                ? item.expr->kind == sql::ExprKind::kColumnRef &&
                      absl::EqualsIgnoreCase(item.expr->As<sql::ColumnRefExpr>().column.name, name)
                : absl::EqualsIgnoreCase(item.alias.name, name);
        if (named) {
          column = static_cast<int>(i);
          break;
        }
      }
    }
    for (const sql::SelectItem& item : first->items) {
      if (item.kind != sql::SelectItem::Kind::kExpr) column = -1;  // positions after a star
    }
    if (column < 0) return unsupported("this ORDER BY of a UNION");
    spec->order_by.push_back(SortKey{
        column,
        o.direction == sql::OrderItem::Direction::kDesc ? SortOrder::kDesc : SortOrder::kAsc,
        {}});
  }
  // The union's columns compare in the first branch's columns' collations (one server refuses
  // branches whose collations cannot be reconciled).
  std::vector<absl::optional<uint16_t>> column_collations =
      KeyCollations(context, *first).OfItems(first->items);
  if (!column_collations.empty()) {
    for (SortKey& key : spec->order_by) {
      key.collation = column_collations[static_cast<size_t>(key.column)];
    }
    if (spec->distinct) {
      for (size_t i = 0; i < first->items.size(); ++i) {
        spec->columns.push_back(OutputColumn::Shard(static_cast<int>(i)));
        spec->columns.back().collation = column_collations[i];
      }
    }
  }
  spec->shards_sorted_by_order = !spec->order_by.empty();
  if (query.limit.has_value()) {
    const sql::LimitClause& limit = *query.limit;
    uint64_t count = 0, offset = 0;
    if (!sql::LiteralToUint64(statement.Value(limit.count), &count) ||
        (limit.offset.valid() && !sql::LiteralToUint64(statement.Value(limit.offset), &offset))) {
      return unsupported("LIMIT without integer values");
    }
    spec->limit.offset = offset;
    spec->limit.count = count;
    int32_t first_token = limit.count.token;
    int32_t last_token = limit.count.token;
    if (limit.offset.valid()) {
      first_token = std::min(first_token, limit.offset.token);
      last_token = std::max(last_token, limit.offset.token);
    }
    if (limit.fetch && limit.span.valid()) {
      first_token = limit.span.begin + 1;  // the clause, OFFSET … ONLY, as if LIMIT began it
      last_token = limit.span.end - 1;
    } else if (!statement.digest().IsWord(static_cast<size_t>(first_token - 1), "LIMIT")) {
      return InternalError("cannot locate LIMIT");
    }
    uint64_t needed = count > UINT64_MAX - offset ? UINT64_MAX : count + offset;
    splicer->Replace(first_token - 1, last_token + 1,
                     {SplicePiece::Text(absl::StrCat("LIMIT ", needed))});
  }
  return absl::OkStatus();
}

absl::Status PlanSelectMerge(const sql::BoundStatement& statement, const sql::SelectNode& select,
                             const RouteContext& context, SqlSplicer* splicer, MergeSpec* spec,
                             int* hidden_tail, bool windows_on_nodes, bool groups_on_nodes) {
  MergePlanner planner(statement, select, context, splicer, spec, windows_on_nodes,
                       groups_on_nodes);
  return planner.Plan(hidden_tail);
}

}  // namespace shardproxy::router
