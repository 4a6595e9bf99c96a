#include "config/reload.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "config/config_errors.h"

namespace shardproxy {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return ConfigError(absl::StrCat("cannot open config file ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ConfigHolder::ConfigHolder(std::shared_ptr<const Config> initial, std::string path)
    : path_(path.empty() ? initial->source_path : std::move(path)),
      current_(std::move(initial)),
      loaded_at_(absl::Now()) {
  if (!path_.empty()) {
    absl::StatusOr<std::string> text = ReadFile(path_);
    absl::MutexLock lock(&reload_mutex_);
    if (text.ok()) last_text_ = *std::move(text);
  }
}

std::shared_ptr<const Config> ConfigHolder::Get() const {
  absl::ReaderMutexLock lock(&mutex_);
  return current_;
}

absl::Status ConfigHolder::last_error() const {
  absl::ReaderMutexLock lock(&mutex_);
  return last_error_;
}

absl::Time ConfigHolder::loaded_at() const {
  absl::ReaderMutexLock lock(&mutex_);
  return loaded_at_;
}

void ConfigHolder::SetReloadListener(std::function<void(const ConfigReload&)> listener) {
  absl::MutexLock lock(&reload_mutex_);
  listener_ = std::move(listener);
}

void ConfigHolder::SetCandidateCheck(CandidateCheck check) {
  absl::MutexLock lock(&reload_mutex_);
  check_ = std::move(check);
}

ConfigReload ConfigHolder::Swap(std::shared_ptr<const Config> config) {
  ConfigReload reload;
  reload.config = std::move(config);
  absl::MutexLock lock(&mutex_);
  reload.previous = std::move(current_);
  current_ = reload.config;
  loaded_at_ = absl::Now();
  last_error_ = absl::OkStatus();
  reload.generation = generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
  reload.changed = true;
  reload.diff = DiffConfigs(*reload.previous, *reload.config);
  return reload;
}

absl::StatusOr<ConfigReload> ConfigHolder::Reload() {
  absl::MutexLock reload_lock(&reload_mutex_);
  auto fail = [&](absl::Status status) {
    SP_LOG(kError, "config", "reload of ", path_,
           " rejected, keeping the current config: ", status.message());
    absl::MutexLock lock(&mutex_);
    last_error_ = status;
    return status;
  };
  if (path_.empty())
    return fail(ConfigError("config was not loaded from a file: nothing to reload"));
  absl::StatusOr<std::string> text = ReadFile(path_);
  if (!text.ok()) return fail(text.status());
  if (*text == last_text_) {
    ConfigReload reload;
    reload.config = reload.previous = Get();
    reload.generation = generation();
    {
      absl::MutexLock lock(&mutex_);
      last_error_ = absl::OkStatus();
    }
    return reload;
  }
  absl::StatusOr<std::shared_ptr<const Config>> config = ParseConfig(*text, path_);
  if (!config.ok()) return fail(config.status());
  if (check_) {
    absl::Status accepted = check_(*Get(), **config);
    if (!accepted.ok()) return fail(accepted);
  }
  // ParseConfig leaves source_path empty; keep the path for the next reload and for summaries.
  auto with_path = std::make_shared<Config>(**config);
  with_path->source_path = path_;
  ConfigReload reload = Swap(std::move(with_path));
  last_text_ = *std::move(text);
  SP_LOG(kInfo, "config", "reloaded ", path_, " (generation ", reload.generation,
         "): ", reload.diff.ToString());
  if (listener_) listener_(reload);
  return reload;
}

ConfigView::ConfigView(const ConfigHolder* holder) : holder_(holder) {}

const std::shared_ptr<const Config>& ConfigView::Current() {
  const uint64_t generation = holder_->generation();
  if (generation != generation_ || config_ == nullptr) {
    // Read the generation before the pointer: a swap in between makes the next call refresh
    // again, never keep a stale pointer under a new generation.
    config_ = holder_->Get();
    generation_ = generation;
  }
  return config_;
}

absl::StatusOr<std::unique_ptr<ConfigFileWatcher>> ConfigFileWatcher::Create(
    const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string directory = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string file_name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (file_name.empty()) return ConfigError(absl::StrCat("config path ", path, " names no file"));
  struct stat link_info;
  const bool follow_links = lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode);
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return ConfigError(absl::StrCat("inotify_init1: ", std::strerror(errno)));
  // IN_CLOSE_WRITE rather than IN_MODIFY: one event per finished write, not one per write().
  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF;
  if (inotify_add_watch(fd, directory.c_str(), mask) < 0) {
    const int error = errno;
    close(fd);
    return ConfigError(
        absl::StrCat("cannot watch directory ", directory, ": ", std::strerror(error)));
  }
  return std::unique_ptr<ConfigFileWatcher>(
      new ConfigFileWatcher(fd, directory, file_name, follow_links));
}

ConfigFileWatcher::ConfigFileWatcher(int fd, std::string directory, std::string file_name,
                                     bool follow_links)
    : fd_(fd),
      directory_(std::move(directory)),
      file_name_(std::move(file_name)),
      follow_links_(follow_links) {}

ConfigFileWatcher::~ConfigFileWatcher() { close(fd_); }

bool ConfigFileWatcher::OnReadable() {
  bool changed = false;
  alignas(struct inotify_event) char buffer[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)];
  while (true) {
    const ssize_t length = read(fd_, buffer, sizeof(buffer));
    if (length <= 0) break;  // EAGAIN: drained
    for (ssize_t offset = 0; offset < length;) {
      const auto* event = reinterpret_cast<const struct inotify_event*>(buffer + offset);
      offset += sizeof(struct inotify_event) + event->len;
      const absl::string_view name = event->len > 0 ? absl::string_view(event->name) : "";
      if (event->mask & IN_CREATE) {
        // A new, still empty file: wait for its IN_CLOSE_WRITE. A symlink created in place of
        // the file is complete at once.
        if (name == file_name_) changed |= follow_links_;
        continue;
      }
      if (name == file_name_) changed = true;
      if (follow_links_ && (event->mask & IN_MOVED_TO)) changed = true;
    }
  }
  return changed;
}

}  // namespace shardproxy
