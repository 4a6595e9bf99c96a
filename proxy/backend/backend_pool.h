// Backend connections to one data source for one worker: single-threaded (everything on the
// worker's EventLoop), so no locks.
//
//   pool.Acquire({.found_rows = client_found_rows},
//                [](absl::StatusOr<PooledConnection> conn) { ... (*conn)->Query(state, sql, ...)
//                });
//   ... when the statement is over and !conn->IsSessionBound(): conn.Release();
//
// Acquire hands out an idle connection (most recently used first, so the rest age out) or opens
// a new one while fewer than `max_connections` exist; otherwise it waits in a bounded FIFO queue
// until a connection comes back or `acquire_timeout` passes (then: ERR 1040 naming the data
// source). A connect that fails fails the oldest waiter at once with 2003 naming the data
// source, so a data source that is down answers quickly instead of by timeout.
//
// Coming back (PooledConnection::Release or its destructor), a connection is
//  - closed when broken or in the middle of a command or result (draining a result of unknown
//    size could take longer than a new connection);
//  - reset (COM_RESET_CONNECTION, then session tracking again) and kept, when it holds session
//    state that Sync cannot replay or undo (IsSessionBound: transaction, LOCK TABLES, user
//    variables, temporary tables, GET_LOCK, PREPARE, Pin()); closed instead if the reset fails
//    or PoolOptions::reset_on_release is false;
//  - otherwise kept idle as it is: the next user's Sync changes what differs.
// Idle connections are closed after `idle_timeout`, pinged before reuse when idle longer than
// `validate_after_idle`, and dropped at once when the server closes them.
//
// Connections opened with different ConnectionOptions (CLIENT_FOUND_ROWS) are never mixed; both
// kinds share the one limit.
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_POOL_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_POOL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/backend_endpoint.h"
#include "proxy/backend/backend_faults.h"
#include "proxy/event_loop.h"

namespace shardproxy {
namespace ops {
class CircuitBreaker;
}  // namespace ops

// This worker's share of a data source's max_connections: the total split as evenly as
// possible (worker i gets one more while i < total % workers), at least 1 each — so with fewer
// connections than workers the data source sees `workers` connections, not `total`.
int PerWorkerConnectionLimit(int total, int workers, int worker_index);

struct PoolOptions {
  int max_connections = 8;  // this worker's share, see PerWorkerConnectionLimit
  int max_waiters = 1024;   // beyond this, Acquire fails at once (1040)
  absl::Duration acquire_timeout = absl::Seconds(5);
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration idle_timeout = absl::Seconds(60);
  absl::Duration validate_after_idle = absl::Seconds(5);
  bool reset_on_release = true;
  BackendFaults* faults = nullptr;  // tests only
  // Shared by every worker's pool of this data source (proxy/ops/circuit_breaker.h); null: none.
  ops::CircuitBreaker* breaker = nullptr;
};

// For SHOW DATA SOURCES and metrics (one worker's pool; the admin sums over workers).
struct PoolStats {
  int open = 0;  // established: idle + in use + being reset or validated
  int idle = 0;
  int in_use = 0;
  int connecting = 0;
  int waiting = 0;  // Acquire calls waiting for a connection
  uint64_t acquired = 0;
  uint64_t acquire_timeouts = 0;
  uint64_t acquire_rejected = 0;  // wait queue full
  uint64_t breaker_rejected = 0;  // failed fast: the data source's circuit breaker is open
  uint64_t connects = 0;
  uint64_t failed_connects = 0;
  int consecutive_failed_connects = 0;  // > 0: the data source is probably down
  uint64_t resets = 0;
  uint64_t closed_broken = 0;      // lost, or closed by the server
  uint64_t closed_unfinished = 0;  // came back mid-command or mid-result
  uint64_t closed_idle = 0;        // idle timeout
  uint64_t kills = 0;
  std::string last_error;  // the last connect or connection error
  absl::Time last_error_time = absl::InfinitePast();
};

class BackendPool;

// A connection on loan from a BackendPool. Move-only; giving it back is Release() or simply
// letting it go out of scope. The pool must outlive it.
class PooledConnection {
 public:
  PooledConnection() = default;
  PooledConnection(PooledConnection&& other) noexcept;
  PooledConnection& operator=(PooledConnection&& other) noexcept;
  ~PooledConnection() { Release(); }

  BackendConnection* operator->() const { return connection_.get(); }
  BackendConnection& operator*() const { return *connection_; }
  BackendConnection* get() const { return connection_.get(); }
  explicit operator bool() const { return connection_ != nullptr; }

  // Back to the pool, which keeps, resets or closes it (see BackendPool). Safe to call from
  // inside the connection's own callbacks.
  void Release();
  // Closes the connection instead of giving it back, whatever its state: for a connection whose
  // server-side session must neither be reused nor reset — one that may hold a prepared XA
  // branch (see xa/participant.h) or whose transaction outcome is unknown. Closing rolls back
  // an XA branch that was not prepared. Safe inside the connection's own callbacks.
  void Discard();

 private:
  friend class BackendPool;
  PooledConnection(BackendPool* pool, std::unique_ptr<BackendConnection> connection)
      : pool_(pool), connection_(std::move(connection)) {}

  BackendPool* pool_ = nullptr;
  std::unique_ptr<BackendConnection> connection_;
};

class BackendPool {
 public:
  using AcquireCallback = absl::AnyInvocable<void(absl::StatusOr<PooledConnection>)>;
  using Ticket = uint64_t;

  BackendPool(EventLoop* loop, BackendEndpoint endpoint, PoolOptions options);
  // Waiting Acquire calls are dropped without being called; connections on loan must have been
  // given back.
  ~BackendPool();

  BackendPool(const BackendPool&) = delete;
  BackendPool& operator=(const BackendPool&) = delete;

  // `done` runs exactly once, never inside Acquire, with a ready connection (is_ready(), no
  // session bonds) or an error naming the data source: 1040 (timeout / queue full) or 2003
  // (cannot connect). The ticket cancels the wait (e.g. when the client goes away).
  Ticket Acquire(ConnectionOptions options, AcquireCallback done);
  // Returns false when the ticket is no longer waiting. `done` is not called after a cancel.
  bool CancelAcquire(Ticket ticket);

  // KILL QUERY for the statement running on `target` (a connection of this pool), sent over a
  // separate control connection that does not count against max_connections. Until the KILL is
  // answered `target` holds back new commands, so it cannot hit the next statement. `done` gets
  // the KILL's outcome (the killed statement itself ends with ERR 1317 on `target`).
  void KillQuery(BackendConnection* target, absl::AnyInvocable<void(absl::Status)> done);

  PoolStats stats() const;
  const BackendEndpoint& endpoint() const { return *endpoint_; }
  const PoolOptions& options() const { return options_; }

 private:
  friend class PooledConnection;

  struct Waiter {
    Ticket ticket;
    bool found_rows;
    AcquireCallback done;
    absl::Time since;
    EventLoop::TimerId timer;  // 0 until the waiter was not served by the first dispatch
  };
  struct IdleConnection {
    std::unique_ptr<BackendConnection> connection;
    absl::Time since;
  };
  struct KillRequest {
    uint64_t thread_id;
    std::shared_ptr<BackendConnection::KillGate> gate;
    absl::AnyInvocable<void(absl::Status)> done;
  };

  void Release(std::unique_ptr<BackendConnection> connection);
  void ReleaseClosing(std::unique_ptr<BackendConnection> connection);
  void ScheduleDispatch();
  void Dispatch();
  bool ServeOneWaiter(int flavor);
  void HandOut(int flavor, std::unique_ptr<BackendConnection> connection);
  void StartConnect(int flavor);
  void StartValidate(std::unique_ptr<BackendConnection> connection);
  void StartReset(std::unique_ptr<BackendConnection> connection);
  void MakeIdle(std::unique_ptr<BackendConnection> connection);
  void DropIdle(BackendConnection* connection);
  void Discard(std::unique_ptr<BackendConnection> connection);
  std::unique_ptr<BackendConnection> TakeBusy(BackendConnection* connection);
  void OnWaiterTimeout(Ticket ticket);
  void ArmWaiterTimers();
  void CancelWaiterTimer(Waiter& waiter);
  void FailOldestWaiter(int flavor, const absl::Status& status);
  void RecordError(const absl::Status& status);
  // The circuit breaker (PoolOptions::breaker) learns of connect and validation outcomes.
  bool BreakerClosed() const;
  void RecordHealth(const absl::Status& status);
  void Sweep();
  void PumpKills();
  int Established() const;
  int InFlight(int flavor) const { return connecting_[flavor] + validating_[flavor]; }

  EventLoop* const loop_;
  const std::shared_ptr<const BackendEndpoint> endpoint_;
  const PoolOptions options_;

  // Index 0: plain connections, 1: CLIENT_FOUND_ROWS. Back of the vector = most recently used.
  std::vector<IdleConnection> idle_[2];
  // Connections the pool owns while they connect, validate or reset.
  absl::flat_hash_map<BackendConnection*, std::unique_ptr<BackendConnection>> busy_;
  int connecting_[2] = {0, 0};
  int validating_[2] = {0, 0};
  int resetting_ = 0;
  int in_use_ = 0;
  std::deque<Waiter> waiters_;
  int waiting_[2] = {0, 0};
  Ticket next_ticket_ = 1;
  EventLoop::TimerId dispatch_timer_ = 0;
  EventLoop::TimerId sweep_timer_ = 0;
  EventLoop::TimerId kill_timer_ = 0;

  std::unique_ptr<BackendConnection> control_;  // for KILL QUERY
  std::deque<KillRequest> kills_;
  bool kill_in_flight_ = false;

  PoolStats counters_;  // the cumulative fields; gauges are computed in stats()
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_POOL_H_
