// A single-threaded epoll event loop. Each worker thread owns one loop and everything registered
// on it (client sessions, backend connections, timers); other threads reach it only via Post().
//
// Invariants:
//  - All methods except Post() and Stop() must be called on the loop's own thread.
//  - A handler removed with Remove() is never called again, even if an event for it was already
//    returned by the epoll_wait batch being dispatched. Objects that may still be referenced by
//    the current batch are destroyed with DeleteSoon(), after the batch.
#ifndef SHARDPROXY_PROXY_EVENT_LOOP_H_
#define SHARDPROXY_PROXY_EVENT_LOOP_H_

#include <sys/epoll.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <queue>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace shardproxy {

// Implemented by anything that owns a file descriptor registered on a loop.
class IoHandler {
 public:
  virtual ~IoHandler() = default;
  // `events` is the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP).
  virtual void OnIoReady(uint32_t events) = 0;
};

class EventLoop {
 public:
  using Callback = absl::AnyInvocable<void()>;
  using TimerId = uint64_t;

  static absl::StatusOr<std::unique_ptr<EventLoop>> Create();
  ~EventLoop();

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Registers `fd` for `events` (EPOLLIN | EPOLLOUT ...; level-triggered unless EPOLLET is set).
  // The handler must outlive its registration.
  absl::Status Add(int fd, uint32_t events, IoHandler* handler);
  absl::Status Modify(int fd, uint32_t events);
  // Unregisters `fd`; pending events for it in the current batch are dropped. Safe to call from
  // inside the handler's own OnIoReady. Does not close the fd.
  void Remove(int fd);

  // Runs `callback` once, `delay` from now, on this loop. Returns an id for CancelTimer.
  TimerId AddTimer(absl::Duration delay, Callback callback);
  // Cancelling a timer that already fired or was cancelled is a no-op.
  void CancelTimer(TimerId id);

  // Destroys `object` after the current dispatch batch (see the class comment).
  template <typename T>
  void DeleteSoon(std::unique_ptr<T> object) {
    deferred_deletes_.push_back(
        [raw = object.release()]() { delete raw; });
  }

  // Thread-safe: runs `callback` on the loop thread soon.
  void Post(Callback callback);

  // Runs until Stop(). Must be called from the thread that will own the loop. May be called
  // again after it returned.
  void Run();
  // Thread-safe: makes Run() return after the current iteration.
  void Stop();

  bool IsInLoopThread() const { return std::this_thread::get_id() == owner_; }
  // The loop's clock, sampled once per iteration: cheap to read on the hot path.
  absl::Time Now() const { return now_; }

 private:
  EventLoop(int epoll_fd, int wake_fd);

  struct Timer {
    absl::Time deadline;
    TimerId id;
    bool operator>(const Timer& other) const {
      return deadline != other.deadline ? deadline > other.deadline : id > other.id;
    }
  };

  void RunDueTimers();
  void RunPosted();
  int NextTimeoutMillis() const;

  const int epoll_fd_;
  const int wake_fd_;  // eventfd that Post() and Stop() write to
  std::thread::id owner_;
  std::atomic<bool> stopping_{false};
  absl::Time now_;

  absl::flat_hash_map<int, IoHandler*> handlers_;
  // fds removed while dispatching a batch; their remaining events in the batch are skipped.
  absl::flat_hash_set<int> removed_in_batch_;
  bool dispatching_ = false;

  TimerId next_timer_id_ = 1;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timer_heap_;
  absl::flat_hash_map<TimerId, Callback> timer_callbacks_;

  std::vector<Callback> deferred_deletes_;

  absl::Mutex posted_mutex_;
  std::vector<Callback> posted_ ABSL_GUARDED_BY(posted_mutex_);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EVENT_LOOP_H_
