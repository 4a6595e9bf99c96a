#include "proxy/ops/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy::ops {

RateLimiter::RateLimiter(double per_second, int64_t burst)
    : per_second_(per_second),
      burst_(std::max<int64_t>(1, burst)),
      interval_ns_(std::max<int64_t>(1, static_cast<int64_t>(std::llround(1e9 / per_second)))),
      tolerance_ns_((std::max<int64_t>(1, burst) - 1) * interval_ns_) {}

bool RateLimiter::TryAcquire(absl::Time now) {
  const int64_t now_ns = absl::ToUnixNanos(now);
  int64_t tat = theoretical_arrival_ns_.load(std::memory_order_relaxed);
  while (true) {
    const int64_t start = std::max(tat, now_ns);
    if (start - now_ns > tolerance_ns_) return false;
    if (theoretical_arrival_ns_.compare_exchange_weak(tat, start + interval_ns_,
                                                      std::memory_order_relaxed)) {
      return true;
    }
  }
}

absl::Status RateLimitError(absl::string_view user, double per_second) {
  return MysqlStatus(mysql_errc::kUserLimitReached, "42000",
                     absl::StrCat("User '", user, "' has exceeded its statement rate limit of ",
                                  per_second, " per second (shardproxy users[].rate_limit)"));
}

absl::Status InFlightLimitError(int64_t max) {
  return MysqlStatus(mysql_errc::kConCount, "08004",
                     absl::StrCat("Too many statements in flight: the proxy runs at most ", max,
                                  " at once (limits.max_in_flight_statements); retry later"));
}

}  // namespace shardproxy::ops
