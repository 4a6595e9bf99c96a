// Hot reload: the current config snapshot, swapping it for a newly loaded one, and watching the
// file.
//
// Wiring in the proxy (one ConfigHolder per process):
//   ConfigHolder holder(*LoadConfigFile(path));
//   holder.SetReloadListener([&](const ConfigReload& r) { pools.Apply(r.diff, *r.config); });
//   SIGHUP, `RELOAD CONFIG`, inotify   ->  holder.Reload()   (returns the error on a bad file)
//   per worker:  ConfigView view(&holder);  per statement:  auto config = view.Current();
//   inotify:     auto watcher = ConfigFileWatcher::Create(path);
//                loop->Add(watcher->fd(), EPOLLIN, handler);  // handler::OnIoReady:
//                if (watcher->OnReadable()) holder.Reload();
//
// A statement (or a transaction) keeps the shared_ptr it started with, so it finishes on the
// rules it was planned with even when a reload swaps them underneath; the old Config is freed
// when the last holder lets go.
#ifndef SHARDPROXY_CONFIG_RELOAD_H_
#define SHARDPROXY_CONFIG_RELOAD_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "config/config.h"
#include "config/config_diff.h"

namespace shardproxy {

// The outcome of a successful Reload().
struct ConfigReload {
  std::shared_ptr<const Config> previous;
  std::shared_ptr<const Config> config;  // now current
  ConfigDiff diff;
  bool changed = false;  // false: the file's bytes were the same, nothing was swapped
  uint64_t generation = 0;
};

class ConfigHolder {
 public:
  // `initial` must not be null. Reload() reads initial->source_path unless `path` is given.
  explicit ConfigHolder(std::shared_ptr<const Config> initial, std::string path = "");

  ConfigHolder(const ConfigHolder&) = delete;
  ConfigHolder& operator=(const ConfigHolder&) = delete;

  // The current snapshot. Thread-safe; takes a short reader lock (workers use ConfigView, which
  // does not on the per-statement path).
  std::shared_ptr<const Config> Get() const;
  // Bumped by every swap. A relaxed atomic read.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // Loads and validates the file and swaps it in. On error the current config stays and the
  // error (file:line:column messages) is returned and remembered in last_error(). Reloads are
  // serialized; the listener runs after the swap, in the reloading thread, before Reload returns.
  // Unchanged bytes are not swapped (changed = false; the listener is not called).
  absl::StatusOr<ConfigReload> Reload();

  // Installs `config` as if reloaded (tests, or a proxy that builds configs itself).
  ConfigReload Swap(std::shared_ptr<const Config> config);

  // Called after each swap. Set it before reloads can happen.
  void SetReloadListener(std::function<void(const ConfigReload&)> listener);
  // Asked before a valid new file is swapped in: an error rejects it like an invalid file (the
  // program's own limits, e.g. a change only a restart can make). Set it before reloads happen.
  using CandidateCheck =
      std::function<absl::Status(const Config& current, const Config& candidate)>;
  void SetCandidateCheck(CandidateCheck check);

  const std::string& path() const { return path_; }
  // The error of the last failed Reload(), OK after a successful one.
  absl::Status last_error() const;
  // When the current config was installed.
  absl::Time loaded_at() const;

 private:
  const std::string path_;
  mutable absl::Mutex mutex_;  // guards the snapshot; held only to copy or replace the pointer
  std::shared_ptr<const Config> current_ ABSL_GUARDED_BY(mutex_);
  absl::Time loaded_at_ ABSL_GUARDED_BY(mutex_);
  absl::Status last_error_ ABSL_GUARDED_BY(mutex_);
  std::atomic<uint64_t> generation_{1};

  absl::Mutex reload_mutex_ ABSL_ACQUIRED_BEFORE(mutex_);  // one reload at a time
  std::string last_text_ ABSL_GUARDED_BY(reload_mutex_);
  std::function<void(const ConfigReload&)> listener_ ABSL_GUARDED_BY(reload_mutex_);
  CandidateCheck check_ ABSL_GUARDED_BY(reload_mutex_);
};

// A worker's view of a ConfigHolder. Current() costs one atomic load while nothing changed, and
// never blocks then. Not thread-safe: one per worker thread.
class ConfigView {
 public:
  explicit ConfigView(const ConfigHolder* holder);
  const std::shared_ptr<const Config>& Current();

 private:
  const ConfigHolder* holder_;
  uint64_t generation_ = 0;
  std::shared_ptr<const Config> config_;
};

// Watches a config file with inotify, driven from an event loop: register fd() for EPOLLIN and
// call OnReadable() when it is readable. It watches the file's directory, so editors that write a
// new file and rename it over the old one (vim, sed -i, kubectl's ConfigMap symlink swap) are
// seen as well as writes in place. OnReadable() reports a change once the writer closed the
// file or the rename landed, so Reload() does not see a half-written file from an in-place
// writer that closes once.
class ConfigFileWatcher {
 public:
  static absl::StatusOr<std::unique_ptr<ConfigFileWatcher>> Create(const std::string& path);
  ~ConfigFileWatcher();
  ConfigFileWatcher(const ConfigFileWatcher&) = delete;
  ConfigFileWatcher& operator=(const ConfigFileWatcher&) = delete;

  // Non-blocking inotify descriptor (owned; closed by the destructor).
  int fd() const { return fd_; }
  // Drains pending events. True when the config file may have changed since the last call.
  bool OnReadable();

 private:
  ConfigFileWatcher(int fd, std::string directory, std::string file_name, bool follow_links);

  const int fd_;
  const std::string directory_;
  const std::string file_name_;
  // The path is a symlink: any rename in the directory may have retargeted it.
  const bool follow_links_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_RELOAD_H_
