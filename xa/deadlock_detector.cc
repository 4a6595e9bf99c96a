#include "xa/deadlock_detector.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"

namespace shardproxy {

const char kLockWaitsSql[] =
    "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id "
    "FROM information_schema.INNODB_LOCK_WAITS w "
    "JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id "
    "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id";

absl::StatusOr<std::vector<LockWait>> ParseLockWaits(const SqlResult& result) {
  std::vector<LockWait> out;
  for (size_t i = 0; i < result.rows.size(); ++i) {
    const auto& row = result.rows[i];
    LockWait wait;
    if (row.size() != 2 || !row[0] || !row[1] || !absl::SimpleAtoi(*row[0], &wait.waiting_thread) ||
        !absl::SimpleAtoi(*row[1], &wait.blocking_thread)) {
      return InternalError(absl::StrCat("lock-wait row ", i, " is not two thread ids"));
    }
    out.push_back(wait);
  }
  return out;
}

void WaitForGraph::AddEdge(uint64_t waiter, uint64_t holder) {
  if (waiter == holder) return;  // two connections of one session: not a wait between sessions
  auto& targets = edges_[waiter];
  if (std::find(targets.begin(), targets.end(), holder) == targets.end()) {
    targets.push_back(holder);
  }
}

void WaitForGraph::Remove(uint64_t session) {
  edges_.erase(session);
  for (auto& [waiter, targets] : edges_) {
    targets.erase(std::remove(targets.begin(), targets.end(), session), targets.end());
  }
}

std::vector<uint64_t> WaitForGraph::FindCycle() const {
  // Iterative DFS with colours; the graph has one node per waiting session (tens at most).
  enum Colour { kWhite, kGrey, kBlack };
  absl::flat_hash_map<uint64_t, Colour> colour;
  std::vector<uint64_t> starts;
  for (const auto& [node, targets] : edges_) starts.push_back(node);
  std::sort(starts.begin(), starts.end());  // deterministic
  for (uint64_t start : starts) {
    if (colour[start] != kWhite) continue;
    std::vector<std::pair<uint64_t, size_t>> stack{{start, 0}};
    colour[start] = kGrey;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      auto it = edges_.find(node);
      if (it == edges_.end() || next >= it->second.size()) {
        colour[node] = kBlack;
        stack.pop_back();
        continue;
      }
      uint64_t target = it->second[next++];
      Colour c = colour[target];
      if (c == kGrey) {
        std::vector<uint64_t> cycle;
        size_t i = 0;
        while (stack[i].first != target) ++i;
        for (; i < stack.size(); ++i) cycle.push_back(stack[i].first);
        return cycle;
      }
      if (c == kWhite) {
        colour[target] = kGrey;
        stack.push_back({target, 0});
      }
    }
  }
  return {};
}

std::shared_ptr<DeadlockDetector> DeadlockDetector::Create(DeadlockDetectorOptions options) {
  return std::shared_ptr<DeadlockDetector>(new DeadlockDetector(std::move(options)));
}

void DeadlockDetector::AddConnection(const std::string& data_source, uint64_t thread_id,
                                     uint64_t session, uint64_t transaction_start) {
  absl::MutexLock lock(&mu_);
  owners_[data_source][thread_id] = Owner{session, transaction_start};
}

void DeadlockDetector::RemoveConnection(const std::string& data_source, uint64_t thread_id) {
  absl::MutexLock lock(&mu_);
  auto it = owners_.find(data_source);
  if (it == owners_.end()) return;
  it->second.erase(thread_id);
  if (it->second.empty()) owners_.erase(it);
}

struct DeadlockDetector::Scan {
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint64_t, Owner>> owners;
  std::vector<std::pair<std::string, LockWait>> waits;
  std::vector<std::unique_ptr<XaParticipant>> connections;
  int pending = 0;
  absl::AnyInvocable<void(std::vector<uint64_t>)> done;
};

void DeadlockDetector::ScanOnce(absl::AnyInvocable<void(std::vector<uint64_t>)> done) {
  auto scan = std::make_shared<Scan>();
  scan->done = std::move(done);
  {
    absl::MutexLock lock(&mu_);
    scan->owners = owners_;
  }
  // A cross-shard cycle needs sessions on at least two data sources.
  if (scan->owners.size() < 2) {
    Finish(scan);
    return;
  }
  scanning_ = true;
  scan->pending = static_cast<int>(scan->owners.size());
  std::shared_ptr<DeadlockDetector> self = shared_from_this();
  for (const auto& [ds, owners] : scan->owners) {
    std::string name = ds;
    options_.connector->Connect(
        name, [self, scan, name](absl::StatusOr<std::unique_ptr<XaParticipant>> connection) {
          if (!connection.ok()) {
            self->NoteScanResult(name, connection.status());
            if (--scan->pending == 0) self->Finish(scan);
            return;
          }
          XaParticipant* raw = connection->get();
          scan->connections.push_back(std::move(*connection));
          raw->Execute(kLockWaitsSql, [self, scan, name](absl::StatusOr<SqlResult> result) {
            absl::Status status = result.status();
            if (result.ok()) {
              auto waits = ParseLockWaits(*result);
              status = waits.status();
              if (waits.ok()) {
                for (const LockWait& w : *waits) scan->waits.push_back({name, w});
              }
            }
            self->NoteScanResult(name, status);
            if (--scan->pending == 0) self->Finish(scan);
          });
        });
  }
}

void DeadlockDetector::NoteScanResult(const std::string& data_source,
                                      const absl::Status& status) {
  if (status.ok()) {
    if (failing_.erase(data_source) > 0) {
      SP_LOG(kInfo, "xa", "deadlock scan of data source '", data_source, "' works again");
    }
    return;
  }
  if (failing_.insert(data_source).second) {
    SP_LOG(kWarning, "xa", "deadlock scan of data source '", data_source, "' failed (",
           status.message(),
           "); until it works again, cross-shard deadlocks through it last until "
           "innodb_lock_wait_timeout");
  }
}

std::vector<std::string> DeadlockDetector::FailingDataSources() const {
  std::vector<std::string> out(failing_.begin(), failing_.end());
  std::sort(out.begin(), out.end());
  return out;
}

void DeadlockDetector::Finish(std::shared_ptr<Scan> scan) {
  scanning_ = false;
  WaitForGraph graph;
  absl::flat_hash_map<uint64_t, uint64_t> start_of;
  for (const auto& [ds, wait] : scan->waits) {
    const auto& owners = scan->owners[ds];
    auto waiter = owners.find(wait.waiting_thread);
    auto holder = owners.find(wait.blocking_thread);
    // A wait involving a connection that is not a session's (another application) cannot be
    // part of a cycle we can break.
    if (waiter == owners.end() || holder == owners.end()) continue;
    graph.AddEdge(waiter->second.session, holder->second.session);
    start_of[waiter->second.session] = waiter->second.transaction_start;
    start_of[holder->second.session] = holder->second.transaction_start;
  }
  std::vector<uint64_t> victims;
  for (std::vector<uint64_t> cycle = graph.FindCycle(); !cycle.empty(); cycle = graph.FindCycle()) {
    uint64_t victim = *std::max_element(cycle.begin(), cycle.end(), [&](uint64_t a, uint64_t b) {
      return std::make_pair(start_of[a], a) < std::make_pair(start_of[b], b);
    });
    SP_LOG(kInfo, "xa", "cross-shard deadlock among ", cycle.size(), " sessions; victim session ",
           victim);
    victims.push_back(victim);
    graph.Remove(victim);
  }
  scan->connections.clear();
  for (uint64_t victim : victims) {
    if (options_.on_victim) options_.on_victim(victim);
  }
  if (scan->done) scan->done(std::move(victims));
}

void DeadlockDetector::Start() {
  if (running_) return;
  running_ = true;
  Tick();
}

void DeadlockDetector::Stop() { running_ = false; }

void DeadlockDetector::Tick() {
  if (!running_) return;
  std::weak_ptr<DeadlockDetector> weak = weak_from_this();
  auto again = [weak]() {
    if (auto self = weak.lock()) {
      self->options_.runner->RunAfter(self->options_.interval, [weak]() {
        if (auto self = weak.lock()) self->Tick();
      });
    }
  };
  if (scanning_) {
    again();
    return;
  }
  ScanOnce([again](std::vector<uint64_t>) mutable { again(); });
}

}  // namespace shardproxy
