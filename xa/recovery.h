// Recovery: settles the branches this proxy left prepared on data sources — after a crash of the
// proxy, a lost connection during XA COMMIT, or a data source that went down after PREPARE.
//
// One pass: on every data source (in parallel, over XaConnector), XA RECOVER; each branch of
// ours (IsOwnXid: this instance id, any epoch) whose transaction is not live in this process is
//   - committed (XA COMMIT) when the decision log holds its commit decision,
//   - rolled back (XA ROLLBACK) otherwise (presumed abort),
//   - left alone while the log's durability for it is unknown (a failed fsync; decided after a
//     restart re-reads the file).
// Branches of other instances and applications are never touched. A data source that cannot be
// reached, or a branch whose XA COMMIT/ROLLBACK fails, stays in doubt (listed by the registry
// for SHOW XA TRANSACTIONS) and is retried by the next pass. A commit decision is dropped from the
// log (LogResolved, which lets compaction remove it) once a pass reached every one of its
// participants and found none of its branches left.
//
// Several data sources may live on one MariaDB server, and XA RECOVER lists the whole server's
// branches: a data source's pass settles the branches whose bqual is its own name (or names no
// configured data source), so no branch is handled twice.
//
// Start-up: run one pass before accepting clients (RunOnce), then Start() for periodic passes.
#ifndef SHARDPROXY_XA_RECOVERY_H_
#define SHARDPROXY_XA_RECOVERY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "xa/decision_log.h"
#include "xa/participant.h"
#include "xa/transaction_registry.h"

namespace shardproxy {

struct XaRecoveryOptions {
  XaConnector* connector = nullptr;
  XaDecisionLog* log = nullptr;
  XaTransactionRegistry* registry = nullptr;
  TaskRunner* runner = nullptr;           // every callback and timer runs here
  std::vector<std::string> data_sources;  // the configured data sources' names
  // Between periodic passes, and after a pass that left something in doubt.
  absl::Duration interval = absl::Seconds(30);
  absl::Duration retry_interval = absl::Seconds(2);
};

struct XaRecoveryReport {
  int committed = 0;                     // branches committed by this pass
  int rolled_back = 0;                   // branches rolled back by this pass
  int in_doubt = 0;                      // branches of ours still prepared after the pass
  int resolved_decisions = 0;            // commit decisions dropped from the log
  std::vector<std::string> unreachable;  // data sources (with why) that could not be scanned
  // True when every data source was scanned and nothing of ours is left in doubt.
  bool clean() const { return in_doubt == 0 && unreachable.empty(); }
};

class XaRecovery : public std::enable_shared_from_this<XaRecovery> {
 public:
  using PassCallback = absl::AnyInvocable<void(XaRecoveryReport)>;

  static std::shared_ptr<XaRecovery> Create(XaRecoveryOptions options);

  // One pass now (runner's thread). If a pass is running, `done` runs after the next one.
  void RunOnce(PassCallback done);
  // Periodic passes (runner's thread): one now, then every `interval` (or `retry_interval` while
  // something is in doubt or unreachable). Stop() ends them; a running pass completes.
  void Start();
  void Stop();
  // After a config reload (runner's thread); used from the next pass.
  void SetDataSources(std::vector<std::string> data_sources);

  const XaRecoveryReport& last_report() const { return last_report_; }

 private:
  explicit XaRecovery(XaRecoveryOptions options) : options_(std::move(options)) {}

  struct Pass;
  void StartPass();
  void ScanDataSource(std::shared_ptr<Pass> pass, const std::string& data_source);
  void SettleNext(std::shared_ptr<Pass> pass, const std::string& data_source, size_t index);
  void DataSourceDone(std::shared_ptr<Pass> pass);
  void FinishPass(std::shared_ptr<Pass> pass);
  void ScheduleNext();

  XaRecoveryOptions options_;
  bool running_ = false;
  bool periodic_ = false;
  bool timer_armed_ = false;
  std::vector<PassCallback> waiting_;  // for the running pass
  std::vector<PassCallback> next_;     // for the one after it
  bool rerun_ = false;
  XaRecoveryReport last_report_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_RECOVERY_H_
