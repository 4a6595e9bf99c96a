#include "router/merge_expr_translator.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/optional.h"
#include "common/mysql_error.h"
#include "parser/literal.h"

namespace shardproxy::router {
namespace {

using sql::Expr;
using sql::ExprKind;

// The MergeExpr counterpart of a binary operator.
struct MergeOperator {
  enum class Kind { kAnd, kOr, kXor, kCompare, kArithmetic };
  Kind kind;
  CompareOp compare = CompareOp::kEq;            // kCompare
  ArithmeticOp arithmetic = ArithmeticOp::kAdd;  // kArithmetic

  static MergeOperator Compare(CompareOp op) {
    return MergeOperator{.kind = Kind::kCompare, .compare = op};
  }
  static MergeOperator Arithmetic(ArithmeticOp op) {
    return MergeOperator{.kind = Kind::kArithmetic, .arithmetic = op};
  }

  MergeExpr Apply(MergeExpr left, MergeExpr right) const {
    switch (kind) {
      case Kind::kAnd:
        return MergeExpr::And(std::move(left), std::move(right));
      case Kind::kOr:
        return MergeExpr::Or(std::move(left), std::move(right));
      case Kind::kXor:
        return MergeExpr::Xor(std::move(left), std::move(right));
      case Kind::kCompare:
        return MergeExpr::Compare(compare, std::move(left), std::move(right));
      case Kind::kArithmetic:
        break;
    }
    return MergeExpr::Arithmetic(arithmetic, std::move(left), std::move(right));
  }
};

// nullopt: the merger has no such operator.
absl::optional<MergeOperator> MergeOperatorOf(sql::BinaryOp op) {
  using Kind = MergeOperator::Kind;
  switch (op) {
    case sql::BinaryOp::kAnd:
      return MergeOperator{.kind = Kind::kAnd};
    case sql::BinaryOp::kOr:
      return MergeOperator{.kind = Kind::kOr};
    case sql::BinaryOp::kXor:
      return MergeOperator{.kind = Kind::kXor};
    case sql::BinaryOp::kEq:
      return MergeOperator::Compare(CompareOp::kEq);
    case sql::BinaryOp::kNullSafeEq:
      return MergeOperator::Compare(CompareOp::kNullSafeEq);
    case sql::BinaryOp::kNe:
      return MergeOperator::Compare(CompareOp::kNe);
    case sql::BinaryOp::kLt:
      return MergeOperator::Compare(CompareOp::kLt);
    case sql::BinaryOp::kLe:
      return MergeOperator::Compare(CompareOp::kLe);
    case sql::BinaryOp::kGt:
      return MergeOperator::Compare(CompareOp::kGt);
    case sql::BinaryOp::kGe:
      return MergeOperator::Compare(CompareOp::kGe);
    case sql::BinaryOp::kAdd:
      return MergeOperator::Arithmetic(ArithmeticOp::kAdd);
    case sql::BinaryOp::kSub:
      return MergeOperator::Arithmetic(ArithmeticOp::kSubtract);
    case sql::BinaryOp::kMul:
      return MergeOperator::Arithmetic(ArithmeticOp::kMultiply);
    case sql::BinaryOp::kDiv:
      return MergeOperator::Arithmetic(ArithmeticOp::kDivide);
    case sql::BinaryOp::kIntDiv:
      return MergeOperator::Arithmetic(ArithmeticOp::kIntDivide);
    case sql::BinaryOp::kMod:
      return MergeOperator::Arithmetic(ArithmeticOp::kModulo);
    default:
      return absl::nullopt;
  }
}

}  // namespace

absl::StatusOr<MergeExpr> MergeExprTranslator::Translate(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      return Binary(e);
    case ExprKind::kUnary: {
      const auto& u = e.As<sql::UnaryExpr>();
      absl::StatusOr<MergeExpr> x = Translate(*u.operand);
      if (!x.ok()) return x.status();
      if (u.op == sql::UnaryOp::kNot || u.op == sql::UnaryOp::kBang) return MergeExpr::Not(*x);
      if (u.op == sql::UnaryOp::kMinus) return MergeExpr::Negate(*x);
      if (u.op == sql::UnaryOp::kPlus) return x;
      return leaves_.Refusal(e, UntranslatableForm::kUnaryOperator);
    }
    case ExprKind::kIs: {
      const auto& is = e.As<sql::IsExpr>();
      if (is.what != sql::IsExpr::What::kNull) {
        return leaves_.Refusal(e, UntranslatableForm::kIsTruthValue);
      }
      absl::StatusOr<MergeExpr> x = Translate(*is.operand);
      if (!x.ok()) return x.status();
      return is.negated ? MergeExpr::IsNotNull(*x) : MergeExpr::IsNull(*x);
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<sql::BetweenExpr>();
      absl::StatusOr<MergeExpr> x = Translate(*b.operand);
      if (!x.ok()) return x.status();
      absl::StatusOr<MergeExpr> low = Translate(*b.low);
      if (!low.ok()) return low.status();
      absl::StatusOr<MergeExpr> high = Translate(*b.high);
      if (!high.ok()) return high.status();
      MergeExpr range = MergeExpr::And(MergeExpr::Compare(CompareOp::kGe, *x, *low),
                                       MergeExpr::Compare(CompareOp::kLe, *x, *high));
      return b.negated ? MergeExpr::Not(std::move(range)) : range;
    }
    case ExprKind::kIn:
      return In(e);
    case ExprKind::kLiteral:
      return Literal(e);
    case ExprKind::kParam:
      return Value(statement_.Value(e.As<sql::ParamExpr>().slot), e);
    default:
      return leaves_.Leaf(e);
  }
}

absl::StatusOr<MergeExpr> MergeExprTranslator::Binary(const Expr& e) {
  const auto& b = e.As<sql::BinaryExpr>();
  absl::optional<MergeOperator> op = MergeOperatorOf(b.op);
  if (!op.has_value() && options_.refuse_operator_first) {
    return leaves_.Refusal(e, UntranslatableForm::kBinaryOperator);
  }
  absl::StatusOr<MergeExpr> left = Translate(*b.left);
  if (!left.ok()) return left.status();
  absl::StatusOr<MergeExpr> right = Translate(*b.right);
  if (!right.ok()) return right.status();
  if (!op.has_value()) return leaves_.Refusal(e, UntranslatableForm::kBinaryOperator);
  return op->Apply(*std::move(left), *std::move(right));
}

absl::StatusOr<MergeExpr> MergeExprTranslator::In(const Expr& e) {
  const auto& in = e.As<sql::InExpr>();
  if (in.subquery != nullptr) return leaves_.Refusal(e, UntranslatableForm::kInSubquery);
  if (options_.refuse_row_in && in.operand->kind == ExprKind::kRow) {
    return leaves_.Refusal(e, UntranslatableForm::kRowIn);
  }
  absl::StatusOr<MergeExpr> x = Translate(*in.operand);
  if (!x.ok()) return x.status();
  std::vector<MergeExpr> list;
  if (in.list_slot.valid()) {
    // A collapsed list of literals (rows of them, row-major, when the operand is a row).
    if (options_.refuse_row_in && statement_.RowArity(in.list_slot) > 1) {
      return leaves_.Refusal(e, UntranslatableForm::kRowIn);
    }
    for (const sql::LiteralValue& v : statement_.Values(in.list_slot)) {
      absl::StatusOr<MergeExpr> item = Value(v, e);
      if (!item.ok()) return item.status();
      list.push_back(*std::move(item));
    }
  } else {
    for (const auto& item_expr : in.list) {
      absl::StatusOr<MergeExpr> item = Translate(*item_expr);
      if (!item.ok()) return item.status();
      list.push_back(*std::move(item));
    }
  }
  MergeExpr in_list = MergeExpr::In(*std::move(x), std::move(list));
  return in.negated ? MergeExpr::Not(std::move(in_list)) : in_list;
}

absl::StatusOr<MergeExpr> MergeExprTranslator::Literal(const Expr& e) {
  const auto& literal = e.As<sql::LiteralExpr>();
  switch (literal.type) {
    case sql::LiteralExpr::Type::kNull:
      return MergeExpr::Null();
    case sql::LiteralExpr::Type::kTrue:
      return MergeExpr::Int(1);
    case sql::LiteralExpr::Type::kFalse:
      return MergeExpr::Int(0);
    case sql::LiteralExpr::Type::kSlot:
      if (!literal.introducer.empty() || !literal.temporal.empty()) {
        return leaves_.Refusal(e, UntranslatableForm::kTypedLiteral);
      }
      return Value(statement_.Value(literal.slot), e);
  }
  return InternalError("literal of an unknown type");
}

absl::StatusOr<MergeExpr> MergeExprTranslator::Value(const sql::LiteralValue& v,
                                                     const Expr& holder) {
  switch (v.kind) {
    case sql::TokenKind::kInteger: {
      int64_t s;
      uint64_t u;
      if (sql::LiteralToInt64(v, &s)) return MergeExpr::Int(s);
      if (sql::LiteralToUint64(v, &u)) return MergeExpr::UInt(u);
      return MergeExpr::Decimal(v.text);  // past BIGINT UNSIGNED: MySQL makes it a DECIMAL
    }
    case sql::TokenKind::kDecimal:
      return MergeExpr::Decimal(v.text);
    case sql::TokenKind::kFloat:
      return MergeExpr::Double(std::strtod(std::string(v.text).c_str(), nullptr));
    case sql::TokenKind::kString:
      return MergeExpr::String(sql::DecodeLiteralBytes(v));
    case sql::TokenKind::kNull:
      return MergeExpr::Null();
    default:
      return leaves_.Refusal(holder, UntranslatableForm::kLiteralValue);
  }
}

}  // namespace shardproxy::router
