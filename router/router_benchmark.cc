// Route() on sysbench's statements with the parser's template cache warm: the router's own cost
// per statement (and parse + route together), with heap allocations per statement counted by
// replacing the global operator new.
#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/testing/allocation_counter.h"
#include "config/config.h"
#include "parser/parser.h"
#include "router/router.h"

namespace shardproxy::router {
namespace {

std::shared_ptr<const Config> Load(const char* name) {
  const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
  auto config = LoadConfigFile(absl::StrCat(dir ? dir : ".", "/config/examples/", name));
  if (!config.ok()) std::abort();
  return *config;
}

const char* const kStatements[] = {
    "SELECT c FROM sbtest1 WHERE id=5021",
    "SELECT c FROM sbtest1 WHERE id BETWEEN 5021 AND 5120",
    "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 5021 AND 5120",
    "SELECT c FROM sbtest1 WHERE id BETWEEN 5021 AND 5120 ORDER BY c",
    "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 5021 AND 5120 ORDER BY c",
    "UPDATE sbtest1 SET k=k+1 WHERE id=5021",
    "UPDATE sbtest1 SET c='62836391588-85286378922' WHERE id=5021",
    "DELETE FROM sbtest1 WHERE id=5021",
    "INSERT INTO sbtest1 (id, k, c, pad) VALUES (5021, 4993, '62836391588-85286378922', "
    "'13578249398-11')",
};
const char* const kNames[] = {"point_select",     "simple_range",   "sum_range",
                              "order_range",      "distinct_range", "index_update",
                              "non_index_update", "delete",         "insert"};

void BM_Route(benchmark::State& state, const char* config_name, int statement) {
  static sql::Parser parser;
  std::shared_ptr<const Config> config = Load(config_name);
  sql::BoundStatement bound;
  if (!parser.Parse(kStatements[statement], &bound).ok()) std::abort();
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  uint64_t before = testing::AllocationCount();
  for (auto _ : state) {
    absl::StatusOr<RoutePlan> plan = Router::Route(bound, context);
    benchmark::DoNotOptimize(plan);
  }
  state.counters["allocs"] =
      benchmark::Counter(static_cast<double>(testing::AllocationCount() - before) /
                         static_cast<double>(state.iterations()));
}

void BM_ParseAndRoute(benchmark::State& state, const char* config_name, int statement) {
  static sql::Parser parser;
  std::shared_ptr<const Config> config = Load(config_name);
  sql::BoundStatement bound;
  std::string sql = kStatements[statement];
  if (!parser.Parse(sql, &bound).ok()) std::abort();  // warms the template cache
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  for (auto _ : state) {
    if (!parser.Parse(sql, &bound).ok()) std::abort();
    absl::StatusOr<RoutePlan> plan = Router::Route(bound, context);
    benchmark::DoNotOptimize(plan);
  }
}

void Register() {
  for (const char* config : {"sysbench-2.yaml", "sysbench-2x2.yaml"}) {
    for (int i = 0; i < 9; ++i) {
      benchmark::RegisterBenchmark(absl::StrCat("Route/", config, "/", kNames[i]).c_str(), BM_Route,
                                   config, i);
    }
    benchmark::RegisterBenchmark(absl::StrCat("ParseAndRoute/", config, "/point_select").c_str(),
                                 BM_ParseAndRoute, config, 0);
  }
}

const bool registered = (Register(), true);

}  // namespace
}  // namespace shardproxy::router
