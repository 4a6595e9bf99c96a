#include "proxy/server/ops_runtime.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

DataSourceOps::DataSourceOps(const DataSourceConfig& ds, int worker_count)
    : config(ds),
      breaker(ds.name, ops::CircuitBreakerOptions{.failure_threshold = ds.breaker.failures,
                                                  .open_for =
                                                      absl::Milliseconds(ds.breaker.open_ms)}),
      per_worker(new PublishedPoolFigures[worker_count]),
      workers(worker_count) {}

PoolStats DataSourceOps::Sum() const {
  PoolStats sum;
  for (int i = 0; i < workers; ++i) {
    const PublishedPoolFigures& figures = per_worker[i];
    sum.open += figures.open.load(std::memory_order_relaxed);
    sum.idle += figures.idle.load(std::memory_order_relaxed);
    sum.in_use += figures.in_use.load(std::memory_order_relaxed);
    sum.waiting += figures.waiting.load(std::memory_order_relaxed);
    sum.connecting += figures.connecting.load(std::memory_order_relaxed);
    sum.acquire_timeouts += figures.acquire_timeouts.load(std::memory_order_relaxed);
    sum.failed_connects += figures.failed_connects.load(std::memory_order_relaxed);
  }
  return sum;
}

OpsRuntime::OpsRuntime(const Config& config, int worker_count)
    : workers(worker_count), metrics(worker_count) {
  for (const DataSourceConfig& ds : config.data_sources) AdoptDataSource(ds);
  ApplyLimits(config);
  RegisterMetrics();
}

void OpsRuntime::ApplyLimits(const Config& config) {
  max_client_connections.store(config.limits.max_client_connections, std::memory_order_relaxed);
  in_flight.set_max(config.limits.max_in_flight_statements);
  absl::MutexLock lock(&rate_limiters_mu_);
  absl::flat_hash_map<std::string, ops::RateLimiter*> limiters;
  for (const UserConfig& user : config.users) {
    const RateLimitConfig& limit = user.rate_limit;
    if (limit.statements_per_second <= 0) continue;
    int burst = limit.burst > 0 ? limit.burst : limit.statements_per_second;
    auto old = rate_limiters_.find(user.name);
    if (old != rate_limiters_.end() && old->second->per_second() == limit.statements_per_second &&
        old->second->burst() == burst) {
      limiters[user.name] = old->second;
      continue;
    }
    all_rate_limiters_.push_back(
        std::make_unique<ops::RateLimiter>(limit.statements_per_second, burst));
    limiters[user.name] = all_rate_limiters_.back().get();
  }
  rate_limiters_ = std::move(limiters);
  any_rate_limits_.store(!rate_limiters_.empty(), std::memory_order_release);
}

bool OpsRuntime::TryAdmitClient() {
  int before = client_connections.fetch_add(1, std::memory_order_relaxed);
  int max = max_client_connections.load(std::memory_order_relaxed);
  if (max <= 0 || before < max) return true;
  client_connections.fetch_sub(1, std::memory_order_relaxed);
  refused_connections.fetch_add(1, std::memory_order_relaxed);
  return false;
}

absl::Status OpsRuntime::TooManyConnectionsError() {
  return MysqlStatus(mysql_errc::kConCount, "08004", "Too many connections");
}

DataSourceOps* OpsRuntime::FindDataSource(absl::string_view name) const {
  absl::MutexLock lock(&data_sources_mu_);
  for (const auto& ds : data_sources_) {
    if (ds->config.name == name) return ds.get();
  }
  return nullptr;
}

DataSourceOps* OpsRuntime::AdoptDataSource(const DataSourceConfig& config) {
  absl::MutexLock lock(&data_sources_mu_);
  for (auto& ds : data_sources_) {
    if (ds->config.name != config.name) continue;
    const DataSourceConfig& old = ds->config;
    if (old.host == config.host && old.port == config.port && old.socket == config.socket &&
        old.database == config.database &&
        old.max_connections == config.max_connections &&
        old.breaker.failures == config.breaker.failures &&
        old.breaker.open_ms == config.breaker.open_ms) {
      return ds.get();
    }
    replaced_data_sources_.push_back(std::move(ds));
    ds = std::make_unique<DataSourceOps>(config, workers);
    return ds.get();
  }
  data_sources_.push_back(std::make_unique<DataSourceOps>(config, workers));
  return data_sources_.back().get();
}

std::vector<DataSourceOps*> OpsRuntime::DataSources() const {
  absl::MutexLock lock(&data_sources_mu_);
  std::vector<DataSourceOps*> out;
  for (const auto& ds : data_sources_) out.push_back(ds.get());
  return out;
}

ops::RateLimiter* OpsRuntime::RateLimiterFor(absl::string_view user) const {
  if (!any_rate_limits_.load(std::memory_order_acquire)) return nullptr;
  absl::ReaderMutexLock lock(&rate_limiters_mu_);
  auto it = rate_limiters_.find(user);
  return it == rate_limiters_.end() ? nullptr : it->second;
}

void OpsRuntime::PublishPool(int worker, const BackendPool& pool) {
  DataSourceOps* ds = FindDataSource(pool.endpoint().name);
  if (ds == nullptr || worker < 0 || worker >= ds->workers) return;
  PoolStats stats = pool.stats();
  PublishedPoolFigures& figures = ds->per_worker[worker];
  figures.open.store(stats.open, std::memory_order_relaxed);
  figures.idle.store(stats.idle, std::memory_order_relaxed);
  figures.in_use.store(stats.in_use, std::memory_order_relaxed);
  figures.waiting.store(stats.waiting, std::memory_order_relaxed);
  figures.connecting.store(stats.connecting, std::memory_order_relaxed);
  figures.acquire_timeouts.store(static_cast<int64_t>(stats.acquire_timeouts),
                                 std::memory_order_relaxed);
  figures.failed_connects.store(static_cast<int64_t>(stats.failed_connects),
                                std::memory_order_relaxed);
}

void OpsRuntime::RegisterSessionLister(int worker, EventLoop* loop, SessionLister lister,
                                       SessionKiller killer) {
  absl::MutexLock lock(&listers_mu_);
  listers_.push_back(Lister{worker, loop, std::move(lister), std::move(killer)});
}

void OpsRuntime::UnregisterSessionLister(int worker) {
  absl::MutexLock lock(&listers_mu_);
  listers_.erase(std::remove_if(listers_.begin(), listers_.end(),
                                [worker](const Lister& l) { return l.worker == worker; }),
                 listers_.end());
}

template <typename Answer>
void OpsRuntime::AskEveryWorker(EventLoop* home, std::function<Answer(const Lister&)> ask,
                                std::function<void(Answer)> take, absl::AnyInvocable<void()> done) {
  struct Round {
    absl::Mutex mu;
    int pending = 0;
    EventLoop* home = nullptr;
    std::function<void(Answer)> take;
    absl::AnyInvocable<void()> done;
  };
  auto round = std::make_shared<Round>();
  round->home = home;
  round->take = std::move(take);
  round->done = std::move(done);
  auto finish = [](std::shared_ptr<Round> r) { r->home->Post([r] { r->done(); }); };
  absl::MutexLock lock(&listers_mu_);
  round->pending = static_cast<int>(listers_.size());
  if (listers_.empty()) return finish(round);
  for (const Lister& lister : listers_) {
    lister.loop->Post([round, ask, lister, finish] {
      Answer answer = ask(lister);
      bool last = false;
      {
        absl::MutexLock lock(&round->mu);
        round->take(std::move(answer));
        last = --round->pending == 0;
      }
      if (last) finish(round);
    });
  }
}

void OpsRuntime::CollectProcesslist(EventLoop* home,
                                    absl::AnyInvocable<void(std::vector<ProcessRow>)> done) {
  auto rows = std::make_shared<std::vector<ProcessRow>>();
  AskEveryWorker<std::vector<ProcessRow>>(
      home,
      [](const Lister& lister) {
        std::vector<ProcessRow> mine;
        lister.list(&mine);
        return mine;
      },
      [rows](std::vector<ProcessRow> mine) {
        for (ProcessRow& row : mine) rows->push_back(std::move(row));
      },
      [rows, done = std::move(done)]() mutable {
        std::sort(rows->begin(), rows->end(),
                  [](const ProcessRow& a, const ProcessRow& b) { return a.id < b.id; });
        done(std::move(*rows));
      });
}

void OpsRuntime::KillSession(EventLoop* home, uint32_t id, KillTarget target, std::string user,
                             absl::AnyInvocable<void(absl::Status)> done) {
  // The worker that has the session answers; the others say nothing.
  auto outcome = std::make_shared<absl::optional<absl::Status>>();
  AskEveryWorker<absl::optional<absl::Status>>(
      home,
      [id, target, user](const Lister& lister) -> absl::optional<absl::Status> {
        if (!lister.kill) return absl::nullopt;
        return lister.kill(id, target, user);
      },
      [outcome](absl::optional<absl::Status> answer) {
        if (answer) *outcome = std::move(answer);
      },
      [outcome, id, done = std::move(done)]() mutable {
        done(outcome->value_or(MysqlStatus(mysql_errc::kNoSuchThread, "HY000",
                                           absl::StrCat("Unknown thread id: ", id))));
      });
}

void OpsRuntime::RegisterMetrics() {
  constexpr const char* kKinds[] = {"select", "insert", "update", "delete", "other"};
  for (int i = 0; i < static_cast<int>(StatementKind::kCount); ++i) {
    statements[i] = metrics.AddCounter("shardproxy_statements_total",
                                       "Statements received, by type", {{"type", kKinds[i]}});
  }
  statement_seconds = metrics.AddHistogram("shardproxy_statement_duration_seconds",
                                           "Statement latency through the proxy", {},
                                           ops::Histogram::LatencyBuckets());
  xa_commits = metrics.AddCounter("shardproxy_xa_transactions_total",
                                  "Distributed transactions finished, by outcome",
                                  {{"outcome", "commit"}});
  xa_rollbacks = metrics.AddCounter("shardproxy_xa_transactions_total",
                                    "Distributed transactions finished, by outcome",
                                    {{"outcome", "rollback"}});
  statement_timeouts = metrics.AddCounter(
      "shardproxy_statement_timeouts_total",
      "Statements interrupted by the statement timeout (timeouts.statement_ms, max_execution_time)");
  metrics.AddCollector("shardproxy_client_connections", "Open client connections",
                       ops::MetricsRegistry::Type::kGauge, [this] {
                         return std::vector<ops::Sample>{
                             {{}, double(client_connections.load(std::memory_order_relaxed))}};
                       });
  metrics.AddCollector("shardproxy_client_connections_refused_total",
                       "Client connections refused over limits.max_client_connections",
                       ops::MetricsRegistry::Type::kCounter, [this] {
                         return std::vector<ops::Sample>{
                             {{}, double(refused_connections.load(std::memory_order_relaxed))}};
                       });
  metrics.AddCollector("shardproxy_statements_in_flight", "Statements running now",
                       ops::MetricsRegistry::Type::kGauge, [this] {
                         return std::vector<ops::Sample>{{{}, double(in_flight.in_flight())}};
                       });
  auto per_data_source = [this](auto value) {
    return [this, value] {
      std::vector<ops::Sample> samples;
      for (const DataSourceOps* ds : DataSources()) {
        samples.push_back({{{"data_source", ds->config.name}}, double(value(*ds))});
      }
      return samples;
    };
  };
  using Type = ops::MetricsRegistry::Type;
  metrics.AddCollector("shardproxy_pool_connections_in_use",
                       "Backend connections lent to statements", Type::kGauge,
                       per_data_source([](const DataSourceOps& ds) { return ds.Sum().in_use; }));
  metrics.AddCollector("shardproxy_pool_connections_idle", "Idle backend connections",
                       Type::kGauge,
                       per_data_source([](const DataSourceOps& ds) { return ds.Sum().idle; }));
  metrics.AddCollector("shardproxy_pool_connections_max", "Configured max_connections",
                       Type::kGauge, per_data_source([](const DataSourceOps& ds) {
                         return ds.config.max_connections;
                       }));
  metrics.AddCollector("shardproxy_pool_waiting",
                       "Statements waiting for a backend connection (queue depth)", Type::kGauge,
                       per_data_source([](const DataSourceOps& ds) { return ds.Sum().waiting; }));
  metrics.AddCollector("shardproxy_pool_acquire_timeouts_total",
                       "Waits for a backend connection that timed out", Type::kCounter,
                       per_data_source([](const DataSourceOps& ds) {
                         return ds.Sum().acquire_timeouts;
                       }));
  metrics.AddCollector("shardproxy_pool_failed_connects_total",
                       "Backend connects that failed", Type::kCounter,
                       per_data_source([](const DataSourceOps& ds) {
                         return ds.Sum().failed_connects;
                       }));
  metrics.AddCollector(
      "shardproxy_circuit_breaker_state", "Circuit breaker: 0 closed, 1 open, 2 half-open",
      Type::kGauge, per_data_source([](const DataSourceOps& ds) {
        return static_cast<int>(ds.breaker.state());
      }));
  metrics.AddCollector("shardproxy_circuit_breaker_opened_total",
                       "Times the circuit breaker opened", Type::kCounter,
                       per_data_source([](const DataSourceOps& ds) {
                         return ds.breaker.times_opened();
                       }));
}

}  // namespace shardproxy
