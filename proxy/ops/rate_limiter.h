// Per-user statement rate limits: a token bucket (rate per second, burst) shared by every worker,
// implemented as GCRA ("generic cell rate algorithm") over one atomic — the theoretical arrival
// time of the next statement — so admitting a statement is one compare-and-swap, no lock.
//
//   RateLimiter limiter(/*per_second=*/1000, /*burst=*/100);
//   if (!limiter.TryAcquire(absl::Now())) → ERR 1226-style "rate limit exceeded" (RateLimitError)
#ifndef SHARDPROXY_PROXY_OPS_RATE_LIMITER_H_
#define SHARDPROXY_PROXY_OPS_RATE_LIMITER_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace shardproxy::ops {

class RateLimiter {
 public:
  // `per_second` > 0; `burst` ≥ 1 statements may arrive at once after a quiet period.
  RateLimiter(double per_second, int64_t burst);

  // True when a statement arriving at `now` is within the limit (and counts it).
  bool TryAcquire(absl::Time now);

  double per_second() const { return per_second_; }
  int64_t burst() const { return burst_; }

 private:
  const double per_second_;
  const int64_t burst_;
  const int64_t interval_ns_;  // time one token takes to refill
  const int64_t
      tolerance_ns_;  // how far ahead of `now` the arrival time may run: (burst-1)*interval
  std::atomic<int64_t> theoretical_arrival_ns_{0};
};

// The error a limited user gets: MySQL's ER_USER_LIMIT_REACHED (1226, SQLSTATE 42000), the code
// MySQL uses for MAX_QUERIES_PER_HOUR, with a message naming the user and the configured limit.
absl::Status RateLimitError(absl::string_view user, double per_second);

// A cap on statements running at once across all sessions. TryAcquire/Release are one atomic each.
// Statements are counted whatever the cap (also when there is none), so a cap set by a reload
// sees the statements already running; every successful TryAcquire needs one Release.
class InFlightLimit {
 public:
  explicit InFlightLimit(int64_t max) : max_(max) {}
  bool TryAcquire() {
    int64_t now = in_flight_.fetch_add(1, std::memory_order_acq_rel);
    int64_t max = max_.load(std::memory_order_relaxed);
    if (max <= 0 || now < max) return true;  // max <= 0: unlimited
    in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }
  void Release() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  int64_t max() const { return max_.load(std::memory_order_relaxed); }
  void set_max(int64_t max) { max_.store(max, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> max_;
  std::atomic<int64_t> in_flight_{0};
};

// Over the global in-flight cap: 1040-class overload error with a message saying which limit.
absl::Status InFlightLimitError(int64_t max);

}  // namespace shardproxy::ops

#endif  // SHARDPROXY_PROXY_OPS_RATE_LIMITER_H_
