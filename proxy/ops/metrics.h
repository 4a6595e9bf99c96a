// Process-wide metrics, exposed in Prometheus' text format (proxy/ops/metrics_http_server.h).
//
// Metrics are created once, at start-up, and kept as plain pointers by whoever updates them;
// updating is a relaxed atomic add into the caller's worker cell (one cache line per worker), so
// workers never contend and the hot path takes no lock and allocates nothing. Scraping sums the
// cells. Values that live elsewhere (pool sizes, breaker state) are read at scrape time through
// a collector callback instead of being pushed on every change.
//
//   MetricsRegistry registry(workers);
//   Counter* selects = registry.AddCounter("shardproxy_statements_total", "Statements by type",
//                                          {{"type", "select"}});
//   Histogram* latency = registry.AddHistogram("shardproxy_statement_seconds", "...", {},
//                                              Histogram::LatencyBuckets());
//   selects->Add(worker_id);  latency->Observe(worker_id, 0.00042);
//   std::string text = registry.RenderPrometheusText();
#ifndef SHARDPROXY_PROXY_OPS_METRICS_H_
#define SHARDPROXY_PROXY_OPS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace shardproxy::ops {

using Labels = std::vector<std::pair<std::string, std::string>>;

// One atomic per worker, each on its own cache line. Index `workers` (one past the last worker)
// is for threads that are not workers (start-up, recovery, admin).
class PerWorkerCells {
 public:
  explicit PerWorkerCells(int workers);
  void Add(int worker, int64_t delta) {
    cells_[Slot(worker)].value.fetch_add(delta, std::memory_order_relaxed);
  }
  int64_t Sum() const;

 private:
  struct alignas(64) Cell {
    std::atomic<int64_t> value{0};
  };
  size_t Slot(int worker) const {
    return worker >= 0 && static_cast<size_t>(worker) < cells_.size() ? worker : cells_.size() - 1;
  }
  std::unique_ptr<Cell[]> storage_;
  absl::Span<Cell> cells_;
};

class Counter {
 public:
  explicit Counter(int workers) : cells_(workers) {}
  void Add(int worker, int64_t n = 1) { cells_.Add(worker, n); }
  int64_t Value() const { return cells_.Sum(); }

 private:
  PerWorkerCells cells_;
};

// A value that goes up and down (open connections, in-flight statements).
class Gauge {
 public:
  explicit Gauge(int workers) : cells_(workers) {}
  void Add(int worker, int64_t delta) { cells_.Add(worker, delta); }
  int64_t Value() const { return cells_.Sum(); }

 private:
  PerWorkerCells cells_;
};

// Cumulative buckets as Prometheus expects them; the sum is kept in microseconds for latency
// histograms and in the observed unit otherwise (rendered divided by `sum_scale`).
class Histogram {
 public:
  Histogram(int workers, std::vector<double> upper_bounds);
  void Observe(int worker, double value);
  // Seconds: 50 µs … 10 s, the range where statement latencies through a proxy fall.
  static std::vector<double> LatencyBuckets();

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  // Per bucket (not cumulative), the last one being +Inf.
  std::vector<int64_t> BucketCounts() const;
  double Sum() const;

 private:
  std::vector<double> upper_bounds_;
  std::vector<std::unique_ptr<PerWorkerCells>> buckets_;  // upper_bounds_.size() + 1
  PerWorkerCells sum_micros_;
};

// One sample of a collector: a metric value computed at scrape time.
struct Sample {
  Labels labels;
  double value = 0;
};

class MetricsRegistry {
 public:
  enum class Type { kCounter, kGauge, kHistogram };

  explicit MetricsRegistry(int workers);
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  int workers() const { return workers_; }

  // Several calls with the same name and different labels make one family; `help` and the type
  // must agree. The returned pointers live as long as the registry. Thread-safe.
  Counter* AddCounter(const std::string& name, const std::string& help, Labels labels = {});
  Gauge* AddGauge(const std::string& name, const std::string& help, Labels labels = {});
  Histogram* AddHistogram(const std::string& name, const std::string& help, Labels labels,
                          std::vector<double> upper_bounds);

  // Counters keyed by a value known only at run time, e.g. errors by MySQL code. The map lookup
  // takes a lock, so use it only where the event is rare (errors), never per statement.
  void AddToKeyedCounter(const std::string& name, const std::string& help,
                         const std::string& label_name, const std::string& label_value, int worker,
                         int64_t n = 1);

  // A family whose samples are computed by `collect` when scraped (called from the scraping
  // thread: it must read only thread-safe state).
  void AddCollector(const std::string& name, const std::string& help, Type type,
                    std::function<std::vector<Sample>()> collect);

  std::string RenderPrometheusText() const;

 private:
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    std::string name;
    std::string help;
    Type type;
    std::vector<std::unique_ptr<Series>> series;
    std::function<std::vector<Sample>()> collect;
    std::string keyed_label;                           // keyed counters
    absl::flat_hash_map<std::string, Counter*> keyed;  // label value -> counter
  };
  Family* FamilyLocked(const std::string& name, const std::string& help, Type type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int workers_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Family*> by_name_ ABSL_GUARDED_BY(mu_);
};

// Prometheus label-value escaping: backslash, double quote and newline.
std::string EscapeLabelValue(absl::string_view value);

}  // namespace shardproxy::ops

#endif  // SHARDPROXY_PROXY_OPS_METRICS_H_
