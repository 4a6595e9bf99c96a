// Hot-path costs of the protection and observability pieces: what a statement pays.
#include "benchmark/benchmark.h"
#include "proxy/ops/circuit_breaker.h"
#include "proxy/ops/metrics.h"
#include "proxy/ops/rate_limiter.h"

namespace shardproxy::ops {
namespace {

void BM_CounterAdd(benchmark::State& state) {
  static MetricsRegistry registry(8);
  static Counter* counter = registry.AddCounter("c", "c");
  for (auto _ : state) counter->Add(state.thread_index());
}
BENCHMARK(BM_CounterAdd)->Threads(1)->Threads(2);

void BM_HistogramObserve(benchmark::State& state) {
  static MetricsRegistry registry(8);
  static Histogram* histogram = registry.AddHistogram("h", "h", {}, Histogram::LatencyBuckets());
  double value = 0.0003;
  for (auto _ : state) histogram->Observe(state.thread_index(), value);
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2);

void BM_RateLimiterTryAcquire(benchmark::State& state) {
  static RateLimiter limiter(1e9, 1000000);
  for (auto _ : state) benchmark::DoNotOptimize(limiter.TryAcquire(absl::Now()));
}
BENCHMARK(BM_RateLimiterTryAcquire)->Threads(1)->Threads(2);

void BM_ClosedBreakerAdmitAndSuccess(benchmark::State& state) {
  static CircuitBreaker breaker("ds0", {});
  absl::Time now = absl::Now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(breaker.Admit(now));
    breaker.RecordSuccess();
  }
}
BENCHMARK(BM_ClosedBreakerAdmitAndSuccess)->Threads(1)->Threads(2);

}  // namespace
}  // namespace shardproxy::ops
