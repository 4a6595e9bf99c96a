// Exact decimal arithmetic for SUM, AVG and HAVING: a GMP integer scaled by 10^-scale.
//
// MySQL never turns a DECIMAL or integer SUM into a double, so neither may the merger: the sum
// of ten million DECIMAL(10,2) prices must come out to the cent, and SUM over BIGINT UNSIGNED
// must not wrap. DecimalSum keeps a 128-bit fast path for the common case and moves to GMP only
// when a value or the running total outgrows it.
#ifndef SHARDPROXY_MERGER_VALUE_DECIMAL_H_
#define SHARDPROXY_MERGER_VALUE_DECIMAL_H_

#include <gmpxx.h>

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy {

// MariaDB's limits (DECIMAL_MAX_PRECISION, DECIMAL_MAX_SCALE).
inline constexpr int kDecimalMaxPrecision = 65;
inline constexpr int kDecimalMaxScale = 38;

class Decimal {
 public:
  Decimal() = default;  // 0, scale 0
  Decimal(mpz_class unscaled, int scale) : unscaled_(std::move(unscaled)), scale_(scale) {}

  // "[+-]digits[.digits]" (leading/trailing zeros allowed). nullopt otherwise.
  static absl::optional<Decimal> Parse(absl::string_view text);
  static Decimal FromInt64(int64_t v);
  static Decimal FromUInt64(uint64_t v);

  int scale() const { return scale_; }
  int sign() const { return sgn(unscaled_); }
  const mpz_class& unscaled() const { return unscaled_; }

  static Decimal Add(const Decimal& a, const Decimal& b);
  static Decimal Sub(const Decimal& a, const Decimal& b);
  static Decimal Mul(const Decimal& a, const Decimal& b);  // scale = sum of scales
  Decimal Negated() const { return Decimal(-unscaled_, scale_); }

  // MySQL's decimal '/': the quotient truncated to 9 * ceil((scale(a) + scale(b) + increment) / 9)
  // fraction digits (MariaDB divides in 9-digit words). Rounding to the result's declared
  // decimals happens later, when it is printed or compared — so where that declared scale
  // reaches the truncation point (AVG over DECIMAL(10,5): 9 digits), MariaDB's AVG truncates,
  // and so does this. nullopt when b is zero (MySQL yields NULL).
  static absl::optional<Decimal> DivideLikeMysql(const Decimal& a, const Decimal& b,
                                                 int div_precision_increment);
  // a / b rounded half away from zero to `scale` fraction digits; nullopt when b is zero.
  static absl::optional<Decimal> DivideRounded(const Decimal& a, const Decimal& b, int scale);
  // MySQL's DIV and MOD on decimals.
  static absl::optional<Decimal> IntegerDivide(const Decimal& a, const Decimal& b);
  static absl::optional<Decimal> Modulo(const Decimal& a, const Decimal& b);

  // The same value with `scale` fraction digits: exact when growing, rounded half away from
  // zero (MySQL's decimal_round HALF_UP) when shrinking.
  Decimal Rescaled(int scale) const;

  static int Compare(const Decimal& a, const Decimal& b);

  // "-12.340" with exactly scale() fraction digits; "0.00" for zero (never "-0.00").
  std::string ToString() const;
  void AppendTo(std::string* out) const;
  double ToDouble() const;
  // The value truncated toward zero, if it fits.
  absl::optional<int64_t> TruncatedInt64() const;
  absl::optional<uint64_t> TruncatedUInt64() const;

 private:
  mpz_class unscaled_;
  int scale_ = 0;
};

// A running exact sum of decimal texts (SUM over DECIMAL and integer cells). Add() accepts the
// text the server prints for integer and DECIMAL values; the scale of the result is the largest
// scale seen (or the initial one), so a DECIMAL(10,2) sum prints as "123.40".
class DecimalSum {
 public:
  explicit DecimalSum(int scale = 0) : scale_(scale) {}

  // False (and no change) if `text` is not a plain decimal number.
  bool Add(absl::string_view text);
  void Add(const Decimal& value);
  void Reset(int scale);

  Decimal Value() const;
  int scale() const { return scale_; }

 private:
  void Promote();

  __int128 small_ = 0;
  int scale_ = 0;
  bool big_mode_ = false;
  mpz_class big_;  // unscaled at scale_, valid when big_mode_
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_DECIMAL_H_
