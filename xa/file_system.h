// The file-system calls the decision log makes, behind an interface (LevelDB's `Env`), so tests
// can fail a write, an fsync or a rename at an exact point and cut files at an exact byte
// (fault_injection_file_system.h). Production uses PosixFileSystem().
#ifndef SHARDPROXY_XA_FILE_SYSTEM_H_
#define SHARDPROXY_XA_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends at the end of the file (no buffering: the bytes are in the kernel on return).
  virtual absl::Status Append(absl::string_view data) = 0;
  // Makes everything appended so far durable (fdatasync).
  virtual absl::Status Sync() = 0;
  virtual absl::Status Close() = 0;
};

// An exclusive advisory lock on a file; released when destroyed (or when the process dies).
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Like `mkdir -p`.
  virtual absl::Status CreateDirs(const std::string& dir) = 0;
  // Fails with FailedPrecondition when another process (or another lock in this one) holds it.
  virtual absl::StatusOr<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;
  // NotFound when the file does not exist.
  virtual absl::StatusOr<std::string> ReadFile(const std::string& path) = 0;
  // Creates or truncates.
  virtual absl::StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(
      const std::string& path) = 0;
  // Opens an existing file for appending.
  virtual absl::StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(
      const std::string& path) = 0;
  // Atomically replaces `to`.
  virtual absl::Status Rename(const std::string& from, const std::string& to) = 0;
  // fsync on the directory, making creations, renames and deletions in it durable.
  virtual absl::Status SyncDir(const std::string& dir) = 0;
  // OK when the file did not exist.
  virtual absl::Status DeleteFile(const std::string& path) = 0;
};

// The real thing. Process-wide; never destroyed.
FileSystem* PosixFileSystem();

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_FILE_SYSTEM_H_
