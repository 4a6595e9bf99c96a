#include "proxy/executor/deadlock_victims.h"

#include <utility>

namespace shardproxy {

void DeadlockVictims::Register(uint64_t session, std::function<void()> notify) {
  absl::MutexLock lock(&mu_);
  sessions_[session] = std::move(notify);
}

void DeadlockVictims::Unregister(uint64_t session) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(session);
}

void DeadlockVictims::Notify(uint64_t session) const {
  std::function<void()> notify;
  {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(session);
    if (it == sessions_.end()) return;
    notify = it->second;
  }
  notify();
}

}  // namespace shardproxy
