#include "merger/value/temporal.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

int64_t Packed(absl::string_view s) {
  auto p = ParseDateTime(s);
  EXPECT_TRUE(p.has_value()) << s;
  return p.has_value() ? PackDateTime(*p) : 0;
}

TEST(TemporalTest, DateTimesOrderByValue) {
  EXPECT_LT(Packed("2020-01-01"), Packed("2020-01-01 00:00:00.000001"));
  EXPECT_EQ(Packed("2020-01-01"), Packed("2020-01-01 00:00:00"));
  EXPECT_EQ(Packed("2020-01-01 10:00:00.5"), Packed("2020-01-01 10:00:00.500000"));
  EXPECT_LT(Packed("2020-01-01 10:00:00.123"), Packed("2020-01-01 10:00:00.5"));
  EXPECT_LT(Packed("0000-00-00"), Packed("0001-01-01"));
  EXPECT_LT(Packed("2019-12-31 23:59:59.999999"), Packed("2020-01-01"));
  EXPECT_FALSE(ParseDateTime("2020-1-1").has_value());
  EXPECT_FALSE(ParseDateTime("2020-01-01 10:00").has_value());
}

TEST(TemporalTest, TimesAreSignedAndUnbounded) {
  EXPECT_LT(*ParseTimeMicros("-10:00:00"), *ParseTimeMicros("09:00:00"));
  EXPECT_GT(*ParseTimeMicros("838:59:59"), *ParseTimeMicros("100:00:00"));
  EXPECT_LT(*ParseTimeMicros("-838:59:59"), *ParseTimeMicros("-00:00:01"));
  EXPECT_EQ(*ParseTimeMicros("00:00:01.5"), 1500000);
  EXPECT_FALSE(ParseTimeMicros("1:2:3").has_value());
}

TEST(TemporalTest, NumericForms) {
  EXPECT_EQ(*TemporalAsNumberText("2020-01-02", false), "20200102");
  EXPECT_EQ(*TemporalAsNumberText("2020-01-02 03:04:05", false), "20200102030405");
  EXPECT_EQ(*TemporalAsNumberText("2020-01-02 03:04:05.120", false), "20200102030405.120");
  EXPECT_EQ(*TemporalAsNumberText("-10:20:30.5", true), "-102030.5");
}

}  // namespace
}  // namespace shardproxy
