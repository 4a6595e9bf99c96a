// The top-level AND conjuncts of a condition: `a = 1 AND (b = 2 AND c > 3)` is `a = 1`, `b = 2`
// and `c > 3`, the pieces the router places, pushes down or matches one by one; and the ON
// conditions of a FROM clause's joins, which hold more of them.
#ifndef SHARDPROXY_ROUTER_CONJUNCTS_H_
#define SHARDPROXY_ROUTER_CONJUNCTS_H_

#include "parser/ast/expression.h"
#include "parser/ast/query.h"

namespace shardproxy::router {

// Appends the conjuncts of `condition` to `out` (a std::vector or absl::InlinedVector of
// `const sql::Expr*`), left to right; none for a null condition (no WHERE or ON).
template <typename Container>
void SplitConjuncts(const sql::Expr* condition, Container* out) {
  if (condition == nullptr) return;
  if (condition->kind == sql::ExprKind::kBinary &&
      condition->As<sql::BinaryExpr>().op == sql::BinaryOp::kAnd) {
    SplitConjuncts(condition->As<sql::BinaryExpr>().left.get(), out);
    SplitConjuncts(condition->As<sql::BinaryExpr>().right.get(), out);
    return;
  }
  out->push_back(condition);
}

// Which joins' ON conditions CollectJoinConditions takes.
enum class JoinOnScope {
  kAll,
  // Inner (and STRAIGHT_JOIN, CROSS) joins only: their ON filters the joined rows as a WHERE
  // would, so its conditions may narrow routing; an outer join's ON does not drop rows.
  kFiltering,
};

// Appends the ON conditions of the joins in `ref` (not of derived tables inside it), left to
// right, to `out` (a std::vector or absl::InlinedVector of `const sql::Expr*`).
template <typename Container>
void CollectJoinConditions(const sql::TableRef& ref, JoinOnScope scope, Container* out) {
  switch (ref.kind) {
    case sql::TableRefKind::kJoin: {
      const auto& join = ref.As<sql::JoinTableRef>();
      CollectJoinConditions(*join.left, scope, out);
      CollectJoinConditions(*join.right, scope, out);
      if (join.on == nullptr) break;
      if (scope == JoinOnScope::kAll || join.join == sql::JoinKind::kInner ||
          join.join == sql::JoinKind::kStraight || join.join == sql::JoinKind::kCross) {
        out->push_back(join.on.get());
      }
      break;
    }
    case sql::TableRefKind::kNested:
      for (const auto& item : ref.As<sql::NestedTableRef>().items) {
        CollectJoinConditions(*item, scope, out);
      }
      break;
    default:
      break;
  }
}

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_CONJUNCTS_H_
