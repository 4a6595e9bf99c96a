// A per-data-source circuit breaker, shared by every worker.
//
// Closed: statements go through; `failure_threshold` consecutive failures (connect errors,
// connect or statement timeouts, lost connections) open it. Open: statements fail at once with
// an error naming the data source, so a dead shard costs nothing and statements for healthy
// shards are untouched. After `open_for`, half-open: one statement at a time is let through as a
// probe; its success closes the breaker, its failure opens it again. A probe that never reports
// (its session vanished) stops blocking others after another `open_for`.
//
// The closed-state check is one atomic load; state changes take a lock (they are rare).
//
//   switch (breaker.Admit(now)) { case kRejected: return breaker.OpenError(now); ... }
//   ... on the outcome: breaker.RecordSuccess() / breaker.RecordFailure(now)
#ifndef SHARDPROXY_PROXY_OPS_CIRCUIT_BREAKER_H_
#define SHARDPROXY_PROXY_OPS_CIRCUIT_BREAKER_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace shardproxy::ops {

struct CircuitBreakerOptions {
  int failure_threshold = 5;
  absl::Duration open_for = absl::Seconds(5);
};

class CircuitBreaker {
 public:
  enum class State : uint8_t { kClosed, kOpen, kHalfOpen };
  enum class Admission : uint8_t { kAllowed, kProbe, kRejected };

  CircuitBreaker(std::string data_source, CircuitBreakerOptions options);

  Admission Admit(absl::Time now);
  void RecordSuccess();
  void RecordFailure(absl::Time now);

  State state() const { return state_.load(std::memory_order_acquire); }
  int consecutive_failures() const { return failures_.load(std::memory_order_relaxed); }
  int64_t times_opened() const { return times_opened_.load(std::memory_order_relaxed); }
  const std::string& data_source() const { return data_source_; }

  // The fast-fail error: 2003 (what a client sees when a server cannot be reached), naming the
  // data source, why and when it will be tried again.
  absl::Status OpenError(absl::Time now) const;

 private:
  void OpenLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string data_source_;
  CircuitBreakerOptions options_;
  std::atomic<State> state_{State::kClosed};
  std::atomic<int> failures_{0};
  std::atomic<int64_t> times_opened_{0};
  mutable absl::Mutex mu_;
  absl::Time opened_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time probe_started_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool probe_out_ ABSL_GUARDED_BY(mu_) = false;
};

absl::string_view CircuitStateName(CircuitBreaker::State state);

}  // namespace shardproxy::ops

#endif  // SHARDPROXY_PROXY_OPS_CIRCUIT_BREAKER_H_
