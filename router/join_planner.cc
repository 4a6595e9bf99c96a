#include "router/join_planner.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/in_list.h"
#include "parser/ast/walk.h"
#include "parser/literal.h"
#include "router/conjuncts.h"
#include "router/select_merge_planner.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {
namespace {

using sql::Expr;
using sql::ExprKind;
using Names = absl::InlinedVector<absl::string_view, 4>;

absl::Status Refuse(absl::string_view what) { return RefuseInProxy(what); }

constexpr int kLeftSide = 1;
constexpr int kRightSide = 2;
constexpr int kUnknownSide = 4;  // an unqualified column: resolved after fetching

bool HasSubqueryOrWindow(const Expr& e) {
  bool found = false;
  sql::ForEachExpr(e, [&](const Expr& x) {
    switch (x.kind) {
      case ExprKind::kSubquery:
      case ExprKind::kExists:
      case ExprKind::kQuantified:
        found = true;
        break;
      case ExprKind::kIn:
        found |= x.As<sql::InExpr>().subquery != nullptr;
        break;
      case ExprKind::kFunction: {
        const auto& f = x.As<sql::FunctionExpr>();
        found |= f.over != nullptr || !f.over_name.empty();
        break;
      }
      default:
        break;
    }
  });
  return found;
}

class Planner {
 public:
  Planner(const sql::BoundStatement& statement, const RouteContext& context)
      : statement_(statement), context_(context), splicer_(statement) {
    for (const sql::TableOccurrence& t : statement.statement().tables) {
      names_.push_back(t.name.name.name);
    }
  }

  absl::StatusOr<JoinPlan> Run() {
    if (statement_.kind() != sql::StatementKind::kSelect) return Refuse("this statement");
    const sql::QueryNode& query = *statement_.statement().As<sql::SelectStatement>().query;
    if (query.kind != sql::QueryKind::kSelect) return Refuse("UNION or parentheses");
    if (query.with != nullptr) return Refuse("WITH");
    if (query.locking.kind != sql::LockingClause::Kind::kNone) return Refuse("a locking clause");
    const auto& select = query.As<sql::SelectNode>();
    if (!select.into.empty()) return Refuse("SELECT ... INTO");
    if (select.having != nullptr) return Refuse("HAVING");
    if (select.with_rollup) return Refuse("WITH ROLLUP");
    if (!select.windows.empty()) return Refuse("window functions");
    for (const std::string& option : select.options) {
      if (option == "SQL_CALC_FOUND_ROWS") return Refuse("SQL_CALC_FOUND_ROWS");
    }

    const sql::TableRef* left = nullptr;
    const sql::BaseTableRef* right = nullptr;
    const Expr* on = nullptr;
    JoinPlan plan;
    if (select.from.size() == 2) {
      left = Base(*select.from[0]);
      right = Base(*select.from[1]);
    } else if (select.from.size() == 1 && select.from[0]->kind == sql::TableRefKind::kJoin) {
      const auto& join = select.from[0]->As<sql::JoinTableRef>();
      // Left-deep: everything but the last table is one side, itself routed (and, if it spans
      // nodes, run as a cross-node join in turn).
      left = join.left.get();
      right = Base(*join.right);
      on = join.on.get();
      if (!join.using_columns.empty()) return Refuse("USING (...)");
      switch (join.join) {
        case sql::JoinKind::kInner:
        case sql::JoinKind::kCross:
        case sql::JoinKind::kStraight:
          plan.type = JoinType::kInner;
          break;
        case sql::JoinKind::kLeft:
          plan.type = JoinType::kLeft;
          break;
        case sql::JoinKind::kRight:
          plan.type = JoinType::kRight;
          break;
        default:
          return Refuse("NATURAL JOIN");
      }
    }
    if (left == nullptr || right == nullptr || !CollectQualifiers(*left, &plan.left.qualifiers)) {
      return Refuse(
          "derived tables, a joined table on the right or several comma-separated tables");
    }
    plan.right.qualifiers.push_back(Qualifier(*right));
    if (plan.left.Names(plan.right.qualifiers[0])) {
      return MysqlStatus(1066, "42000",
                         absl::StrCat("Not unique table/alias: '", plan.right.qualifiers[0], "'"));
    }
    splicer_.RenderTokens(left->span.begin, left->span.end, names_, &plan.left.table);
    splicer_.RenderTokens(right->span.begin, right->span.end, names_, &plan.right.table);
    plan.left_first = plan.type != JoinType::kRight;

    // Everything the statement evaluates must be free of subqueries and window functions.
    for (const sql::SelectItem& item : select.items) {
      if (item.expr != nullptr && HasSubqueryOrWindow(*item.expr)) {
        return Refuse("subqueries or window functions in the select list");
      }
    }
    for (const Expr* e : std::vector<const Expr*>{select.where.get(), on}) {
      if (e != nullptr && HasSubqueryOrWindow(*e)) return Refuse("subqueries in WHERE or ON");
    }

    std::vector<const Expr*> on_conjuncts;
    std::vector<const Expr*> where_conjuncts;
    SplitConjuncts(on, &on_conjuncts);
    SplitConjuncts(select.where.get(), &where_conjuncts);
    MakeInnerIfNullRejected(where_conjuncts, &plan);
    for (const Expr* c : on_conjuncts) {
      absl::Status s = Place(*c, /*from_on=*/true, &plan);
      if (!s.ok()) return s;
    }
    for (const Expr* c : where_conjuncts) {
      absl::Status s = Place(*c, /*from_on=*/false, &plan);
      if (!s.ok()) return s;
    }
    if (plan.keys.empty() && plan.unresolved.empty()) return NoKeys();
    return plan;
  }

  static absl::Status NoKeys() {
    return Refuse("no equality between columns of the two tables (a cross product)");
  }

  // Second pass: the sides' columns are known.
  absl::Status PlaceUnresolved(JoinPlan* plan, absl::Span<const ColumnDefinition> left,
                               absl::Span<const ColumnDefinition> right) {
    left_columns_ = left;
    right_columns_ = right;
    columns_known_ = true;
    std::vector<JoinPlan::Pending> pending = std::move(plan->unresolved);
    plan->unresolved.clear();
    std::vector<const Expr*> where;
    for (const JoinPlan::Pending& p : pending) {
      if (!p.from_on) where.push_back(p.condition);
    }
    // Placed under outer-join rules so far, which stay correct for the inner join.
    MakeInnerIfNullRejected(where, plan);
    for (const JoinPlan::Pending& p : pending) {
      absl::Status s = Place(*p.condition, p.from_on, plan);
      if (!s.ok()) return s;
    }
    if (plan->keys.empty()) return NoKeys();
    return absl::OkStatus();
  }

 private:
  static const sql::BaseTableRef* Base(const sql::TableRef& ref) {
    return ref.kind == sql::TableRefKind::kBase ? &ref.As<sql::BaseTableRef>() : nullptr;
  }
  static std::string Qualifier(const sql::BaseTableRef& ref) {
    return ref.alias.empty() ? ref.name.name.name : ref.alias.name;
  }
  // The qualifiers of a table reference made of base tables and joins; false for anything else.
  static bool CollectQualifiers(const sql::TableRef& ref, std::vector<std::string>* out) {
    switch (ref.kind) {
      case sql::TableRefKind::kBase:
        out->push_back(Qualifier(ref.As<sql::BaseTableRef>()));
        return true;
      case sql::TableRefKind::kJoin: {
        // USING / NATURAL merge columns: a qualified name could then miss its column.
        const auto& join = ref.As<sql::JoinTableRef>();
        if (!join.using_columns.empty() || join.join == sql::JoinKind::kNatural ||
            join.join == sql::JoinKind::kNaturalLeft || join.join == sql::JoinKind::kNaturalRight) {
          return false;
        }
        return CollectQualifiers(*join.left, out) && CollectQualifiers(*join.right, out);
      }
      case sql::TableRefKind::kNested:
        for (const auto& item : ref.As<sql::NestedTableRef>().items) {
          if (!CollectQualifiers(*item, out)) return false;
        }
        return true;
      case sql::TableRefKind::kDerived:
        return false;
    }
    return false;
  }

  // Which sides an expression reads (kLeftSide | kRightSide | kUnknownSide bits).
  absl::StatusOr<int> Sides(const Expr& e, const JoinPlan& plan) {
    int sides = 0;
    absl::Status status;
    sql::ForEachExpr(e, [&](const Expr& x) {
      if (x.kind != ExprKind::kColumnRef || !status.ok()) return;
      const auto& c = x.As<sql::ColumnRefExpr>();
      if (c.table.empty()) {
        bool in_left = columns_known_ && HasColumn(left_columns_, c.column.name);
        bool in_right = columns_known_ && HasColumn(right_columns_, c.column.name);
        sides |= in_left == in_right ? kUnknownSide : in_left ? kLeftSide : kRightSide;
      } else if (plan.left.Names(c.table.name)) {
        sides |= kLeftSide;
      } else if (plan.right.Names(c.table.name)) {
        sides |= kRightSide;
      } else {
        status = MysqlStatus(
            1054, "42S22",
            absl::StrCat("Unknown column '", c.table.name, ".", c.column.name, "' in 'WHERE'"));
      }
    });
    if (!status.ok()) return status;
    return sides;
  }

  // MariaDB turns an outer join into an inner one when the WHERE rejects the NULL-extended rows
  // (a comparison of one of their columns can only be false or NULL there). The rows are the
  // same either way, but the result metadata is not: the columns of that side are then NOT
  // NULL where the table says so. Conservative: only AND/OR/NOT of comparisons, BETWEEN, IN
  // lists, LIKE and IS NOT NULL over columns, literals and arithmetic count.
  void MakeInnerIfNullRejected(const std::vector<const Expr*>& where, JoinPlan* plan) {
    if (plan->type == JoinType::kInner) return;
    int nullable = plan->type == JoinType::kLeft ? kRightSide : kLeftSide;
    for (const Expr* c : where) {
      if ((NullRejected(*c, *plan) & nullable) != 0) {
        plan->type = JoinType::kInner;
        return;
      }
    }
  }

  // The sides whose all-NULL row makes `e` false or NULL (bits as in Sides()).
  int NullRejected(const Expr& e, const JoinPlan& plan) {
    switch (e.kind) {
      case ExprKind::kBinary: {
        const auto& b = e.As<sql::BinaryExpr>();
        if (b.op == sql::BinaryOp::kAnd) {
          return NullRejected(*b.left, plan) | NullRejected(*b.right, plan);
        }
        if (b.op == sql::BinaryOp::kOr) {
          return NullRejected(*b.left, plan) & NullRejected(*b.right, plan);
        }
        if (b.op == sql::BinaryOp::kXor || b.op == sql::BinaryOp::kNullSafeEq) return 0;
        if (!sql::IsComparison(b.op)) return 0;
        return StrictSides(*b.left, plan) | StrictSides(*b.right, plan);
      }
      case ExprKind::kUnary: {
        const auto& u = e.As<sql::UnaryExpr>();
        bool is_not = u.op == sql::UnaryOp::kNot || u.op == sql::UnaryOp::kBang;
        // NOT of a comparison is NULL when the comparison is.
        if (is_not && u.operand->kind == ExprKind::kBinary &&
            sql::IsComparison(u.operand->As<sql::BinaryExpr>().op) &&
            u.operand->As<sql::BinaryExpr>().op != sql::BinaryOp::kNullSafeEq) {
          return NullRejected(*u.operand, plan);
        }
        return 0;
      }
      case ExprKind::kIs: {
        const auto& is = e.As<sql::IsExpr>();
        if (is.what == sql::IsExpr::What::kNull && is.negated)
          return StrictSides(*is.operand, plan);
        return 0;
      }
      case ExprKind::kBetween: {
        const auto& b = e.As<sql::BetweenExpr>();
        return StrictSides(*b.operand, plan);
      }
      case ExprKind::kIn: {
        const auto& in = e.As<sql::InExpr>();
        if (in.subquery != nullptr) return 0;
        return StrictSides(*in.operand, plan);
      }
      case ExprKind::kLike:
        return StrictSides(*e.As<sql::LikeExpr>().operand, plan);
      default:
        return 0;
    }
  }

  // The sides a value expression is NULL for when their columns are: columns, and arithmetic
  // and signs over them (functions such as COALESCE may turn NULL into a value: none).
  int StrictSides(const Expr& e, const JoinPlan& plan) {
    switch (e.kind) {
      case ExprKind::kColumnRef: {
        absl::StatusOr<int> sides = Sides(e, plan);
        return sides.ok() && (*sides & kUnknownSide) == 0 ? *sides : 0;
      }
      case ExprKind::kBinary: {
        const auto& b = e.As<sql::BinaryExpr>();
        switch (b.op) {
          case sql::BinaryOp::kAdd:
          case sql::BinaryOp::kSub:
          case sql::BinaryOp::kMul:
          case sql::BinaryOp::kDiv:
          case sql::BinaryOp::kIntDiv:
          case sql::BinaryOp::kMod:
            return StrictSides(*b.left, plan) | StrictSides(*b.right, plan);
          default:
            return 0;
        }
      }
      case ExprKind::kUnary: {
        const auto& u = e.As<sql::UnaryExpr>();
        if (u.op == sql::UnaryOp::kMinus || u.op == sql::UnaryOp::kPlus) {
          return StrictSides(*u.operand, plan);
        }
        return 0;
      }
      default:
        return 0;
    }
  }

  static bool HasColumn(absl::Span<const ColumnDefinition> columns, absl::string_view name) {
    for (const ColumnDefinition& d : columns) {
      if (absl::EqualsIgnoreCase(d.name, name)) return true;
    }
    return false;
  }

  std::string Text(const Expr& e) {
    std::string out;
    splicer_.RenderTokens(e.span.begin, e.span.end, names_, &out);
    return std::string(absl::StripAsciiWhitespace(out));
  }

  absl::Status Place(const Expr& c, bool from_on, JoinPlan* plan) {
    absl::StatusOr<int> sides = Sides(c, *plan);
    if (!sides.ok()) return sides.status();
    if ((*sides & kUnknownSide) != 0 && !columns_known_) {
      plan->unresolved.push_back({&c, from_on});
      return absl::OkStatus();
    }
    bool outer = plan->type != JoinType::kInner;
    // An equality of a left column with a right column is a join key (for outer joins only in
    // ON: in WHERE it also removes the NULL-extended rows, so it stays a filter).
    if (c.kind == ExprKind::kBinary && (!outer || from_on)) {
      const auto& b = c.As<sql::BinaryExpr>();
      if ((b.op == sql::BinaryOp::kEq || b.op == sql::BinaryOp::kNullSafeEq) &&
          b.left->kind == ExprKind::kColumnRef && b.right->kind == ExprKind::kColumnRef) {
        absl::StatusOr<int> l = Sides(*b.left, *plan);
        absl::StatusOr<int> r = Sides(*b.right, *plan);
        if (l.ok() && r.ok() &&
            ((*l == kLeftSide && *r == kRightSide) || (*l == kRightSide && *r == kLeftSide))) {
          const Expr* left_key = *l == kLeftSide ? b.left.get() : b.right.get();
          const Expr* right_key = *l == kLeftSide ? b.right.get() : b.left.get();
          plan->keys.push_back({left_key, right_key, b.op == sql::BinaryOp::kNullSafeEq});
          plan->left.keys.push_back(Text(*left_key));
          plan->right.keys.push_back(Text(*right_key));
          return absl::OkStatus();
        }
      }
    }
    int preserved = plan->type == JoinType::kRight ? kRightSide : kLeftSide;
    int nullable = preserved == kLeftSide ? kRightSide : kLeftSide;
    auto push = [&](int side) {
      (side == kLeftSide ? plan->left : plan->right).pushed.push_back(Text(c));
      return absl::OkStatus();
    };
    if (!outer) {
      if (*sides == kLeftSide || *sides == 0) return push(kLeftSide);
      if (*sides == kRightSide) return push(kRightSide);
      plan->where_residual.push_back(&c);
      return absl::OkStatus();
    }
    if (from_on) {
      // ON filters which rows of the NULL-extended side match; it never removes preserved rows.
      if (*sides == nullable) return push(nullable);
      plan->on_residual.push_back(&c);
      return absl::OkStatus();
    }
    if (*sides == preserved || *sides == 0) return push(preserved);
    plan->where_residual.push_back(&c);
    return absl::OkStatus();
  }

  const sql::BoundStatement& statement_;
  const RouteContext& context_;
  SqlSplicer splicer_;
  Names names_;
  bool columns_known_ = false;
  absl::Span<const ColumnDefinition> left_columns_;
  absl::Span<const ColumnDefinition> right_columns_;
};

}  // namespace

bool JoinSidePlan::Names(absl::string_view qualifier) const {
  for (const std::string& q : qualifiers) {
    if (absl::EqualsIgnoreCase(q, qualifier)) return true;
  }
  return false;
}

absl::Status RefuseInProxy(absl::string_view what) {
  return UnsupportedError(
      absl::StrCat("a join of tables on different data nodes (or a derived table spanning them) "
                   "with ",
                   what, " is not supported"));
}

std::string JoinSidePlan::ProbeSql() const {
  return absl::StrCat("SELECT * FROM ", table, " LIMIT 0");
}

absl::Status PlaceUnqualifiedConditions(const sql::BoundStatement& statement,
                                        const RouteContext& context, JoinPlan* plan,
                                        absl::Span<const ColumnDefinition> left,
                                        absl::Span<const ColumnDefinition> right) {
  Planner planner(statement, context);
  return planner.PlaceUnresolved(plan, left, right);
}

std::string JoinSidePlan::Sql(absl::string_view lookup) const {
  std::string sql = absl::StrCat("SELECT * FROM ", table);
  bool first = true;
  auto add = [&](absl::string_view condition) {
    absl::StrAppend(&sql, first ? " WHERE (" : " AND (", condition, ")");
    first = false;
  };
  for (const std::string& c : pushed) add(c);
  if (!lookup.empty()) add(lookup);
  return sql;
}

absl::StatusOr<JoinPlan> PlanCrossNodeJoin(const sql::BoundStatement& statement,
                                           const RouteContext& context) {
  if (!statement.has_statement()) return Refuse("no statement");
  Planner planner(statement, context);
  return planner.Run();
}

absl::StatusOr<std::string> JoinLookupCondition(const JoinPlan& plan,
                                                absl::Span<const ColumnDefinition> first_columns,
                                                const OwnedRows& first_rows, size_t max_keys,
                                                bool no_backslash_escapes) {
  for (const JoinPlan::Key& k : plan.keys) {
    if (k.null_safe) return std::string();
  }
  const JoinSidePlan& second = plan.left_first ? plan.right : plan.left;
  std::vector<int> key_columns;
  std::vector<ColumnDefinition> key_definitions;
  for (const JoinPlan::Key& k : plan.keys) {
    const auto& ref = (plan.left_first ? k.left : k.right)->As<sql::ColumnRefExpr>();
    const JoinSidePlan& first = plan.left_first ? plan.left : plan.right;
    int found = -1;
    for (size_t i = 0; i < first_columns.size() && found < 0; ++i) {
      const ColumnDefinition& d = first_columns[i];
      bool table_ok = ref.table.empty() || first.qualifiers.size() == 1 ||
                      absl::EqualsIgnoreCase(d.table, ref.table.name);
      if (table_ok && absl::EqualsIgnoreCase(d.name, ref.column.name)) {
        found = static_cast<int>(i);
      }
    }
    if (found < 0) {
      return MysqlStatus(
          1054, "42S22",
          absl::StrCat("Unknown column '", ref.table.name, ".", ref.column.name, "' in 'ON'"));
    }
    key_columns.push_back(found);
    key_definitions.push_back(first_columns[static_cast<size_t>(found)]);
  }
  InListBuilder builder(std::move(key_definitions), {.max_values = max_keys + 1,
                                                     .max_bytes = size_t{1} << 40,
                                                     .no_backslash_escapes = no_backslash_escapes});
  std::vector<Cell> key;
  for (const auto& row : first_rows) {
    key.clear();
    for (int c : key_columns) {
      const OwnedCell& cell = row[static_cast<size_t>(c)];
      key.push_back(cell.has_value() ? Cell(absl::string_view(*cell)) : Cell());
    }
    builder.Add(key);
    if (builder.size() > max_keys) return std::string();
  }
  if (builder.size() == 0) return std::string("0");
  std::vector<std::string> lists = builder.Lists();
  std::string keys;
  for (size_t i = 0; i < second.keys.size(); ++i) {
    absl::StrAppend(&keys, i > 0 ? ", " : "", second.keys[i]);
  }
  if (second.keys.size() > 1) keys = absl::StrCat("(", keys, ")");
  return absl::StrCat(keys, " IN ", lists.empty() ? "()" : lists[0]);
}

absl::StatusOr<DerivedTablePlan> PlanDerivedTable(const sql::BoundStatement& statement,
                                                  const RouteContext& context) {
  if (!statement.has_statement() || statement.kind() != sql::StatementKind::kSelect) {
    return UnsupportedError("not a SELECT");
  }
  const sql::QueryNode& query = *statement.statement().As<sql::SelectStatement>().query;
  auto refuse = [](absl::string_view what) {
    return UnsupportedError(absl::StrCat("a derived table spanning several data nodes with ", what,
                                         " in the outer query is not supported"));
  };
  if (query.kind != sql::QueryKind::kSelect) return refuse("UNION or parentheses");
  const auto& select = query.As<sql::SelectNode>();
  if (select.from.size() != 1 || select.from[0]->kind != sql::TableRefKind::kDerived) {
    return refuse("other tables");
  }
  if (query.with != nullptr) return refuse("WITH");
  if (query.locking.kind != sql::LockingClause::Kind::kNone) return refuse("a locking clause");
  if (!select.into.empty()) return refuse("SELECT ... INTO");
  if (select.having != nullptr) return refuse("HAVING");
  if (select.with_rollup) return refuse("WITH ROLLUP");
  if (!select.windows.empty()) return refuse("window functions");
  for (const sql::SelectItem& item : select.items) {
    if (item.expr != nullptr && HasSubqueryOrWindow(*item.expr)) {
      return refuse("subqueries or window functions");
    }
  }
  if (select.where != nullptr && HasSubqueryOrWindow(*select.where)) return refuse("subqueries");
  const auto& derived = select.from[0]->As<sql::DerivedTableRef>();
  if (!derived.columns.empty()) return refuse("a derived column list");
  DerivedTablePlan plan;
  plan.qualifier = derived.alias.name;
  plan.where = select.where.get();
  const sql::QueryNode& inner = *derived.query;
  Names names;
  for (const sql::TableOccurrence& t : statement.statement().tables) {
    names.push_back(t.name.name.name);
  }
  SqlSplicer splicer(statement);
  splicer.RenderTokens(inner.span.begin, inner.span.end, names, &plan.sql);
  plan.sql = std::string(absl::StripAsciiWhitespace(plan.sql));
  if (inner.kind == sql::QueryKind::kSelect) {
    const auto& block = inner.As<sql::SelectNode>();
    bool aggregates = false;
    for (const sql::SelectItem& item : block.items) {
      if (item.expr == nullptr) continue;
      sql::ForEachExpr(*item.expr, [&](const Expr& e) {
        aggregates |= e.kind == ExprKind::kFunction && e.As<sql::FunctionExpr>().is_aggregate;
      });
    }
    plan.mergeable = !block.distinct && block.group_by.empty() && block.having == nullptr &&
                     !inner.limit.has_value() && !aggregates && block.windows.empty();
  }
  (void)context;
  return plan;
}

}  // namespace shardproxy::router
