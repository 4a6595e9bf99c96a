// The backend hot path against a real MariaDB on loopback: acquire a pooled connection, run a
// point select (with the session-state check a session does), read the row, release.
//
//   build/release/tests/backend/backend_benchmark
//
// Real time per iteration is the round trip; CPU time is this process's share (the worker's
// cost per query). `allocs` counts every malloc (C++ new included, Connector/C included) per
// query, through the interposed allocator below.
#include <mysql.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "proxy/backend/backend_pool.h"
#include "tests/backend/backend_test_util.h"

// Counting allocator: glibc's own entry points do the work.
extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* pointer, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* pointer);
}

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

extern "C" {
void* malloc(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(size_t count, size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(pointer, size);
}
void* memalign(size_t alignment, size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }
int posix_memalign(void** out, size_t alignment, size_t size) {
  void* pointer = memalign(alignment, size);
  if (pointer == nullptr) return ENOMEM;
  *out = pointer;
  return 0;
}
void free(void* pointer) { __libc_free(pointer); }
}

namespace shardproxy::testing {
namespace {

constexpr int kRows = 1000;

MariaDbCluster* Cluster() {
  static MariaDbCluster* cluster = [] {
    setenv("SHARDPROXY_SOURCE_DIR", SHARDPROXY_DEFAULT_SOURCE_DIR, /*overwrite=*/0);
    auto started = MariaDbCluster::Start(1);
    if (!started.ok()) {
      fprintf(stderr, "cannot start MariaDB: %s\n", started.status().ToString().c_str());
      std::abort();
    }
    MariaDbCluster* c = started->release();
    std::string load =
        "CREATE DATABASE bench; CREATE TABLE bench.sbtest (id INT PRIMARY KEY, k INT NOT NULL, "
        "c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL); "
        "INSERT INTO bench.sbtest SELECT seq, seq * 7 % 1000, REPEAT(CHAR(97 + seq % 26), 120), "
        "REPEAT('p', 60) FROM bench.seq_1_to_1000;";
    auto loaded = c->Sql(0, load);
    if (!loaded.ok()) {
      fprintf(stderr, "cannot load data: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return c;
  }();
  return cluster;
}

// One session's loop: acquire, query, pull, release, again — all inside the event loop.
class PointSelectSession {
 public:
  PointSelectSession(benchmark::State* state, EventLoop* loop, BackendPool* pool,
                     SessionState desired)
      : state_(state), loop_(loop), pool_(pool), desired_(std::move(desired)) {}

  void Start() { Next(); }
  int errors() const { return errors_; }

 private:
  void Next() {
    if (!state_->KeepRunning()) {
      loop_->Stop();
      return;
    }
    id_ = id_ % kRows + 1;
    sql_.clear();
    absl::StrAppend(&sql_, "SELECT c FROM sbtest WHERE id=", id_);
    pool_->Acquire({}, [this](absl::StatusOr<PooledConnection> conn) {
      if (!conn.ok()) {
        Fail();
        return;
      }
      conn_ = std::move(*conn);
      conn_->SetWaker([this] { Pull(); });
      conn_->Query(desired_, sql_, [this](absl::Status status) {
        if (!status.ok()) {
          Fail();
          return;
        }
        Pull();
      });
    });
  }

  void Pull() {
    RowView row;
    StreamState state;
    while ((state = conn_->rows()->Next(&row)) == StreamState::kHaveRow) {
      benchmark::DoNotOptimize(row[0]->size());
    }
    if (state == StreamState::kBlocked) return;
    if (!conn_->rows()->status().ok()) ++errors_;
    conn_.Release();
    Next();
  }

  void Fail() {
    ++errors_;
    conn_.Release();
    Next();
  }

  benchmark::State* state_;
  EventLoop* loop_;
  BackendPool* pool_;
  SessionState desired_;
  PooledConnection conn_;
  std::string sql_;
  int id_ = 0;
  int errors_ = 0;
};

void BM_PooledPointSelect(benchmark::State& state) {
  auto loop = *EventLoop::Create();
  BackendPool pool(loop.get(), *EndpointFor(Cluster()->instance(0), "ds0", "bench"),
                   PoolOptions{.max_connections = 1});
  SessionState desired = *SessionState::ForClient(45, std::string("bench"), true);
  PointSelectSession session(&state, loop.get(), &pool, desired);
  // Warm up: the connection exists before measuring, as it does in a running proxy.
  {
    bool ready = false;
    pool.Acquire({}, [&](absl::StatusOr<PooledConnection> conn) { ready = conn.ok(); });
    RunUntil(loop.get(), [&] { return ready; });
  }
  uint64_t allocations_before = g_allocations.load();
  loop->AddTimer(absl::ZeroDuration(), [&] { session.Start(); });
  loop->Run();
  uint64_t allocations = g_allocations.load() - allocations_before;
  state.counters["allocs"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
  state.counters["errors"] = session.errors();
}
BENCHMARK(BM_PooledPointSelect)->UseRealTime()->MinTime(3.0);

// The same round trip with plain blocking Connector/C calls: the floor for what a query costs.
void BM_BlockingConnectorPointSelect(benchmark::State& state) {
  const MariaDbInstance& instance = Cluster()->instance(0);
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql_real_connect(mysql, instance.host.c_str(), instance.user.c_str(), "", "bench",
                         instance.port, nullptr, 0) == nullptr) {
    state.SkipWithError(mysql_error(mysql));
    return;
  }
  int id = 0;
  std::string sql;
  uint64_t allocations_before = g_allocations.load();
  for (auto _ : state) {
    id = id % kRows + 1;
    sql.clear();
    absl::StrAppend(&sql, "SELECT c FROM sbtest WHERE id=", id);
    mysql_real_query(mysql, sql.data(), sql.size());
    MYSQL_RES* result = mysql_use_result(mysql);
    while (MYSQL_ROW row = mysql_fetch_row(result)) benchmark::DoNotOptimize(row[0]);
    mysql_free_result(result);
  }
  uint64_t allocations = g_allocations.load() - allocations_before;
  state.counters["allocs"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
  mysql_close(mysql);
}
BENCHMARK(BM_BlockingConnectorPointSelect)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace shardproxy::testing
