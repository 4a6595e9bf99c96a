// libFuzzer target: arbitrary bytes as a config file and as inline expressions must give a value
// or an error, never a crash, a hang or unbounded memory. When the bytes are a valid config, every
// sharding strategy must also keep the router's invariants: a point answer is a target index or
// kUnplaced, and a range holding a single value includes that value's point answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/inline_expression.h"
#include "config/sharding_algorithm.h"
#include "config/sharding_rules.h"

namespace {

using shardproxy::RangeBound;
using shardproxy::ShardingAlgorithm;
using shardproxy::ShardingRange;
using shardproxy::ShardingStrategy;
using shardproxy::ShardingValue;
using shardproxy::TargetSet;

void CheckStrategy(const ShardingStrategy* strategy) {
  if (strategy == nullptr) return;
  const ShardingAlgorithm& algorithm = *strategy->algorithm;
  const int target_count = static_cast<int>(algorithm.targets().size());
  const ShardingValue samples[] = {
      ShardingValue::Integer(-3),
      ShardingValue::Integer(0),
      ShardingValue::Integer(7),
      ShardingValue::Integer(202403),
      ShardingValue::String("a"),
      ShardingValue::Decimal("2.5"),
      ShardingValue::Date("2024-02-29"),
      ShardingValue::DateTime("2024-12-31 23:59:59"),
      ShardingValue::Null(),
  };
  for (const ShardingValue& sample : samples) {
    const std::vector<ShardingValue> values(strategy->columns.size(), sample);
    const int point = algorithm.Shard(values);
    if (point != ShardingAlgorithm::kUnplaced && (point < 0 || point >= target_count)) abort();
    if (point == ShardingAlgorithm::kUnplaced || values.size() != 1) continue;
    ShardingRange range;
    range.low = RangeBound{sample, true};
    range.high = RangeBound{sample, true};
    const TargetSet set = algorithm.ShardRange(range);
    if (!set.is_all() && !set.Contains(point)) abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = shardproxy::ParseConfig(text, "fuzz.yaml");
  if (config.ok()) {
    (void)shardproxy::DescribeConfig(**config);
    for (const shardproxy::TableRule& table : (*config)->sharding.tables()) {
      CheckStrategy(table.database_strategy());
      CheckStrategy(table.table_strategy());
    }
  }

  // Whole configs as expressions mostly hit the expansion limits (16 MiB of names each time) and
  // slow the search down; long expressions are still reached through data_nodes above.
  if (size > 512) return 0;
  (void)shardproxy::ExpandInlineExpression(text);
  const std::vector<std::string> columns = {"id", "name"};
  auto expression = shardproxy::ShardingExpression::Compile(text, columns);
  if (expression.ok()) {
    std::string out;
    for (const auto& value : {ShardingValue::Integer(-7), ShardingValue::String("Québec"),
                              ShardingValue::Null(), ShardingValue::Date("2024-02-29")}) {
      const ShardingValue values[] = {value, value};
      (void)expression->Evaluate(values, &out);
      int64_t n = 0;
      if (expression->has_integer_form()) (void)expression->EvaluateInteger(values, &n);
    }
  }
  return 0;
}
