// Cost of the per-statement lookups the router makes: table lookup and point answers, with the
// heap allocations each iteration makes (counter "allocs", expected 0 for integer keys).

#include <cstdlib>

#include "benchmark/benchmark.h"
#include "common/testing/allocation_counter.h"
#include "config/config.h"
#include "config/reload.h"

namespace shardproxy {
namespace {

const Config& Shop() {
  static const std::shared_ptr<const Config> config = [] {
    auto loaded = ParseConfig(R"(users: [{ name: app, password: app_pw }]
data_sources:
  ds0: { host: h, user: root, database: d0 }
  ds1: { host: h, user: root, database: d1 }
  ds2: { host: h, user: root, database: d2 }
  ds3: { host: h, user: root, database: d3 }
default_data_source: ds0
sharding:
  tables:
    t_order:
      data_nodes: ds${0..3}.t_order_${0..3}
      database_strategy: { column: user_id, algorithm: db_mod }
      table_strategy: { column: order_id, algorithm: t_order_inline }
    t_user:
      data_nodes: ds${0..3}.t_user
      database_strategy: { column: user_id, algorithm: db_hash }
    t_log:
      data_nodes: ds0.t_log_${202401..202412}
      table_strategy: { column: created_at, algorithm: by_month }
  algorithms:
    db_mod: { type: mod, count: 4 }
    db_hash: { type: hash_mod, count: 4 }
    t_order_inline: { type: inline, expression: "t_order_${order_id % 4}" }
    by_month: { type: interval, lower: '2024-01-01', upper: '2024-12-31 23:59:59' }
)",
                              "bench.yaml");
    if (!loaded.ok()) std::abort();
    return *loaded;
  }();
  return *config;
}

// Runs `body` and reports heap allocations per iteration.
template <typename Body>
void Measure(benchmark::State& state, Body body) {
  const int64_t before = testing::AllocationCount();
  for (auto _ : state) body();
  state.counters["allocs"] =
      benchmark::Counter(static_cast<double>(testing::AllocationCount() - before) /
                         static_cast<double>(state.iterations()));
}

void BM_FindTable(benchmark::State& state) {
  const ShardingRules& rules = Shop().sharding;
  Measure(state, [&] { benchmark::DoNotOptimize(rules.FindTable("t_order")); });
}
BENCHMARK(BM_FindTable);

void BM_ModPoint(benchmark::State& state) {
  const ShardingAlgorithm& mod =
      *Shop().sharding.FindTable("t_order")->database_strategy()->algorithm;
  int64_t id = 0;
  Measure(state, [&] { benchmark::DoNotOptimize(mod.Shard(ShardingValue::Integer(++id))); });
}
BENCHMARK(BM_ModPoint);

void BM_InlinePoint(benchmark::State& state) {
  const ShardingAlgorithm& inline_algorithm =
      *Shop().sharding.FindTable("t_order")->table_strategy()->algorithm;
  int64_t id = 0;
  Measure(state,
          [&] { benchmark::DoNotOptimize(inline_algorithm.Shard(ShardingValue::Integer(++id))); });
}
BENCHMARK(BM_InlinePoint);

// user_id and order_id of one row -> its data node (two point answers and the node matrix).
void BM_NodeForDatabaseAndTable(benchmark::State& state) {
  const TableRule& table = *Shop().sharding.FindTable("t_order");
  int64_t id = 0;
  Measure(state, [&] {
    ++id;
    const ShardingValue user = ShardingValue::Integer(id * 7);
    const ShardingValue order = ShardingValue::Integer(id);
    benchmark::DoNotOptimize(table.NodeFor({&user, 1}, {&order, 1}));
  });
}
BENCHMARK(BM_NodeForDatabaseAndTable);

void BM_ModPointOnStringKey(benchmark::State& state) {
  const ShardingAlgorithm& mod =
      *Shop().sharding.FindTable("t_order")->database_strategy()->algorithm;
  Measure(state, [&] { benchmark::DoNotOptimize(mod.Shard(ShardingValue::String("123457"))); });
}
BENCHMARK(BM_ModPointOnStringKey);

void BM_HashModInteger(benchmark::State& state) {
  const ShardingAlgorithm& hash =
      *Shop().sharding.FindTable("t_user")->database_strategy()->algorithm;
  int64_t id = 0;
  Measure(state, [&] { benchmark::DoNotOptimize(hash.Shard(ShardingValue::Integer(++id))); });
}
BENCHMARK(BM_HashModInteger);

void BM_HashModString(benchmark::State& state) {
  const ShardingAlgorithm& hash =
      *Shop().sharding.FindTable("t_user")->database_strategy()->algorithm;
  Measure(state, [&] {
    benchmark::DoNotOptimize(hash.Shard(ShardingValue::String("customer-4711@example.com")));
  });
}
BENCHMARK(BM_HashModString);

void BM_IntervalPoint(benchmark::State& state) {
  const ShardingAlgorithm& interval =
      *Shop().sharding.FindTable("t_log")->table_strategy()->algorithm;
  Measure(state, [&] {
    benchmark::DoNotOptimize(interval.Shard(ShardingValue::DateTime("2024-07-14 10:30:00")));
  });
}
BENCHMARK(BM_IntervalPoint);

void BM_ModRangeOfTwo(benchmark::State& state) {
  const ShardingAlgorithm& mod =
      *Shop().sharding.FindTable("t_order")->database_strategy()->algorithm;
  ShardingRange range;
  range.low = RangeBound{ShardingValue::Integer(10), true};
  range.high = RangeBound{ShardingValue::Integer(11), true};
  Measure(state, [&] { benchmark::DoNotOptimize(mod.ShardRange(range)); });
}
BENCHMARK(BM_ModRangeOfTwo);

void BM_ConfigViewCurrent(benchmark::State& state) {
  static ConfigHolder holder(std::make_shared<Config>(Shop()));
  ConfigView view(&holder);
  Measure(state, [&] { benchmark::DoNotOptimize(view.Current().get()); });
}
BENCHMARK(BM_ConfigViewCurrent);

}  // namespace
}  // namespace shardproxy
