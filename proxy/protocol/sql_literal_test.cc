#include "proxy/protocol/sql_literal.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using Kind = ParamValue::Kind;

std::string Literal(const ParamValue& value, SqlLiteralOptions options = {}) {
  std::string out = "=";
  absl::Status status = AppendSqlLiteral(value, options, &out);
  EXPECT_TRUE(status.ok()) << status;
  return out.substr(1);
}

ParamValue Signed(int64_t v) {
  ParamValue p;
  p.kind = Kind::kSigned;
  p.signed_value = v;
  return p;
}
ParamValue Unsigned(uint64_t v) {
  ParamValue p;
  p.kind = Kind::kUnsigned;
  p.unsigned_value = v;
  return p;
}
ParamValue Floating(Kind kind, double v) {
  ParamValue p;
  p.kind = kind;
  p.double_value = v;
  return p;
}
ParamValue Bytes(Kind kind, absl::string_view bytes) {
  ParamValue p;
  p.kind = kind;
  p.bytes = bytes;
  return p;
}
ParamValue Time(Kind kind, MysqlTime t) {
  ParamValue p;
  p.kind = kind;
  p.time = t;
  return p;
}

TEST(SqlLiteralTest, NullAndIntegers) {
  EXPECT_EQ(Literal(ParamValue()), "NULL");
  EXPECT_EQ(Literal(Signed(0)), "0");
  EXPECT_EQ(Literal(Signed(-128)), "-128");
  EXPECT_EQ(Literal(Signed(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(Literal(Unsigned(UINT64_MAX)), "18446744073709551615");
}

TEST(SqlLiteralTest, FloatingPointRoundTripsAndReadsAsDouble) {
  EXPECT_EQ(Literal(Floating(Kind::kDouble, 0.1)), "1e-01");
  EXPECT_EQ(Literal(Floating(Kind::kDouble, 1.0)), "1e+00");
  EXPECT_EQ(Literal(Floating(Kind::kDouble, -2.5e-300)), "-2.5e-300");
  EXPECT_EQ(Literal(Floating(Kind::kDouble, 1.7976931348623157e308)), "1.7976931348623157e+308");
  EXPECT_EQ(Literal(Floating(Kind::kDouble, 5e-324)), "5e-324");
  EXPECT_EQ(Literal(Floating(Kind::kDouble, -0.0)), "-0e+00");
  // A FLOAT parameter is the float's exact value as a double, as the server widens it.
  EXPECT_EQ(Literal(Floating(Kind::kFloat, static_cast<double>(0.1f))), "1.0000000149011612e-01");
  for (double d : {0.1, 1.0 / 3, 123456789.123456789, 6.02214076e23, -1e-7}) {
    const std::string text = Literal(Floating(Kind::kDouble, d));
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), d) << text;
  }
}

TEST(SqlLiteralTest, NonFiniteIsAnError) {
  for (double d :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    std::string out = "keep";
    absl::Status status = AppendSqlLiteral(Floating(Kind::kDouble, d), {}, &out);
    EXPECT_EQ(ToMysqlError(status).code, mysql_errc::kWrongArguments);
    EXPECT_EQ(out, "keep");
  }
}

TEST(SqlLiteralTest, DecimalAsGivenOrQuoted) {
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "-123.450")), "-123.450");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "+0.5")), "+0.5");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, ".5")), ".5");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "12345678901234567890123456789012345678901234567890")),
            "12345678901234567890123456789012345678901234567890");
  // Not plain digits: never spliced into SQL unquoted.
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "1e5")), "'1e5'");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "1; DROP TABLE t")), "'1; DROP TABLE t'");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "")), "''");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "-")), "'-'");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "1.2.3")), "'1.2.3'");
}

TEST(SqlLiteralTest, StringsWithBackslashEscapes) {
  EXPECT_EQ(Literal(Bytes(Kind::kString, "")), "''");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "it's")), "'it\\'s'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "a\\b")), "'a\\\\b'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "say \"hi\"")), "'say \\\"hi\\\"'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, absl::string_view("a\0b", 3))), "'a\\0b'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "l1\nl2\r\x1a")), "'l1\\nl2\\r\\Z'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "%_")), "'%_'") << "LIKE wildcards are data";
  EXPECT_EQ(Literal(Bytes(Kind::kString, "\\'; DROP TABLE t; -- ")),
            "'\\\\\\'; DROP TABLE t; -- '");
}

TEST(SqlLiteralTest, StringsUnderNoBackslashEscapes) {
  SqlLiteralOptions options;
  options.no_backslash_escapes = true;
  EXPECT_EQ(Literal(Bytes(Kind::kString, "it's"), options), "'it''s'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "a\\b"), options), "'a\\b'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, "\\'"), options), "'\\'''");
  EXPECT_EQ(Literal(Bytes(Kind::kString, absl::string_view("a\0\n", 3)), options),
            std::string("'a\0\n'", 5));
  EXPECT_EQ(Literal(Bytes(Kind::kString, "''"), options), "''''''");
}

TEST(SqlLiteralTest, InvalidUtf8PassesByteForByte) {
  // A lead byte right before the quote must not swallow the escape: in UTF-8 no multi-byte
  // character contains an ASCII byte, so byte-wise escaping is exact.
  const std::string bytes("\xc3'\xff\xfe\xe2\x82", 6);
  EXPECT_EQ(Literal(Bytes(Kind::kString, bytes)), std::string("'\xc3\\'\xff\xfe\xe2\x82'"));
  EXPECT_EQ(Literal(Bytes(Kind::kString, "ü€😀")), "'ü€😀'");
}

TEST(SqlLiteralTest, BinaryStrings) {
  EXPECT_EQ(Literal(Bytes(Kind::kBinaryString, "")), "_binary''");
  EXPECT_EQ(Literal(Bytes(Kind::kBinaryString, absl::string_view("a\0b'\\\xff", 6))),
            std::string("_binary'a\\0b\\'\\\\\xff'"));
  SqlLiteralOptions options;
  options.no_backslash_escapes = true;
  EXPECT_EQ(Literal(Bytes(Kind::kBinaryString, absl::string_view("a\0'", 3)), options),
            std::string("_binary'a\0'''", 13));
}

TEST(SqlLiteralTest, AsciiUnsafeCharsetsUseHex) {
  EXPECT_TRUE(IsAsciiUnsafeCharset("GBK"));
  EXPECT_TRUE(IsAsciiUnsafeCharset("sjis"));
  EXPECT_FALSE(IsAsciiUnsafeCharset("utf8mb4"));
  EXPECT_FALSE(IsAsciiUnsafeCharset("latin1"));
  SqlLiteralOptions options;
  options.ascii_unsafe_charset = "gbk";
  // 0xbf5c is one GBK character whose second byte is '\\': escaping the quote after 0xbf would
  // let the lexer read "0xbf\\" as that character and end the string at the quote.
  EXPECT_EQ(Literal(Bytes(Kind::kString, "\xbf'"), options), "_gbk X'BF27'");
  EXPECT_EQ(Literal(Bytes(Kind::kString, ""), options), "''");
  EXPECT_EQ(Literal(Bytes(Kind::kBinaryString, "\x00\xff"), options), "_binary''");
  EXPECT_EQ(Literal(Bytes(Kind::kBinaryString, absl::string_view("\x00\xff", 2)), options),
            "_binary X'00FF'");
  EXPECT_EQ(Literal(Bytes(Kind::kDecimal, "x"), options), "_gbk X'78'");
}

TEST(SqlLiteralTest, Dates) {
  EXPECT_EQ(Literal(Time(Kind::kDate, {2024, 2, 29})), "DATE'2024-02-29'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {0, 0, 0})), "DATE'0000-00-00'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {1, 1, 1})), "DATE'0001-01-01'");
  // Not calendar dates: a typed literal would be a syntax error, a string is the server's call.
  EXPECT_EQ(Literal(Time(Kind::kDate, {2023, 2, 29})), "'2023-02-29'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {2024, 13, 1})), "'2024-13-01'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {2024, 0, 0})), "'2024-00-00'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {1900, 2, 29})), "'1900-02-29'");
  EXPECT_EQ(Literal(Time(Kind::kDate, {2000, 2, 29})), "DATE'2000-02-29'");
}

TEST(SqlLiteralTest, DateTimes) {
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {1999, 12, 31, 23, 59, 58, 123456})),
            "TIMESTAMP'1999-12-31 23:59:58.123456'");
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {2024, 1, 2, 3, 4, 5, 0})),
            "TIMESTAMP'2024-01-02 03:04:05'");
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {2024, 1, 2, 0, 0, 0, 1})),
            "TIMESTAMP'2024-01-02 00:00:00.000001'");
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {})), "TIMESTAMP'0000-00-00 00:00:00'");
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {0, 0, 0, 1, 2, 3})), "'0000-00-00 01:02:03'");
  EXPECT_EQ(Literal(Time(Kind::kDateTime, {2024, 1, 2, 24, 0, 0})), "'2024-01-02 24:00:00'");
  std::string out;
  EXPECT_FALSE(
      AppendSqlLiteral(Time(Kind::kDateTime, {2024, 1, 2, 0, 0, 0, 1000000}), {}, &out).ok());
  EXPECT_EQ(out, "");
}

TEST(SqlLiteralTest, Times) {
  EXPECT_EQ(Literal(Time(Kind::kTime, {})), "TIME'00:00:00'");
  EXPECT_EQ(Literal(Time(Kind::kTime, {0, 0, 0, 50, 6, 7, 8, true})), "TIME'-50:06:07.000008'");
  EXPECT_EQ(Literal(Time(Kind::kTime, {0, 0, 34, 22, 59, 59, 0, true})), "TIME'-838:59:59'");
  EXPECT_EQ(Literal(Time(Kind::kTime, {0, 0, 37, 12, 0, 0})), "'900:00:00'");
  EXPECT_EQ(Literal(Time(Kind::kTime, {0, 0, 0, 1, 60, 0})), "'01:60:00'");
  EXPECT_EQ(Literal(Time(Kind::kTime, {0, 0, 0xffffffff, 23, 0, 0})), "'103079215103:00:00'");
}

TEST(SqlLiteralTest, AppendsWithoutDisturbingThePrefix) {
  std::string sql = "SELECT * FROM t WHERE a = ";
  ASSERT_TRUE(AppendSqlLiteral(Bytes(Kind::kString, "x"), {}, &sql).ok());
  sql += " AND b = ";
  ASSERT_TRUE(AppendSqlLiteral(Signed(-1), {}, &sql).ok());
  EXPECT_EQ(sql, "SELECT * FROM t WHERE a = 'x' AND b = -1");
}

}  // namespace
}  // namespace shardproxy
