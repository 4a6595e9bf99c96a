// An exact decimal number read from text without allocating, so that the numeric algorithms can
// treat 5, '5', 5.0, '05' and 5e0 as the same number, as MySQL's comparison does, and can take the
// modulus of a DECIMAL or BIGINT UNSIGNED key of any size.
#ifndef SHARDPROXY_CONFIG_EXACT_NUMBER_H_
#define SHARDPROXY_CONFIG_EXACT_NUMBER_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "config/sharding_value.h"

namespace shardproxy {

class ExactNumber {
 public:
  // Significant digits kept; a value needing more is not a sharding key anyone uses (DECIMAL
  // has at most 65 digits).
  static constexpr int kMaxDigits = 80;
  // Largest |position of the decimal point|, which bounds the plain-notation text to
  // kMaxCanonicalLength characters.
  static constexpr int kMaxPoint = 100;
  static constexpr size_t kMaxCanonicalLength = kMaxPoint + kMaxDigits + 3;

  // [spaces][+|-]digits[.digits][(e|E)[+|-]digits][spaces] (".5" and "5." too). False for
  // anything else, or a number outside the limits above.
  static bool Parse(absl::string_view text, ExactNumber* out);
  static ExactNumber FromInt64(int64_t value);
  static ExactNumber FromUint64(uint64_t value);
  // kInteger, kDecimal, and kString whose text is a number; false for other values.
  static bool FromValue(const ShardingValue& value, ExactNumber* out);

  bool negative() const { return negative_; }
  bool is_zero() const { return count_ == 0; }
  bool is_integer() const { return point_ >= count_; }
  // The value when it is an integer within int64.
  bool ToInt64(int64_t* out) const;
  // floor/ceil of the value, false when outside int64.
  bool Floor(int64_t* out) const;
  bool Ceil(int64_t* out) const;
  // |trunc(value)| mod `modulus` (modulus > 0).
  uint64_t AbsIntegerPartMod(uint64_t modulus) const;
  // Plain notation without leading or trailing zeros: "0", "-12.5", "1000". Writes at most
  // kMaxCanonicalLength bytes and returns the length.
  size_t Canonical(char* out) const;

 private:
  // Truncation toward zero, false when outside int64.
  bool Truncate(int64_t* out) const;
  int DigitAt(int position) const {  // digit at 0-based position from the most significant
    return position < count_ ? digits_[position] : 0;
  }

  bool negative_ = false;
  int count_ = 0;  // significant digits, no leading or trailing zeros; 0 means zero
  int point_ = 0;  // value = 0.d1d2..dn * 10^point_
  uint8_t digits_[kMaxDigits];
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_EXACT_NUMBER_H_
