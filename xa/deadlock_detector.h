// Cross-shard deadlock detection. Two sessions that lock rows on two data sources in opposite
// order wait for each other with neither data source able to see the cycle (each sees one plain
// lock wait), so without help both wait for innodb_lock_wait_timeout. The proxy can see it: it
// knows which backend connection (server thread id) each session holds on each data source, and
// every data source tells who waits for whom on it (information_schema.INNODB_LOCK_WAITS).
// Joining the two gives a wait-for graph between sessions; a cycle is a deadlock, and one session
// of it — the one whose transaction started last, having the least work to lose — is aborted the
// way a single MySQL would: ERR 1213.
//
// The executor registers each pinned connection (data source, server thread id, session) while
// its session holds it, and gets `on_victim(session)` on the detector's thread; it then stops the
// victim's waiting statement (KILL QUERY on a side connection), rolls the transaction back and
// answers DeadlockVictimError(). The scan runs every `interval` (default 250 ms, so a deadlock
// is broken within about a second) and only queries data sources where registered connections
// exist.
#ifndef SHARDPROXY_XA_DEADLOCK_DETECTOR_H_
#define SHARDPROXY_XA_DEADLOCK_DETECTOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "xa/participant.h"

namespace shardproxy {

// One lock wait on a data source: server thread `waiting` waits for a lock `blocking` holds.
struct LockWait {
  uint64_t waiting_thread = 0;
  uint64_t blocking_thread = 0;
};

// The query that lists a data source's lock waits, and its rows.
extern const char kLockWaitsSql[];
absl::StatusOr<std::vector<LockWait>> ParseLockWaits(const SqlResult& result);

// A directed graph between sessions; pure.
class WaitForGraph {
 public:
  void AddEdge(uint64_t waiter, uint64_t holder);
  // The sessions of one cycle, in wait order (a waits for b waits for ... for a); empty if none.
  std::vector<uint64_t> FindCycle() const;
  // Removes a session (the victim), so further cycles can be looked for.
  void Remove(uint64_t session);

 private:
  absl::flat_hash_map<uint64_t, std::vector<uint64_t>> edges_;
};

struct DeadlockDetectorOptions {
  XaConnector* connector = nullptr;  // side connections for the lock-wait query
  TaskRunner* runner = nullptr;      // scans and `on_victim` run here
  absl::Duration interval = absl::Milliseconds(250);
  // Called once per victim per cycle found.
  absl::AnyInvocable<void(uint64_t session)> on_victim;
};

class DeadlockDetector : public std::enable_shared_from_this<DeadlockDetector> {
 public:
  static std::shared_ptr<DeadlockDetector> Create(DeadlockDetectorOptions options);

  // Thread-safe; once per pinned connection and per release (never per statement).
  // `transaction_start` orders victims: the largest (youngest) in a cycle is chosen.
  void AddConnection(const std::string& data_source, uint64_t thread_id, uint64_t session,
                     uint64_t transaction_start);
  void RemoveConnection(const std::string& data_source, uint64_t thread_id);

  // Runner's thread. Periodic scans until Stop().
  void Start();
  void Stop();
  // One scan now; `done(victims)` after it (runner's thread).
  void ScanOnce(absl::AnyInvocable<void(std::vector<uint64_t>)> done);
  // Runner's thread: data sources whose last scan failed (sorted). A failure is logged once,
  // when it starts, and the recovery once, not every interval.
  std::vector<std::string> FailingDataSources() const;

 private:
  explicit DeadlockDetector(DeadlockDetectorOptions options) : options_(std::move(options)) {}
  struct Scan;
  void Finish(std::shared_ptr<Scan> scan);
  void Tick();
  void NoteScanResult(const std::string& data_source, const absl::Status& status);

  DeadlockDetectorOptions options_;
  bool running_ = false;
  bool scanning_ = false;
  absl::flat_hash_set<std::string> failing_;  // runner's thread

  struct Owner {
    uint64_t session = 0;
    uint64_t transaction_start = 0;
  };
  mutable absl::Mutex mu_;
  // data source -> server thread id -> owner
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint64_t, Owner>> owners_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_DEADLOCK_DETECTOR_H_
