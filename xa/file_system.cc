#include "xa/file_system.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace shardproxy {
namespace {

absl::Status IoError(absl::string_view what, const std::string& path, int error) {
  std::string message = absl::StrCat(what, " ", path, ": ", strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EWOULDBLOCK) return absl::FailedPreconditionError(message);
  return absl::InternalError(message);
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) close(fd_);
  }

  absl::Status Append(absl::string_view data) override {
    while (!data.empty()) {
      ssize_t n = write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }

  absl::Status Sync() override {
    if (fdatasync(fd_) != 0) return IoError("fdatasync", path_, errno);
    return absl::OkStatus();
  }

  absl::Status Close() override {
    int fd = fd_;
    fd_ = -1;
    if (fd >= 0 && close(fd) != 0) return IoError("close", path_, errno);
    return absl::OkStatus();
  }

 private:
  int fd_;
  const std::string path_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { close(fd_); }  // closing the descriptor drops the flock

 private:
  int fd_;
};

class Posix final : public FileSystem {
 public:
  absl::Status CreateDirs(const std::string& dir) override {
    if (dir.empty()) return absl::OkStatus();
    struct stat st;
    if (stat(dir.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return absl::OkStatus();
      return absl::FailedPreconditionError(absl::StrCat(dir, " exists and is not a directory"));
    }
    size_t slash = dir.find_last_of('/');
    if (slash != std::string::npos && slash > 0) {
      absl::Status parent = CreateDirs(dir.substr(0, slash));
      if (!parent.ok()) return parent;
    }
    if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return IoError("mkdir", dir, errno);
    return absl::OkStatus();
  }

  absl::StatusOr<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return IoError("open", path, errno);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      close(fd);
      return IoError("lock", path, error);
    }
    return std::make_unique<PosixFileLock>(fd);
  }

  absl::StatusOr<std::string> ReadFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IoError("open", path, errno);
    std::string out;
    char buffer[1 << 16];
    while (true) {
      ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n < 0) {
        if (errno == EINTR) continue;
        int error = errno;
        close(fd);
        return IoError("read", path, error);
      }
      if (n == 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    close(fd);
    return out;
  }

  absl::StatusOr<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return IoError("create", path, errno);
    return std::make_unique<PosixWritableFile>(fd, path);
  }

  absl::StatusOr<std::unique_ptr<WritableFile>> NewAppendableFile(
      const std::string& path) override {
    int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) return IoError("open", path, errno);
    return std::make_unique<PosixWritableFile>(fd, path);
  }

  absl::Status Rename(const std::string& from, const std::string& to) override {
    if (rename(from.c_str(), to.c_str()) != 0) return IoError("rename to " + to, from, errno);
    return absl::OkStatus();
  }

  absl::Status SyncDir(const std::string& dir) override {
    int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return IoError("open", dir, errno);
    int rc = fsync(fd);
    int error = errno;
    close(fd);
    if (rc != 0) return IoError("fsync", dir, error);
    return absl::OkStatus();
  }

  absl::Status DeleteFile(const std::string& path) override {
    if (unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("unlink", path, errno);
    return absl::OkStatus();
  }
};

}  // namespace

FileSystem* PosixFileSystem() {
  static FileSystem* const fs = new Posix();
  return fs;
}

}  // namespace shardproxy
