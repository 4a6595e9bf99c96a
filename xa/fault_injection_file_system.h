// A FileSystem wrapper for tests (LevelDB's db/fault_injection_test.cc): fails chosen calls with a
// chosen error, can make a failing append write only part of its bytes (a torn write), and can
// simulate a power cut by cutting every file it wrote back to what was last synced.
//
//   FaultInjectionFileSystem fs(PosixFileSystem());
//   fs.FailNext(FileOp::kSync, absl::InternalError("injected fsync failure"));
//   ... the decision log's next fsync fails ...
#ifndef SHARDPROXY_XA_FAULT_INJECTION_FILE_SYSTEM_H_
#define SHARDPROXY_XA_FAULT_INJECTION_FILE_SYSTEM_H_

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "xa/file_system.h"

namespace shardproxy {

enum class FileOp { kAppend, kSync, kNewWritableFile, kRename, kSyncDir };

class FaultInjectionFileSystem final : public FileSystem {
 public:
  explicit FaultInjectionFileSystem(FileSystem* base) : base_(base) {}

  // The call of kind `op` after `skip` more successful ones fails with `error`, `times` times in a
  // row. For kAppend with `torn_bytes` > 0, the failing append first writes that many bytes of
  // its data (a torn write).
  void FailNext(FileOp op, absl::Status error, int skip = 0, int times = 1, size_t torn_bytes = 0);
  void ClearFaults();

  // How many calls of `op` were made (failed ones included).
  int calls(FileOp op) const;

  // While held, every Sync waits (to line up work behind a slow fsync, deterministically).
  void HoldSyncs();
  void ReleaseSyncs();
  // Blocks until `n` Syncs are waiting on the hold.
  void AwaitHeldSyncs(int n);

  // A power cut: every file written through this object is cut back to its length at its last
  // successful Sync (appends after it are lost). Files renamed keep their history.
  absl::Status DropUnsyncedData();

  absl::Status CreateDirs(const std::string& dir) override { return base_->CreateDirs(dir); }
  absl::StatusOr<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    return base_->LockFile(path);
  }
  absl::StatusOr<std::string> ReadFile(const std::string& path) override {
    return base_->ReadFile(path);
  }
  absl::StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override;
  absl::StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override;
  absl::Status Rename(const std::string& from, const std::string& to) override;
  absl::Status SyncDir(const std::string& dir) override;
  absl::Status DeleteFile(const std::string& path) override;

 private:
  class File;
  struct Fault {
    FileOp op;
    absl::Status error;
    int skip;
    int times;
    size_t torn_bytes;
  };
  struct FileState {
    size_t size = 0;
    size_t synced_size = 0;
  };

  // Returns the injected error for this call of `op`, if any (and the torn byte count).
  absl::Status Check(FileOp op, size_t* torn_bytes = nullptr);
  void WaitWhileHeld();
  void NoteAppend(const std::string& path, size_t bytes);
  void NoteSync(const std::string& path);

  FileSystem* const base_;
  mutable absl::Mutex mu_;
  std::vector<Fault> faults_ ABSL_GUARDED_BY(mu_);
  std::map<FileOp, int> calls_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, FileState> files_ ABSL_GUARDED_BY(mu_);
  bool syncs_held_ ABSL_GUARDED_BY(mu_) = false;
  int syncs_waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_FAULT_INJECTION_FILE_SYSTEM_H_
