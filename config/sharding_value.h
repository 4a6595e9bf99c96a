// A value of a sharding column, as the router found it in a statement (a literal or a bound
// parameter) or as the executor read it from a text-protocol cell. Cheap to copy and never
// allocating: text is borrowed and must outlive the call it is passed to.
//
// The type tag follows the SQL literal the value came from, not the column's declared type (the
// config does not know column types). Algorithms interpret values the way MySQL compares a column
// with such a literal: 5, '5', 5.0 and '05' all denote the number 5 for the numeric algorithms, so
// `WHERE id = '5'` finds the row inserted with id = 5. The rules are per algorithm (see
// sharding_algorithm.h and config/README.md).
#ifndef SHARDPROXY_CONFIG_SHARDING_VALUE_H_
#define SHARDPROXY_CONFIG_SHARDING_VALUE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"

namespace shardproxy {

class ShardingValue {
 public:
  enum class Type : uint8_t {
    kNull,      // SQL NULL
    kInteger,   // integer literal (signed, or unsigned up to 2^64-1)
    kDecimal,   // exact or approximate numeric literal as text: "12.50", "-3", "1e3"
    kString,    // string literal (unescaped contents)
    kDate,      // DATE 'YYYY-MM-DD' literal or a DATE cell
    kDateTime,  // TIMESTAMP/DATETIME literal or cell: 'YYYY-MM-DD HH:MM:SS[.ffffff]'
  };

  constexpr ShardingValue() = default;  // NULL
  static constexpr ShardingValue Null() { return ShardingValue(); }
  static constexpr ShardingValue Integer(int64_t value) {
    ShardingValue v;
    v.type_ = Type::kInteger;
    v.integer_ = value;
    return v;
  }
  static constexpr ShardingValue Unsigned(uint64_t value) {
    ShardingValue v;
    v.type_ = Type::kInteger;
    v.integer_ = static_cast<int64_t>(value);
    v.unsigned_ = true;
    return v;
  }
  static ShardingValue Decimal(absl::string_view text) { return Text(Type::kDecimal, text); }
  static ShardingValue String(absl::string_view text) { return Text(Type::kString, text); }
  static ShardingValue Date(absl::string_view text) { return Text(Type::kDate, text); }
  static ShardingValue DateTime(absl::string_view text) { return Text(Type::kDateTime, text); }

  // A text-protocol cell (nullopt = NULL) of a column of `type`. Integer columns become kInteger
  // (kDecimal if the text is not a plain integer), DECIMAL/FLOAT/DOUBLE kDecimal, DATE kDate,
  // DATETIME/TIMESTAMP kDateTime, everything else kString.
  static ShardingValue FromCell(absl::optional<absl::string_view> cell, FieldType type,
                                bool is_unsigned = false);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  // kInteger only.
  bool is_unsigned() const { return unsigned_; }
  int64_t int_value() const { return integer_; }
  uint64_t uint_value() const { return static_cast<uint64_t>(integer_); }
  // True for a kInteger that is negative (an unsigned value never is).
  bool IsNegativeInteger() const { return type_ == Type::kInteger && !unsigned_ && integer_ < 0; }
  // kDecimal, kString, kDate, kDateTime.
  absl::string_view text() const { return text_; }

  // For messages: 5, 18446744073709551615, 12.5, 'abc', DATE '2024-01-05', NULL. Strings are cut
  // after 64 characters.
  std::string ToString() const;

 private:
  static ShardingValue Text(Type type, absl::string_view text) {
    ShardingValue v;
    v.type_ = type;
    v.text_ = text;
    return v;
  }

  Type type_ = Type::kNull;
  bool unsigned_ = false;
  int64_t integer_ = 0;
  absl::string_view text_;
};

// A range condition on one column: `col BETWEEN a AND b` is {low a inclusive, high b inclusive},
// `col > a` is {low a exclusive, no high}. A missing bound is unbounded.
struct RangeBound {
  ShardingValue value;
  bool inclusive = true;
};
struct ShardingRange {
  absl::optional<RangeBound> low;
  absl::optional<RangeBound> high;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_SHARDING_VALUE_H_
