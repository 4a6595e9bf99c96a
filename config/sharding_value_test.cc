#include "config/sharding_value.h"

#include <limits>
#include <set>

#include "config/exact_number.h"
#include "config/key_generator.h"
#include "config/temporal_value.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

std::string Canonical(absl::string_view text) {
  ExactNumber number;
  if (!ExactNumber::Parse(text, &number)) return "invalid";
  char buffer[ExactNumber::kMaxCanonicalLength];
  return std::string(buffer, number.Canonical(buffer));
}

TEST(ExactNumberTest, ParsesAndNormalizes) {
  EXPECT_EQ(Canonical("0"), "0");
  EXPECT_EQ(Canonical("-0.000"), "0");
  EXPECT_EQ(Canonical("007"), "7");
  EXPECT_EQ(Canonical(" +7 "), "7");
  EXPECT_EQ(Canonical("12.50"), "12.5");
  EXPECT_EQ(Canonical("-0.05"), "-0.05");
  EXPECT_EQ(Canonical(".5"), "0.5");
  EXPECT_EQ(Canonical("5."), "5");
  EXPECT_EQ(Canonical("1e3"), "1000");
  EXPECT_EQ(Canonical("1.5E-2"), "0.015");
  EXPECT_EQ(Canonical("123e-1"), "12.3");
  EXPECT_EQ(Canonical("18446744073709551616"), "18446744073709551616");
  EXPECT_EQ(Canonical(""), "invalid");
  EXPECT_EQ(Canonical("-"), "invalid");
  EXPECT_EQ(Canonical("1.2.3"), "invalid");
  EXPECT_EQ(Canonical("5abc"), "invalid");
  EXPECT_EQ(Canonical("1e"), "invalid");
  EXPECT_EQ(Canonical("0x10"), "invalid");
  EXPECT_EQ(Canonical("1e400"), "invalid");
}

TEST(ExactNumberTest, IntegersFloorsCeilsAndModulus) {
  ExactNumber n;
  int64_t v = 0;
  ASSERT_TRUE(ExactNumber::Parse("9223372036854775807", &n));
  EXPECT_TRUE(n.ToInt64(&v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  ASSERT_TRUE(ExactNumber::Parse("-9223372036854775808", &n));
  EXPECT_TRUE(n.ToInt64(&v));
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(ExactNumber::Parse("9223372036854775808", &n));
  EXPECT_FALSE(n.ToInt64(&v));
  ASSERT_TRUE(ExactNumber::Parse("-1.5", &n));
  EXPECT_FALSE(n.ToInt64(&v));
  EXPECT_TRUE(n.Floor(&v));
  EXPECT_EQ(v, -2);
  EXPECT_TRUE(n.Ceil(&v));
  EXPECT_EQ(v, -1);
  ASSERT_TRUE(ExactNumber::Parse("0.25", &n));
  EXPECT_TRUE(n.Floor(&v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(n.Ceil(&v));
  EXPECT_EQ(v, 1);
  ASSERT_TRUE(ExactNumber::Parse("123456789012345678901234567890", &n));
  EXPECT_EQ(n.AbsIntegerPartMod(4), 2u);
  EXPECT_EQ(n.AbsIntegerPartMod(1000000007), 197434842u);
  ASSERT_TRUE(ExactNumber::Parse("1e2", &n));
  EXPECT_EQ(n.AbsIntegerPartMod(7), 2u);
  EXPECT_EQ(ExactNumber::FromInt64(std::numeric_limits<int64_t>::min()).AbsIntegerPartMod(10), 8u);
}

std::string Date(absl::string_view text) {
  DateTimeValue value;
  if (!ParseDateTime(text, &value)) return "invalid";
  char buffer[kMaxDateTimeText];
  return std::string(buffer, FormatCanonicalDateTime(value, buffer));
}

TEST(TemporalValueTest, ParsesMysqlForms) {
  EXPECT_EQ(Date("2024-01-05"), "2024-01-05");
  EXPECT_EQ(Date("2024-1-5"), "2024-01-05");
  EXPECT_EQ(Date("20240105"), "2024-01-05");
  EXPECT_EQ(Date("20240105101112"), "2024-01-05 10:11:12");
  EXPECT_EQ(Date("2024-01-05 00:00:00"), "2024-01-05");
  EXPECT_EQ(Date("2024-01-05T7:08"), "2024-01-05 07:08:00");
  EXPECT_EQ(Date("2024-01-05 10:11:12.5"), "2024-01-05 10:11:12.500000");
  EXPECT_EQ(Date("2024-01-05 10:11:12.1234567"), "2024-01-05 10:11:12.123456");
  EXPECT_EQ(Date("2024-02-29"), "2024-02-29");
  EXPECT_EQ(Date("2023-02-29"), "invalid");
  EXPECT_EQ(Date("2024-13-01"), "invalid");
  EXPECT_EQ(Date("0000-00-00"), "invalid");
  EXPECT_EQ(Date("2024-01-05 24:00:00"), "invalid");
  EXPECT_EQ(Date("2024-01-05 10:11:12."), "invalid");
  EXPECT_EQ(Date("2024/01/05"), "invalid");
  EXPECT_EQ(Date("yesterday"), "invalid");
  DateTimeValue value;
  EXPECT_TRUE(DateTimeFromValue(ShardingValue::Integer(20240105), &value));
  EXPECT_FALSE(DateTimeFromValue(ShardingValue::Integer(-20240105), &value));
  EXPECT_FALSE(DateTimeFromValue(ShardingValue::Integer(2024), &value));
  EXPECT_FALSE(DateTimeFromValue(ShardingValue::Null(), &value));
}

TEST(ShardingValueTest, FromCellFollowsColumnType) {
  EXPECT_EQ(ShardingValue::FromCell(absl::nullopt, FieldType::kLong).type(),
            ShardingValue::Type::kNull);
  ShardingValue v = ShardingValue::FromCell(absl::string_view("-12"), FieldType::kLongLong);
  EXPECT_EQ(v.type(), ShardingValue::Type::kInteger);
  EXPECT_EQ(v.int_value(), -12);
  v = ShardingValue::FromCell(absl::string_view("18446744073709551615"), FieldType::kLongLong,
                              true);
  EXPECT_EQ(v.type(), ShardingValue::Type::kInteger);
  EXPECT_TRUE(v.is_unsigned());
  EXPECT_EQ(v.uint_value(), 18446744073709551615u);
  EXPECT_FALSE(v.IsNegativeInteger());
  EXPECT_EQ(ShardingValue::FromCell(absl::string_view("1.50"), FieldType::kNewDecimal).type(),
            ShardingValue::Type::kDecimal);
  EXPECT_EQ(ShardingValue::FromCell(absl::string_view("2024-01-05"), FieldType::kDate).type(),
            ShardingValue::Type::kDate);
  EXPECT_EQ(ShardingValue::FromCell(absl::string_view("2024-01-05 01:02:03"), FieldType::kTimestamp)
                .type(),
            ShardingValue::Type::kDateTime);
  EXPECT_EQ(ShardingValue::FromCell(absl::string_view("abc"), FieldType::kVarString).type(),
            ShardingValue::Type::kString);
}

TEST(ShardingValueTest, ToStringForMessages) {
  EXPECT_EQ(ShardingValue::Null().ToString(), "NULL");
  EXPECT_EQ(ShardingValue::Integer(-5).ToString(), "-5");
  EXPECT_EQ(ShardingValue::Unsigned(18446744073709551615u).ToString(), "18446744073709551615");
  EXPECT_EQ(ShardingValue::Decimal("1.50").ToString(), "1.50");
  EXPECT_EQ(ShardingValue::String("it's").ToString(), "'it's'");
  EXPECT_EQ(ShardingValue::Date("2024-01-05").ToString(), "DATE '2024-01-05'");
  EXPECT_EQ(ShardingValue::String(std::string(100, 'x')).ToString(),
            "'" + std::string(64, 'x') + "...'");
}

TEST(SnowflakeKeyGeneratorTest, UniqueIncreasingAndSpreadOverParity) {
  int64_t now = SnowflakeKeyGenerator::kEpochMillis + 1000;
  SnowflakeKeyGenerator generator(5, [&now] { return now; });
  std::set<int64_t> keys;
  int64_t previous = 0;
  int odd = 0;
  for (int i = 0; i < 10000; ++i) {  // more than 4096 in one millisecond: borrows ahead
    const int64_t key = generator.Next();
    EXPECT_GT(key, previous);
    previous = key;
    keys.insert(key);
    odd += key & 1;
    EXPECT_EQ((key >> 12) & 1023, 5);
  }
  EXPECT_EQ(keys.size(), 10000u);
  EXPECT_EQ(odd, 5000);
  now -= 500;  // the clock steps back: keys still increase
  EXPECT_GT(generator.Next(), previous);
  // One key per millisecond (a slow insert rate) still alternates parity.
  SnowflakeKeyGenerator slow(0, [&now] { return ++now; });
  EXPECT_NE(slow.Next() & 1, slow.Next() & 1);
}

}  // namespace
}  // namespace shardproxy
