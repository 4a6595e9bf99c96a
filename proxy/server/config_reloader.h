// Reloads the config file for a running proxy: on SIGHUP, on RELOAD CONFIG, and when the file
// changes (inotify, config/reload.h's ConfigFileWatcher). Owned by the Server.
//
// Reloads run one at a time on the reloader's own thread and loop, so reading and validating a
// file never stalls a worker. A valid file is swapped in (ConfigHolder) and handed to every
// worker through `publish`, which posts it onto each worker's loop; a reload's `done` runs once
// every worker has applied it (or is gone). An invalid file is rejected: the reason is logged
// and given to `done`, and the old rules stay in force.
//
// Settings only a restart applies (listen, workers, transaction) are logged and named in the
// summary; a file that would add sharding rules to a passthrough proxy, or remove them all, is
// rejected because a running proxy cannot switch between the two (decision log, handlers).
#ifndef SHARDPROXY_PROXY_SERVER_CONFIG_RELOADER_H_
#define SHARDPROXY_PROXY_SERVER_CONFIG_RELOADER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "config/reload.h"
#include "proxy/event_loop.h"

namespace shardproxy {

class ConfigReloader final : private IoHandler {
 public:
  using DoneCallback = absl::AnyInvocable<void(absl::StatusOr<std::string>)>;
  // Hands a swapped-in config to the workers; calls `applied` (from any thread) once all have
  // applied it. Runs on the reloader's thread, reloads in order; also for an unchanged file
  // (reload.changed false: nothing to apply, `applied` once earlier configs are).
  using Publish =
      std::function<void(const ConfigReload& reload, absl::AnyInvocable<void()> applied)>;

  // `initial` was loaded from its source_path (empty: RELOAD CONFIG answers an error). With
  // `watch_file`, changes of the file trigger reloads (a watcher that cannot be set up is logged,
  // not fatal: SIGHUP and RELOAD CONFIG still work). Nothing runs before Start().
  static absl::StatusOr<std::unique_ptr<ConfigReloader>> Create(
      std::shared_ptr<const Config> initial, Publish publish, bool watch_file = true);
  // Starts the reloader's thread, once whatever `publish` reaches is ready; reloads requested
  // before run then.
  void Start();
  ~ConfigReloader() override;

  ConfigReloader(const ConfigReloader&) = delete;
  ConfigReloader& operator=(const ConfigReloader&) = delete;

  // Thread-safe. Queues a reload; `done` (may be null) runs on the reloader's thread or a
  // worker's, with a one-line summary or the reason the file was rejected. `cause` is logged.
  void Reload(std::string cause, DoneCallback done);

  // Waits for the running reload; queued ones (and any queued later) are dropped with the
  // reloader, their `done` not called. No publish happens after Stop returns.
  void Stop();

  const ConfigHolder& holder() const { return holder_; }

 private:
  ConfigReloader(std::shared_ptr<const Config> initial, Publish publish);
  void OnIoReady(uint32_t events) override;  // the file watcher
  void RunReload(const std::string& cause, DoneCallback done);

  ConfigHolder holder_;
  const Publish publish_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<ConfigFileWatcher> watcher_;
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_CONFIG_RELOADER_H_
