#include "xa/fault_injection_file_system.h"

#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace shardproxy {

class FaultInjectionFileSystem::File final : public WritableFile {
 public:
  File(FaultInjectionFileSystem* fs, std::string path, std::unique_ptr<WritableFile> base)
      : fs_(fs), path_(std::move(path)), base_(std::move(base)) {}

  absl::Status Append(absl::string_view data) override {
    size_t torn = 0;
    absl::Status injected = fs_->Check(FileOp::kAppend, &torn);
    if (!injected.ok()) {
      if (torn > 0) {
        absl::string_view part = data.substr(0, std::min(torn, data.size()));
        if (base_->Append(part).ok()) fs_->NoteAppend(path_, part.size());
      }
      return injected;
    }
    absl::Status status = base_->Append(data);
    if (status.ok()) fs_->NoteAppend(path_, data.size());
    return status;
  }

  absl::Status Sync() override {
    fs_->WaitWhileHeld();
    absl::Status injected = fs_->Check(FileOp::kSync);
    if (!injected.ok()) return injected;
    absl::Status status = base_->Sync();
    if (status.ok()) fs_->NoteSync(path_);
    return status;
  }

  absl::Status Close() override { return base_->Close(); }

 private:
  FaultInjectionFileSystem* const fs_;
  const std::string path_;
  std::unique_ptr<WritableFile> base_;
};

void FaultInjectionFileSystem::FailNext(FileOp op, absl::Status error, int skip, int times,
                                        size_t torn_bytes) {
  absl::MutexLock lock(&mu_);
  faults_.push_back({op, std::move(error), skip, times, torn_bytes});
}

void FaultInjectionFileSystem::HoldSyncs() {
  absl::MutexLock lock(&mu_);
  syncs_held_ = true;
}

void FaultInjectionFileSystem::ReleaseSyncs() {
  absl::MutexLock lock(&mu_);
  syncs_held_ = false;
}

void FaultInjectionFileSystem::AwaitHeldSyncs(int n) {
  absl::MutexLock lock(&mu_);
  auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return syncs_waiting_ >= n; };
  mu_.Await(absl::Condition(&enough));
}

void FaultInjectionFileSystem::WaitWhileHeld() {
  absl::MutexLock lock(&mu_);
  ++syncs_waiting_;
  mu_.Await(absl::Condition(
      +[](bool* held) { return !*held; }, &syncs_held_));
  --syncs_waiting_;
}

void FaultInjectionFileSystem::ClearFaults() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

int FaultInjectionFileSystem::calls(FileOp op) const {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(op);
  return it == calls_.end() ? 0 : it->second;
}

absl::Status FaultInjectionFileSystem::Check(FileOp op, size_t* torn_bytes) {
  absl::MutexLock lock(&mu_);
  ++calls_[op];
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->op != op) continue;
    if (it->skip > 0) {
      --it->skip;
      return absl::OkStatus();
    }
    absl::Status error = it->error;
    if (torn_bytes != nullptr) *torn_bytes = it->torn_bytes;
    if (--it->times <= 0) faults_.erase(it);
    return error;
  }
  return absl::OkStatus();
}

void FaultInjectionFileSystem::NoteAppend(const std::string& path, size_t bytes) {
  absl::MutexLock lock(&mu_);
  files_[path].size += bytes;
}

void FaultInjectionFileSystem::NoteSync(const std::string& path) {
  absl::MutexLock lock(&mu_);
  FileState& state = files_[path];
  state.synced_size = state.size;
}

absl::StatusOr<std::unique_ptr<WritableFile>> FaultInjectionFileSystem::NewWritableFile(
    const std::string& path) {
  absl::Status injected = Check(FileOp::kNewWritableFile);
  if (!injected.ok()) return injected;
  absl::StatusOr<std::unique_ptr<WritableFile>> file = base_->NewWritableFile(path);
  if (!file.ok()) return file.status();
  {
    absl::MutexLock lock(&mu_);
    files_[path] = FileState{};
  }
  return std::make_unique<File>(this, path, std::move(*file));
}

absl::StatusOr<std::unique_ptr<WritableFile>> FaultInjectionFileSystem::NewAppendableFile(
    const std::string& path) {
  absl::StatusOr<std::unique_ptr<WritableFile>> file = base_->NewAppendableFile(path);
  if (!file.ok()) return file.status();
  {
    // What is already in the file counts as synced: it was there before we looked.
    absl::StatusOr<std::string> existing = base_->ReadFile(path);
    absl::MutexLock lock(&mu_);
    size_t size = existing.ok() ? existing->size() : 0;
    files_[path] = FileState{size, size};
  }
  return std::make_unique<File>(this, path, std::move(*file));
}

absl::Status FaultInjectionFileSystem::Rename(const std::string& from, const std::string& to) {
  absl::Status injected = Check(FileOp::kRename);
  if (!injected.ok()) return injected;
  absl::Status status = base_->Rename(from, to);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    auto it = files_.find(from);
    if (it != files_.end()) {
      files_[to] = it->second;
      files_.erase(it);
    }
  }
  return status;
}

absl::Status FaultInjectionFileSystem::SyncDir(const std::string& dir) {
  absl::Status injected = Check(FileOp::kSyncDir);
  if (!injected.ok()) return injected;
  return base_->SyncDir(dir);
}

absl::Status FaultInjectionFileSystem::DeleteFile(const std::string& path) {
  absl::Status status = base_->DeleteFile(path);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(path);
  }
  return status;
}

absl::Status FaultInjectionFileSystem::DropUnsyncedData() {
  absl::MutexLock lock(&mu_);
  for (auto& [path, state] : files_) {
    if (state.size == state.synced_size) continue;
    if (truncate(path.c_str(), static_cast<off_t>(state.synced_size)) != 0) {
      return absl::InternalError(absl::StrCat("truncate ", path, " failed"));
    }
    state.size = state.synced_size;
  }
  return absl::OkStatus();
}

}  // namespace shardproxy
