// The top-level AND conjuncts of a condition: `a = 1 AND (b = 2 AND c > 3)` is `a = 1`, `b = 2`
// and `c > 3`, the pieces the router places, pushes down or matches one by one.
#ifndef SHARDPROXY_ROUTER_CONJUNCTS_H_
#define SHARDPROXY_ROUTER_CONJUNCTS_H_

#include "parser/ast/expression.h"

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

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_CONJUNCTS_H_
