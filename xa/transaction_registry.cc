#include "xa/transaction_registry.h"

#include <algorithm>

namespace shardproxy {

void XaTransactionRegistry::Begin(const std::string& gtrid, std::vector<std::string> data_sources) {
  XaTransactionRecord record;
  record.gtrid = gtrid;
  record.state = "active";
  record.data_sources = std::move(data_sources);
  record.started = absl::Now();
  absl::MutexLock lock(&mu_);
  live_[gtrid] = std::move(record);
}

void XaTransactionRegistry::SetState(const std::string& gtrid, std::string state,
                                     std::vector<std::string> data_sources) {
  absl::MutexLock lock(&mu_);
  auto it = live_.find(gtrid);
  if (it == live_.end()) return;
  it->second.state = std::move(state);
  it->second.data_sources = std::move(data_sources);
}

void XaTransactionRegistry::End(const std::string& gtrid, std::string state, std::string note) {
  absl::MutexLock lock(&mu_);
  auto it = live_.find(gtrid);
  if (it == live_.end()) return;
  XaTransactionRecord record = std::move(it->second);
  live_.erase(it);
  record.state = std::move(state);
  record.note = std::move(note);
  record.finished = absl::Now();
  AddRecentLocked(std::move(record));
}

void XaTransactionRegistry::NoteRecovered(const std::string& gtrid, const std::string& data_source,
                                          std::string state, std::string note) {
  XaTransactionRecord record;
  record.gtrid = gtrid;
  record.state = std::move(state);
  record.data_sources = {data_source};
  record.finished = absl::Now();
  record.note = std::move(note);
  absl::MutexLock lock(&mu_);
  AddRecentLocked(std::move(record));
}

void XaTransactionRegistry::SetInDoubt(const std::string& data_source,
                                       std::vector<InDoubtBranch> branches) {
  absl::MutexLock lock(&mu_);
  if (branches.empty()) {
    in_doubt_.erase(data_source);
  } else {
    in_doubt_[data_source] = std::move(branches);
  }
}

bool XaTransactionRegistry::IsLive(const std::string& gtrid) const {
  absl::MutexLock lock(&mu_);
  return live_.contains(gtrid);
}

absl::flat_hash_set<std::string> XaTransactionRegistry::LiveGtrids() const {
  absl::MutexLock lock(&mu_);
  absl::flat_hash_set<std::string> out;
  out.reserve(live_.size());
  for (const auto& [gtrid, record] : live_) out.insert(gtrid);
  return out;
}

XaTransactionRegistry::View XaTransactionRegistry::Snapshot() const {
  View view;
  absl::MutexLock lock(&mu_);
  for (const auto& [gtrid, record] : live_) view.live.push_back(record);
  std::sort(view.live.begin(), view.live.end(),
            [](const auto& a, const auto& b) { return a.started < b.started; });
  view.recent.assign(recent_.rbegin(), recent_.rend());
  for (const auto& [ds, branches] : in_doubt_) {
    view.in_doubt.insert(view.in_doubt.end(), branches.begin(), branches.end());
  }
  return view;
}

void XaTransactionRegistry::AddRecentLocked(XaTransactionRecord record) {
  recent_.push_back(std::move(record));
  while (recent_.size() > keep_recent_) recent_.pop_front();
}

}  // namespace shardproxy
