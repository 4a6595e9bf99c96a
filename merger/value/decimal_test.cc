#include "merger/value/decimal.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

Decimal D(absl::string_view s) {
  absl::optional<Decimal> d = Decimal::Parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Decimal());
}

TEST(DecimalTest, ParseKeepsWrittenScale) {
  EXPECT_EQ(D("1.50").scale(), 2);
  EXPECT_EQ(D("1.50").ToString(), "1.50");
  EXPECT_EQ(D("-0012.3").ToString(), "-12.3");
  EXPECT_EQ(D("-0.00").ToString(), "0.00");
  EXPECT_EQ(D(".5").ToString(), "0.5");
  EXPECT_FALSE(Decimal::Parse("abc").has_value());
  EXPECT_FALSE(Decimal::Parse("1e3").has_value());
}

TEST(DecimalTest, AddsWithCarriesAcrossScales) {
  EXPECT_EQ(Decimal::Add(D("0.99"), D("0.01")).ToString(), "1.00");
  EXPECT_EQ(Decimal::Add(D("999999999999999999999999999999.9"), D("0.1")).ToString(),
            "1000000000000000000000000000000.0");
  EXPECT_EQ(Decimal::Add(D("1.5"), D("-2.25")).ToString(), "-0.75");
  EXPECT_EQ(Decimal::Mul(D("1.5"), D("-2.25")).ToString(), "-3.375");
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("0.03125").Rescaled(4).ToString(), "0.0313");
  EXPECT_EQ(D("-0.03125").Rescaled(4).ToString(), "-0.0313");
  EXPECT_EQ(D("2.5").Rescaled(0).ToString(), "3");
  EXPECT_EQ(D("1.2").Rescaled(3).ToString(), "1.200");
}

TEST(DecimalTest, DividesLikeMysql) {
  // 4/3: nine fraction digits (one word), truncated.
  EXPECT_EQ(Decimal::DivideLikeMysql(D("4"), D("3"), 4)->ToString(), "1.333333333");
  EXPECT_EQ(Decimal::DivideLikeMysql(D("2"), D("3"), 4)->ToString(), "0.666666666");
  // Scales add up before rounding to whole 9-digit words: 2 + 4 -> 9, 5 + 9 -> 18.
  EXPECT_EQ(Decimal::DivideLikeMysql(D("4.00"), D("3"), 4)->scale(), 9);
  EXPECT_EQ(Decimal::DivideLikeMysql(D("0.00002"), D("3"), 9)->scale(), 18);
  // AVG over DECIMAL(10,5) prints 9 decimals of a 9-digit quotient: MariaDB truncates
  // (0.00002 / 3 -> 0.000006666), while scale 0 rounds (2 / 3 -> 0.6667).
  EXPECT_EQ(Decimal::DivideLikeMysql(D("0.00002"), D("3"), 4)->Rescaled(9).ToString(),
            "0.000006666");
  EXPECT_EQ(Decimal::DivideLikeMysql(D("2"), D("3"), 4)->Rescaled(4).ToString(), "0.6667");
  EXPECT_FALSE(Decimal::DivideLikeMysql(D("1"), D("0"), 4).has_value());
  EXPECT_EQ(Decimal::DivideRounded(D("2"), D("3"), 4)->ToString(), "0.6667");
  EXPECT_EQ(Decimal::DivideRounded(D("-1"), D("32"), 4)->ToString(), "-0.0313");
  EXPECT_EQ(Decimal::IntegerDivide(D("-7.5"), D("2"))->ToString(), "-3");
  EXPECT_EQ(Decimal::Modulo(D("-7.5"), D("2"))->ToString(), "-1.5");
}

TEST(DecimalTest, SumStaysExactBeyond128Bits) {
  DecimalSum sum(2);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(sum.Add("0.01"));
  EXPECT_EQ(sum.Value().ToString(), "10.00");
  DecimalSum big;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(big.Add("18446744073709551615"));
  EXPECT_EQ(big.Value().ToString(), "1844674407370955161500");
  DecimalSum huge(0);
  std::string nines(60, '9');
  ASSERT_TRUE(huge.Add(nines));
  ASSERT_TRUE(huge.Add("1"));
  EXPECT_EQ(huge.Value().ToString(), "1" + std::string(60, '0'));
  ASSERT_TRUE(huge.Add("-0.5"));
  EXPECT_EQ(huge.Value().ToString(), std::string(60, '9') + ".5");
  DecimalSum mixed(0);
  ASSERT_TRUE(mixed.Add("1"));
  ASSERT_TRUE(mixed.Add("2.345"));
  ASSERT_TRUE(mixed.Add("-10.5"));
  EXPECT_EQ(mixed.Value().ToString(), "-7.155");
  EXPECT_FALSE(mixed.Add("x"));
  // Many values near the fast-path limit cross into GMP and stay exact.
  DecimalSum edge(0);
  std::string e35 = "9" + std::string(35, '9');
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(edge.Add(e35));
  EXPECT_EQ(edge.Value().ToString(), "29999999999999999999999999999999999970");
}

}  // namespace
}  // namespace shardproxy
