// Every algorithm through the config loader, as the router will use them: point answers for
// each kind of value (negative, NULL, strings, decimals, dates, boundaries) and range answers.
#include "config/sharding_algorithm.h"

#include <limits>

#include "config/config.h"
#include "config/hash_mod_algorithm.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;

// A config with one table `t` whose table strategy on `id` uses `algorithm`.
class AlgorithmTest : public ::testing::Test {
 protected:
  void Load(absl::string_view data_nodes, absl::string_view algorithm) {
    const std::string text = absl::StrCat(R"(listen: 127.0.0.1:3307
users: [{ name: app, password: app_pw }]
data_sources:
  ds0: { host: 127.0.0.1, user: root, database: db0 }
sharding:
  tables:
    t:
      data_nodes: ")",
                                          data_nodes, R"("
      table_strategy: { column: id, algorithm: a }
  algorithms:
    a: )",
                                          algorithm, "\n");
    auto config = ParseConfig(text, "test.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *config;
    algorithm_ = config_->sharding.FindTable("t")->table_strategy()->algorithm.get();
  }

  // The target's name, "unplaced" or "all".
  std::string Point(const ShardingValue& value) const {
    const int target = algorithm_->Shard(value);
    return target == ShardingAlgorithm::kUnplaced ? "unplaced" : algorithm_->targets()[target];
  }
  std::string Range(absl::optional<ShardingValue> low, bool low_inclusive,
                    absl::optional<ShardingValue> high, bool high_inclusive) const {
    ShardingRange range;
    if (low) range.low = RangeBound{*low, low_inclusive};
    if (high) range.high = RangeBound{*high, high_inclusive};
    const TargetSet set = algorithm_->ShardRange(range);
    if (set.is_all()) return "all";
    std::string out;
    for (int target : set.indices()) {
      absl::StrAppend(&out, out.empty() ? "" : " ", algorithm_->targets()[target]);
    }
    return out.empty() ? "none" : out;
  }
  std::string Between(const ShardingValue& low, const ShardingValue& high) const {
    return Range(low, true, high, true);
  }

  static ShardingValue I(int64_t v) { return ShardingValue::Integer(v); }
  static ShardingValue S(absl::string_view v) { return ShardingValue::String(v); }
  static ShardingValue D(absl::string_view v) { return ShardingValue::Decimal(v); }

  std::shared_ptr<const Config> config_;
  const ShardingAlgorithm* algorithm_ = nullptr;
};

TEST_F(AlgorithmTest, ModPoints) {
  Load("ds0.t_${0..3}", "{ type: mod, count: 4 }");
  EXPECT_EQ(Point(I(0)), "t_0");
  EXPECT_EQ(Point(I(7)), "t_3");
  EXPECT_EQ(Point(I(-1)), "t_3");  // Euclidean: a negative key still has a real target
  EXPECT_EQ(Point(I(-4)), "t_0");
  EXPECT_EQ(Point(I(std::numeric_limits<int64_t>::min())), "t_0");
  EXPECT_EQ(Point(ShardingValue::Unsigned(18446744073709551615u)), "t_3");
  for (const ShardingValue& five : {I(5), S("5"), S(" 05 "), D("5.0"), D("5e0"), D("0.5e1")}) {
    EXPECT_EQ(Point(five), "t_1") << five.ToString();
  }
  EXPECT_EQ(Point(D("123456789012345678901234567890")), "t_2");
  EXPECT_EQ(Point(D("-123456789012345678901234567890")), "t_2");
  EXPECT_EQ(Point(D("5.5")), "unplaced");
  EXPECT_EQ(Point(S("abc")), "unplaced");
  EXPECT_EQ(Point(S("5abc")), "unplaced");
  EXPECT_EQ(Point(S("")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Date("2024-01-01")), "unplaced");
  auto insert = algorithm_->ShardForInsert({ShardingValue::Null()});
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(std::string(insert.status().message()),
            "no table of table t for id = NULL (algorithm a, mod): NULL has no remainder");
}

TEST_F(AlgorithmTest, ModRanges) {
  Load("ds0.t_${0..3}", "{ type: mod, count: 4 }");
  EXPECT_EQ(Between(I(1), I(2)), "t_1 t_2");
  EXPECT_EQ(Between(I(1), I(4)), "all");
  EXPECT_EQ(Between(I(-1), I(0)), "t_0 t_3");
  EXPECT_EQ(Range(I(1), false, I(3), false), "t_2");
  EXPECT_EQ(Between(D("1.5"), D("3.2")), "t_2 t_3");
  EXPECT_EQ(Between(I(3), I(1)), "none");
  EXPECT_EQ(Range(I(1), false, I(2), false), "none");
  EXPECT_EQ(Range(I(1), true, absl::nullopt, true), "all");
  EXPECT_EQ(Range(absl::nullopt, true, I(1), true), "all");
  // '10' is between '1' and '3' as strings: string bounds never narrow.
  EXPECT_EQ(Between(S("1"), S("3")), "all");
  EXPECT_EQ(
      Between(I(std::numeric_limits<int64_t>::max() - 1), I(std::numeric_limits<int64_t>::max())),
      "t_2 t_3");
}

TEST_F(AlgorithmTest, ModOnDataSourcesUsesTrailingNumbers) {
  // ds10 ends with 10, not 0: partitions follow whole trailing numbers.
  auto config = ParseConfig(R"(users: [{ name: app, password: x }]
data_sources:
  ds1: { host: h, user: root, database: d1 }
  ds10: { host: h, user: root, database: d10 }
default_data_source: ds1
sharding:
  tables:
    t:
      data_nodes: ds${[10, 1]}.t
      database_strategy: { column: id, algorithm: m }
  algorithms:
    m: { type: mod, count: 11 }
)",
                            "test.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(std::string(config.status().message()),
            "algorithm m maps id = 0 to partition 0, but no data source in data_nodes of table t "
            "ends with 0 (there: ds10, ds1) (in database_strategy of table t) (test.yaml:10:51)");
}

TEST_F(AlgorithmTest, HashModIsStableAndFollowsComparison) {
  // The documented function, pinned: these values must never change (data placement depends on
  // them). Computed independently from the definition in hash_mod_algorithm.h.
  uint64_t hash = 0;
  ASSERT_TRUE(HashShardingValue(I(5), false, &hash));
  EXPECT_EQ(hash, 0x4e1b8469f4069ef9u);
  ASSERT_TRUE(HashShardingValue(S("abc"), false, &hash));
  EXPECT_EQ(hash, 0x33ebaf9927cbc5bdu);
  ASSERT_TRUE(HashShardingValue(S("ABC"), true, &hash));
  EXPECT_EQ(hash, 0xc25fc3f837eb7e45u);
  ASSERT_TRUE(HashShardingValue(ShardingValue::Date("2024-01-05"), false, &hash));
  EXPECT_EQ(hash, 0xc047026950f43ca4u);
  ASSERT_TRUE(HashShardingValue(D("-12.50"), false, &hash));
  EXPECT_EQ(hash, 0x379181ccf00908b1u);
  EXPECT_FALSE(HashShardingValue(ShardingValue::Null(), false, &hash));

  Load("ds0.t_${0..3}", "{ type: hash_mod, count: 4 }");
  for (const ShardingValue& five :
       {I(5), S("5"), S(" 05"), D("5.00"), D("5e0"), ShardingValue::Unsigned(5)}) {
    EXPECT_EQ(Point(five), "t_1") << five.ToString();
  }
  for (const ShardingValue& abc : {S("abc"), S("ABC"), S("aBc  ")}) {
    EXPECT_EQ(Point(abc), "t_1") << abc.ToString();
  }
  for (const ShardingValue& date :
       {ShardingValue::Date("2024-01-05"), S("2024-1-5"),
        ShardingValue::DateTime("2024-01-05 00:00:00"), S("2024-01-05 00:00:00.000")}) {
    EXPECT_EQ(Point(date), "t_0") << date.ToString();
  }
  EXPECT_EQ(Point(S("")), "t_2");
  EXPECT_EQ(Point(I(-7)), Point(S("-7")));
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  EXPECT_EQ(Between(I(1), I(2)), "all");  // a string column may hold '1.5' between them
}

TEST_F(AlgorithmTest, HashModCaseSensitive) {
  Load("ds0.t_${0..3}", "{ type: hash_mod, count: 4, case_sensitive: true }");
  EXPECT_EQ(Point(S("ABC")), "t_1");
  EXPECT_EQ(Point(S("abc")), "t_1");
  uint64_t upper = 0, lower = 0;
  HashShardingValue(S("ABC"), true, &upper);
  HashShardingValue(S("abc"), true, &lower);
  EXPECT_NE(upper, lower);
}

TEST_F(AlgorithmTest, RangeBoundaries) {
  Load("ds0.t_${0..2}", "{ type: range, boundaries: [100, 200] }");
  EXPECT_EQ(Point(I(99)), "t_0");
  EXPECT_EQ(Point(I(100)), "t_1");
  EXPECT_EQ(Point(D("199.99")), "t_1");
  EXPECT_EQ(Point(I(200)), "t_2");
  EXPECT_EQ(Point(I(-5)), "t_0");
  EXPECT_EQ(Point(D("-99.5")), "t_0");
  EXPECT_EQ(Point(D("1e30")), "t_2");
  EXPECT_EQ(Point(D("-1e30")), "t_0");
  EXPECT_EQ(Point(S("150")), "t_1");
  EXPECT_EQ(Point(ShardingValue::Unsigned(18446744073709551615u)), "t_2");
  EXPECT_EQ(Point(S("abc")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  EXPECT_EQ(Between(I(150), I(250)), "t_1 t_2");
  EXPECT_EQ(Range(absl::nullopt, true, I(100), false), "t_0");
  EXPECT_EQ(Range(absl::nullopt, true, I(100), true), "t_0 t_1");
  EXPECT_EQ(Range(absl::nullopt, true, D("100.5"), false), "t_0 t_1");
  EXPECT_EQ(Range(I(199), false, absl::nullopt, true), "t_1 t_2");
  EXPECT_EQ(Range(I(200), false, absl::nullopt, true), "t_2");
  EXPECT_EQ(Between(I(120), I(130)), "t_1");
  EXPECT_EQ(Between(I(300), I(100)), "none");
  EXPECT_EQ(Between(I(0), I(1000)), "all");
  EXPECT_EQ(Between(S("1"), S("3")), "all");
}

TEST_F(AlgorithmTest, VolumeRange) {
  Load("ds0.t_${0..4}", "{ type: volume_range, lower: 0, upper: 300, volume: 100 }");
  EXPECT_EQ(Point(I(-1)), "t_0");
  EXPECT_EQ(Point(I(0)), "t_1");
  EXPECT_EQ(Point(I(99)), "t_1");
  EXPECT_EQ(Point(I(100)), "t_2");
  EXPECT_EQ(Point(I(299)), "t_3");
  EXPECT_EQ(Point(I(300)), "t_4");
  EXPECT_EQ(Point(I(std::numeric_limits<int64_t>::max())), "t_4");
  EXPECT_EQ(Point(I(std::numeric_limits<int64_t>::min())), "t_0");
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  EXPECT_EQ(Between(I(50), I(150)), "t_1 t_2");
  EXPECT_EQ(Range(I(250), true, absl::nullopt, true), "t_3 t_4");
  EXPECT_EQ(Range(absl::nullopt, true, I(0), false), "t_0");
}

TEST_F(AlgorithmTest, VolumeRangeShortLastSlice) {
  // Slices [10,20) [20,30) [30,40) [40,45): partitions 1..4, then 5 from 45 on.
  Load("ds0.t_${0..5}", "{ type: volume_range, lower: 10, upper: 45, volume: 10 }");
  EXPECT_EQ(Point(I(44)), "t_4");
  EXPECT_EQ(Point(I(45)), "t_5");
  EXPECT_EQ(Point(I(9)), "t_0");
}

TEST_F(AlgorithmTest, IntervalByMonth) {
  Load("ds0.t_log_${202401..202412}",
       "{ type: interval, lower: '2024-01-01', upper: '2024-12-31 23:59:59', unit: month, "
       "suffix: yyyyMM }");
  EXPECT_EQ(Point(ShardingValue::Date("2024-03-05")), "t_log_202403");
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-03-31 23:59:59.999999")), "t_log_202403");
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-04-01 00:00:00")), "t_log_202404");
  EXPECT_EQ(Point(S("2024-3-5")), "t_log_202403");
  EXPECT_EQ(Point(S("2024-03-05T10:00")), "t_log_202403");
  EXPECT_EQ(Point(I(20240305)), "t_log_202403");
  EXPECT_EQ(Point(I(20240305101500)), "t_log_202403");
  EXPECT_EQ(Point(ShardingValue::Date("2024-01-01")), "t_log_202401");
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-12-31 23:59:59")), "t_log_202412");
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-12-31 23:59:59.5")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Date("2023-12-31")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Date("2025-01-01")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Date("2024-02-30")), "unplaced");
  EXPECT_EQ(Point(S("garbage")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  auto insert = algorithm_->ShardForInsert({ShardingValue::Date("2025-01-01")});
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(std::string(insert.status().message()),
            "no table of table t for id = DATE '2025-01-01' (algorithm a, interval): the value is "
            "outside 2024-01-01 .. 2024-12-31 23:59:59");

  const ShardingValue feb10 = ShardingValue::Date("2024-02-10");
  const ShardingValue apr1 = ShardingValue::Date("2024-04-01");
  EXPECT_EQ(Range(feb10, true, apr1, false), "t_log_202402 t_log_202403");
  EXPECT_EQ(Range(feb10, true, apr1, true), "t_log_202402 t_log_202403 t_log_202404");
  EXPECT_EQ(Range(feb10, true, ShardingValue::DateTime("2024-04-01 00:00:01"), false),
            "t_log_202402 t_log_202403 t_log_202404");
  EXPECT_EQ(Range(S("2024-11-15"), false, absl::nullopt, true), "t_log_202411 t_log_202412");
  EXPECT_EQ(Range(absl::nullopt, true, ShardingValue::Date("2023-05-01"), true), "none");
  EXPECT_EQ(Range(ShardingValue::Date("2025-05-01"), true, absl::nullopt, true), "none");
  EXPECT_EQ(Range(ShardingValue::Date("2020-01-01"), true, ShardingValue::Date("2030-01-01"), true),
            "all");
  EXPECT_EQ(Between(S("x"), apr1), "all");
}

TEST_F(AlgorithmTest, IntervalQuartersAndYears) {
  Load("ds0.t_q_${[202401, 202404, 202407, 202410]}",
       "{ type: interval, lower: '2024-01-01', upper: '2024-12-31', unit: month, amount: 3 }");
  EXPECT_EQ(Point(ShardingValue::Date("2024-05-20")), "t_q_202404");
  EXPECT_EQ(Point(ShardingValue::Date("2024-12-31")), "t_q_202410");
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-12-31 08:00:00")), "unplaced");  // after upper
  Load("ds0.t_y_${2020..2029}",
       "{ type: interval, lower: '2020-06-01', upper: '2029-12-31 23:59:59', unit: year }");
  EXPECT_EQ(Point(ShardingValue::Date("2020-06-01")), "t_y_2020");
  EXPECT_EQ(Point(ShardingValue::Date("2020-05-31")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Date("2027-02-28")), "t_y_2027");
  EXPECT_EQ(
      Range(ShardingValue::Date("2021-01-01"), true, ShardingValue::Date("2023-01-01"), false),
      "t_y_2021 t_y_2022");
}

TEST_F(AlgorithmTest, IntervalByDay) {
  Load("ds0.t_d_${20240227..20240229}, ds0.t_d_20240301",
       "{ type: interval, lower: '2024-02-27', upper: '2024-03-01 23:59:59', unit: day }");
  EXPECT_EQ(Point(ShardingValue::Date("2024-02-29")), "t_d_20240229");  // leap day
  EXPECT_EQ(Point(ShardingValue::DateTime("2024-03-01 12:00:00")), "t_d_20240301");
}

TEST_F(AlgorithmTest, InlinePointsAndRanges) {
  Load("ds0.t_${0..3}", "{ type: inline, expression: 't_${id % 4}' }");
  EXPECT_EQ(Point(I(6)), "t_2");
  EXPECT_EQ(Point(S("6")), "t_2");
  EXPECT_EQ(Point(D("6.0")), "t_2");
  EXPECT_EQ(Point(I(-6)), "unplaced");  // t_-2: % keeps the dividend's sign
  EXPECT_EQ(Point(S("x")), "unplaced");
  EXPECT_EQ(Point(ShardingValue::Null()), "unplaced");
  EXPECT_EQ(Between(I(1), I(3)), "t_1 t_2 t_3");
  EXPECT_EQ(Between(I(0), I(100000)), "all");
  EXPECT_EQ(Between(I(1), I(5)), "all");
  EXPECT_EQ(Between(S("1"), S("3")), "all");
  EXPECT_EQ(Range(I(1), true, absl::nullopt, true), "all");
  auto insert = algorithm_->ShardForInsert({S("x")});
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(std::string(insert.status().message()),
            "no table of table t for id = 'x' (algorithm a, inline): t_${id % 4}: 'x' is not an "
            "integer (in %)");
}

TEST_F(AlgorithmTest, InlineAbsPlacesNegativeKeys) {
  Load("ds0.t_${0..3}", "{ type: inline, expression: 't_${abs(id) % 4}' }");
  EXPECT_EQ(Point(I(-6)), "t_2");
  EXPECT_EQ(Point(I(std::numeric_limits<int64_t>::min())), "unplaced");  // abs overflows
  EXPECT_EQ(Between(I(-1), I(1)), "t_0 t_1");
}

TEST_F(AlgorithmTest, InlineOnStrings) {
  Load("ds0.t_${['a', 'b', 'c']}", "{ type: inline, expression: 't_${substr(id, 1, 1)}' }");
  EXPECT_EQ(Point(S("apple")), "t_a");
  EXPECT_EQ(Point(S("cherry")), "t_c");
  EXPECT_EQ(Point(S("durian")), "unplaced");
  EXPECT_EQ(Point(S("")), "unplaced");
  EXPECT_EQ(Between(S("a"), S("b")), "all");
  EXPECT_EQ(Between(I(1), I(2)), "all");  // not numeric-only: a string key may sit anywhere
}

TEST_F(AlgorithmTest, TargetSetOperations) {
  TargetSet set;
  EXPECT_TRUE(set.empty());
  set.Add(3);
  set.Add(1);
  set.Add(3);
  EXPECT_THAT(set.indices(), ElementsAre(1, 3));
  EXPECT_TRUE(set.Contains(3));
  EXPECT_FALSE(set.Contains(2));
  set.Normalize(2);
  EXPECT_TRUE(set.is_all());
  EXPECT_TRUE(set.Contains(7));
  TargetSet other = TargetSet::Of(0);
  other.AddAll(TargetSet::Of(2));
  EXPECT_THAT(other.indices(), ElementsAre(0, 2));
  other.AddAll(TargetSet::All());
  EXPECT_TRUE(other.is_all());
}

}  // namespace
}  // namespace shardproxy
