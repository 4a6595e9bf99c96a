#include "merger/value/number_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

namespace shardproxy {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int CompareDigitStrings(absl::string_view a, absl::string_view b) {
  // Same-length digit strings compare lexicographically.
  int r = a.empty() ? 0 : std::memcmp(a.data(), b.data(), a.size());
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

int CompareMagnitudes(const DecimalParts& a, const DecimalParts& b) {
  if (a.int_digits.size() != b.int_digits.size()) {
    return a.int_digits.size() < b.int_digits.size() ? -1 : 1;
  }
  int r = CompareDigitStrings(a.int_digits, b.int_digits);
  if (r != 0) return r;
  size_t n = std::min(a.frac_digits.size(), b.frac_digits.size());
  r = CompareDigitStrings(a.frac_digits.substr(0, n), b.frac_digits.substr(0, n));
  if (r != 0) return r;
  // Trailing zeros were trimmed, so the longer fraction is the larger.
  if (a.frac_digits.size() == b.frac_digits.size()) return 0;
  return a.frac_digits.size() < b.frac_digits.size() ? -1 : 1;
}

}  // namespace

bool ParseDecimalParts(absl::string_view text, DecimalParts* parts) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  size_t int_begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  size_t int_end = i;
  size_t frac_begin = i, frac_end = i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    frac_begin = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    frac_end = i;
  }
  if (i != text.size() || (int_end == int_begin && frac_end == frac_begin)) return false;
  while (int_begin < int_end && text[int_begin] == '0') ++int_begin;
  while (frac_end > frac_begin && text[frac_end - 1] == '0') --frac_end;
  parts->int_digits = text.substr(int_begin, int_end - int_begin);
  parts->frac_digits = text.substr(frac_begin, frac_end - frac_begin);
  parts->negative = negative && !parts->is_zero();
  return true;
}

int CompareDecimalParts(const DecimalParts& a, const DecimalParts& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int r = CompareMagnitudes(a, b);
  return a.negative ? -r : r;
}

int CompareDecimalText(absl::string_view a, absl::string_view b) {
  DecimalParts pa, pb;
  if (ParseDecimalParts(a, &pa) && ParseDecimalParts(b, &pb)) return CompareDecimalParts(pa, pb);
  double da = StringToDoubleLikeMysql(a), db = StringToDoubleLikeMysql(b);
  return da < db ? -1 : (da > db ? 1 : 0);
}

void AppendCanonicalDecimal(const DecimalParts& parts, std::string* out) {
  if (parts.negative) out->push_back('-');
  if (parts.int_digits.empty()) {
    out->push_back('0');
  } else {
    out->append(parts.int_digits.data(), parts.int_digits.size());
  }
  if (!parts.frac_digits.empty()) {
    out->push_back('.');
    out->append(parts.frac_digits.data(), parts.frac_digits.size());
  }
}

bool ParseDoubleText(absl::string_view text, double* value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, *value);
  return ec == std::errc() && ptr == end && begin != end;
}

double StringToDoubleLikeMysql(absl::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                             text[i] == '\r' || text[i] == '\v' || text[i] == '\f')) {
    ++i;
  }
  // The longest prefix that is a number: [sign] digits [. digits] [e [sign] digits].
  size_t start = i;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return 0.0;
  size_t mantissa_end = i;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '-' || text[j] == '+')) ++j;
    size_t exp_digits = 0;
    while (j < text.size() && IsDigit(text[j])) ++j, ++exp_digits;
    if (exp_digits > 0) mantissa_end = j;
  }
  const char* begin = text.data() + start;
  const char* end = text.data() + mantissa_end;
  if (*begin == '+') ++begin;
  double value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    // MySQL saturates; from_chars leaves the value untouched on overflow.
    bool negative = *begin == '-';
    bool tiny = false;
    for (const char* p = begin; p < end; ++p) {
      if (*p == 'e' || *p == 'E') {
        tiny = p + 1 < end && p[1] == '-';
        break;
      }
    }
    if (tiny) return negative ? -0.0 : 0.0;
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  return value;
}

bool ParseIntText(absl::string_view text, IntText* value) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  if (i == text.size()) return false;
  uint64_t m = 0;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return false;
    uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (m > (UINT64_MAX - d) / 10) return false;
    m = m * 10 + d;
  }
  if (negative && m > (uint64_t{1} << 63)) return false;
  value->negative = negative && m != 0;
  value->magnitude = m;
  return true;
}

bool ParseInt64(absl::string_view text, int64_t* value) {
  IntText t;
  if (!ParseIntText(text, &t)) return false;
  if (t.negative) {
    *value = t.magnitude == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(t.magnitude);
    return true;
  }
  if (t.magnitude > static_cast<uint64_t>(INT64_MAX)) return false;
  *value = static_cast<int64_t>(t.magnitude);
  return true;
}

bool ParseUInt64(absl::string_view text, uint64_t* value) {
  IntText t;
  if (!ParseIntText(text, &t) || t.negative) return false;
  *value = t.magnitude;
  return true;
}

namespace {

// The shortest digits that read back as `value` (what MariaDB's dtoa mode 0 produces), with the
// decimal point after `decpt` of them.
struct ShortestDigits {
  bool negative = false;
  char digits[32];
  int len = 0;
  int decpt = 0;
};

ShortestDigits Shortest(double value) {
  ShortestDigits d;
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  absl::string_view sci(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
  if (!sci.empty() && sci[0] == '-') {
    d.negative = true;
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  if (e == absl::string_view::npos) return d;
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                  exponent);
  for (char c : sci.substr(0, e)) {
    if (c != '.') d.digits[d.len++] = c;
  }
  while (d.len > 1 && d.digits[d.len - 1] == '0') --d.len;
  d.decpt = exponent + 1;
  return d;
}

}  // namespace

void AppendDouble(double value, int decimals, std::string* out) {
  char buf[400];
  if (decimals < kNotFixedDecimals) {
    // MariaDB's my_fcvt: the shortest digits padded with zeros to `decimals` when they fit (so
    // 374370204392209.875 prints "...209.90000", not its exact binary "...209.87500"), else
    // rounded from the exact binary value (0.03125 -> "0.0312").
    ShortestDigits d = Shortest(value);
    int fraction_digits = std::max(0, d.len - d.decpt);
    if (value != 0 && d.len > 0 && fraction_digits <= decimals) {
      if (d.negative) out->push_back('-');
      if (d.decpt <= 0) {
        out->push_back('0');
      } else {
        for (int i = 0; i < d.decpt; ++i) out->push_back(i < d.len ? d.digits[i] : '0');
      }
      if (decimals > 0) {
        out->push_back('.');
        for (int i = 0; i < decimals; ++i) {
          int k = d.decpt + i;
          out->push_back(k >= 0 && k < d.len ? d.digits[k] : '0');
        }
      }
      return;
    }
    auto [ptr, ec] =
        std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, decimals);
    out->append(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
    return;
  }
  if (value == 0) {
    // MariaDB prints both zeros as "0" (my_gcvt drops the sign of a zero).
    out->push_back('0');
    return;
  }
  // Shortest round-trip digits, then my_gcvt's layout choice.
  ShortestDigits d = Shortest(value);
  const char* digits = d.digits;
  int len = d.len;
  int decpt = d.decpt;  // position of the decimal point relative to the digits
  if (d.negative) out->push_back('-');
  constexpr int kMaxDecptForFFormat = 15;  // DBL_DIG, as in MariaDB's dtoa.c
  bool f_format =
      decpt >= -kMaxDecptForFFormat + 1 && (decpt <= kMaxDecptForFFormat || len > decpt);
  if (f_format) {
    if (decpt <= 0) {
      out->append("0.");
      out->append(static_cast<size_t>(-decpt), '0');
      out->append(digits, static_cast<size_t>(len));
    } else if (decpt < len) {
      out->append(digits, static_cast<size_t>(decpt));
      out->push_back('.');
      out->append(digits + decpt, static_cast<size_t>(len - decpt));
    } else {
      out->append(digits, static_cast<size_t>(len));
      out->append(static_cast<size_t>(decpt - len), '0');
    }
    return;
  }
  out->push_back(digits[0]);
  if (len > 1) {
    out->push_back('.');
    out->append(digits + 1, static_cast<size_t>(len - 1));
  }
  out->push_back('e');
  char exp_buf[8];
  auto [eptr, eec] = std::to_chars(exp_buf, exp_buf + sizeof(exp_buf), decpt - 1);
  out->append(exp_buf, static_cast<size_t>(eptr - exp_buf));
}

std::string FormatDouble(double value, int decimals) {
  std::string out;
  AppendDouble(value, decimals, &out);
  return out;
}

}  // namespace shardproxy
