#include "merger/value/number_text.h"

#include <string>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(NumberTextTest, ComparesDecimalTextExactly) {
  EXPECT_EQ(CompareDecimalText("1.50", "1.5"), 0);
  EXPECT_EQ(CompareDecimalText("-0.00", "0"), 0);
  EXPECT_LT(CompareDecimalText("-2", "-1.5"), 0);
  EXPECT_GT(CompareDecimalText("10", "9.999"), 0);
  EXPECT_LT(CompareDecimalText("0.001", "0.01"), 0);
  EXPECT_GT(CompareDecimalText("18446744073709551615", "18446744073709551614"), 0);
  EXPECT_LT(CompareDecimalText("-9223372036854775808", "-9223372036854775807"), 0);
  EXPECT_EQ(CompareDecimalText("00042", "42"), 0);  // ZEROFILL
  EXPECT_GT(
      CompareDecimalText("12345678901234567890123456789.123", "12345678901234567890123456789.12"),
      0);
}

TEST(NumberTextTest, CanonicalDecimal) {
  auto canon = [](absl::string_view s) {
    DecimalParts p;
    EXPECT_TRUE(ParseDecimalParts(s, &p)) << s;
    std::string out;
    AppendCanonicalDecimal(p, &out);
    return out;
  };
  EXPECT_EQ(canon("-0012.3400"), "-12.34");
  EXPECT_EQ(canon("-0.000"), "0");
  EXPECT_EQ(canon(".5"), "0.5");
  EXPECT_EQ(canon("7"), "7");
  DecimalParts p;
  EXPECT_FALSE(ParseDecimalParts("1e5", &p));
  EXPECT_FALSE(ParseDecimalParts("", &p));
  EXPECT_FALSE(ParseDecimalParts("-", &p));
  EXPECT_FALSE(ParseDecimalParts("1.2.3", &p));
}

TEST(NumberTextTest, StringToDoubleLikeMysql) {
  EXPECT_EQ(StringToDoubleLikeMysql("  12abc"), 12);
  EXPECT_EQ(StringToDoubleLikeMysql("abc"), 0);
  EXPECT_EQ(StringToDoubleLikeMysql("-1.5e2x"), -150);
  EXPECT_EQ(StringToDoubleLikeMysql("1e"), 1);
  EXPECT_EQ(StringToDoubleLikeMysql(".5"), 0.5);
  EXPECT_EQ(StringToDoubleLikeMysql("+3"), 3);
  EXPECT_GT(StringToDoubleLikeMysql("1e999"), 1e308);
}

TEST(NumberTextTest, ParsesIntegers) {
  int64_t i;
  uint64_t u;
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &i));
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_FALSE(ParseInt64("9223372036854775808", &i));
  EXPECT_TRUE(ParseUInt64("18446744073709551615", &u));
  EXPECT_EQ(u, UINT64_MAX);
  EXPECT_FALSE(ParseUInt64("18446744073709551616", &u));
  EXPECT_FALSE(ParseUInt64("-1", &u));
  EXPECT_FALSE(ParseInt64("1.0", &i));
}

// Expected strings are what MariaDB 10.11 prints for the same double (SELECT <expr>).
TEST(NumberTextTest, FormatsDoublesLikeMariaDb) {
  EXPECT_EQ(FormatDouble(0.1 + 0.2, kNotFixedDecimals), "0.30000000000000004");
  EXPECT_EQ(FormatDouble(1e20, kNotFixedDecimals), "1e20");
  EXPECT_EQ(FormatDouble(1e15, kNotFixedDecimals), "1e15");
  EXPECT_EQ(FormatDouble(1e14, kNotFixedDecimals), "100000000000000");
  EXPECT_EQ(FormatDouble(123456789012345.0, kNotFixedDecimals), "123456789012345");
  EXPECT_EQ(FormatDouble(1234567890123456.0, kNotFixedDecimals), "1.234567890123456e15");
  EXPECT_EQ(FormatDouble(1000000000000000.5, kNotFixedDecimals), "1000000000000000.5");
  EXPECT_EQ(FormatDouble(1.5e-7, kNotFixedDecimals), "0.00000015");
  EXPECT_EQ(FormatDouble(1.0 / 3, kNotFixedDecimals), "0.3333333333333333");
  EXPECT_EQ(FormatDouble(-2.0 / 3, kNotFixedDecimals), "-0.6666666666666666");
  EXPECT_EQ(FormatDouble(12345678901234567890.0, kNotFixedDecimals), "1.2345678901234567e19");
  EXPECT_EQ(FormatDouble(100, kNotFixedDecimals), "100");
  EXPECT_EQ(FormatDouble(5e-324, kNotFixedDecimals), "5e-324");
  EXPECT_EQ(FormatDouble(1.7976931348623157e308, kNotFixedDecimals), "1.7976931348623157e308");
  EXPECT_EQ(FormatDouble(1.0e-4 * 1.5, kNotFixedDecimals), "0.00015000000000000001");
  EXPECT_EQ(FormatDouble(0.0, kNotFixedDecimals), "0");
  EXPECT_EQ(FormatDouble(1e-15, kNotFixedDecimals), "0.000000000000001");
  EXPECT_EQ(FormatDouble(1e-16, kNotFixedDecimals), "1e-16");
  // Fixed decimals round half to even on the exact binary value, like my_fcvt.
  EXPECT_EQ(FormatDouble(0.03125, 4), "0.0312");
  EXPECT_EQ(FormatDouble(-0.03125, 4), "-0.0312");
  EXPECT_EQ(FormatDouble(0.3, 2), "0.30");
  EXPECT_EQ(FormatDouble(3.5, 4), "3.5000");
  EXPECT_EQ(FormatDouble(-0.00001, 4), "-0.0000");
  // ... but the shortest digits are padded when they fit (my_fcvt), not the exact binary value.
  EXPECT_EQ(FormatDouble(374370204392209.875, 5), "374370204392209.90000");
  EXPECT_EQ(FormatDouble(6860170000000.0009765625, 5), "6860170000000.00100");
}

}  // namespace
}  // namespace shardproxy
