#include "proxy/ops/circuit_breaker.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/mysql_error.h"

namespace shardproxy::ops {

CircuitBreaker::CircuitBreaker(std::string data_source, CircuitBreakerOptions options)
    : data_source_(std::move(data_source)), options_(options) {
  if (options_.failure_threshold < 1) options_.failure_threshold = 1;
}

CircuitBreaker::Admission CircuitBreaker::Admit(absl::Time now) {
  if (state_.load(std::memory_order_acquire) == State::kClosed) return Admission::kAllowed;
  absl::MutexLock lock(&mu_);
  switch (state_.load(std::memory_order_relaxed)) {
    case State::kClosed:
      return Admission::kAllowed;
    case State::kOpen:
      if (now - opened_at_ < options_.open_for) return Admission::kRejected;
      state_.store(State::kHalfOpen, std::memory_order_release);
      probe_out_ = true;
      probe_started_ = now;
      return Admission::kProbe;
    case State::kHalfOpen:
      if (probe_out_ && now - probe_started_ < options_.open_for) return Admission::kRejected;
      probe_out_ = true;
      probe_started_ = now;
      return Admission::kProbe;
  }
  return Admission::kRejected;
}

void CircuitBreaker::RecordSuccess() {
  // Avoid writing the shared line when nothing changes: the common case on a healthy shard.
  if (failures_.load(std::memory_order_relaxed) != 0) failures_.store(0, std::memory_order_relaxed);
  if (state_.load(std::memory_order_acquire) == State::kClosed) return;
  absl::MutexLock lock(&mu_);
  state_.store(State::kClosed, std::memory_order_release);
  probe_out_ = false;
}

void CircuitBreaker::RecordFailure(absl::Time now) {
  int failures = failures_.fetch_add(1, std::memory_order_relaxed) + 1;
  State state = state_.load(std::memory_order_acquire);
  if (state == State::kClosed && failures < options_.failure_threshold) return;
  absl::MutexLock lock(&mu_);
  state = state_.load(std::memory_order_relaxed);
  if (state == State::kHalfOpen ||
      (state == State::kClosed &&
       failures_.load(std::memory_order_relaxed) >= options_.failure_threshold)) {
    OpenLocked(now);
  }
}

void CircuitBreaker::OpenLocked(absl::Time now) {
  state_.store(State::kOpen, std::memory_order_release);
  opened_at_ = now;
  probe_out_ = false;
  times_opened_.fetch_add(1, std::memory_order_relaxed);
}

absl::Status CircuitBreaker::OpenError(absl::Time now) const {
  absl::Duration retry_in;
  {
    absl::MutexLock lock(&mu_);
    retry_in = opened_at_ + options_.open_for - now;
  }
  if (retry_in < absl::ZeroDuration()) retry_in = absl::ZeroDuration();
  return MysqlStatus(
      mysql_errc::kCannotConnectToDataSource, "HY000",
      absl::StrFormat("Data source '%s' is unavailable: circuit breaker open after %d "
                      "consecutive failures; next probe in %.1fs",
                      data_source_, options_.failure_threshold, absl::ToDoubleSeconds(retry_in)));
}

absl::string_view CircuitStateName(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half_open";
  }
  return "unknown";
}

}  // namespace shardproxy::ops
