// Where the deadlock detector's verdicts go. The detector (xa/deadlock_detector.h) runs on one
// worker and names a victim by session id; the session may live on any worker. A transaction
// registers, while it holds pinned connections, how to reach its session; Notify() runs that on
// the detector's thread, and it only posts the verdict to the session's own loop.
#ifndef SHARDPROXY_PROXY_EXECUTOR_DEADLOCK_VICTIMS_H_
#define SHARDPROXY_PROXY_EXECUTOR_DEADLOCK_VICTIMS_H_

#include <cstdint>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace shardproxy {

class DeadlockVictims {
 public:
  // Thread-safe. `notify` must be cheap and thread-safe (it posts to the session's loop).
  // Once per transaction, not per statement. `owner` (the transaction) makes Unregister leave
  // alone a newer registration of the same session (an executor replaced by a session reset
  // may finish rolling back after its successor began).
  void Register(uint64_t session, const void* owner, std::function<void()> notify);
  void Unregister(uint64_t session, const void* owner);
  // Detector's thread: hands the verdict to the session, if it still has a transaction.
  void Notify(uint64_t session) const;

 private:
  mutable absl::Mutex mu_;
  struct Registration {
    const void* owner = nullptr;
    std::function<void()> notify;
  };
  absl::flat_hash_map<uint64_t, Registration> sessions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_DEADLOCK_VICTIMS_H_
