#include "proxy/executor/deadlock_victims.h"

#include <utility>

namespace shardproxy {

void DeadlockVictims::Register(uint64_t session, const void* owner,
                               std::function<void()> notify) {
  absl::MutexLock lock(&mu_);
  sessions_[session] = Registration{owner, std::move(notify)};
}

void DeadlockVictims::Unregister(uint64_t session, const void* owner) {
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(session);
  if (it != sessions_.end() && it->second.owner == owner) sessions_.erase(it);
}

void DeadlockVictims::Notify(uint64_t session) const {
  std::function<void()> notify;
  {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(session);
    if (it == sessions_.end()) return;
    notify = it->second.notify;
  }
  notify();
}

}  // namespace shardproxy
