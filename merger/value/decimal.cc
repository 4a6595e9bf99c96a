#include "merger/value/decimal.h"

#include <cstdlib>
#include <string>

#include "merger/value/number_text.h"

namespace shardproxy {
namespace {

mpz_class PowerOfTen(int n) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(n));
  return p;
}

// The integers whose quotient is a / b as an unscaled value at `scale` fraction digits:
// a/b = (ua / 10^sa) / (ub / 10^sb), so that value is ua * 10^(scale - sa + sb) / ub (the power
// of ten goes to the denominator when the exponent is negative).
struct QuotientOperands {
  mpz_class numerator;
  mpz_class denominator;
};

QuotientOperands QuotientAtScale(const Decimal& a, const Decimal& b, int scale) {
  QuotientOperands o{a.unscaled(), b.unscaled()};
  int shift = scale - a.scale() + b.scale();
  if (shift >= 0) {
    o.numerator *= PowerOfTen(shift);
  } else {
    o.denominator *= PowerOfTen(-shift);
  }
  return o;
}

// Digits with at most 38 of them fit in an unsigned __int128 (2^128 ~ 3.4e38).
unsigned __int128 DigitsToU128(absl::string_view digits) {
  unsigned __int128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

constexpr int kSmallDigits = 36;  // values below 10^36 take the fast path

unsigned __int128 Pow10U128(int n) {
  unsigned __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

const unsigned __int128 kSmallLimit = Pow10U128(37);

unsigned __int128 Abs128(__int128 v) {
  return v < 0 ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
}

mpz_class FromInt128(__int128 v) {
  unsigned __int128 m = Abs128(v);
  mpz_class hi(static_cast<unsigned long>(static_cast<uint64_t>(m >> 64)));
  mpz_class lo(static_cast<unsigned long>(static_cast<uint64_t>(m)));
  mpz_class r = (hi << 64) + lo;
  return v < 0 ? mpz_class(-r) : r;
}

// Rounds n / d half away from zero (d > 0).
mpz_class DivRoundHalfAway(const mpz_class& n, const mpz_class& d) {
  mpz_class q, r;
  mpz_tdiv_qr(q.get_mpz_t(), r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
  mpz_class twice = abs(r) * 2;
  if (twice >= d) q += sgn(n) < 0 ? -1 : 1;
  return q;
}

int RoundUpTo9(int digits) { return (digits + 8) / 9 * 9; }

}  // namespace

absl::optional<Decimal> Decimal::Parse(absl::string_view text) {
  DecimalParts parts;
  if (!ParseDecimalParts(text, &parts)) return absl::nullopt;
  // Keep the written scale (trailing zeros count): "1.50" has scale 2, like a DECIMAL literal.
  size_t dot = text.find('.');
  int scale = dot == absl::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  std::string digits(parts.int_digits);
  digits.append(parts.frac_digits.data(), parts.frac_digits.size());
  digits.append(static_cast<size_t>(scale) - parts.frac_digits.size(), '0');
  mpz_class v;
  if (!digits.empty()) v.set_str(digits, 10);
  if (parts.negative) v = -v;
  return Decimal(std::move(v), scale);
}

Decimal Decimal::FromInt64(int64_t v) {
  mpz_class m;
  mpz_set_si(m.get_mpz_t(), v);
  return Decimal(std::move(m), 0);
}

Decimal Decimal::FromUInt64(uint64_t v) {
  mpz_class m;
  mpz_set_ui(m.get_mpz_t(), v);
  return Decimal(std::move(m), 0);
}

Decimal Decimal::Add(const Decimal& a, const Decimal& b) {
  if (a.scale_ == b.scale_) return Decimal(a.unscaled_ + b.unscaled_, a.scale_);
  if (a.scale_ < b.scale_) {
    return Decimal(a.unscaled_ * PowerOfTen(b.scale_ - a.scale_) + b.unscaled_, b.scale_);
  }
  return Decimal(a.unscaled_ + b.unscaled_ * PowerOfTen(a.scale_ - b.scale_), a.scale_);
}

Decimal Decimal::Sub(const Decimal& a, const Decimal& b) { return Add(a, b.Negated()); }

Decimal Decimal::Mul(const Decimal& a, const Decimal& b) {
  return Decimal(a.unscaled_ * b.unscaled_, a.scale_ + b.scale_);
}

absl::optional<Decimal> Decimal::DivideLikeMysql(const Decimal& a, const Decimal& b,
                                                 int div_precision_increment) {
  if (sgn(b.unscaled_) == 0) return absl::nullopt;
  int scale = RoundUpTo9(a.scale_ + b.scale_ + div_precision_increment);
  QuotientOperands o = QuotientAtScale(a, b, scale);
  mpz_class q;
  mpz_tdiv_q(q.get_mpz_t(), o.numerator.get_mpz_t(), o.denominator.get_mpz_t());
  return Decimal(std::move(q), scale);
}

absl::optional<Decimal> Decimal::DivideRounded(const Decimal& a, const Decimal& b, int scale) {
  if (sgn(b.unscaled_) == 0) return absl::nullopt;
  QuotientOperands o = QuotientAtScale(a, b, scale);
  if (sgn(o.denominator) < 0) {
    o.numerator = -o.numerator;
    o.denominator = -o.denominator;
  }
  return Decimal(DivRoundHalfAway(o.numerator, o.denominator), scale);
}

absl::optional<Decimal> Decimal::IntegerDivide(const Decimal& a, const Decimal& b) {
  if (sgn(b.unscaled_) == 0) return absl::nullopt;
  int s = std::max(a.scale_, b.scale_);
  mpz_class n = a.Rescaled(s).unscaled_;
  mpz_class d = b.Rescaled(s).unscaled_;
  mpz_class q;
  mpz_tdiv_q(q.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());
  return Decimal(std::move(q), 0);
}

absl::optional<Decimal> Decimal::Modulo(const Decimal& a, const Decimal& b) {
  if (sgn(b.unscaled_) == 0) return absl::nullopt;
  int s = std::max(a.scale_, b.scale_);
  mpz_class n = a.Rescaled(s).unscaled_;
  mpz_class d = b.Rescaled(s).unscaled_;
  mpz_class r;
  mpz_tdiv_r(r.get_mpz_t(), n.get_mpz_t(), d.get_mpz_t());  // sign of the dividend, as MySQL
  return Decimal(std::move(r), s);
}

Decimal Decimal::Rescaled(int scale) const {
  if (scale == scale_) return *this;
  if (scale > scale_) return Decimal(unscaled_ * PowerOfTen(scale - scale_), scale);
  return Decimal(DivRoundHalfAway(unscaled_, PowerOfTen(scale_ - scale)), scale);
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  int r;
  if (a.scale_ == b.scale_) {
    r = cmp(a.unscaled_, b.unscaled_);
  } else if (a.scale_ < b.scale_) {
    r = cmp(a.unscaled_ * PowerOfTen(b.scale_ - a.scale_), b.unscaled_);
  } else {
    r = cmp(a.unscaled_, b.unscaled_ * PowerOfTen(a.scale_ - b.scale_));
  }
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

void Decimal::AppendTo(std::string* out) const {
  mpz_class magnitude = abs(unscaled_);
  std::string digits = magnitude.get_str();
  if (static_cast<int>(digits.size()) <= scale_) {
    digits.insert(0, static_cast<size_t>(scale_) + 1 - digits.size(), '0');
  }
  if (sgn(unscaled_) < 0) out->push_back('-');
  size_t int_len = digits.size() - static_cast<size_t>(scale_);
  out->append(digits, 0, int_len);
  if (scale_ > 0) {
    out->push_back('.');
    out->append(digits, int_len, std::string::npos);
  }
}

std::string Decimal::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

double Decimal::ToDouble() const {
  // Through text, as MariaDB's decimal2double does, so the result is the correctly rounded
  // double of the exact value.
  return std::strtod(ToString().c_str(), nullptr);
}

absl::optional<int64_t> Decimal::TruncatedInt64() const {
  mpz_class q;
  mpz_tdiv_q(q.get_mpz_t(), unscaled_.get_mpz_t(), PowerOfTen(scale_).get_mpz_t());
  if (!q.fits_slong_p()) return absl::nullopt;
  return static_cast<int64_t>(q.get_si());
}

absl::optional<uint64_t> Decimal::TruncatedUInt64() const {
  mpz_class q;
  mpz_tdiv_q(q.get_mpz_t(), unscaled_.get_mpz_t(), PowerOfTen(scale_).get_mpz_t());
  if (!q.fits_ulong_p()) return absl::nullopt;
  return static_cast<uint64_t>(q.get_ui());
}

bool DecimalSum::Add(absl::string_view text) {
  DecimalParts parts;
  if (!ParseDecimalParts(text, &parts)) return false;
  int frac = static_cast<int>(parts.frac_digits.size());
  int digits = static_cast<int>(parts.int_digits.size()) + frac;
  if (!big_mode_ && digits <= kSmallDigits) {
    if (frac > scale_) {
      // Grow the running total's scale to the value's.
      unsigned __int128 factor = Pow10U128(frac - scale_);
      if (frac - scale_ <= kSmallDigits && Abs128(small_) < kSmallLimit / factor) {
        small_ *= static_cast<__int128>(factor);
        scale_ = frac;
      } else {
        Promote();
      }
    }
    if (!big_mode_) {
      unsigned __int128 v = DigitsToU128(parts.int_digits);
      v = v * Pow10U128(frac);
      v += DigitsToU128(parts.frac_digits);
      int shift = scale_ - frac;
      if (shift <= kSmallDigits && v < kSmallLimit / Pow10U128(shift)) {
        v *= Pow10U128(shift);
        __int128 sv = static_cast<__int128>(v);
        small_ += parts.negative ? -sv : sv;
        if (Abs128(small_) >= kSmallLimit) Promote();
        return true;
      }
      Promote();
    }
  }
  absl::optional<Decimal> d = Decimal::Parse(text);
  if (!d.has_value()) return false;
  Add(*d);
  return true;
}

void DecimalSum::Add(const Decimal& value) {
  Promote();
  Decimal total = Decimal::Add(Decimal(big_, scale_), value);
  big_ = total.unscaled();
  scale_ = total.scale();
}

void DecimalSum::Promote() {
  if (big_mode_) return;
  big_ = FromInt128(small_);
  small_ = 0;
  big_mode_ = true;
}

void DecimalSum::Reset(int scale) {
  small_ = 0;
  scale_ = scale;
  if (big_mode_) {
    big_ = 0;
    big_mode_ = false;
  }
}

Decimal DecimalSum::Value() const {
  return big_mode_ ? Decimal(big_, scale_) : Decimal(FromInt128(small_), scale_);
}

}  // namespace shardproxy
