#include "xa/decision_log.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "xa/decision_log_format.h"
#include "xa/xid.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kLogFileName = "xa_decisions.log";
constexpr absl::string_view kLockFileName = "LOCK";
// Frames written by a rewrite stay well below kMaxFramePayload however many decisions are live.
constexpr size_t kRewriteFrameBytes = 1 << 20;

std::string NewInstanceId() {
  constexpr absl::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  absl::BitGen gen;
  std::string id;
  for (int i = 0; i < 12; ++i) id.push_back(kAlphabet[absl::Uniform<size_t>(gen, 0, 36)]);
  return id;
}

}  // namespace

absl::StatusOr<std::unique_ptr<XaDecisionLog>> XaDecisionLog::Open(XaDecisionLogOptions options) {
  if (options.dir.empty()) {
    return absl::InvalidArgumentError("transaction.log_dir is empty");
  }
  if (options.fs == nullptr) options.fs = PosixFileSystem();
  FileSystem* fs = options.fs;
  if (!options.instance_id.empty()) {
    absl::Status valid = ValidateInstanceId(options.instance_id);
    if (!valid.ok()) return valid;
  }
  absl::Status created = fs->CreateDirs(options.dir);
  if (!created.ok()) return created;
  absl::StatusOr<std::unique_ptr<FileLock>> lock =
      fs->LockFile(absl::StrCat(options.dir, "/", kLockFileName));
  if (!lock.ok()) {
    if (absl::IsFailedPrecondition(lock.status())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "XA decision log directory ", options.dir,
          " is in use by another shardproxy process (each proxy instance needs its own "
          "transaction.log_dir)"));
    }
    return lock.status();
  }
  const std::string path = absl::StrCat(options.dir, "/", kLogFileName);
  absl::Status removed = fs->DeleteFile(path + ".tmp");  // an interrupted rewrite
  if (!removed.ok()) return removed;

  OpenReport report;
  absl::StatusOr<std::string> bytes = fs->ReadFile(path);
  if (!bytes.ok() && !absl::IsNotFound(bytes.status())) return bytes.status();
  report.created = !bytes.ok();
  LogScan scan;
  if (bytes.ok()) {
    absl::StatusOr<LogScan> scanned = ScanDecisionLog(*bytes);
    if (!scanned.ok()) {
      return absl::DataLossError(absl::StrCat(
          "XA decision log ", path, ": ", scanned.status().message(),
          ". Refusing to start: resolving in-doubt branches without this decision could commit "
          "some branches of a transaction and roll back others. Restore the file from a copy, "
          "or move it aside and resolve the proxy's branches by hand (XA RECOVER, XA COMMIT / "
          "XA ROLLBACK on every data source)."));
    }
    scan = std::move(*scanned);
  }
  report.torn_tail = scan.torn_tail;
  report.tail_note = scan.tail_note;

  uint64_t last_epoch = 0;
  std::string log_instance;
  absl::flat_hash_map<std::string, std::vector<std::string>> committed;
  for (LogRecord& record : scan.records) {
    switch (record.type) {
      case LogRecordType::kEpoch:
        last_epoch = std::max(last_epoch, record.epoch);
        log_instance = std::move(record.instance_id);
        break;
      case LogRecordType::kCommit:
        committed[record.gtrid] = std::move(record.participants);
        break;
      case LogRecordType::kResolved:
        committed.erase(record.gtrid);
        break;
    }
  }
  std::string instance_id = options.instance_id;
  if (!log_instance.empty() && !instance_id.empty() && log_instance != instance_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("XA decision log ", path, " belongs to proxy instance '", log_instance,
                     "' but this proxy is configured as '", instance_id,
                     "': its in-doubt branches would no longer be recognised. Use instance id '",
                     log_instance, "' or another transaction.log_dir."));
  }
  if (instance_id.empty()) instance_id = log_instance.empty() ? NewInstanceId() : log_instance;
  report.live_decisions = committed.size();

  auto log = std::unique_ptr<XaDecisionLog>(
      new XaDecisionLog(std::move(options), instance_id, last_epoch + 1, std::move(*lock)));
  log->open_report_ = report;
  {
    absl::MutexLock l(&log->mu_);
    log->committed_ = std::move(committed);
  }
  absl::Status rewritten = log->Rewrite();
  if (!rewritten.ok()) return rewritten;
  if (report.torn_tail) {
    SP_LOG(kWarning, "xa", "decision log ", path, ": ignored a torn last write (", report.tail_note,
           ")");
  }
  SP_LOG(kInfo, "xa", "decision log ", path, " open: instance ", log->instance_id_, " epoch ",
         log->epoch_, ", ", report.live_decisions, " commit decisions awaiting resolution");
  log->writer_ = std::thread([raw = log.get()] { raw->WriterLoop(); });
  return log;
}

XaDecisionLog::XaDecisionLog(XaDecisionLogOptions options, std::string instance_id, uint64_t epoch,
                             std::unique_ptr<FileLock> lock)
    : options_(std::move(options)),
      fs_(options_.fs),
      path_(absl::StrCat(options_.dir, "/", kLogFileName)),
      tmp_path_(path_ + ".tmp"),
      instance_id_(std::move(instance_id)),
      epoch_(epoch),
      lock_(std::move(lock)) {}

XaDecisionLog::~XaDecisionLog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    work_cv_.SignalAll();
  }
  if (writer_.joinable()) writer_.join();
  if (file_ != nullptr) file_->Close().IgnoreError();
}

void XaDecisionLog::LogCommitDecision(std::string gtrid, std::vector<std::string> participants,
                                      DecisionCallback done) {
  absl::MutexLock lock(&mu_);
  commits_.push_back({std::move(gtrid), std::move(participants), std::move(done)});
  work_cv_.Signal();
}

void XaDecisionLog::LogResolved(std::string gtrid) {
  absl::MutexLock lock(&mu_);
  if (resolved_.empty()) oldest_resolved_ = absl::Now();
  resolved_.push_back(std::move(gtrid));
  work_cv_.Signal();
}

XaDecisionLog::State XaDecisionLog::Snapshot() const {
  absl::MutexLock lock(&mu_);
  State state;
  state.committed = committed_;
  state.uncertain = uncertain_;
  state.healthy = healthy_snapshot_;
  return state;
}

bool XaDecisionLog::IsCommitted(const std::string& gtrid) const {
  absl::MutexLock lock(&mu_);
  return committed_.contains(gtrid);
}

XaDecisionLog::Stats XaDecisionLog::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void XaDecisionLog::Flush() {
  absl::MutexLock lock(&mu_);
  ++flush_waiters_;
  work_cv_.SignalAll();
  while (!commits_.empty() || !resolved_.empty() || writing_) idle_cv_.Wait(&mu_);
  --flush_waiters_;
}

void XaDecisionLog::WriterLoop() {
  while (true) {
    std::vector<PendingCommit> commits;
    std::vector<std::string> resolved;
    {
      absl::MutexLock lock(&mu_);
      while (true) {
        if (!commits_.empty() || stopping_) break;
        if (!resolved_.empty()) {
          absl::Time due = oldest_resolved_ + options_.resolved_flush_delay;
          if (flush_waiters_ > 0 || absl::Now() >= due) break;
          work_cv_.WaitWithDeadline(&mu_, due);
        } else {
          work_cv_.Wait(&mu_);
        }
      }
      if (commits_.empty() && resolved_.empty()) {
        // stopping_ and nothing left
        idle_cv_.SignalAll();
        return;
      }
      size_t take = commits_.size();
      if (options_.max_batch > 0) take = std::min(take, options_.max_batch);
      commits.reserve(take);
      for (size_t i = 0; i < take; ++i) {
        commits.push_back(std::move(commits_.front()));
        commits_.pop_front();
      }
      resolved.swap(resolved_);
      writing_ = true;
    }
    WriteBatch(std::move(commits), std::move(resolved));
    absl::MutexLock lock(&mu_);
    writing_ = false;
    idle_cv_.SignalAll();
  }
}

void XaDecisionLog::WriteBatch(std::vector<PendingCommit> commits,
                               std::vector<std::string> resolved) {
  auto finish = [&commits](DecisionDurability durability, const absl::Status& error) {
    for (PendingCommit& c : commits) {
      if (c.done) c.done(DecisionWriteResult{durability, error});
    }
  };

  if (!healthy_) {
    // A previous batch failed and its repair did too: nothing gets appended to a file whose
    // contents we cannot vouch for. Try the repair again first.
    absl::Status repaired = Rewrite();
    if (!repaired.ok()) {
      finish(
          DecisionDurability::kNotWritten,
          absl::UnavailableError(absl::StrCat(
              "XA decision log ", path_, " is failing and was not written: ", repaired.message())));
      return;  // resolved records are dropped: recovery finds those transactions again
    }
  }

  std::string payload;
  for (const PendingCommit& c : commits) {
    EncodeLogRecord(LogRecord::Commit(c.gtrid, c.participants), &payload);
  }
  for (const std::string& gtrid : resolved) {
    EncodeLogRecord(LogRecord::Resolved(gtrid), &payload);
  }
  std::string frame;
  AppendFrame(payload, &frame);

  absl::Status status = file_->Append(frame);
  if (status.ok()) status = file_->Sync();
  if (status.ok()) {
    {
      absl::MutexLock lock(&mu_);
      for (const PendingCommit& c : commits) committed_[c.gtrid] = c.participants;
      for (const std::string& gtrid : resolved) committed_.erase(gtrid);
      stats_.frames++;
      stats_.syncs++;
      stats_.commit_records += commits.size();
      stats_.resolved_records += resolved.size();
      stats_.file_bytes += frame.size();
    }
    bytes_since_rewrite_ += frame.size();
    finish(DecisionDurability::kDurable, absl::OkStatus());
    if (bytes_since_rewrite_ >= options_.compact_after_bytes) {
      absl::Status compacted = Rewrite();
      if (!compacted.ok()) {
        SP_LOG(kWarning, "xa", "decision log compaction failed: ", compacted.message());
      }
    }
    return;
  }

  SP_LOG(kError, "xa", "decision log ", path_, " write failed: ", status.message(),
         "; rewriting it from the acknowledged decisions");
  healthy_ = false;
  {
    absl::MutexLock lock(&mu_);
    healthy_snapshot_ = false;
    stats_.failures++;
  }
  absl::Status repaired = Rewrite();
  if (repaired.ok()) {
    finish(DecisionDurability::kNotWritten,
           absl::UnavailableError(
               absl::StrCat("XA decision log ", path_, " write failed: ", status.message())));
    return;
  }
  SP_LOG(kError, "xa", "decision log ", path_, " cannot be repaired: ", repaired.message(), "; ",
         commits.size(), " commit decisions are in doubt until the proxy restarts");
  {
    absl::MutexLock lock(&mu_);
    for (const PendingCommit& c : commits) uncertain_.insert(c.gtrid);
  }
  finish(DecisionDurability::kUnknown,
         absl::UnavailableError(absl::StrCat("XA decision log ", path_, " write failed (",
                                             status.message(), ") and could not be repaired (",
                                             repaired.message(), ")")));
}

absl::Status XaDecisionLog::Rewrite() {
  std::string bytes(kDecisionLogMagic);
  std::string payload;
  EncodeLogRecord(LogRecord::Epoch(epoch_, instance_id_), &payload);
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [gtrid, participants] : committed_) {
      if (payload.size() >= kRewriteFrameBytes) {
        AppendFrame(payload, &bytes);
        payload.clear();
      }
      EncodeLogRecord(LogRecord::Commit(gtrid, participants), &payload);
    }
  }
  AppendFrame(payload, &bytes);

  absl::StatusOr<std::unique_ptr<WritableFile>> tmp = fs_->NewWritableFile(tmp_path_);
  if (!tmp.ok()) return tmp.status();
  absl::Status status = (*tmp)->Append(bytes);
  if (status.ok()) status = (*tmp)->Sync();
  absl::Status closed = (*tmp)->Close();
  if (status.ok()) status = closed;
  if (status.ok()) status = fs_->Rename(tmp_path_, path_);
  if (!status.ok()) {
    fs_->DeleteFile(tmp_path_).IgnoreError();
    return status;  // the old file is untouched
  }
  // From here the new file has the name. Appending to the old one would be lost.
  absl::StatusOr<std::unique_ptr<WritableFile>> appendable = fs_->NewAppendableFile(path_);
  absl::Status dir_synced = fs_->SyncDir(options_.dir);
  if (!appendable.ok() || !dir_synced.ok()) {
    healthy_ = false;
    absl::MutexLock lock(&mu_);
    healthy_snapshot_ = false;
    stats_.failures++;
    return appendable.ok() ? dir_synced : appendable.status();
  }
  if (file_ != nullptr) file_->Close().IgnoreError();
  file_ = std::move(*appendable);
  healthy_ = true;
  bytes_since_rewrite_ = 0;
  absl::MutexLock lock(&mu_);
  healthy_snapshot_ = true;
  uncertain_.clear();  // the file now holds exactly the acknowledged decisions
  stats_.rewrites++;
  stats_.file_bytes = bytes.size();
  return absl::OkStatus();
}

}  // namespace shardproxy
