#include "config/exact_number.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace shardproxy {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool ExactNumber::Parse(absl::string_view text, ExactNumber* out) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  ExactNumber number;
  int integer_digits = 0;  // digits before the point, after dropping leading zeros
  bool any_digit = false;
  bool seen_point = false;
  int leading_fraction_zeros = 0;  // zeros right after the point before the first significant one
  for (; i < n; ++i) {
    const char c = text[i];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) break;
    any_digit = true;
    const int digit = c - '0';
    if (number.count_ == 0 && digit == 0) {
      if (seen_point) ++leading_fraction_zeros;
      continue;  // leading zero
    }
    if (number.count_ >= kMaxDigits) {
      // Past the limit only zeros can follow before the point is needed; give up otherwise.
      if (digit != 0 || !seen_point) return false;
      continue;
    }
    number.digits_[number.count_++] = static_cast<uint8_t>(digit);
    if (!seen_point) ++integer_digits;
  }
  if (!any_digit) return false;
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    const size_t start = i;
    while (i < n && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 100000) return false;
      ++i;
    }
    if (i == start) return false;
    if (exponent_negative) exponent = -exponent;
  }
  while (i < n && IsSpace(text[i])) ++i;
  if (i != n) return false;
  // Trailing zeros of the significand are not significant.
  while (number.count_ > 0 && number.digits_[number.count_ - 1] == 0) --number.count_;
  if (number.count_ == 0) {
    *out = ExactNumber();
    return true;
  }
  const int64_t point = (integer_digits > 0 ? integer_digits : -leading_fraction_zeros) + exponent;
  if (point > kMaxPoint || point < -kMaxPoint) return false;
  number.point_ = static_cast<int>(point);
  number.negative_ = negative;
  *out = number;
  return true;
}

ExactNumber ExactNumber::FromUint64(uint64_t value) {
  ExactNumber number;
  char text[24];
  const char* end = absl::numbers_internal::FastIntToBuffer(value, text);
  int length = static_cast<int>(end - text);
  for (int i = 0; i < length; ++i) number.digits_[i] = static_cast<uint8_t>(text[i] - '0');
  number.count_ = value == 0 ? 0 : length;
  number.point_ = value == 0 ? 0 : length;
  while (number.count_ > 0 && number.digits_[number.count_ - 1] == 0) --number.count_;
  return number;
}

ExactNumber ExactNumber::FromInt64(int64_t value) {
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  ExactNumber number = FromUint64(magnitude);
  number.negative_ = value < 0;
  return number;
}

bool ExactNumber::FromValue(const ShardingValue& value, ExactNumber* out) {
  switch (value.type()) {
    case ShardingValue::Type::kInteger:
      *out = value.is_unsigned() ? FromUint64(value.uint_value()) : FromInt64(value.int_value());
      return true;
    case ShardingValue::Type::kDecimal:
    case ShardingValue::Type::kString:
      return Parse(value.text(), out);
    default:
      return false;
  }
}

bool ExactNumber::Truncate(int64_t* out) const {
  if (point_ <= 0) {
    *out = 0;
    return true;
  }
  if (point_ > 19) return false;
  uint64_t magnitude = 0;
  for (int i = 0; i < point_; ++i) {
    const uint64_t digit = static_cast<uint64_t>(DigitAt(i));
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  const uint64_t limit = negative_ ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude > limit) return false;
  *out =
      negative_ ? static_cast<int64_t>(uint64_t{0} - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

bool ExactNumber::ToInt64(int64_t* out) const { return is_integer() && Truncate(out); }

bool ExactNumber::Floor(int64_t* out) const {
  int64_t truncated = 0;
  if (!Truncate(&truncated)) return false;
  if (!is_integer() && negative_) {
    if (truncated == std::numeric_limits<int64_t>::min()) return false;
    --truncated;
  }
  *out = truncated;
  return true;
}

bool ExactNumber::Ceil(int64_t* out) const {
  int64_t truncated = 0;
  if (!Truncate(&truncated)) return false;
  if (!is_integer() && !negative_) {
    if (truncated == std::numeric_limits<int64_t>::max()) return false;
    ++truncated;
  }
  *out = truncated;
  return true;
}

uint64_t ExactNumber::AbsIntegerPartMod(uint64_t modulus) const {
  unsigned __int128 remainder = 0;
  for (int i = 0; i < point_; ++i) remainder = (remainder * 10 + DigitAt(i)) % modulus;
  return static_cast<uint64_t>(remainder);
}

size_t ExactNumber::Canonical(char* out) const {
  size_t length = 0;
  if (count_ == 0) {
    out[0] = '0';
    return 1;
  }
  if (negative_) out[length++] = '-';
  if (point_ <= 0) {
    out[length++] = '0';
    out[length++] = '.';
    for (int i = 0; i < -point_; ++i) out[length++] = '0';
    for (int i = 0; i < count_; ++i) out[length++] = static_cast<char>('0' + digits_[i]);
    return length;
  }
  for (int i = 0; i < point_; ++i) out[length++] = static_cast<char>('0' + DigitAt(i));
  if (count_ > point_) {
    out[length++] = '.';
    for (int i = point_; i < count_; ++i) out[length++] = static_cast<char>('0' + digits_[i]);
  }
  return length;
}

}  // namespace shardproxy
