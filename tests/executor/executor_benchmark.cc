// SessionExecutor against two real MariaDB servers on loopback (not a test; see
// proxy/executor/README.md for figures):
//   point select passthrough      Execute(single-statement read) -> rows -> terminal call
//   scatter ORDER BY LIMIT 10     two shards, k-way merge
//   2-source write, autocommit    an implicit XA transaction (XA START/END/PREPARE, decision
//                                 fsync, XA COMMIT on both) per statement
//   2-source write, local type    the same statements without XA
//
//   build/release/tests/executor/executor_benchmark
#include <stdio.h>
#include <stdlib.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "proxy/executor/session_executor.h"
#include "tests/backend/backend_test_util.h"
#include "tests/harness/mariadb_cluster.h"

namespace shardproxy::testing {
namespace {

// Stops the loop at the terminal call, so an iteration costs exactly the statement.
class CountingSink : public PlanResultSink {
 public:
  explicit CountingSink(EventLoop* loop) : loop_(loop) {}
  void WriteOk(const OkSummary&) override { Done(); }
  void WriteError(const absl::Status& status) override {
    error = status;
    Done();
  }
  void WriteColumns(absl::Span<const ColumnDefinition>) override {}
  bool WriteRow(RowView) override {
    ++rows;
    return true;
  }
  void WriteEnd(uint16_t, uint16_t) override { Done(); }
  void Done() {
    done = true;
    loop_->Stop();
  }
  EventLoop* const loop_;
  bool done = false;
  int rows = 0;
  absl::Status error;
};

struct World {
  std::unique_ptr<MariaDbCluster> cluster;
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<BackendPool> pools[2];
  DataSourcePools by_name;
  std::string log_dir;
  std::unique_ptr<XaDecisionLog> log;
  XaTransactionRegistry registry;
  std::unique_ptr<XaCoordinator> coordinator;
  std::unique_ptr<EventLoopTaskRunner> runner;
  ExecutorEnvironment environment;
  SessionState state = *SessionState::ForClient(45, absl::nullopt, false);

  static World& Get() {
    static World* world = [] {
      if (getenv("SHARDPROXY_SOURCE_DIR") == nullptr) {
        setenv("SHARDPROXY_SOURCE_DIR", SHARDPROXY_DEFAULT_SOURCE_DIR, 1);
      }
      auto* w = new World;
      auto cluster = MariaDbCluster::Start(2);
      if (!cluster.ok()) {
        fprintf(stderr, "%s\n", cluster.status().ToString().c_str());
        abort();
      }
      w->cluster = std::move(*cluster);
      for (int i = 0; i < 2; ++i) {
        auto created = w->cluster->Sql(
            i,
            "CREATE DATABASE bench; USE bench; CREATE TABLE bench.t (id INT PRIMARY KEY, k INT, "
            "c CHAR(60)); INSERT INTO bench.t SELECT seq, seq % 100, REPEAT('c', 60) "
            "FROM seq_1_to_10000; CREATE TABLE bench.w (id INT PRIMARY KEY, v INT); "
            "INSERT INTO bench.w VALUES (1, 0)");
        if (!created.ok()) {
          fprintf(stderr, "%s\n", created.status().ToString().c_str());
          abort();
        }
      }
      w->loop = *EventLoop::Create();
      for (int i = 0; i < 2; ++i) {
        BackendEndpoint endpoint;
        endpoint.name = absl::StrCat("ds", i);
        endpoint.port = w->cluster->instance(i).port;
        endpoint.user = w->cluster->instance(i).user;
        endpoint.password = w->cluster->instance(i).password;
        endpoint.database = "bench";
        w->pools[i] = std::make_unique<BackendPool>(w->loop.get(), endpoint, PoolOptions{});
        w->by_name[endpoint.name] = w->pools[i].get();
      }
      char dir[] = "/tmp/sp_executor_bench_XXXXXX";
      w->log_dir = mkdtemp(dir);
      w->log = std::move(*XaDecisionLog::Open({.dir = w->log_dir}));
      w->coordinator = std::make_unique<XaCoordinator>(
          XaCoordinatorOptions{.log = w->log.get(), .registry = &w->registry});
      w->runner = std::make_unique<EventLoopTaskRunner>(w->loop.get());
      w->environment.loop = w->loop.get();
      w->environment.pools = &w->by_name;
      w->environment.coordinator = w->coordinator.get();
      w->environment.runner = w->runner.get();
      return w;
    }();
    return *world;
  }

  void Run(SessionExecutor& executor, std::shared_ptr<const router::RoutePlan> plan,
           benchmark::State& bench) {
    CountingSink sink(loop.get());
    executor.Execute(std::move(plan), &state, &sink);
    while (!sink.done) loop->Run();
    if (!sink.error.ok()) bench.SkipWithError(std::string(sink.error.message()).c_str());
  }
};

std::shared_ptr<router::RoutePlan> Plan(router::PlanKind kind, std::string sql0, std::string sql1,
                                        std::shared_ptr<const MergeSpec> merge = nullptr) {
  auto plan = std::make_shared<router::RoutePlan>();
  plan->kind = kind;
  plan->statements.push_back({"ds0", std::move(sql0)});
  if (!sql1.empty()) plan->statements.push_back({"ds1", std::move(sql1)});
  plan->merge = std::move(merge);
  return plan;
}

void BM_PointSelectPassthrough(benchmark::State& bench) {
  World& w = World::Get();
  SessionExecutor executor(&w.environment, {});
  auto plan = Plan(router::PlanKind::kRead, "SELECT c FROM t WHERE id = 42", "");
  for (auto _ : bench) w.Run(executor, plan, bench);
}
BENCHMARK(BM_PointSelectPassthrough)->UseRealTime();

void BM_ScatterOrderByLimit10(benchmark::State& bench) {
  World& w = World::Get();
  SessionExecutor executor(&w.environment, {});
  auto spec = std::make_shared<MergeSpec>();
  spec->order_by = {{.column = 1}};
  spec->shards_sorted_by_order = true;
  spec->limit = {.offset = 0, .count = 10};
  const char* sql = "SELECT id, k FROM t WHERE k = 7 ORDER BY k, id LIMIT 10";
  auto plan = Plan(router::PlanKind::kRead, sql, sql, spec);
  for (auto _ : bench) w.Run(executor, plan, bench);
}
BENCHMARK(BM_ScatterOrderByLimit10)->UseRealTime();

void BM_TwoSourceWrite(benchmark::State& bench) {
  World& w = World::Get();
  SessionExecutor executor(&w.environment, {});
  if (bench.range(0) == 0) (void)executor.SetTransactionType(TransactionType::kLocal);
  const char* sql = "UPDATE w SET v = v + 1 WHERE id = 1";
  auto plan = Plan(router::PlanKind::kWrite, sql, sql);
  for (auto _ : bench) w.Run(executor, plan, bench);
}
BENCHMARK(BM_TwoSourceWrite)->Arg(0)->Arg(1)->ArgName("xa")->UseRealTime();

}  // namespace
}  // namespace shardproxy::testing
