#include "proxy/backend/backend_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_error.h"
#include "proxy/ops/circuit_breaker.h"

namespace shardproxy {

int PerWorkerConnectionLimit(int total, int workers, int worker_index) {
  if (workers <= 0) return std::max(1, total);
  int share = total / workers + (worker_index < total % workers ? 1 : 0);
  return std::max(1, share);
}

// ---------------------------------------------------------------------------------------------
// PooledConnection.

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {
  other.pool_ = nullptr;
}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
    other.pool_ = nullptr;
  }
  return *this;
}

void PooledConnection::Release() {
  if (connection_ == nullptr) return;
  BackendPool* pool = pool_;
  pool_ = nullptr;
  pool->Release(std::move(connection_));
}

void PooledConnection::Discard() {
  if (connection_ == nullptr) return;
  BackendPool* pool = pool_;
  pool_ = nullptr;
  pool->ReleaseClosing(std::move(connection_));
}

// ---------------------------------------------------------------------------------------------
// BackendPool.

BackendPool::BackendPool(EventLoop* loop, BackendEndpoint endpoint, PoolOptions options)
    : loop_(loop),
      endpoint_(std::make_shared<const BackendEndpoint>(std::move(endpoint))),
      options_(options) {
  sweep_timer_ =
      loop_->AddTimer(std::max(absl::Seconds(1), options_.idle_timeout / 4), [this] { Sweep(); });
}

BackendPool::~BackendPool() {
  for (EventLoop::TimerId timer : {dispatch_timer_, sweep_timer_, kill_timer_}) {
    if (timer != 0) loop_->CancelTimer(timer);
  }
  for (Waiter& waiter : waiters_) CancelWaiterTimer(waiter);
  if (in_use_ > 0) {
    SP_LOG(kError, "pool", "pool for ", endpoint_->Describe(), " destroyed with ", in_use_,
           " connections on loan");
  }
}

int BackendPool::Established() const {
  return static_cast<int>(idle_[0].size() + idle_[1].size()) + in_use_ + resetting_ +
         validating_[0] + validating_[1];
}

PoolStats BackendPool::stats() const {
  PoolStats stats = counters_;
  stats.idle = static_cast<int>(idle_[0].size() + idle_[1].size());
  stats.in_use = in_use_;
  stats.open = Established();
  stats.connecting = connecting_[0] + connecting_[1];
  stats.waiting = static_cast<int>(waiters_.size());
  return stats;
}

void BackendPool::RecordError(const absl::Status& status) {
  counters_.last_error = std::string(status.message());
  counters_.last_error_time = loop_->Now();
}

bool BackendPool::BreakerClosed() const {
  return options_.breaker == nullptr ||
         options_.breaker->state() == ops::CircuitBreaker::State::kClosed;
}

void BackendPool::RecordHealth(const absl::Status& status) {
  if (options_.breaker == nullptr) return;
  if (status.ok()) {
    options_.breaker->RecordSuccess();
  } else {
    options_.breaker->RecordFailure(loop_->Now());
  }
}

BackendPool::Ticket BackendPool::Acquire(ConnectionOptions options, AcquireCallback done) {
  Ticket ticket = next_ticket_++;
  // An open breaker answers at once: the data source failed `failures` connects in a row, and
  // waiting for a connect timeout per statement would pile sessions up behind a dead shard.
  // Closed, this is one atomic load.
  if (options_.breaker != nullptr &&
      options_.breaker->Admit(loop_->Now()) == ops::CircuitBreaker::Admission::kRejected) {
    ++counters_.breaker_rejected;
    loop_->AddTimer(absl::ZeroDuration(),
                    [done = std::move(done),
                     status = options_.breaker->OpenError(loop_->Now())]() mutable {
                      done(std::move(status));
                    });
    return ticket;
  }
  if (static_cast<int>(waiters_.size()) >= options_.max_waiters) {
    ++counters_.acquire_rejected;
    absl::Status status = PoolExhaustedError(
        *endpoint_, absl::StrCat(waiters_.size(), " sessions are already waiting for one of its ",
                                 options_.max_connections, " connections"));
    loop_->AddTimer(absl::ZeroDuration(),
                    [done = std::move(done), status = std::move(status)]() mutable {
                      done(std::move(status));
                    });
    return ticket;
  }
  int flavor = options.found_rows ? 1 : 0;
  // The timeout timer is armed only if the first dispatch cannot serve the waiter: most
  // acquires find an idle connection, and a timer per acquire would cost more than the rest.
  waiters_.push_back(Waiter{ticket, options.found_rows, std::move(done), loop_->Now(), 0});
  ++waiting_[flavor];
  ScheduleDispatch();
  return ticket;
}

bool BackendPool::CancelAcquire(Ticket ticket) {
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if (it->ticket != ticket) continue;
    CancelWaiterTimer(*it);
    --waiting_[it->found_rows ? 1 : 0];
    waiters_.erase(it);
    return true;
  }
  return false;
}

void BackendPool::OnWaiterTimeout(Ticket ticket) {
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if (it->ticket != ticket) continue;
    AcquireCallback done = std::move(it->done);
    --waiting_[it->found_rows ? 1 : 0];
    waiters_.erase(it);
    ++counters_.acquire_timeouts;
    std::string why =
        absl::StrCat("none of its ", options_.max_connections, " connections became free within ",
                     absl::FormatDuration(options_.acquire_timeout), " (", in_use_, " in use, ",
                     waiters_.size(), " other sessions waiting)");
    if (counters_.consecutive_failed_connects > 0) {
      absl::StrAppend(&why, "; last error: ", counters_.last_error);
    }
    done(PoolExhaustedError(*endpoint_, why));
    return;
  }
}

void BackendPool::CancelWaiterTimer(Waiter& waiter) {
  if (waiter.timer != 0) loop_->CancelTimer(waiter.timer);
  waiter.timer = 0;
}

void BackendPool::ArmWaiterTimers() {
  for (Waiter& waiter : waiters_) {
    if (waiter.timer != 0) continue;
    Ticket ticket = waiter.ticket;
    absl::Duration left = waiter.since + options_.acquire_timeout - loop_->Now();
    waiter.timer = loop_->AddTimer(std::max(left, absl::ZeroDuration()),
                                   [this, ticket] { OnWaiterTimeout(ticket); });
  }
}

void BackendPool::ScheduleDispatch() {
  // Never hand out a connection from inside Acquire or Release: their callers are mid-way.
  if (dispatch_timer_ != 0) return;
  dispatch_timer_ = loop_->AddTimer(absl::ZeroDuration(), [this] {
    dispatch_timer_ = 0;
    Dispatch();
  });
}

void BackendPool::Dispatch() {
  // Callbacks run from here may Acquire, Release or cancel: re-read the state every round.
  for (int flavor = 0; flavor < 2; ++flavor) {
    while (waiting_[flavor] > InFlight(flavor) && ServeOneWaiter(flavor)) {
    }
  }
  ArmWaiterTimers();
}

bool BackendPool::ServeOneWaiter(int flavor) {
  std::vector<IdleConnection>& idle = idle_[flavor];
  if (!idle.empty()) {
    IdleConnection entry = std::move(idle.back());
    idle.pop_back();
    entry.connection->SetBrokenHandler(nullptr);
    if (loop_->Now() - entry.since > options_.validate_after_idle || !BreakerClosed()) {
      StartValidate(std::move(entry.connection));
    } else {
      HandOut(flavor, std::move(entry.connection));
    }
    return true;
  }
  if (Established() + connecting_[0] + connecting_[1] < options_.max_connections) {
    StartConnect(flavor);
    return true;
  }
  // Full, but with idle connections of the other kind: close one to make room.
  std::vector<IdleConnection>& other = idle_[1 - flavor];
  if (!other.empty()) {
    std::unique_ptr<BackendConnection> oldest = std::move(other.front().connection);
    other.erase(other.begin());
    Discard(std::move(oldest));
    StartConnect(flavor);
    return true;
  }
  return false;
}

void BackendPool::HandOut(int flavor, std::unique_ptr<BackendConnection> connection) {
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if ((it->found_rows ? 1 : 0) != flavor) continue;
    AcquireCallback done = std::move(it->done);
    CancelWaiterTimer(*it);
    --waiting_[flavor];
    waiters_.erase(it);
    ++in_use_;
    ++counters_.acquired;
    done(PooledConnection(this, std::move(connection)));
    return;
  }
  MakeIdle(std::move(connection));  // its waiter is gone
}

void BackendPool::FailOldestWaiter(int flavor, const absl::Status& status) {
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if ((it->found_rows ? 1 : 0) != flavor) continue;
    AcquireCallback done = std::move(it->done);
    CancelWaiterTimer(*it);
    --waiting_[flavor];
    waiters_.erase(it);
    done(status);
    return;
  }
}

std::unique_ptr<BackendConnection> BackendPool::TakeBusy(BackendConnection* connection) {
  auto it = busy_.find(connection);
  std::unique_ptr<BackendConnection> owned = std::move(it->second);
  busy_.erase(it);
  return owned;
}

void BackendPool::StartConnect(int flavor) {
  auto connection = std::make_unique<BackendConnection>(
      loop_, endpoint_, ConnectionOptions{flavor == 1}, options_.faults);
  BackendConnection* raw = connection.get();
  busy_.emplace(raw, std::move(connection));
  ++connecting_[flavor];
  raw->Connect(options_.connect_timeout, [this, raw, flavor](absl::Status status) {
    --connecting_[flavor];
    std::unique_ptr<BackendConnection> connection = TakeBusy(raw);
    if (!status.ok()) {
      ++counters_.failed_connects;
      ++counters_.consecutive_failed_connects;
      RecordError(status);
      RecordHealth(status);
      SP_LOG(kWarning, "pool", "cannot connect to ", endpoint_->Describe(), ": ", status.message());
      Discard(std::move(connection));
      FailOldestWaiter(flavor, status);
      ScheduleDispatch();
      return;
    }
    ++counters_.connects;
    counters_.consecutive_failed_connects = 0;
    RecordHealth(status);
    HandOut(flavor, std::move(connection));
    ScheduleDispatch();
  });
}

void BackendPool::StartValidate(std::unique_ptr<BackendConnection> connection) {
  BackendConnection* raw = connection.get();
  int flavor = raw->options().found_rows ? 1 : 0;
  busy_.emplace(raw, std::move(connection));
  ++validating_[flavor];
  raw->Ping([this, raw, flavor](absl::Status status) {
    --validating_[flavor];
    std::unique_ptr<BackendConnection> connection = TakeBusy(raw);
    if (!BreakerClosed()) RecordHealth(status);
    if (status.ok()) {
      HandOut(flavor, std::move(connection));
    } else {
      ++counters_.closed_broken;
      RecordError(status);
      Discard(std::move(connection));
    }
    ScheduleDispatch();
  });
}

void BackendPool::Release(std::unique_ptr<BackendConnection> connection) {
  --in_use_;
  connection->SetWaker(nullptr);
  if (connection->is_broken()) {
    ++counters_.closed_broken;
    Discard(std::move(connection));
  } else if (!connection->is_ready()) {
    ++counters_.closed_unfinished;
    Discard(std::move(connection));
  } else if (connection->IsSessionBound()) {
    if (options_.reset_on_release) {
      StartReset(std::move(connection));
    } else {
      Discard(std::move(connection));
    }
  } else {
    MakeIdle(std::move(connection));
  }
  if (!waiters_.empty()) ScheduleDispatch();
}

void BackendPool::ReleaseClosing(std::unique_ptr<BackendConnection> connection) {
  --in_use_;
  connection->SetWaker(nullptr);
  ++counters_.closed_unfinished;
  Discard(std::move(connection));
  if (!waiters_.empty()) ScheduleDispatch();
}

void BackendPool::StartReset(std::unique_ptr<BackendConnection> connection) {
  BackendConnection* raw = connection.get();
  busy_.emplace(raw, std::move(connection));
  ++resetting_;
  raw->ResetSession([this, raw](absl::Status status) {
    --resetting_;
    std::unique_ptr<BackendConnection> connection = TakeBusy(raw);
    if (status.ok()) {
      ++counters_.resets;
      MakeIdle(std::move(connection));
    } else {
      ++counters_.closed_broken;
      RecordError(status);
      Discard(std::move(connection));
    }
    ScheduleDispatch();
  });
}

void BackendPool::MakeIdle(std::unique_ptr<BackendConnection> connection) {
  BackendConnection* raw = connection.get();
  raw->SetBrokenHandler([this, raw] {
    ++counters_.closed_broken;
    DropIdle(raw);
  });
  idle_[raw->options().found_rows ? 1 : 0].push_back(
      IdleConnection{std::move(connection), loop_->Now()});
}

void BackendPool::DropIdle(BackendConnection* connection) {
  for (std::vector<IdleConnection>& idle : idle_) {
    for (auto it = idle.begin(); it != idle.end(); ++it) {
      if (it->connection.get() != connection) continue;
      std::unique_ptr<BackendConnection> owned = std::move(it->connection);
      idle.erase(it);
      Discard(std::move(owned));
      return;
    }
  }
}

void BackendPool::Discard(std::unique_ptr<BackendConnection> connection) {
  // Possibly called from inside one of the connection's own callbacks.
  connection->SetBrokenHandler(nullptr);
  loop_->DeleteSoon(std::move(connection));
}

void BackendPool::Sweep() {
  absl::Time cutoff = loop_->Now() - options_.idle_timeout;
  for (std::vector<IdleConnection>& idle : idle_) {
    // Oldest first: the front has been idle longest.
    size_t expired = 0;
    while (expired < idle.size() && idle[expired].since < cutoff) ++expired;
    for (size_t i = 0; i < expired; ++i) {
      ++counters_.closed_idle;
      Discard(std::move(idle[i].connection));
    }
    idle.erase(idle.begin(), idle.begin() + static_cast<ptrdiff_t>(expired));
  }
  sweep_timer_ =
      loop_->AddTimer(std::max(absl::Seconds(1), options_.idle_timeout / 4), [this] { Sweep(); });
}

// ---------------------------------------------------------------------------------------------
// Cancellation.

void BackendPool::KillQuery(BackendConnection* target,
                            absl::AnyInvocable<void(absl::Status)> done) {
  std::shared_ptr<BackendConnection::KillGate> gate = target->kill_gate();
  ++gate->pending;
  kills_.push_back(KillRequest{target->server_thread_id(), std::move(gate), std::move(done)});
  ++counters_.kills;
  if (!kill_in_flight_) {
    // Through the loop: the caller must not see `done` (or a held command) run inside.
    kill_in_flight_ = true;
    kill_timer_ = loop_->AddTimer(absl::ZeroDuration(), [this] {
      kill_timer_ = 0;
      kill_in_flight_ = false;
      PumpKills();
    });
  }
}

void BackendPool::PumpKills() {
  if (kill_in_flight_ || kills_.empty()) return;
  if (control_ != nullptr && control_->is_broken()) loop_->DeleteSoon(std::move(control_));
  kill_in_flight_ = true;
  auto finish_front = [this](absl::Status status) {
    KillRequest request = std::move(kills_.front());
    kills_.pop_front();
    kill_in_flight_ = false;
    --request.gate->pending;
    if (request.gate->pending == 0 && request.gate->connection != nullptr) {
      request.gate->connection->ResumeAfterKill();
    }
    request.done(std::move(status));
    PumpKills();
  };
  auto send_kill = [this, finish_front]() mutable {
    control_->Query(
        absl::StrCat("KILL QUERY ", kills_.front().thread_id),
        [finish_front](absl::Status status) mutable { finish_front(std::move(status)); });
  };
  if (control_ != nullptr) {
    send_kill();
    return;
  }
  control_ =
      std::make_unique<BackendConnection>(loop_, endpoint_, ConnectionOptions{}, options_.faults);
  control_->Connect(options_.connect_timeout,
                    [this, finish_front, send_kill](absl::Status status) mutable {
                      if (!status.ok()) {
                        RecordError(status);
                        loop_->DeleteSoon(std::move(control_));
                        finish_front(std::move(status));
                        return;
                      }
                      send_kill();
                    });
}

}  // namespace shardproxy
