// The XA decision log: the one durable fact two-phase commit needs — "transaction G decided to
// commit; its prepared branches are on data sources {...}" — written and fsynced before the first
// XA COMMIT of G is sent, and "G is resolved" once every branch committed.
//
// Recovery presumes abort: a branch of ours in XA RECOVER whose gtrid has no commit decision here
// is rolled back. So a decision must be durable before any branch commits, and a record that
// never became durable must be one whose transaction never committed anywhere.
//
// Group commit: callers never block. LogCommitDecision queues the record; a writer thread writes
// everything queued while the previous fsync ran as one frame, with one write and one fdatasync,
// then calls each caller's callback (on the writer thread — hand off to your own thread, e.g.
// TaskRunner::Post, and return). Resolved records ride along with the next batch (or go out on
// their own after `resolved_flush_delay`); losing one in a crash only makes recovery look again.
//
// Files in `dir`: `xa_decisions.log` (see decision_log_format.h), `LOCK` (flock: one proxy per
// directory), `xa_decisions.log.tmp` while rewriting. Open() replays the log, drops a torn last
// frame, refuses (DataLoss) a log damaged in the middle, bumps the epoch, and rewrites the file
// with only the live decisions (write tmp, fsync, rename, fsync dir). The same rewrite compacts
// the log once `compact_after_bytes` were appended, dropping resolved transactions.
//
// Failures. If a batch's write or fsync fails, what reached the disk is unknown (and after a
// failed fsync the page cache cannot be trusted). The log then rewrites the file from its
// in-memory state, which holds only acknowledged decisions:
//  - rewrite succeeded: the failed batch is definitely not in the log -> kNotWritten; callers
//    roll their transactions back;
//  - rewrite failed too: the batch may or may not be durable -> kUnknown; callers must leave
//    their prepared branches alone (recovery after a restart decides from what the file holds),
//    and the log stays failed: later batches first retry the rewrite and answer kNotWritten
//    (nothing written) while it keeps failing.
#ifndef SHARDPROXY_XA_DECISION_LOG_H_
#define SHARDPROXY_XA_DECISION_LOG_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "xa/file_system.h"

namespace shardproxy {

struct XaDecisionLogOptions {
  // transaction.log_dir from the config. Created if missing.
  std::string dir;
  // The proxy instance id from the config; empty: the one the log already has, or a new random
  // one for a new log. A configured id that differs from the log's is an error (the log's
  // branches would become strangers).
  std::string instance_id;
  FileSystem* fs = nullptr;  // nullptr: PosixFileSystem()
  // Commit decisions per frame (per fsync); 0 = no limit. 1 turns group commit off (benchmarks).
  size_t max_batch = 0;
  uint64_t compact_after_bytes = 4u << 20;
  absl::Duration resolved_flush_delay = absl::Milliseconds(20);
};

enum class DecisionDurability {
  kDurable,     // on disk: the caller may send XA COMMIT
  kNotWritten,  // certainly not in the log: the caller must roll back
  kUnknown,     // may or may not be on disk: the caller must leave the prepared branches alone
};

struct DecisionWriteResult {
  DecisionDurability durability = DecisionDurability::kDurable;
  absl::Status error;  // why, when not kDurable
};

class XaDecisionLog {
 public:
  using DecisionCallback = absl::AnyInvocable<void(DecisionWriteResult)>;

  // Errors: FailedPrecondition (directory locked by another process, instance id mismatch),
  // DataLoss (damaged log; the message names the file and byte), or the file system's error.
  static absl::StatusOr<std::unique_ptr<XaDecisionLog>> Open(XaDecisionLogOptions options);
  // Writes what is queued, then stops the writer.
  ~XaDecisionLog();

  XaDecisionLog(const XaDecisionLog&) = delete;
  XaDecisionLog& operator=(const XaDecisionLog&) = delete;

  const std::string& instance_id() const { return instance_id_; }
  // Unique per Open of this directory; durable before Open returns.
  uint64_t epoch() const { return epoch_; }
  const std::string& path() const { return path_; }

  // Thread-safe. `done` runs on the writer thread once the record is durable (or not).
  void LogCommitDecision(std::string gtrid, std::vector<std::string> participants,
                         DecisionCallback done);
  // Thread-safe. Every branch of `gtrid` committed; the decision may be dropped.
  void LogResolved(std::string gtrid);

  struct State {
    // Decided and durable, not yet resolved: gtrid -> participants.
    absl::flat_hash_map<std::string, std::vector<std::string>> committed;
    // Written by a batch whose durability is unknown (see the class comment): leave alone.
    absl::flat_hash_set<std::string> uncertain;
    bool healthy = true;
  };
  State Snapshot() const;
  bool IsCommitted(const std::string& gtrid) const;

  struct Stats {
    uint64_t frames = 0;
    uint64_t commit_records = 0;
    uint64_t resolved_records = 0;
    uint64_t syncs = 0;
    uint64_t rewrites = 0;  // compactions and repairs, Open's included
    uint64_t failures = 0;
    uint64_t file_bytes = 0;
  };
  Stats stats() const;

  // What Open found, for its log line and for tests.
  struct OpenReport {
    bool created = false;  // there was no log file
    bool torn_tail = false;
    std::string tail_note;
    size_t live_decisions = 0;
  };
  const OpenReport& open_report() const { return open_report_; }

  // Blocks until everything queued before the call has been written (or has failed).
  void Flush();

 private:
  struct PendingCommit {
    std::string gtrid;
    std::vector<std::string> participants;
    DecisionCallback done;
  };

  XaDecisionLog(XaDecisionLogOptions options, std::string instance_id, uint64_t epoch,
                std::unique_ptr<FileLock> lock);

  void WriterLoop();
  void WriteBatch(std::vector<PendingCommit> commits, std::vector<std::string> resolved);
  // Writes the live decisions to a new file and renames it over the log (Open, compaction,
  // repair). Writer thread (or Open, before it starts).
  absl::Status Rewrite();

  const XaDecisionLogOptions options_;
  FileSystem* const fs_;
  const std::string path_;
  const std::string tmp_path_;
  const std::string instance_id_;
  const uint64_t epoch_;
  std::unique_ptr<FileLock> lock_;
  OpenReport open_report_;

  // Writer thread only (after Open).
  std::unique_ptr<WritableFile> file_;
  bool healthy_ = true;
  uint64_t bytes_since_rewrite_ = 0;

  mutable absl::Mutex mu_;
  absl::CondVar work_cv_;  // writer waits for work
  absl::CondVar idle_cv_;  // Flush waits for the writer
  std::deque<PendingCommit> commits_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> resolved_ ABSL_GUARDED_BY(mu_);
  absl::Time oldest_resolved_ ABSL_GUARDED_BY(mu_);
  int flush_waiters_ ABSL_GUARDED_BY(mu_) = 0;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<std::string, std::vector<std::string>> committed_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> uncertain_ ABSL_GUARDED_BY(mu_);
  bool healthy_snapshot_ ABSL_GUARDED_BY(mu_) = true;
  Stats stats_ ABSL_GUARDED_BY(mu_);

  std::thread writer_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_DECISION_LOG_H_
