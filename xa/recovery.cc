#include "xa/recovery.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "xa/xid.h"

namespace shardproxy {

// The state of one pass, shared by its per-data-source chains of callbacks.
struct XaRecovery::Pass {
  XaRecoveryReport report;
  std::vector<PassCallback> done;
  absl::flat_hash_set<std::string> configured;
  // Commit decisions when the pass began: candidates for LogResolved.
  absl::flat_hash_map<std::string, std::vector<std::string>> decisions_at_start;
  absl::flat_hash_set<std::string> reached;    // data sources scanned completely
  absl::flat_hash_set<std::string> leftovers;  // gtrids with a branch still prepared somewhere
  int pending = 0;

  struct Scan {
    std::unique_ptr<XaParticipant> connection;
    struct Item {
      Xid xid;
      bool commit = false;
      std::string skip_reason;  // non-empty: leave it in doubt
    };
    std::vector<Item> items;
    std::vector<InDoubtBranch> in_doubt;
    bool failed = false;
  };
  absl::flat_hash_map<std::string, Scan> scans;
};

std::shared_ptr<XaRecovery> XaRecovery::Create(XaRecoveryOptions options) {
  return std::shared_ptr<XaRecovery>(new XaRecovery(std::move(options)));
}

void XaRecovery::SetDataSources(std::vector<std::string> data_sources) {
  options_.data_sources = std::move(data_sources);
}

void XaRecovery::RunOnce(PassCallback done) {
  if (running_) {
    next_.push_back(std::move(done));
    rerun_ = true;
    return;
  }
  waiting_.push_back(std::move(done));
  StartPass();
}

void XaRecovery::Start() {
  if (periodic_) return;
  periodic_ = true;
  if (!running_) StartPass();
}

void XaRecovery::Stop() { periodic_ = false; }

void XaRecovery::ScheduleNext() {
  if (!periodic_ || timer_armed_) return;
  timer_armed_ = true;
  absl::Duration delay = last_report_.clean() ? options_.interval : options_.retry_interval;
  std::weak_ptr<XaRecovery> weak = weak_from_this();
  options_.runner->RunAfter(delay, [weak]() {
    std::shared_ptr<XaRecovery> self = weak.lock();
    if (self == nullptr) return;
    self->timer_armed_ = false;
    if (self->periodic_ && !self->running_) self->StartPass();
  });
}

void XaRecovery::StartPass() {
  running_ = true;
  auto pass = std::make_shared<Pass>();
  pass->done = std::move(waiting_);
  waiting_.clear();
  pass->decisions_at_start = options_.log->Snapshot().committed;
  // Data sources named by a decision but gone from the config are still scanned: the decision
  // stays until a pass reached them.
  std::vector<std::string> targets = options_.data_sources;
  for (const std::string& ds : targets) pass->configured.insert(ds);
  absl::flat_hash_set<std::string> seen(targets.begin(), targets.end());
  for (const auto& [gtrid, participants] : pass->decisions_at_start) {
    for (const std::string& ds : participants) {
      if (seen.insert(ds).second) targets.push_back(ds);
    }
  }
  pass->pending = static_cast<int>(targets.size());
  if (targets.empty()) {
    FinishPass(pass);
    return;
  }
  for (const std::string& ds : targets) {
    pass->scans[ds];
  }
  for (const std::string& ds : targets) ScanDataSource(pass, ds);
}

void XaRecovery::ScanDataSource(std::shared_ptr<Pass> pass, const std::string& data_source) {
  std::shared_ptr<XaRecovery> self = shared_from_this();
  options_.connector->Connect(
      data_source,
      [self, pass, data_source](absl::StatusOr<std::unique_ptr<XaParticipant>> connection) {
        Pass::Scan& scan = pass->scans[data_source];
        if (!connection.ok()) {
          pass->report.unreachable.push_back(
              absl::StrCat(data_source, ": ", ToMysqlError(connection.status()).message));
          scan.failed = true;
          self->DataSourceDone(pass);
          return;
        }
        scan.connection = std::move(*connection);
        scan.connection->Execute(
            "XA RECOVER", [self, pass, data_source](absl::StatusOr<SqlResult> result) {
              Pass::Scan& scan = pass->scans[data_source];
              if (!result.ok()) {
                pass->report.unreachable.push_back(absl::StrCat(
                    data_source, ": XA RECOVER failed: ", ToMysqlError(result.status()).message));
                scan.failed = true;
                self->DataSourceDone(pass);
                return;
              }
              // Live set first, then the log: a transaction not live now has its final decision
              // in the log already (the coordinator ends after the log answered).
              absl::flat_hash_set<std::string> live = self->options_.registry->LiveGtrids();
              XaDecisionLog::State state = self->options_.log->Snapshot();
              const std::string& instance = self->options_.log->instance_id();
              for (const auto& row : result->rows) {
                if (row.size() < 4 || !row[0] || !row[1] || !row[2] || !row[3]) continue;
                absl::StatusOr<Xid> xid = ParseXaRecoverRow(*row[0], *row[1], *row[2], *row[3]);
                if (!xid.ok() || !IsOwnXid(*xid, instance)) continue;
                if (xid->bqual != data_source && pass->configured.contains(xid->bqual)) continue;
                Pass::Scan::Item item;
                item.xid = *xid;
                if (live.contains(xid->gtrid)) {
                  item.skip_reason = "its transaction is still running in this proxy";
                } else if (state.uncertain.contains(xid->gtrid)) {
                  item.skip_reason =
                      "the decision log failed while writing its decision; a restart of the proxy "
                      "decides it";
                } else {
                  item.commit = state.committed.contains(xid->gtrid);
                }
                scan.items.push_back(std::move(item));
              }
              self->SettleNext(pass, data_source, 0);
            });
      });
}

void XaRecovery::SettleNext(std::shared_ptr<Pass> pass, const std::string& data_source,
                            size_t index) {
  Pass::Scan& scan = pass->scans[data_source];
  while (index < scan.items.size() && !scan.items[index].skip_reason.empty()) {
    const Pass::Scan::Item& item = scan.items[index];
    scan.in_doubt.push_back({data_source, item.xid, item.skip_reason});
    pass->leftovers.insert(item.xid.gtrid);
    ++index;
  }
  if (index == scan.items.size()) {
    pass->reached.insert(data_source);
    options_.registry->SetInDoubt(data_source, scan.in_doubt);
    pass->report.in_doubt += static_cast<int>(scan.in_doubt.size());
    DataSourceDone(pass);
    return;
  }
  const Pass::Scan::Item& item = scan.items[index];
  std::string sql = XaStatementSql(item.commit ? XaVerb::kCommit : XaVerb::kRollback, item.xid);
  std::shared_ptr<XaRecovery> self = shared_from_this();
  scan.connection->Execute(
      std::move(sql), [self, pass, data_source, index](absl::StatusOr<SqlResult> result) {
        Pass::Scan& scan = pass->scans[data_source];
        const Pass::Scan::Item& item = scan.items[index];
        const char* verb = item.commit ? "XA COMMIT" : "XA ROLLBACK";
        if (result.ok()) {
          if (item.commit) {
            ++pass->report.committed;
          } else {
            ++pass->report.rolled_back;
          }
          self->options_.registry->NoteRecovered(
              item.xid.gtrid, data_source,
              item.commit ? "recovered: committed" : "recovered: rolled back",
              item.commit ? "the log held its commit decision" : "no commit decision in the log");
          SP_LOG(kInfo, "xa", "recovery: ", verb, " of ", item.xid.gtrid, " on ", data_source);
        } else {
          // Attached to a connection that is still open (XAER_NOTA), or the data source failed:
          // the next pass tries again.
          std::string why = absl::StrCat(verb, " failed: ", ToMysqlError(result.status()).message);
          SP_LOG(kWarning, "xa", "recovery: ", item.xid.gtrid, " on ", data_source, ": ", why);
          scan.in_doubt.push_back({data_source, item.xid, why});
          pass->leftovers.insert(item.xid.gtrid);
        }
        self->SettleNext(pass, data_source, index + 1);
      });
}

void XaRecovery::DataSourceDone(std::shared_ptr<Pass> pass) {
  if (--pass->pending == 0) FinishPass(pass);
}

void XaRecovery::FinishPass(std::shared_ptr<Pass> pass) {
  absl::flat_hash_set<std::string> live = options_.registry->LiveGtrids();
  for (const auto& [gtrid, participants] : pass->decisions_at_start) {
    if (live.contains(gtrid) || pass->leftovers.contains(gtrid)) continue;
    bool all_reached = true;
    for (const std::string& ds : participants) all_reached &= pass->reached.contains(ds);
    if (!all_reached) continue;
    options_.log->LogResolved(gtrid);
    ++pass->report.resolved_decisions;
  }
  // Connections go back (destroyed) before anyone hears about the pass.
  for (auto& [ds, scan] : pass->scans) scan.connection.reset();
  last_report_ = pass->report;
  if (!pass->report.clean() || pass->report.committed + pass->report.rolled_back > 0) {
    SP_LOG(kInfo, "xa", "recovery pass: committed ", pass->report.committed, ", rolled back ",
           pass->report.rolled_back, ", in doubt ", pass->report.in_doubt, ", unreachable ",
           pass->report.unreachable.size());
  }
  running_ = false;
  std::vector<PassCallback> done = std::move(pass->done);
  if (rerun_) {
    rerun_ = false;
    waiting_ = std::move(next_);
    next_.clear();
    StartPass();
  } else {
    ScheduleNext();
  }
  for (PassCallback& callback : done) callback(pass->report);
}

}  // namespace shardproxy
