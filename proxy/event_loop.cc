#include "proxy/event_loop.h"

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace shardproxy {
namespace {

constexpr int kMaxEventsPerBatch = 256;

absl::Status ErrnoStatus(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventLoop>> EventLoop::Create() {
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) return ErrnoStatus("epoll_create1");
  int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd < 0) {
    absl::Status status = ErrnoStatus("eventfd");
    close(epoll_fd);
    return status;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev) != 0) {
    absl::Status status = ErrnoStatus("epoll_ctl(eventfd)");
    close(wake_fd);
    close(epoll_fd);
    return status;
  }
  return std::unique_ptr<EventLoop>(new EventLoop(epoll_fd, wake_fd));
}

EventLoop::EventLoop(int epoll_fd, int wake_fd)
    : epoll_fd_(epoll_fd), wake_fd_(wake_fd), owner_(std::this_thread::get_id()),
      now_(absl::Now()) {}

EventLoop::~EventLoop() {
  for (Callback& destroy : deferred_deletes_) destroy();
  close(wake_fd_);
  close(epoll_fd_);
}

absl::Status EventLoop::Add(int fd, uint32_t events, IoHandler* handler) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    return ErrnoStatus(absl::StrCat("epoll_ctl(ADD, fd ", fd, ")"));
  }
  handlers_[fd] = handler;
  // The fd number may be reused within one batch (closed and reopened by a handler); the new
  // registration must receive its events.
  removed_in_batch_.erase(fd);
  return absl::OkStatus();
}

absl::Status EventLoop::Modify(int fd, uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0) {
    return ErrnoStatus(absl::StrCat("epoll_ctl(MOD, fd ", fd, ")"));
  }
  return absl::OkStatus();
}

void EventLoop::Remove(int fd) {
  if (handlers_.erase(fd) == 0) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  if (dispatching_) removed_in_batch_.insert(fd);
}

EventLoop::TimerId EventLoop::AddTimer(absl::Duration delay, Callback callback) {
  TimerId id = next_timer_id_++;
  timer_heap_.push(Timer{now_ + delay, id});
  timer_callbacks_.emplace(id, std::move(callback));
  return id;
}

void EventLoop::CancelTimer(TimerId id) {
  // The heap entry stays and is skipped when it comes due.
  timer_callbacks_.erase(id);
}

void EventLoop::Post(Callback callback) {
  {
    absl::MutexLock lock(&posted_mutex_);
    posted_.push_back(std::move(callback));
  }
  uint64_t one = 1;
  ssize_t unused = write(wake_fd_, &one, sizeof(one));
  (void)unused;
}

void EventLoop::Stop() {
  stopping_.store(true, std::memory_order_release);
  uint64_t one = 1;
  ssize_t unused = write(wake_fd_, &one, sizeof(one));
  (void)unused;
}

int EventLoop::NextTimeoutMillis() const {
  if (timer_heap_.empty()) return -1;
  absl::Duration wait = timer_heap_.top().deadline - absl::Now();
  if (wait <= absl::ZeroDuration()) return 0;
  // Round up so a timer never fires early.
  return static_cast<int>(absl::ToInt64Milliseconds(wait + absl::Milliseconds(1) -
                                                     absl::Nanoseconds(1)));
}

void EventLoop::RunDueTimers() {
  while (!timer_heap_.empty() && timer_heap_.top().deadline <= now_) {
    TimerId id = timer_heap_.top().id;
    timer_heap_.pop();
    auto it = timer_callbacks_.find(id);
    if (it == timer_callbacks_.end()) continue;  // cancelled
    Callback callback = std::move(it->second);
    timer_callbacks_.erase(it);
    callback();
  }
}

void EventLoop::RunPosted() {
  std::vector<Callback> batch;
  {
    absl::MutexLock lock(&posted_mutex_);
    batch.swap(posted_);
  }
  for (Callback& callback : batch) callback();
}

void EventLoop::Run() {
  owner_ = std::this_thread::get_id();
  epoll_event events[kMaxEventsPerBatch];
  while (!stopping_.load(std::memory_order_acquire)) {
    int n = epoll_wait(epoll_fd_, events, kMaxEventsPerBatch, NextTimeoutMillis());
    if (n < 0 && errno != EINTR) break;
    now_ = absl::Now();
    dispatching_ = true;
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        uint64_t count;
        while (read(wake_fd_, &count, sizeof(count)) > 0) {
        }
        continue;
      }
      if (removed_in_batch_.contains(fd)) continue;
      auto it = handlers_.find(fd);
      if (it == handlers_.end()) continue;
      it->second->OnIoReady(events[i].events);
    }
    dispatching_ = false;
    removed_in_batch_.clear();
    RunPosted();
    RunDueTimers();
    if (!deferred_deletes_.empty()) {
      std::vector<Callback> deletes;
      deletes.swap(deferred_deletes_);
      for (Callback& destroy : deletes) destroy();
    }
  }
  RunPosted();
  // Run() may be called again after it returned (tests drive a loop in phases).
  stopping_.store(false, std::memory_order_release);
}

}  // namespace shardproxy
