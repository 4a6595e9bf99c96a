// The process-wide protection and observability state (issue 9), shared by every worker: the
// client connection count and its limit, the in-flight statement cap, per-user rate limiters, a
// circuit breaker per data source, the pool figures each worker publishes for SHOW DATA SOURCES
// and the metrics endpoint, and the metrics registry itself.
//
// Built once by the Server from the Config before the workers start and destroyed after they
// stopped; workers keep a plain pointer. Every field a worker touches per statement is a relaxed
// atomic or per-worker cell: no lock on the hot path.
#ifndef SHARDPROXY_PROXY_SERVER_OPS_RUNTIME_H_
#define SHARDPROXY_PROXY_SERVER_OPS_RUNTIME_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/optional.h"
#include "config/config.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/event_loop.h"
#include "proxy/ops/circuit_breaker.h"
#include "proxy/ops/metrics.h"
#include "proxy/ops/rate_limiter.h"

namespace shardproxy {

// One worker's pool figures for one data source, published by the worker (its pools are
// single-threaded) and summed by whoever reports them.
struct PublishedPoolFigures {
  std::atomic<int> open{0};
  std::atomic<int> idle{0};
  std::atomic<int> in_use{0};
  std::atomic<int> waiting{0};
  std::atomic<int> connecting{0};
  std::atomic<int64_t> acquire_timeouts{0};
  std::atomic<int64_t> failed_connects{0};
};

// Everything the proxy tracks per data source across workers.
struct DataSourceOps {
  DataSourceOps(const DataSourceConfig& config, int workers);

  const DataSourceConfig config;  // a copy: name, host, port, database, max_connections
  ops::CircuitBreaker breaker;
  std::unique_ptr<PublishedPoolFigures[]> per_worker;
  const int workers;

  // Sums over workers.
  PoolStats Sum() const;
};

// One client session as SHOW PROCESSLIST shows it.
struct ProcessRow {
  uint32_t id = 0;
  std::string user;
  std::string host;
  std::string db;
  std::string command;  // Connect, Query, Sleep
  int64_t time = 0;     // seconds in the current command (or idle)
  std::string state;
  std::string info;  // the running statement (first 4 KiB), "" when idle
};

// Statement kinds counted in shardproxy_statements_total.
enum class StatementKind : uint8_t { kSelect, kInsert, kUpdate, kDelete, kOther, kCount };

struct OpsRuntime {
  OpsRuntime(const Config& config, int workers);
  OpsRuntime(const OpsRuntime&) = delete;
  OpsRuntime& operator=(const OpsRuntime&) = delete;

  // Client connections: TryAdmitClient before a session is created (false: over the limit),
  // ReleaseClient when it is gone.
  bool TryAdmitClient();
  void ReleaseClient() { client_connections.fetch_sub(1, std::memory_order_relaxed); }
  // ERR 1040 / 08004 "Too many connections", as MySQL sends it before the handshake.
  static absl::Status TooManyConnectionsError();

  // Thread-safe (rare calls: pool creation, the workers' publish tick, SHOW, metrics scrapes).
  DataSourceOps* FindDataSource(absl::string_view name) const;
  // The entry for `ds` as the config now describes it: the existing one, or, for a data source
  // a reload added or changed (address, database, size, breaker settings), a new one with a
  // closed breaker. The
  // replaced entry stays alive for the pools still pointing at its breaker.
  DataSourceOps* AdoptDataSource(const DataSourceConfig& ds);
  // Every current entry, in the order they were adopted.
  std::vector<DataSourceOps*> DataSources() const;
  // Null when the user has no rate limit. The limiter stays valid for the life of the runtime.
  ops::RateLimiter* RateLimiterFor(absl::string_view user) const;
  // A reload: the client and in-flight caps and the users' rate limits of `config` apply from
  // the next connection or statement on (a user whose limit is unchanged keeps its bucket).
  void ApplyLimits(const Config& config);

  // Copies `pool`'s figures into this worker's slot of its data source.
  void PublishPool(int worker, const BackendPool& pool);

  // SHOW PROCESSLIST across workers: each worker registers (on its loop) how to list its
  // sessions, and unregisters before its loop stops. Collect asks every registered worker on
  // its own loop and calls `done` on `home` with all rows, sorted by id.
  using SessionLister = std::function<void(std::vector<ProcessRow>*)>;
  // KILL: the worker's session with id `id`, if it has it: nullopt when not; else OK once done,
  // or 1095 when `user` is not the session's.
  enum class KillTarget : uint8_t { kConnection, kQuery };
  using SessionKiller = std::function<absl::optional<absl::Status>(uint32_t id, KillTarget target,
                                                                   const std::string& user)>;
  void RegisterSessionLister(int worker, EventLoop* loop, SessionLister lister,
                             SessionKiller killer = nullptr);
  void UnregisterSessionLister(int worker);
  void CollectProcesslist(EventLoop* home,
                          absl::AnyInvocable<void(std::vector<ProcessRow>)> done);
  // KILL [CONNECTION | QUERY] id by `user`: every registered worker looks on its own loop; `done`
  // runs on `home` with OK, 1095 (another user's session) or 1094 (no session has that id).
  void KillSession(EventLoop* home, uint32_t id, KillTarget target, std::string user,
                   absl::AnyInvocable<void(absl::Status)> done);

  const int workers;
  // Both caps are set by ApplyLimits (at construction and on reload); 0 = unlimited.
  std::atomic<int> max_client_connections{0};
  ops::InFlightLimit in_flight{0};
  std::atomic<int> client_connections{0};
  std::atomic<int64_t> refused_connections{0};
  // SIGTERM: the listeners are closed, sessions finish what they run and then close.
  std::atomic<bool> draining{false};


  ops::MetricsRegistry metrics;
  ops::Counter* statements[static_cast<int>(StatementKind::kCount)] = {};
  ops::Histogram* statement_seconds = nullptr;
  ops::Counter* xa_commits = nullptr;
  ops::Counter* xa_rollbacks = nullptr;
  ops::Counter* statement_timeouts = nullptr;

 private:
  struct Lister {
    int worker;
    EventLoop* loop;
    SessionLister list;
    SessionKiller kill;
  };
  void RegisterMetrics();
  // Runs `ask` on every registered worker's own loop and folds each answer in with `take` (under
  // one lock), then runs `done` on `home` once the last has answered (at once with no worker).
  template <typename Answer>
  void AskEveryWorker(EventLoop* home, std::function<Answer(const Lister&)> ask,
                      std::function<void(Answer)> take, absl::AnyInvocable<void()> done);

  // Every statement of a user with a limit looks here: a reader lock, uncontended but for a
  // reload; `any_rate_limits_` spares everyone else even that.
  mutable absl::Mutex rate_limiters_mu_;
  absl::flat_hash_map<std::string, ops::RateLimiter*> rate_limiters_
      ABSL_GUARDED_BY(rate_limiters_mu_);
  // Every limiter ever made: a session may still use one a reload replaced.
  std::vector<std::unique_ptr<ops::RateLimiter>> all_rate_limiters_
      ABSL_GUARDED_BY(rate_limiters_mu_);
  std::atomic<bool> any_rate_limits_{false};

  mutable absl::Mutex data_sources_mu_;
  std::vector<std::unique_ptr<DataSourceOps>> data_sources_ ABSL_GUARDED_BY(data_sources_mu_);
  std::vector<std::unique_ptr<DataSourceOps>> replaced_data_sources_
      ABSL_GUARDED_BY(data_sources_mu_);

  absl::Mutex listers_mu_;
  std::vector<Lister> listers_ ABSL_GUARDED_BY(listers_mu_);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_OPS_RUNTIME_H_
