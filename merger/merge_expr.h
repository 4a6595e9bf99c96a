// The merger's own small expression language: what HAVING (and a join's leftover condition)
// becomes once the router has translated the SQL. Column references index the merged row.
//
// Deliberately tiny — column refs, literals, comparisons, IN, AND/OR/XOR/NOT, arithmetic, unary
// minus, IS [NOT] NULL — and evaluated with MySQL's rules (value.h): three-valued logic, numbers
// vs strings compared as doubles, strings by collation, DECIMAL exact. A MergeExpr is a value
// type (copyable, immutable once built), so a MergeSpec holding one stays cacheable.
//
//   // HAVING SUM(amount) > 100 AND COUNT(*) >= 2, merged columns 1 and 2:
//   MergeExpr having = MergeExpr::And(
//       MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(1), MergeExpr::Int(100)),
//       MergeExpr::Compare(CompareOp::kGe, MergeExpr::Column(2), MergeExpr::Int(2)));
#ifndef SHARDPROXY_MERGER_MERGE_EXPR_H_
#define SHARDPROXY_MERGER_MERGE_EXPR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "merger/value/value.h"

namespace shardproxy {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

class MergeExpr {
 public:
  enum class Kind : uint8_t {
    kColumn,
    kLiteral,
    kCompare,
    kIn,  // children[0] IN (children[1..])
    kAnd,
    kOr,
    kXor,
    kNot,
    kArithmetic,
    kNegate,
    kIsNull,
    kIsNotNull,
    kCoalesce,  // COALESCE / IFNULL: the first operand that is not NULL
    kRound,     // ROUND(children[0], round_decimals()) of an exact number
  };

  static MergeExpr Column(int index);
  static MergeExpr Null();
  static MergeExpr Int(int64_t v);
  static MergeExpr UInt(uint64_t v);
  // An exact literal as written ("1.50": DECIMAL with scale 2). Must be a plain decimal number.
  static MergeExpr Decimal(absl::string_view text);
  static MergeExpr Double(double v);
  // A string literal (UTF-8). Compared with the other side's collation when that is a column;
  // `collation` stands for an explicit COLLATE clause.
  static MergeExpr String(absl::string_view text, absl::optional<uint16_t> collation = {});

  static MergeExpr Compare(CompareOp op, MergeExpr left, MergeExpr right);
  static MergeExpr In(MergeExpr value, std::vector<MergeExpr> list);
  static MergeExpr And(MergeExpr left, MergeExpr right);
  static MergeExpr Or(MergeExpr left, MergeExpr right);
  static MergeExpr Xor(MergeExpr left, MergeExpr right);
  static MergeExpr Not(MergeExpr operand);
  static MergeExpr Arithmetic(ArithmeticOp op, MergeExpr left, MergeExpr right);
  static MergeExpr Negate(MergeExpr operand);
  static MergeExpr IsNull(MergeExpr operand);
  static MergeExpr IsNotNull(MergeExpr operand);
  static MergeExpr Coalesce(std::vector<MergeExpr> operands);
  // `decimals` >= 0. A DECIMAL is rounded half away from zero, as MariaDB rounds it; integers
  // stay; a floating-point operand is 1235 (MariaDB's result depends on the C library).
  static MergeExpr Round(MergeExpr operand, int decimals);

  Kind kind() const { return kind_; }
  int column() const { return column_; }
  CompareOp compare_op() const { return compare_op_; }
  ArithmeticOp arithmetic_op() const { return arithmetic_op_; }
  int round_decimals() const { return column_; }  // kRound
  const std::vector<MergeExpr>& children() const { return children_; }
  // The literal's value (valid while this expression lives).
  Value literal() const;

  // SQL-like text, for error messages and tests: "((`#1` > 100) AND (`#2` >= 2))".
  std::string ToString() const;

  // Every column index below `column_count`; an expression that is not, is a router bug.
  absl::Status Validate(int column_count) const;

 private:
  struct Literal;

  MergeExpr() = default;
  explicit MergeExpr(Literal literal);
  // A node of `kind` over its operands, moved in (a tree is built bottom-up, never copied).
  static MergeExpr Operator(Kind kind, MergeExpr operand);
  static MergeExpr Operator(Kind kind, MergeExpr left, MergeExpr right);

  Kind kind_ = Kind::kLiteral;
  int column_ = -1;
  CompareOp compare_op_ = CompareOp::kEq;
  ArithmeticOp arithmetic_op_ = ArithmeticOp::kAdd;
  std::vector<MergeExpr> children_;
  // Literal payload, shared so that copies keep string views valid.
  std::shared_ptr<const Literal> literal_;
};

// How an evaluation reads the merged row's columns.
class ExprRow {
 public:
  virtual ~ExprRow() = default;
  virtual Value ColumnValue(int index) const = 0;
};

absl::StatusOr<Value> Evaluate(const MergeExpr& expr, const ExprRow& row,
                               int div_precision_increment);
// A WHERE/HAVING condition: true when the value is non-NULL and true.
absl::StatusOr<bool> EvaluateCondition(const MergeExpr& expr, const ExprRow& row,
                                       int div_precision_increment);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MERGE_EXPR_H_
