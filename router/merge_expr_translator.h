// Turns a parsed condition into the MergeExpr the merger evaluates (merger/merge_expr.h): a
// cross-node SELECT's HAVING over the merged row, a join's leftover ON / WHERE (or a derived
// table's WHERE) over the joined row.
//
// The operators (AND/OR/XOR/NOT, comparisons, arithmetic, signs), IS [NOT] NULL, BETWEEN, IN
// lists, literals and parameters translate the same for every condition. What a leaf stands for
// (a joined row's column; a HAVING aggregate or group column) and how a refusal is worded differ,
// so they are asked of the caller's MergeExprTranslator::Leaves:
//
//   class HavingLeaves : public MergeExprTranslator::Leaves { … };
//   HavingLeaves leaves(…);
//   absl::StatusOr<MergeExpr> having =
//       MergeExprTranslator(statement, &leaves, {}).Translate(*select.having);
#ifndef SHARDPROXY_ROUTER_MERGE_EXPR_TRANSLATOR_H_
#define SHARDPROXY_ROUTER_MERGE_EXPR_TRANSLATOR_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "merger/merge_expr.h"
#include "parser/ast/expression.h"
#include "parser/bound_statement.h"
#include "parser/token.h"

namespace shardproxy::router {

// A form the merger cannot evaluate, named so that the caller can word its refusal.
enum class UntranslatableForm {
  kBinaryOperator,  // LIKE, REGEXP, bit operators, …: MergeExpr has only logic, comparisons and
                    // arithmetic
  kUnaryOperator,   // ~, BINARY, …
  kIsTruthValue,    // IS [NOT] TRUE / FALSE / UNKNOWN
  kInSubquery,      // IN (SELECT …)
  kRowIn,           // (a, b) IN (…): MergeExpr compares single values
  kTypedLiteral,    // DATE '…', _utf8mb4'…'
  kLiteralValue,    // hex and bit literals: MergeExpr has no value of their type
};

class MergeExprTranslator {
 public:
  // What the caller decides.
  class Leaves {
   public:
    virtual ~Leaves() = default;
    // Everything the translator does not take apart itself: column references, function calls
    // (aggregates), rows, subqueries, ….
    virtual absl::StatusOr<MergeExpr> Leaf(const sql::Expr& e) = 0;
    // The error for `e`, of a form the merger cannot evaluate (for kLiteralValue `e` is the
    // expression holding the literal: the literal, the parameter or the IN list).
    virtual absl::Status Refusal(const sql::Expr& e, UntranslatableForm form) = 0;
  };

  // The two callers have always differed in which error an expression that is wrong in two
  // places reports, and in rows; kept so that each keeps its messages.
  struct Options {
    // Refuse `a LIKE b` before translating a and b (the join: its refusal quotes the whole
    // condition) rather than after (HAVING: an error inside an operand is reported first).
    bool refuse_operator_first = false;
    // Refuse `(a, b) IN (…)` (the merger compares single values). Otherwise the row goes to
    // Leaf like any other expression.
    bool refuse_row_in = false;
  };

  // `statement` holds the values of literal and parameter slots; both outlive the translator.
  MergeExprTranslator(const sql::BoundStatement& statement, Leaves* leaves, Options options)
      : statement_(statement), leaves_(*leaves), options_(options) {}

  absl::StatusOr<MergeExpr> Translate(const sql::Expr& e);

 private:
  absl::StatusOr<MergeExpr> Binary(const sql::Expr& e);
  absl::StatusOr<MergeExpr> In(const sql::Expr& e);
  absl::StatusOr<MergeExpr> Literal(const sql::Expr& e);
  // A literal or parameter value; `holder` is the expression it came from, for a refusal.
  absl::StatusOr<MergeExpr> Value(const sql::LiteralValue& v, const sql::Expr& holder);

  const sql::BoundStatement& statement_;
  Leaves& leaves_;
  Options options_;
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_MERGE_EXPR_TRANSLATOR_H_
