#include "proxy/protocol/sql_literal.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "common/sql_quote.h"

namespace shardproxy {
namespace {

absl::Status WrongArguments(absl::string_view what) {
  return MysqlStatus(mysql_errc::kWrongArguments, "HY000",
                     absl::StrCat("Incorrect arguments to mysqld_stmt_execute (", what, ")"));
}

// [+-]digits[.digits] or [+-].digits: what MariaDB reads as an exact DECIMAL literal.
bool IsPlainDecimal(absl::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  size_t digits = 0;
  bool seen_point = false;
  for (char c : text) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return false;
    }
  }
  return digits > 0;
}

bool IsLeapYear(uint32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// A date a typed literal accepts: a real calendar date, or the zero date.
bool IsValidDate(const MysqlTime& t) {
  if (t.year == 0 && t.month == 0 && t.day == 0) return true;
  static constexpr uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1) return false;
  const uint32_t days = kDays[t.month - 1] + (t.month == 2 && IsLeapYear(t.year) ? 1 : 0);
  return t.day <= days;
}

bool IsValidClock(const MysqlTime& t) { return t.minute <= 59 && t.second <= 59; }

void AppendDouble(double value, std::string* out) {
  char buf[64];
  // Shortest digits that read back as the same double, always with an exponent so that MariaDB
  // takes the literal as DOUBLE rather than DECIMAL.
  std::to_chars_result r =
      std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  out->append(buf, r.ptr);
}

}  // namespace

bool IsAsciiUnsafeCharset(absl::string_view charset) {
  for (absl::string_view unsafe : {"big5", "cp932", "gbk", "sjis", "gb18030"}) {
    if (absl::EqualsIgnoreCase(charset, unsafe)) return true;
  }
  return false;
}

void AppendQuotedString(absl::string_view bytes, const SqlLiteralOptions& options,
                        std::string* out) {
  if (!options.ascii_unsafe_charset.empty() && !bytes.empty()) {
    absl::StrAppend(out, "_", options.ascii_unsafe_charset, " ");
    AppendHexSqlString(bytes, out);
    return;
  }
  AppendQuotedSqlString(bytes, options.no_backslash_escapes, out);
}

absl::Status AppendSqlLiteral(const ParamValue& value, const SqlLiteralOptions& options,
                              std::string* out) {
  using Kind = ParamValue::Kind;
  switch (value.kind) {
    case Kind::kNull:
      out->append("NULL");
      return absl::OkStatus();
    case Kind::kSigned:
      absl::StrAppend(out, value.signed_value);
      return absl::OkStatus();
    case Kind::kUnsigned:
      absl::StrAppend(out, value.unsigned_value);
      return absl::OkStatus();
    case Kind::kFloat:
    case Kind::kDouble:
      if (!std::isfinite(value.double_value)) {
        return WrongArguments("a FLOAT or DOUBLE parameter is NaN or infinite");
      }
      AppendDouble(value.double_value, out);
      return absl::OkStatus();
    case Kind::kDecimal:
      if (IsPlainDecimal(value.bytes)) {
        out->append(value.bytes.data(), value.bytes.size());
      } else {
        AppendQuotedString(value.bytes, options, out);
      }
      return absl::OkStatus();
    case Kind::kString:
      AppendQuotedString(value.bytes, options, out);
      return absl::OkStatus();
    case Kind::kBinaryString:
      out->append("_binary");
      if (!options.ascii_unsafe_charset.empty() && !value.bytes.empty()) {
        out->push_back(' ');
        AppendHexSqlString(value.bytes, out);
      } else {
        AppendQuotedSqlString(value.bytes, options.no_backslash_escapes, out);
      }
      return absl::OkStatus();
    case Kind::kDate:
    case Kind::kDateTime:
    case Kind::kTime:
      break;
  }

  const MysqlTime& t = value.time;
  if (t.microsecond > 999999) {
    return WrongArguments("a temporal parameter has more than 6 fraction digits");
  }
  const char* prefix = "";
  if (value.kind == Kind::kDate) {
    if (IsValidDate(t)) prefix = "DATE";
    out->append(prefix);
    out->push_back('\'');
    AppendDateText(t, out);
  } else if (value.kind == Kind::kDateTime) {
    const bool zero_date = t.year == 0 && t.month == 0 && t.day == 0;
    const bool zero_time = t.hour == 0 && t.minute == 0 && t.second == 0 && t.microsecond == 0;
    if (IsValidDate(t) && t.hour <= 23 && IsValidClock(t) && (!zero_date || zero_time)) {
      prefix = "TIMESTAMP";
    }
    out->append(prefix);
    out->push_back('\'');
    AppendDateTimeText(t, out);
  } else {
    const uint64_t hours = static_cast<uint64_t>(t.day) * 24 + t.hour;
    if (hours <= 838 && IsValidClock(t)) prefix = "TIME";
    out->append(prefix);
    out->push_back('\'');
    AppendTimeText(t, out);
  }
  out->push_back('\'');
  return absl::OkStatus();
}

}  // namespace shardproxy
