#include "proxy/server/config_reloader.h"

#include <sys/epoll.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

// A running proxy cannot switch between passthrough and sharded: the handlers of open sessions
// and the XA decision log are chosen at start.
absl::Status CheckReloadable(const Config& current, const Config& candidate) {
  if (current.sharding.empty() == candidate.sharding.empty()) return absl::OkStatus();
  return InternalError(absl::StrCat(
      candidate.source_path.empty() ? current.source_path : candidate.source_path, ": ",
      current.sharding.empty() ? "adding sharding rules to a proxy started without them"
                               : "removing every sharding rule",
      " needs a restart; the current config stays in force"));
}

}  // namespace

ConfigReloader::ConfigReloader(std::shared_ptr<const Config> initial, Publish publish)
    : holder_(std::move(initial)), publish_(std::move(publish)) {
  holder_.SetCandidateCheck(CheckReloadable);
}

absl::StatusOr<std::unique_ptr<ConfigReloader>> ConfigReloader::Create(
    std::shared_ptr<const Config> initial, Publish publish, bool watch_file) {
  std::unique_ptr<ConfigReloader> reloader(
      new ConfigReloader(std::move(initial), std::move(publish)));
  absl::StatusOr<std::unique_ptr<EventLoop>> loop = EventLoop::Create();
  if (!loop.ok()) return loop.status();
  reloader->loop_ = *std::move(loop);
  if (watch_file && !reloader->holder_.path().empty()) {
    absl::StatusOr<std::unique_ptr<ConfigFileWatcher>> watcher =
        ConfigFileWatcher::Create(reloader->holder_.path());
    if (watcher.ok()) {
      reloader->watcher_ = *std::move(watcher);
    } else {
      SP_LOG(
          kWarning, "config", "not watching ", reloader->holder_.path(),
          " for changes (SIGHUP and RELOAD CONFIG still reload it): ", watcher.status().message());
    }
  }
  return reloader;
}

void ConfigReloader::Start() {
  thread_ = std::thread([this] {
    // Add() must run on the loop's own thread.
    if (watcher_ != nullptr) {
      absl::Status registered = loop_->Add(watcher_->fd(), EPOLLIN, this);
      if (!registered.ok()) {
        SP_LOG(kWarning, "config", "not watching ", holder_.path(),
               " for changes: ", registered.message());
        watcher_.reset();
      }
    }
    loop_->Run();
    if (watcher_ != nullptr) loop_->Remove(watcher_->fd());
  });
}

ConfigReloader::~ConfigReloader() { Stop(); }

void ConfigReloader::Stop() {
  if (stopped_) return;
  stopped_ = true;
  loop_->Stop();
  if (thread_.joinable()) thread_.join();
  // Reloads queued from now on wait in the stopped loop and go with it, their callbacks unrun.
}

void ConfigReloader::Reload(std::string cause, DoneCallback done) {
  loop_->Post([this, cause = std::move(cause), done = std::move(done)]() mutable {
    RunReload(cause, std::move(done));
  });
}

void ConfigReloader::OnIoReady(uint32_t) {
  if (watcher_->OnReadable()) RunReload("the file changed", nullptr);
}

void ConfigReloader::RunReload(const std::string& cause, DoneCallback done) {
  SP_LOG(kInfo, "config", "reloading ", holder_.path(), " (", cause, ")");
  absl::StatusOr<ConfigReload> reload = holder_.Reload();  // logs a rejection itself
  if (!reload.ok()) {
    if (done) done(reload.status());
    return;
  }
  std::string summary =
      reload->changed
          ? absl::StrCat("configuration reloaded (generation ", reload->generation,
                         "): ", reload->diff.ToString())
          : absl::StrCat("configuration unchanged (generation ", reload->generation, ")");
  if (!reload->diff.restart_required.empty()) {
    SP_LOG(kWarning, "config", "reload of ", holder_.path(),
           " changed settings only a restart applies: ", reload->diff.ToString());
  }
  publish_(*reload, [done = std::move(done), summary = std::move(summary)]() mutable {
    if (done) done(std::move(summary));
  });
}

}  // namespace shardproxy
