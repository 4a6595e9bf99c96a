#include "merger/merge_expr.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "merger/value/number_text.h"

namespace shardproxy {

struct MergeExpr::Literal {
  Value::Type type = Value::Type::kNull;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double double_value = 0;
  std::string text;  // DECIMAL digits or string bytes
  absl::optional<shardproxy::Decimal> decimal;
  const Collation* collation = nullptr;
  bool explicit_collation = false;
  uint16_t requested_collation = 0;  // an unknown COLLATE id, reported by Validate()
};

namespace {

const char* CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kNullSafeEq:
      return "<=>";
  }
  return "?";
}

const char* ArithmeticOpText(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "+";
    case ArithmeticOp::kSubtract:
      return "-";
    case ArithmeticOp::kMultiply:
      return "*";
    case ArithmeticOp::kDivide:
      return "/";
    case ArithmeticOp::kIntDivide:
      return "DIV";
    case ArithmeticOp::kModulo:
      return "%";
  }
  return "?";
}

Value BoolValue(bool b) { return Value::Int(b ? 1 : 0); }

}  // namespace

MergeExpr::MergeExpr(Literal literal)
    : kind_(Kind::kLiteral), literal_(std::make_shared<const Literal>(std::move(literal))) {}

MergeExpr MergeExpr::Operator(Kind kind, MergeExpr operand) {
  MergeExpr e;
  e.kind_ = kind;
  e.children_.push_back(std::move(operand));
  return e;
}

MergeExpr MergeExpr::Operator(Kind kind, MergeExpr left, MergeExpr right) {
  MergeExpr e = Operator(kind, std::move(left));
  e.children_.push_back(std::move(right));
  return e;
}

MergeExpr MergeExpr::Column(int index) {
  MergeExpr e;
  e.kind_ = Kind::kColumn;
  e.column_ = index;
  return e;
}

MergeExpr MergeExpr::Null() { return MergeExpr(Literal{}); }

MergeExpr MergeExpr::Int(int64_t v) {
  return MergeExpr(Literal{.type = Value::Type::kInt, .int_value = v});
}

MergeExpr MergeExpr::UInt(uint64_t v) {
  return MergeExpr(Literal{.type = Value::Type::kUInt, .uint_value = v});
}

MergeExpr MergeExpr::Decimal(absl::string_view text) {
  Literal lit{.type = Value::Type::kDecimal,
              .text = std::string(text),
              .decimal = shardproxy::Decimal::Parse(text)};
  if (!lit.decimal.has_value()) lit.type = Value::Type::kNull;  // Validate() reports it
  return MergeExpr(std::move(lit));
}

MergeExpr MergeExpr::Double(double v) {
  return MergeExpr(Literal{.type = Value::Type::kDouble, .double_value = v});
}

MergeExpr MergeExpr::String(absl::string_view text, absl::optional<uint16_t> collation) {
  Literal lit{.type = Value::Type::kString,
              .text = std::string(text),
              .collation = Collation::Find(collation.value_or(collation_id::kUtf8mb4GeneralCi)),
              .explicit_collation = collation.has_value()};
  if (lit.collation == nullptr) {
    lit.requested_collation = *collation;
    lit.collation = Collation::Find(collation_id::kUtf8mb4GeneralCi);
  }
  return MergeExpr(std::move(lit));
}

MergeExpr MergeExpr::Compare(CompareOp op, MergeExpr left, MergeExpr right) {
  MergeExpr e = Operator(Kind::kCompare, std::move(left), std::move(right));
  e.compare_op_ = op;
  return e;
}

MergeExpr MergeExpr::In(MergeExpr value, std::vector<MergeExpr> list) {
  MergeExpr e = Operator(Kind::kIn, std::move(value));
  for (auto& item : list) e.children_.push_back(std::move(item));
  return e;
}

MergeExpr MergeExpr::And(MergeExpr left, MergeExpr right) {
  return Operator(Kind::kAnd, std::move(left), std::move(right));
}

MergeExpr MergeExpr::Or(MergeExpr left, MergeExpr right) {
  return Operator(Kind::kOr, std::move(left), std::move(right));
}

MergeExpr MergeExpr::Xor(MergeExpr left, MergeExpr right) {
  return Operator(Kind::kXor, std::move(left), std::move(right));
}

MergeExpr MergeExpr::Not(MergeExpr operand) { return Operator(Kind::kNot, std::move(operand)); }

MergeExpr MergeExpr::Arithmetic(ArithmeticOp op, MergeExpr left, MergeExpr right) {
  MergeExpr e = Operator(Kind::kArithmetic, std::move(left), std::move(right));
  e.arithmetic_op_ = op;
  return e;
}

MergeExpr MergeExpr::Negate(MergeExpr operand) {
  return Operator(Kind::kNegate, std::move(operand));
}

MergeExpr MergeExpr::Coalesce(std::vector<MergeExpr> operands) {
  MergeExpr e;
  e.kind_ = Kind::kCoalesce;
  e.children_ = std::move(operands);
  return e;
}

MergeExpr MergeExpr::Round(MergeExpr operand, int decimals) {
  MergeExpr e = Operator(Kind::kRound, std::move(operand));
  e.column_ = decimals;
  return e;
}

MergeExpr MergeExpr::IsNull(MergeExpr operand) {
  return Operator(Kind::kIsNull, std::move(operand));
}

MergeExpr MergeExpr::IsNotNull(MergeExpr operand) {
  return Operator(Kind::kIsNotNull, std::move(operand));
}

Value MergeExpr::literal() const {
  const Literal& l = *literal_;
  switch (l.type) {
    case Value::Type::kNull:
      return Value::Null();
    case Value::Type::kInt:
      return Value::Int(l.int_value);
    case Value::Type::kUInt:
      return Value::UInt(l.uint_value);
    case Value::Type::kDecimal:
      return Value::FromDecimal(*l.decimal);
    case Value::Type::kDouble:
      return Value::Double(l.double_value);
    case Value::Type::kString:
      // An explicit COLLATE makes the literal's collation win over a column's.
      return Value::String(
          l.text, l.collation, CellEncoding::kUtf8,
          l.explicit_collation ? Value::Coercibility::kExplicit : Value::Coercibility::kLiteral);
    default:
      return Value::Null();
  }
}

std::string MergeExpr::ToString() const {
  switch (kind_) {
    case Kind::kColumn:
      return absl::StrCat("`#", column_, "`");
    case Kind::kLiteral: {
      if (literal_->type == Value::Type::kString) {
        std::string out = "'";
        for (char c : literal_->text) {
          if (c == '\'') out.push_back('\'');
          out.push_back(c);
        }
        return out + "'";
      }
      if (literal_->type == Value::Type::kDecimal) return literal_->text;
      return literal().DebugString();
    }
    case Kind::kCompare:
      return absl::StrCat("(", children_[0].ToString(), " ", CompareOpText(compare_op_), " ",
                          children_[1].ToString(), ")");
    case Kind::kIn: {
      std::vector<std::string> items;
      for (size_t i = 1; i < children_.size(); ++i) items.push_back(children_[i].ToString());
      return absl::StrCat("(", children_[0].ToString(), " IN (", absl::StrJoin(items, ", "), "))");
    }
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kXor: {
      const char* op = kind_ == Kind::kAnd ? "AND" : (kind_ == Kind::kOr ? "OR" : "XOR");
      return absl::StrCat("(", children_[0].ToString(), " ", op, " ", children_[1].ToString(), ")");
    }
    case Kind::kNot:
      return absl::StrCat("(NOT ", children_[0].ToString(), ")");
    case Kind::kArithmetic:
      return absl::StrCat("(", children_[0].ToString(), " ", ArithmeticOpText(arithmetic_op_), " ",
                          children_[1].ToString(), ")");
    case Kind::kNegate:
      return absl::StrCat("(-", children_[0].ToString(), ")");
    case Kind::kIsNull:
      return absl::StrCat("(", children_[0].ToString(), " IS NULL)");
    case Kind::kIsNotNull:
      return absl::StrCat("(", children_[0].ToString(), " IS NOT NULL)");
    case Kind::kCoalesce: {
      std::string out = "COALESCE(";
      for (size_t i = 0; i < children_.size(); ++i) {
        absl::StrAppend(&out, i ? ", " : "", children_[i].ToString());
      }
      return absl::StrCat(out, ")");
    }
    case Kind::kRound:
      return absl::StrCat("ROUND(", children_[0].ToString(), ", ", column_, ")");
  }
  return "?";
}

absl::Status MergeExpr::Validate(int column_count) const {
  if (kind_ == Kind::kColumn && (column_ < 0 || column_ >= column_count)) {
    return InternalError(absl::StrCat("merge expression ", ToString(), " refers to column ",
                                      column_, " of a ", column_count, "-column row"));
  }
  if (kind_ == Kind::kLiteral && literal_->requested_collation != 0) {
    return UnsupportedError(absl::StrCat("shardproxy cannot evaluate COLLATE with collation id ",
                                         literal_->requested_collation, " in a merge"));
  }
  if (kind_ == Kind::kLiteral && literal_->type == Value::Type::kNull && !literal_->text.empty()) {
    return InternalError(
        absl::StrCat("merge expression has a malformed DECIMAL literal '", literal_->text, "'"));
  }
  for (const MergeExpr& child : children_) {
    absl::Status s = child.Validate(column_count);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Value> Evaluate(const MergeExpr& expr, const ExprRow& row,
                               int div_precision_increment) {
  using Kind = MergeExpr::Kind;
  const auto& c = expr.children();
  switch (expr.kind()) {
    case Kind::kColumn:
      return row.ColumnValue(expr.column());
    case Kind::kLiteral:
      return expr.literal();
    case Kind::kCompare: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      absl::StatusOr<Value> b = Evaluate(c[1], row, div_precision_increment);
      if (!b.ok()) return b.status();
      if (expr.compare_op() == CompareOp::kNullSafeEq) {
        if (a->is_null() || b->is_null()) return BoolValue(a->is_null() && b->is_null());
      }
      absl::optional<int> r = CompareValues(*a, *b);
      if (!r.has_value()) return Value::Null();
      switch (expr.compare_op()) {
        case CompareOp::kEq:
        case CompareOp::kNullSafeEq:
          return BoolValue(*r == 0);
        case CompareOp::kNe:
          return BoolValue(*r != 0);
        case CompareOp::kLt:
          return BoolValue(*r < 0);
        case CompareOp::kLe:
          return BoolValue(*r <= 0);
        case CompareOp::kGt:
          return BoolValue(*r > 0);
        case CompareOp::kGe:
          return BoolValue(*r >= 0);
      }
      return Value::Null();
    }
    case Kind::kIn: {
      absl::StatusOr<Value> v = Evaluate(c[0], row, div_precision_increment);
      if (!v.ok()) return v.status();
      if (v->is_null()) return Value::Null();
      bool saw_null = false;
      for (size_t i = 1; i < c.size(); ++i) {
        absl::StatusOr<Value> item = Evaluate(c[i], row, div_precision_increment);
        if (!item.ok()) return item.status();
        absl::optional<int> r = CompareValues(*v, *item, /*round_decimals=*/false);
        if (!r.has_value()) {
          saw_null = true;
        } else if (*r == 0) {
          return BoolValue(true);
        }
      }
      return saw_null ? Value::Null() : BoolValue(false);
    }
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kXor: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      absl::optional<bool> x = a->ToBool();
      // Short-circuit as MySQL does: FALSE AND ..., TRUE OR ...
      if (expr.kind() == Kind::kAnd && x.has_value() && !*x) return BoolValue(false);
      if (expr.kind() == Kind::kOr && x.has_value() && *x) return BoolValue(true);
      absl::StatusOr<Value> b = Evaluate(c[1], row, div_precision_increment);
      if (!b.ok()) return b.status();
      absl::optional<bool> y = b->ToBool();
      if (expr.kind() == Kind::kAnd) {
        if (y.has_value() && !*y) return BoolValue(false);
        if (!x.has_value() || !y.has_value()) return Value::Null();
        return BoolValue(true);
      }
      if (expr.kind() == Kind::kOr) {
        if (y.has_value() && *y) return BoolValue(true);
        if (!x.has_value() || !y.has_value()) return Value::Null();
        return BoolValue(false);
      }
      if (!x.has_value() || !y.has_value()) return Value::Null();
      return BoolValue(*x != *y);
    }
    case Kind::kNot: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      absl::optional<bool> x = a->ToBool();
      if (!x.has_value()) return Value::Null();
      return BoolValue(!*x);
    }
    case Kind::kArithmetic: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      absl::StatusOr<Value> b = Evaluate(c[1], row, div_precision_increment);
      if (!b.ok()) return b.status();
      return Arithmetic(expr.arithmetic_op(), *a, *b, div_precision_increment);
    }
    case Kind::kNegate: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      return Negate(*a);
    }
    case Kind::kCoalesce:
      for (const MergeExpr& operand : c) {
        absl::StatusOr<Value> a = Evaluate(operand, row, div_precision_increment);
        if (!a.ok() || !a->is_null()) return a;
      }
      return Value::Null();
    case Kind::kRound: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok() || a->is_null()) return a;
      switch (a->type()) {
        case Value::Type::kInt:
        case Value::Type::kUInt:
          return a;
        case Value::Type::kDecimal: {
          const int decimals = std::min(expr.round_decimals(), a->decimal().scale());
          return Value::FromDecimal(a->decimal().Rescaled(decimals), decimals);
        }
        default:
          return UnsupportedError(
              "shardproxy cannot ROUND a floating-point or string value over merged groups "
              "(MariaDB's result depends on the C library); CAST it to DECIMAL first");
      }
    }
    case Kind::kIsNull:
    case Kind::kIsNotNull: {
      absl::StatusOr<Value> a = Evaluate(c[0], row, div_precision_increment);
      if (!a.ok()) return a.status();
      return BoolValue(a->is_null() == (expr.kind() == Kind::kIsNull));
    }
  }
  return Value::Null();
}

absl::StatusOr<bool> EvaluateCondition(const MergeExpr& expr, const ExprRow& row,
                                       int div_precision_increment) {
  absl::StatusOr<Value> v = Evaluate(expr, row, div_precision_increment);
  if (!v.ok()) return v.status();
  absl::optional<bool> b = v->ToBool();
  return b.has_value() && *b;
}

}  // namespace shardproxy
