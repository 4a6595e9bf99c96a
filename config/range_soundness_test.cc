// The router skips every target that a range answer leaves out, so a range answer that misses the
// point answer of one value in the range is a silently wrong result. These tests check, for each
// algorithm that narrows ranges, every range over a small domain (inclusive and exclusive bounds,
// open ends, bounds between integers, empty and reversed ranges) against the point answers of all
// values in it — and that the answers do narrow, so the test cannot pass by answering "all".
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "config/config.h"
#include "config/sharding_algorithm.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

// A loaded config whose table `t` has a table strategy on `id` with `algorithm`.
class RangeSoundnessTest : public ::testing::Test {
 protected:
  void Load(absl::string_view data_nodes, absl::string_view algorithm) {
    const std::string text = absl::StrCat(
        "listen: 127.0.0.1:3307\n"
        "users: [{ name: app, password: app_pw }]\n"
        "data_sources:\n"
        "  ds0: { host: 127.0.0.1, user: root, database: db0 }\n"
        "sharding:\n"
        "  tables:\n"
        "    t:\n"
        "      data_nodes: \"",
        data_nodes,
        "\"\n"
        "      table_strategy: { column: id, algorithm: a }\n"
        "  algorithms:\n"
        "    a: ",
        algorithm, "\n");
    auto config = ParseConfig(text, "test.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *config;
    algorithm_ = config_->sharding.FindTable("t")->table_strategy()->algorithm.get();
  }

  // One bound of a range over integers: `at` in tenths (so 1005 is 100.5), as the literal a
  // statement would carry.
  struct Bound {
    int64_t tenths;
    bool inclusive;
  };
  ShardingValue BoundValue(int64_t tenths) {
    if (tenths % 10 == 0) return ShardingValue::Integer(tenths / 10);
    return ShardingValue::Decimal(Keep(absl::StrFormat(
        "%s%d.%d", tenths < 0 ? "-" : "", std::abs(tenths) / 10, std::abs(tenths) % 10)));
  }
  // ShardingValue borrows its text: keep it alive for the whole test.
  absl::string_view Keep(std::string text) { return texts_.emplace_back(std::move(text)); }
  static bool Within(int64_t value, const absl::optional<Bound>& low,
                     const absl::optional<Bound>& high) {
    const int64_t tenths = value * 10;
    if (low && (low->inclusive ? tenths < low->tenths : tenths <= low->tenths)) return false;
    if (high && (high->inclusive ? tenths > high->tenths : tenths >= high->tenths)) return false;
    return true;
  }

  // Checks every range with bounds from `bounds` (in tenths, each inclusive and exclusive, and
  // open) against the integers lo..hi. Returns how many answers were narrower than "all".
  int CheckIntegerRanges(int64_t lo, int64_t hi, const std::vector<int64_t>& bounds) {
    std::vector<absl::optional<Bound>> sides = {absl::nullopt};
    for (int64_t b : bounds) {
      sides.push_back(Bound{b, true});
      sides.push_back(Bound{b, false});
    }
    std::vector<int> points;
    for (int64_t v = lo; v <= hi; ++v)
      points.push_back(algorithm_->Shard(ShardingValue::Integer(v)));
    int narrowed = 0;
    for (const absl::optional<Bound>& low : sides) {
      for (const absl::optional<Bound>& high : sides) {
        ShardingRange range;
        if (low) range.low = RangeBound{BoundValue(low->tenths), low->inclusive};
        if (high) range.high = RangeBound{BoundValue(high->tenths), high->inclusive};
        const TargetSet set = algorithm_->ShardRange(range);
        if (set.is_all()) continue;
        ++narrowed;
        for (int64_t v = lo; v <= hi; ++v) {
          const int point = points[v - lo];
          if (point == ShardingAlgorithm::kUnplaced || !Within(v, low, high)) continue;
          if (!set.Contains(point)) {
            ADD_FAILURE() << algorithm_->spec().type << ": " << v << " is on "
                          << algorithm_->targets()[point] << " but the range "
                          << (low ? absl::StrCat(low->inclusive ? "[" : "(", low->tenths / 10.0)
                                  : std::string("(-inf"))
                          << ", "
                          << (high ? absl::StrCat(high->tenths / 10.0, high->inclusive ? "]" : ")")
                                   : std::string("+inf)"))
                          << " leaves it out";
            return narrowed;
          }
        }
      }
    }
    return narrowed;
  }

  std::shared_ptr<const Config> config_;
  const ShardingAlgorithm* algorithm_ = nullptr;
  std::deque<std::string> texts_;
};

std::vector<int64_t> Every(int64_t from, int64_t to, int64_t step, int64_t offset = 0) {
  std::vector<int64_t> out;
  for (int64_t v = from; v <= to; v += step) out.push_back(v * 10 + offset);
  return out;
}

std::vector<int64_t> Concat(std::vector<int64_t> a, const std::vector<int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(RangeSoundnessTest, Mod) {
  Load("ds0.t_${0..3}", "{ type: mod, count: 4 }");
  const int narrowed = CheckIntegerRanges(-20, 20, Concat(Every(-20, 20, 1), Every(-20, 20, 3, 5)));
  EXPECT_GT(narrowed, 100);
}

TEST_F(RangeSoundnessTest, Range) {
  Load("ds0.t_${0..3}", "{ type: range, boundaries: [-10, 100, 200] }");
  const int narrowed = CheckIntegerRanges(
      -40, 260, Concat(Every(-40, 260, 10), {-105, -95, 995, 1005, 1995, 2005, -5, 5}));
  EXPECT_GT(narrowed, 500);
}

TEST_F(RangeSoundnessTest, VolumeRange) {
  Load("ds0.t_${0..5}", "{ type: volume_range, lower: 10, upper: 45, volume: 10 }");
  const int narrowed = CheckIntegerRanges(-10, 70, Concat(Every(-10, 70, 3), Every(0, 60, 10, 5)));
  EXPECT_GT(narrowed, 500);
}

TEST_F(RangeSoundnessTest, InlineIntegerExpressions) {
  for (const char* expression :
       {"t_${id % 4}", "t_${abs(id) % 4}", "t_${(id + 7) / 3 % 4}", "t_${abs(id * 3 - 5) % 4}"}) {
    SCOPED_TRACE(expression);
    Load("ds0.t_${0..3}", absl::StrCat("{ type: inline, expression: '", expression, "' }"));
    const int narrowed =
        CheckIntegerRanges(-30, 30, Concat(Every(-30, 30, 2), Every(-30, 30, 5, 5)));
    EXPECT_GT(narrowed, 10);
  }
}

// Dates: every day and every noon of 2023-12-20 .. 2025-01-10 against ranges whose bounds are
// DATEs and DATETIMEs (midnight and mid-day) around the month ends.
TEST_F(RangeSoundnessTest, IntervalByMonth) {
  Load("ds0.t_log_${202401..202412}",
       "{ type: interval, lower: '2024-01-01', upper: '2024-12-31 23:59:59', unit: month, "
       "suffix: yyyyMM }");
  const absl::CivilDay first(2023, 12, 20), last(2025, 1, 10);
  struct DateBound {
    absl::CivilSecond at;
    bool is_date;
    bool inclusive;
  };
  std::vector<absl::optional<DateBound>> sides = {absl::nullopt};
  for (absl::CivilDay day = first; day <= last; day += 9) {
    for (bool inclusive : {true, false}) {
      sides.push_back(DateBound{absl::CivilSecond(day), true, inclusive});
      sides.push_back(DateBound{absl::CivilSecond(day) + 6 * 3600, false, inclusive});
    }
  }
  auto value_of = [this](absl::CivilSecond at, bool is_date) {
    return is_date ? ShardingValue::Date(Keep(absl::FormatCivilTime(absl::CivilDay(at))))
                   : ShardingValue::DateTime(Keep(
                         absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d", at.year(), at.month(),
                                         at.day(), at.hour(), at.minute(), at.second())));
  };
  std::vector<absl::CivilSecond> moments;
  std::vector<std::string> texts;
  std::vector<int> points;
  for (absl::CivilDay day = first; day <= last; ++day) {
    for (int hour : {0, 12}) {
      const absl::CivilSecond at = absl::CivilSecond(day) + hour * 3600;
      moments.push_back(at);
      points.push_back(algorithm_->Shard(value_of(at, hour == 0)));
    }
  }
  int narrowed = 0;
  for (const auto& low : sides) {
    for (const auto& high : sides) {
      ShardingRange range;
      if (low) range.low = RangeBound{value_of(low->at, low->is_date), low->inclusive};
      if (high) range.high = RangeBound{value_of(high->at, high->is_date), high->inclusive};
      const TargetSet set = algorithm_->ShardRange(range);
      if (set.is_all()) continue;
      ++narrowed;
      for (size_t i = 0; i < moments.size(); ++i) {
        const absl::CivilSecond at = moments[i];
        if (points[i] == ShardingAlgorithm::kUnplaced) continue;
        if (low && (low->inclusive ? at < low->at : at <= low->at)) continue;
        if (high && (high->inclusive ? at > high->at : at >= high->at)) continue;
        ASSERT_TRUE(set.Contains(points[i]))
            << absl::FormatCivilTime(at) << " is on " << algorithm_->targets()[points[i]]
            << " but the range from " << (low ? absl::FormatCivilTime(low->at) : "-inf") << " to "
            << (high ? absl::FormatCivilTime(high->at) : "+inf") << " leaves it out";
      }
    }
  }
  EXPECT_GT(narrowed, 1000);
}

}  // namespace
}  // namespace shardproxy
