// Which distributed transactions this proxy is running, which it finished recently, and which of
// its branches recovery found in doubt — shared by every worker's coordinators, the recovery
// driver and the admin's SHOW XA TRANSACTIONS.
//
// Its live set is also a safety rule: recovery never touches a branch whose transaction is live
// here (its coordinator is still driving it), because "ours, and no commit decision" means "roll
// back" only once no coordinator can still write that decision.
//
// Thread-safe (one mutex, taken twice per distributed transaction: never per statement).
#ifndef SHARDPROXY_XA_TRANSACTION_REGISTRY_H_
#define SHARDPROXY_XA_TRANSACTION_REGISTRY_H_

#include <deque>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "xa/xid.h"

namespace shardproxy {

struct XaTransactionRecord {
  std::string gtrid;
  // "active", "deciding", "committed", "committed, pending recovery", "rolled back", ...,
  // or for recovery's entries "recovered: committed" / "recovered: rolled back".
  std::string state;
  std::vector<std::string> data_sources;
  absl::Time started = absl::InfinitePast();
  absl::Time finished = absl::InfinitePast();
  std::string note;  // what went wrong, if anything
};

// A branch of ours that recovery saw prepared and could not settle yet.
struct InDoubtBranch {
  std::string data_source;  // where XA RECOVER listed it
  Xid xid;
  std::string reason;  // e.g. "awaiting its live coordinator", "XA COMMIT failed: ..."
};

class XaTransactionRegistry {
 public:
  explicit XaTransactionRegistry(size_t keep_recent = 256) : keep_recent_(keep_recent) {}

  void Begin(const std::string& gtrid, std::vector<std::string> data_sources);
  void SetState(const std::string& gtrid, std::string state, std::vector<std::string> data_sources);
  // The coordinator is done with `gtrid`: it leaves the live set for the recent list.
  void End(const std::string& gtrid, std::string state, std::string note);
  // Recovery settled a branch.
  void NoteRecovered(const std::string& gtrid, const std::string& data_source, std::string state,
                     std::string note);
  // Recovery's latest view of `data_source`: the branches of ours it could not settle.
  void SetInDoubt(const std::string& data_source, std::vector<InDoubtBranch> branches);

  bool IsLive(const std::string& gtrid) const;
  absl::flat_hash_set<std::string> LiveGtrids() const;

  struct View {
    std::vector<XaTransactionRecord> live;
    std::vector<XaTransactionRecord> recent;  // newest first
    std::vector<InDoubtBranch> in_doubt;
  };
  View Snapshot() const;

 private:
  void AddRecentLocked(XaTransactionRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t keep_recent_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, XaTransactionRecord> live_ ABSL_GUARDED_BY(mu_);
  std::deque<XaTransactionRecord> recent_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::vector<InDoubtBranch>> in_doubt_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_TRANSACTION_REGISTRY_H_
