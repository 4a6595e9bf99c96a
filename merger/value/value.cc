#include "merger/value/value.h"

#include <charconv>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/number_text.h"
#include "merger/value/temporal.h"

namespace shardproxy {
namespace {

constexpr uint16_t kErrDataOutOfRange = 1690;  // ER_DATA_OUT_OF_RANGE, 22003

absl::Status OutOfRange(absl::string_view type) {
  return MysqlStatus(kErrDataOutOfRange, "22003",
                     absl::StrCat(type, " value is out of range in HAVING expression"));
}

bool IsIntType(Value::Type t) { return t == Value::Type::kInt || t == Value::Type::kUInt; }
bool IsTemporalType(Value::Type t) {
  return t == Value::Type::kDateTime || t == Value::Type::kTime;
}

// A decimal from a double's shortest round-trip digits (MySQL's double2decimal).
Decimal DecimalFromDouble(double d) {
  if (!std::isfinite(d) || d == 0) return Decimal();
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  absl::string_view sci(buf, static_cast<size_t>(ptr - buf));
  size_t e = sci.find('e');
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                  exponent);
  std::string digits;
  bool negative = false;
  for (char c : sci.substr(0, e)) {
    if (c == '-') negative = true;
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  // value = 0.digits * 10^(exponent + 1)
  int scale = static_cast<int>(digits.size()) - 1 - exponent;
  if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
    scale = 0;
  }
  mpz_class v(digits, 10);
  if (negative) v = -v;
  return Decimal(std::move(v), scale);
}

// The longest decimal prefix of a string, as MySQL's string-to-decimal conversion.
Decimal DecimalFromString(absl::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  size_t start = i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1;
    size_t frac = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j, ++frac;
    if (frac > 0 || digits > 0) i = j, digits += frac;
  }
  if (digits == 0) return Decimal();
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    return DecimalFromDouble(StringToDoubleLikeMysql(s));
  }
  absl::string_view prefix = s.substr(start, i - start);
  if (!prefix.empty() && prefix.back() == '.') prefix.remove_suffix(1);
  absl::optional<Decimal> d = Decimal::Parse(prefix);
  return d.value_or(Decimal());
}

Value IntResult(__int128 v, bool want_unsigned, absl::Status* status) {
  if (want_unsigned) {
    if (v < 0 || v > static_cast<__int128>(UINT64_MAX)) {
      *status = OutOfRange("BIGINT UNSIGNED");
      return Value();
    }
    return Value::UInt(static_cast<uint64_t>(v));
  }
  if (v < INT64_MIN || v > INT64_MAX) {
    *status = OutOfRange("BIGINT");
    return Value();
  }
  return Value::Int(static_cast<int64_t>(v));
}

__int128 AsInt128(const Value& v) {
  return v.type() == Value::Type::kUInt ? static_cast<__int128>(v.uint_value())
                                        : static_cast<__int128>(v.int_value());
}

int Three(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

// The collation two strings compare with: the stronger coercibility wins (explicit COLLATE,
// then a column, then a literal); between equals binary wins, else the left one's.
const Collation* PickCollation(const Value& a, const Value& b) {
  if (a.coercibility() != b.coercibility()) {
    return a.coercibility() < b.coercibility() ? a.collation() : b.collation();
  }
  if (a.collation() == &Collation::Binary() || b.collation() == &Collation::Binary()) {
    return &Collation::Binary();
  }
  return a.collation();
}

std::string Latin1ToUtf8(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      // MariaDB's latin1 bytes 0x80-0x9F are cp1252; the rest are ISO-8859-1.
      static const uint16_t kCp1252[32] = {
          0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
          0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
          0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
      uint32_t cp = c < 0xA0 ? kCp1252[c - 0x80] : c;
      if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    }
  }
  return out;
}

int CompareStrings(const Value& a, const Value& b) {
  const Collation* c = PickCollation(a, b);
  if (a.encoding() == b.encoding()) return c->Compare(a.text(), b.text(), a.encoding());
  // Mixed encodings: bring the latin1 side to UTF-8 (binary compares bytes as they are).
  std::string ta =
      a.encoding() == CellEncoding::kLatin1 ? Latin1ToUtf8(a.text()) : std::string(a.text());
  std::string tb =
      b.encoding() == CellEncoding::kLatin1 ? Latin1ToUtf8(b.text()) : std::string(b.text());
  return c->Compare(ta, tb, CellEncoding::kUtf8);
}

bool ParseTemporalAs(Value::Type type, absl::string_view text, int64_t* out) {
  if (type == Value::Type::kTime) {
    absl::optional<int64_t> t = ParseTimeMicros(text);
    if (!t.has_value()) return false;
    *out = *t;
    return true;
  }
  absl::optional<DateTimeParts> p = ParseDateTime(text);
  if (!p.has_value()) return false;
  *out = PackDateTime(*p);
  return true;
}

}  // namespace

Value Value::Int(int64_t v) {
  Value r;
  r.type_ = Type::kInt;
  r.int_ = v;
  return r;
}

Value Value::UInt(uint64_t v) {
  Value r;
  r.type_ = Type::kUInt;
  r.uint_ = v;
  return r;
}

Value Value::FromDecimal(Decimal d, absl::optional<int> decimals) {
  Value r;
  r.type_ = Type::kDecimal;
  r.decimals_ = decimals.value_or(d.scale());
  r.decimal_ = std::move(d);
  return r;
}

Value Value::Double(double v, int decimals) {
  Value r;
  r.type_ = Type::kDouble;
  r.double_ = v;
  r.decimals_ = decimals;
  return r;
}

Value Value::String(absl::string_view s, const Collation* collation, CellEncoding encoding,
                    Coercibility coercibility) {
  Value r;
  r.type_ = Type::kString;
  r.text_ = s;
  r.collation_ = collation;
  r.encoding_ = encoding;
  r.coercibility_ = coercibility;
  r.decimals_ = kNotFixedDecimals;
  return r;
}

Value Value::Temporal(Type type, absl::string_view text) {
  Value r;
  r.type_ = type;
  r.text_ = text;
  size_t dot = text.find('.');
  r.decimals_ = dot == absl::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  return r;
}

Value Value::FromCell(const Cell& cell, const ColumnDefinition& column, const Collation* collation,
                      CellEncoding encoding) {
  if (!cell.has_value()) return Null();
  absl::string_view text = *cell;
  if (column.type == FieldType::kBit) {
    // Digits when it is an aggregate's result, the bits themselves (big-endian) otherwise.
    uint64_t v = 0;
    if ((column.flags & column_flag::kBinary) != 0 && ParseUInt64(text, &v)) return UInt(v);
    for (unsigned char b : text) v = (v << 8) | b;
    return UInt(v);
  }
  switch (ClassOfColumn(column)) {
    case ValueClass::kInteger: {
      IntText t;
      if (ParseIntText(text, &t)) {
        if (!t.negative && ((column.flags & column_flag::kUnsigned) != 0 ||
                            t.magnitude > static_cast<uint64_t>(INT64_MAX))) {
          return UInt(t.magnitude);
        }
        int64_t v;
        if (ParseInt64(text, &v)) return Int(v);
      }
      break;
    }
    case ValueClass::kDecimal: {
      absl::optional<Decimal> d = Decimal::Parse(text);
      if (d.has_value()) return FromDecimal(std::move(*d), column.decimals);
      break;
    }
    case ValueClass::kDouble: {
      double d;
      if (ParseDoubleText(text, &d)) return Double(d, column.decimals);
      break;
    }
    case ValueClass::kDateTime:
      return Temporal(Type::kDateTime, text);
    case ValueClass::kTime:
      return Temporal(Type::kTime, text);
    case ValueClass::kString:
      break;
  }
  return String(text, collation != nullptr ? collation : &Collation::Binary(), encoding,
                Coercibility::kColumn);
}

double Value::ToDouble() const {
  switch (type_) {
    case Type::kNull:
      return 0;
    case Type::kInt:
      return static_cast<double>(int_);
    case Type::kUInt:
      return static_cast<double>(uint_);
    case Type::kDecimal:
      return decimal_.ToDouble();
    case Type::kDouble:
      return double_;
    case Type::kString:
      return StringToDoubleLikeMysql(text_);
    case Type::kDateTime:
    case Type::kTime: {
      absl::optional<std::string> n = TemporalAsNumberText(text_, type_ == Type::kTime);
      return n.has_value() ? StringToDoubleLikeMysql(*n) : 0;
    }
  }
  return 0;
}

Decimal Value::ToDecimal() const {
  switch (type_) {
    case Type::kNull:
      return Decimal();
    case Type::kInt:
      return Decimal::FromInt64(int_);
    case Type::kUInt:
      return Decimal::FromUInt64(uint_);
    case Type::kDecimal:
      return decimal_;
    case Type::kDouble:
      return DecimalFromDouble(double_);
    case Type::kString:
      return DecimalFromString(text_);
    case Type::kDateTime:
    case Type::kTime: {
      absl::optional<std::string> n = TemporalAsNumberText(text_, type_ == Type::kTime);
      return n.has_value() ? DecimalFromString(*n) : Decimal();
    }
  }
  return Decimal();
}

absl::optional<bool> Value::ToBool() const {
  switch (type_) {
    case Type::kNull:
      return absl::nullopt;
    case Type::kInt:
      return int_ != 0;
    case Type::kUInt:
      return uint_ != 0;
    case Type::kDecimal:
      return decimal_.sign() != 0;
    default:
      return ToDouble() != 0;
  }
}

std::string Value::DebugString() const {
  switch (type_) {
    case Type::kNull:
      return "NULL";
    case Type::kInt:
      return absl::StrCat(int_);
    case Type::kUInt:
      return absl::StrCat(uint_);
    case Type::kDecimal:
      return decimal_.ToString();
    case Type::kDouble:
      return FormatDouble(double_, kNotFixedDecimals);
    default:
      return absl::StrCat("'", text_, "'");
  }
}

absl::optional<int> CompareValues(const Value& a, const Value& b, bool round_decimals) {
  if (a.is_null() || b.is_null()) return absl::nullopt;
  Value::Type ta = a.type(), tb = b.type();
  if (ta == Value::Type::kString && tb == Value::Type::kString) return CompareStrings(a, b);
  if (IsTemporalType(ta) || IsTemporalType(tb)) {
    if (IsTemporalType(ta) && IsTemporalType(tb) && ta == tb) {
      int64_t va, vb;
      bool oka = ParseTemporalAs(ta, a.text(), &va), okb = ParseTemporalAs(tb, b.text(), &vb);
      if (oka && okb) return va < vb ? -1 : (va > vb ? 1 : 0);
    }
    // A temporal value against a string: the string is read as that temporal type.
    if (IsTemporalType(ta) && tb == Value::Type::kString) {
      int64_t va, vb;
      if (ParseTemporalAs(ta, a.text(), &va) && ParseTemporalAs(ta, b.text(), &vb)) {
        return va < vb ? -1 : (va > vb ? 1 : 0);
      }
      return Collation::Binary().Compare(a.text(), b.text(), CellEncoding::kBinary);
    }
    if (IsTemporalType(tb) && ta == Value::Type::kString) {
      absl::optional<int> r = CompareValues(b, a, round_decimals);
      return r.has_value() ? absl::optional<int>(-*r) : absl::nullopt;
    }
    // Otherwise as numbers.
    if (ta == Value::Type::kDouble || tb == Value::Type::kDouble) {
      return Three(a.ToDouble(), b.ToDouble());
    }
    return Decimal::Compare(a.ToDecimal(), b.ToDecimal());
  }
  if (IsIntType(ta) && IsIntType(tb)) {
    __int128 va = AsInt128(a), vb = AsInt128(b);
    return va < vb ? -1 : (va > vb ? 1 : 0);
  }
  bool real = ta == Value::Type::kDouble || tb == Value::Type::kDouble ||
              ta == Value::Type::kString || tb == Value::Type::kString;
  if (real) {
    double da = a.ToDouble(), db = b.ToDouble();
    if (a.decimals() < kNotFixedDecimals && b.decimals() < kNotFixedDecimals) {
      // MariaDB's compare_real_fixed: values closer than half a unit of the last declared
      // decimal are equal.
      double precision = 5.0 / std::pow(10.0, std::max(a.decimals(), b.decimals()) + 1);
      if (da == db || std::fabs(da - db) < precision) return 0;
    }
    return Three(da, db);
  }
  Decimal da = a.ToDecimal(), db = b.ToDecimal();
  if (round_decimals) {
    if (ta == Value::Type::kDecimal && da.scale() > a.decimals()) da = da.Rescaled(a.decimals());
    if (tb == Value::Type::kDecimal && db.scale() > b.decimals()) db = db.Rescaled(b.decimals());
  }
  return Decimal::Compare(da, db);
}

absl::StatusOr<Value> Arithmetic(ArithmeticOp op, const Value& a, const Value& b,
                                 int div_precision_increment) {
  if (a.is_null() || b.is_null()) return Value::Null();
  auto is_real = [](const Value& v) {
    return v.type() == Value::Type::kDouble || v.type() == Value::Type::kString;
  };
  absl::Status status;
  if (is_real(a) || is_real(b)) {
    double x = a.ToDouble(), y = b.ToDouble(), r = 0;
    int decimals = std::max(a.decimals(), b.decimals());
    switch (op) {
      case ArithmeticOp::kAdd:
        r = x + y;
        break;
      case ArithmeticOp::kSubtract:
        r = x - y;
        break;
      case ArithmeticOp::kMultiply:
        r = x * y;
        decimals = a.decimals() + b.decimals();
        break;
      case ArithmeticOp::kDivide:
        if (y == 0) return Value::Null();
        r = x / y;
        decimals += div_precision_increment;
        break;
      case ArithmeticOp::kIntDivide: {
        if (y == 0) return Value::Null();
        double q = std::trunc(x / y);
        if (!(q >= -9223372036854775808.0 && q < 9223372036854775808.0)) {
          return OutOfRange("BIGINT");
        }
        return Value::Int(static_cast<int64_t>(q));
      }
      case ArithmeticOp::kModulo:
        if (y == 0) return Value::Null();
        r = std::fmod(x, y);
        break;
    }
    if (!std::isfinite(r)) return OutOfRange("DOUBLE");
    return Value::Double(r, std::min(decimals, kNotFixedDecimals));
  }
  bool both_int = IsIntType(a.type()) && IsIntType(b.type());
  if (both_int && op != ArithmeticOp::kDivide) {
    __int128 x = AsInt128(a), y = AsInt128(b);
    bool want_unsigned = a.type() == Value::Type::kUInt || b.type() == Value::Type::kUInt;
    switch (op) {
      case ArithmeticOp::kAdd: {
        Value v = IntResult(x + y, want_unsigned, &status);
        if (!status.ok()) return status;
        return v;
      }
      case ArithmeticOp::kSubtract: {
        Value v = IntResult(x - y, want_unsigned, &status);
        if (!status.ok()) return status;
        return v;
      }
      case ArithmeticOp::kMultiply: {
        // |x|, |y| < 2^64, so the product fits in 128 bits only when small enough; check first.
        unsigned __int128 ax = x < 0 ? static_cast<unsigned __int128>(-x) : x;
        unsigned __int128 ay = y < 0 ? static_cast<unsigned __int128>(-y) : y;
        if (ax != 0 && ay > (static_cast<unsigned __int128>(UINT64_MAX) * 2) / ax) {
          return OutOfRange(want_unsigned ? "BIGINT UNSIGNED" : "BIGINT");
        }
        Value v = IntResult(x * y, want_unsigned, &status);
        if (!status.ok()) return status;
        return v;
      }
      case ArithmeticOp::kIntDivide: {
        if (y == 0) return Value::Null();
        Value v = IntResult(x / y, want_unsigned, &status);
        if (!status.ok()) return status;
        return v;
      }
      case ArithmeticOp::kModulo: {
        if (y == 0) return Value::Null();
        Value v = IntResult(x % y, a.type() == Value::Type::kUInt, &status);
        if (!status.ok()) return status;
        return v;
      }
      case ArithmeticOp::kDivide:
        break;
    }
  }
  // Exact arithmetic in DECIMAL.
  Decimal x = a.ToDecimal(), y = b.ToDecimal();
  int da = a.type() == Value::Type::kDecimal ? a.decimals() : x.scale();
  int db = b.type() == Value::Type::kDecimal ? b.decimals() : y.scale();
  switch (op) {
    case ArithmeticOp::kAdd:
      return Value::FromDecimal(Decimal::Add(x, y), std::max(da, db));
    case ArithmeticOp::kSubtract:
      return Value::FromDecimal(Decimal::Sub(x, y), std::max(da, db));
    case ArithmeticOp::kMultiply:
      return Value::FromDecimal(Decimal::Mul(x, y), std::min(da + db, kDecimalMaxScale));
    case ArithmeticOp::kDivide: {
      absl::optional<Decimal> q = Decimal::DivideLikeMysql(x, y, div_precision_increment);
      if (!q.has_value()) return Value::Null();
      return Value::FromDecimal(std::move(*q),
                                std::min(da + div_precision_increment, kDecimalMaxScale));
    }
    case ArithmeticOp::kIntDivide: {
      absl::optional<Decimal> q = Decimal::IntegerDivide(x, y);
      if (!q.has_value()) return Value::Null();
      absl::optional<int64_t> i = q->TruncatedInt64();
      if (i.has_value()) return Value::Int(*i);
      absl::optional<uint64_t> u = q->TruncatedUInt64();
      if (u.has_value()) return Value::UInt(*u);
      return OutOfRange("BIGINT");
    }
    case ArithmeticOp::kModulo: {
      absl::optional<Decimal> r = Decimal::Modulo(x, y);
      if (!r.has_value()) return Value::Null();
      return Value::FromDecimal(std::move(*r), std::max(da, db));
    }
  }
  return Value::Null();
}

absl::StatusOr<Value> Negate(const Value& a) {
  switch (a.type()) {
    case Value::Type::kNull:
      return a;
    case Value::Type::kInt:
      if (a.int_value() == INT64_MIN) return Value::FromDecimal(a.ToDecimal().Negated());
      return Value::Int(-a.int_value());
    case Value::Type::kUInt:
      if (a.uint_value() <= (uint64_t{1} << 63)) {
        return Value::Int(a.uint_value() == (uint64_t{1} << 63)
                              ? INT64_MIN
                              : -static_cast<int64_t>(a.uint_value()));
      }
      return Value::FromDecimal(a.ToDecimal().Negated());
    case Value::Type::kDecimal:
      return Value::FromDecimal(a.decimal().Negated(), a.decimals());
    case Value::Type::kDouble:
      return Value::Double(-a.double_value(), a.decimals());
    case Value::Type::kString:
      return Value::Double(-a.ToDouble());
    case Value::Type::kDateTime:
    case Value::Type::kTime:
      return Value::FromDecimal(a.ToDecimal().Negated());
  }
  return a;
}

}  // namespace shardproxy
