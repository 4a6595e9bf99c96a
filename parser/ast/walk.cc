#include "parser/ast/walk.h"

#include "absl/base/attributes.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"

namespace shardproxy::sql {

// Not inlined: the walkers below call it through FunctionRefs that lead back to themselves, and
// clang's inliner, seeing through them, otherwise expands the recursion for minutes at -O2.
ABSL_ATTRIBUTE_NOINLINE void ForEachChild(const Expr& expr,
                                          absl::FunctionRef<void(const Expr&)> on_expr,
                                          absl::FunctionRef<void(const QueryNode&)> on_query) {
  auto one = [&](const ExprPtr& e) {
    if (e != nullptr) on_expr(*e);
  };
  auto list = [&](const std::vector<ExprPtr>& exprs) {
    for (const ExprPtr& e : exprs) one(e);
  };
  auto order = [&](const std::vector<OrderItem>& items) {
    for (const OrderItem& item : items) one(item.expr);
  };
  auto query = [&](const std::unique_ptr<QueryNode>& q) {
    if (q != nullptr) on_query(*q);
  };
  switch (expr.kind) {
    case ExprKind::kLiteral:
    case ExprKind::kParam:
    case ExprKind::kColumnRef:
    case ExprKind::kVariable:
      return;
    case ExprKind::kUnary:
      one(expr.As<UnaryExpr>().operand);
      return;
    case ExprKind::kBinary:
      one(expr.As<BinaryExpr>().left);
      one(expr.As<BinaryExpr>().right);
      return;
    case ExprKind::kIs:
      one(expr.As<IsExpr>().operand);
      return;
    case ExprKind::kIn: {
      const auto& in = expr.As<InExpr>();
      one(in.operand);
      list(in.list);
      query(in.subquery);
      return;
    }
    case ExprKind::kBetween: {
      const auto& b = expr.As<BetweenExpr>();
      one(b.operand);
      one(b.low);
      one(b.high);
      return;
    }
    case ExprKind::kLike: {
      const auto& l = expr.As<LikeExpr>();
      one(l.operand);
      one(l.pattern);
      one(l.escape);
      return;
    }
    case ExprKind::kCase: {
      const auto& c = expr.As<CaseExpr>();
      one(c.operand);
      for (const auto& [when, then] : c.whens) {
        one(when);
        one(then);
      }
      one(c.else_expr);
      return;
    }
    case ExprKind::kCast:
      one(expr.As<CastExpr>().operand);
      return;
    case ExprKind::kFunction: {
      const auto& f = expr.As<FunctionExpr>();
      list(f.args);
      order(f.order_by);
      if (f.over != nullptr) {
        list(f.over->partition_by);
        order(f.over->order_by);
      }
      return;
    }
    case ExprKind::kSubquery:
      query(expr.As<SubqueryExpr>().query);
      return;
    case ExprKind::kExists:
      query(expr.As<ExistsExpr>().query);
      return;
    case ExprKind::kQuantified:
      one(expr.As<QuantifiedComparisonExpr>().left);
      query(expr.As<QuantifiedComparisonExpr>().query);
      return;
    case ExprKind::kAssign:
      one(expr.As<AssignExpr>().value);
      return;
    case ExprKind::kInterval:
      one(expr.As<IntervalExpr>().value);
      return;
    case ExprKind::kRow:
      list(expr.As<RowExpr>().items);
      return;
    case ExprKind::kCollate:
      one(expr.As<CollateExpr>().operand);
      return;
    case ExprKind::kDefault:
      one(expr.As<DefaultExpr>().column);
      return;
    case ExprKind::kMatch:
      list(expr.As<MatchExpr>().columns);
      one(expr.As<MatchExpr>().against);
      return;
  }
}

ABSL_ATTRIBUTE_NOINLINE void ForEachExpr(const Expr& expr,
                                         absl::FunctionRef<void(const Expr&)> fn) {
  fn(expr);
  ForEachChild(
      expr, [&](const Expr& child) { ForEachExpr(child, fn); }, [](const QueryNode&) {});
}

namespace {

class Walker {
 public:
  Walker(absl::FunctionRef<void(const QueryNode&)> on_query,
         absl::FunctionRef<void(const Expr&)> on_expr)
      : on_query_(on_query), on_expr_(on_expr) {}

  void Statement_(const Statement& s);
  void Query(const QueryNode& q);

 private:
  ABSL_ATTRIBUTE_NOINLINE void Expression(const Expr& e) {
    on_expr_(e);
    ForEachChild(
        e, [this](const Expr& child) { Expression(child); },
        [this](const QueryNode& q) { Query(q); });
  }
  void One(const ExprPtr& e) {
    if (e != nullptr) Expression(*e);
  }
  void List(const std::vector<ExprPtr>& list) {
    for (const ExprPtr& e : list) One(e);
  }
  void Order(const std::vector<OrderItem>& items) {
    for (const OrderItem& item : items) One(item.expr);
  }
  void Items(const std::vector<SelectItem>& items) {
    for (const SelectItem& item : items) One(item.expr);
  }
  void Assignments(const std::vector<Assignment>& list) {
    for (const Assignment& a : list) {
      if (a.column != nullptr) Expression(*a.column);
      One(a.value);
    }
  }
  void TableRefs(const std::vector<TableRefPtr>& refs) {
    for (const TableRefPtr& ref : refs) TableRef_(*ref);
  }
  void TableRef_(const TableRef& ref) {
    switch (ref.kind) {
      case TableRefKind::kBase:
        return;
      case TableRefKind::kDerived:
        if (ref.As<DerivedTableRef>().query != nullptr) Query(*ref.As<DerivedTableRef>().query);
        return;
      case TableRefKind::kJoin: {
        const auto& join = ref.As<JoinTableRef>();
        TableRef_(*join.left);
        TableRef_(*join.right);
        One(join.on);
        return;
      }
      case TableRefKind::kNested:
        TableRefs(ref.As<NestedTableRef>().items);
        return;
    }
  }

  absl::FunctionRef<void(const QueryNode&)> on_query_;
  absl::FunctionRef<void(const Expr&)> on_expr_;
};

ABSL_ATTRIBUTE_NOINLINE void Walker::Query(const QueryNode& q) {
  on_query_(q);
  if (q.with != nullptr) {
    for (const CommonTableExpr& cte : q.with->ctes) {
      if (cte.query != nullptr) Query(*cte.query);
    }
  }
  switch (q.kind) {
    case QueryKind::kSelect: {
      const auto& s = q.As<SelectNode>();
      Items(s.items);
      TableRefs(s.from);
      One(s.where);
      Order(s.group_by);
      One(s.having);
      for (const WindowDefinition& w : s.windows) {
        List(w.spec.partition_by);
        Order(w.spec.order_by);
      }
      break;
    }
    case QueryKind::kSetOperation:
      Query(*q.As<SetOperationNode>().left);
      Query(*q.As<SetOperationNode>().right);
      break;
    case QueryKind::kParenthesized:
      Query(*q.As<ParenthesizedQueryNode>().inner);
      break;
  }
  Order(q.order_by);
}

void Walker::Statement_(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kSelect:
      Query(*statement.As<SelectStatement>().query);
      return;
    case StatementKind::kInsert: {
      const auto& s = statement.As<InsertStatement>();
      for (const auto& column : s.columns) Expression(*column);
      for (const auto& row : s.rows) List(row);
      Assignments(s.set);
      if (s.select != nullptr) Query(*s.select);
      Assignments(s.on_duplicate_key_update);
      Items(s.returning);
      return;
    }
    case StatementKind::kUpdate: {
      const auto& s = statement.As<UpdateStatement>();
      TableRefs(s.tables);
      Assignments(s.set);
      One(s.where);
      Order(s.order_by);
      return;
    }
    case StatementKind::kDelete: {
      const auto& s = statement.As<DeleteStatement>();
      TableRefs(s.from);
      One(s.where);
      Order(s.order_by);
      Items(s.returning);
      return;
    }
    case StatementKind::kCreateTable: {
      const auto& s = statement.As<CreateTableStatement>();
      if (s.select != nullptr) Query(*s.select);
      return;
    }
    case StatementKind::kSet:
      for (const SetAssignment& a : statement.As<SetStatement>().assignments) One(a.value);
      return;
    case StatementKind::kShow:
      One(statement.As<ShowStatement>().where);
      return;
    case StatementKind::kExplain:
      if (statement.As<ExplainStatement>().statement != nullptr) {
        Statement_(*statement.As<ExplainStatement>().statement);
      }
      return;
    case StatementKind::kKill:
      One(statement.As<KillStatement>().id);
      return;
    default:
      return;
  }
}

}  // namespace

void WalkStatement(const Statement& statement, absl::FunctionRef<void(const QueryNode&)> on_query,
                   absl::FunctionRef<void(const Expr&)> on_expr) {
  Walker(on_query, on_expr).Statement_(statement);
}

void WalkQuery(const QueryNode& query, absl::FunctionRef<void(const QueryNode&)> on_query,
               absl::FunctionRef<void(const Expr&)> on_expr) {
  Walker(on_query, on_expr).Query(query);
}

void ForEachSelectBlock(const QueryNode& query, absl::FunctionRef<void(const SelectNode&)> fn) {
  switch (query.kind) {
    case QueryKind::kSelect:
      fn(query.As<SelectNode>());
      break;
    case QueryKind::kSetOperation:
      ForEachSelectBlock(*query.As<SetOperationNode>().left, fn);
      ForEachSelectBlock(*query.As<SetOperationNode>().right, fn);
      break;
    case QueryKind::kParenthesized:
      ForEachSelectBlock(*query.As<ParenthesizedQueryNode>().inner, fn);
      break;
  }
}

void ForEachBaseTable(const TableRef& ref, absl::FunctionRef<void(const BaseTableRef&)> fn) {
  switch (ref.kind) {
    case TableRefKind::kBase:
      fn(ref.As<BaseTableRef>());
      break;
    case TableRefKind::kJoin:
      ForEachBaseTable(*ref.As<JoinTableRef>().left, fn);
      ForEachBaseTable(*ref.As<JoinTableRef>().right, fn);
      break;
    case TableRefKind::kNested:
      for (const auto& item : ref.As<NestedTableRef>().items) ForEachBaseTable(*item, fn);
      break;
    case TableRefKind::kDerived:
      break;
  }
}

}  // namespace shardproxy::sql
