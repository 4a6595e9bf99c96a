// A typed SQL value, for evaluating the merger's own expressions (HAVING) by MySQL's rules.
//
// Rows travel as text; an expression needs to know that "10" from an INT column is an integer
// and "10" from a VARCHAR is a string, because MySQL compares 10 < 9 as false for numbers and
// '10' < '9' as true for strings, and compares a string with a number as doubles. Value carries
// that type, plus what MariaDB's comparisons need: the declared number of decimals (MariaDB
// rounds DECIMAL operands to it before comparing: 4/3 = 1.3333 is true) and, for strings, the
// collation and whether it comes from a literal (a column's collation wins over a literal's).
//
// String payloads are views: into the row being evaluated or into the expression's literals,
// both of which outlive the evaluation.
#ifndef SHARDPROXY_MERGER_VALUE_VALUE_H_
#define SHARDPROXY_MERGER_VALUE_VALUE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"
#include "merger/value/collation.h"
#include "merger/value/decimal.h"

namespace shardproxy {

class Value {
 public:
  enum class Type : uint8_t { kNull, kInt, kUInt, kDecimal, kDouble, kString, kDateTime, kTime };

  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Int(int64_t v);
  static Value UInt(uint64_t v);
  // `decimals`: the declared scale MariaDB rounds to before comparing (defaults to the value's).
  static Value FromDecimal(Decimal d, absl::optional<int> decimals = absl::nullopt);
  static Value Double(double v, int decimals = 31);
  // How strongly a string's collation claims a comparison (MySQL's coercibility): an explicit
  // COLLATE beats a column, which beats a literal.
  enum class Coercibility : uint8_t { kExplicit = 0, kColumn = 2, kLiteral = 4 };
  static Value String(absl::string_view s, const Collation* collation, CellEncoding encoding,
                      Coercibility coercibility);
  // A DATE/DATETIME/TIMESTAMP or TIME in its text form.
  static Value Temporal(Type type, absl::string_view text);

  // The value of a text cell of `column` (strings compare with `collation`).
  static Value FromCell(const Cell& cell, const ColumnDefinition& column,
                        const Collation* collation, CellEncoding encoding);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  int64_t int_value() const { return int_; }
  uint64_t uint_value() const { return uint_; }
  const Decimal& decimal() const { return decimal_; }
  double double_value() const { return double_; }
  absl::string_view text() const { return text_; }
  int decimals() const { return decimals_; }
  const Collation* collation() const { return collation_; }
  CellEncoding encoding() const { return encoding_; }
  Coercibility coercibility() const { return coercibility_; }

  // Numeric views, converting as MySQL does (strings by their numeric prefix, temporals as
  // YYYYMMDDhhmmss numbers).
  double ToDouble() const;
  Decimal ToDecimal() const;
  // MySQL truth: non-NULL and non-zero. nullopt for NULL.
  absl::optional<bool> ToBool() const;

  // For messages and tests.
  std::string DebugString() const;

 private:
  Type type_ = Type::kNull;
  Coercibility coercibility_ = Coercibility::kLiteral;
  int decimals_ = 0;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double double_ = 0;
  Decimal decimal_;
  absl::string_view text_;
  const Collation* collation_ = nullptr;
  CellEncoding encoding_ = CellEncoding::kUtf8;
};

// MySQL comparison of two values: nullopt if either is NULL. `round_decimals` applies MariaDB's
// rounding of DECIMAL operands to their declared scale (what =, <, > do; IN does not).
absl::optional<int> CompareValues(const Value& a, const Value& b, bool round_decimals = true);

enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kIntDivide, kModulo };

// MySQL arithmetic: integer if both operands are integers (error 1690 on overflow), DECIMAL if
// exact, DOUBLE otherwise; '/' is DECIMAL for exact operands with div_precision_increment more
// decimals; division by zero is NULL.
absl::StatusOr<Value> Arithmetic(ArithmeticOp op, const Value& a, const Value& b,
                                 int div_precision_increment);
absl::StatusOr<Value> Negate(const Value& a);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_VALUE_H_
