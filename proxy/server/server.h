// The proxy server: N workers (config.workers, 0 = one per core) listening on the configured
// address. See proxy/README.md for how a connection flows through it.
//
//   auto server = Server::Start(config, server_version);   // binds, starts the workers
//   ... SIGHUP: (*server)->ReloadConfig("SIGHUP");  ... wait for SIGTERM ...
//   (*server)->Stop();                                      // closes sessions, joins workers
//
// The server owns the ConfigReloader: SIGHUP, RELOAD CONFIG (any worker) and changes of the
// config file reload it, and each new config is posted onto every worker's loop.
#ifndef SHARDPROXY_PROXY_SERVER_SERVER_H_
#define SHARDPROXY_PROXY_SERVER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/config.h"
#include "proxy/server/config_reloader.h"
#include "proxy/ops/metrics_http_server.h"
#include "proxy/server/ops_runtime.h"
#include "proxy/server/worker.h"
#include "xa/fault_points.h"

namespace shardproxy {

class Server {
 public:
  // Fails (naming the address) when the listening sockets cannot be bound. `fault_points`:
  // test-only XA crash points (xa/fault_points.h), null in production; must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(std::shared_ptr<const Config> config,
                                                       std::string server_version,
                                                       FaultPoints* fault_points = nullptr);
  ~Server();

  void Stop();
  // SIGTERM: stop accepting, let running statements and open transactions finish, closing each
  // session between statements, for at most `timeout`. True when every session closed in time
  // (Stop() then cuts the rest). Blocks the caller (the main thread).
  bool Drain(absl::Duration timeout);
  int worker_count() const { return static_cast<int>(workers_.size()); }

  // Thread-safe: reloads the config file off the caller's thread; the outcome is logged (an
  // invalid file keeps the current config).
  void ReloadConfig(std::string cause);

 private:
  Server() = default;
  // Posts a swapped-in config onto every worker's loop; `applied` runs once all applied it.
  void Publish(const ConfigReload& reload, absl::AnyInvocable<void()> applied);
  // Protection and observability (server_ops.cc).
  // Fails (naming the address) when the metrics endpoint cannot listen.
  absl::Status StartOps(const Config& config, int workers);

  std::unique_ptr<XaRuntime> xa_;             // destroyed after the workers
  std::unique_ptr<OpsRuntime> ops_;           // likewise
  std::unique_ptr<ops::MetricsHttpServer> metrics_http_;  // stopped before ops_ goes
  std::unique_ptr<ConfigReloader> reloader_;  // stopped before, destroyed after the workers
  std::vector<std::unique_ptr<Worker>> workers_;
  bool stopped_ = false;
};

// The server version the handshake reports: the default data source's, as MariaDB sends it
// ("5.5.5-10.11.6-MariaDB-..."; Connector/C strips the "5.5.5-" that the server adds, so it is put
// back). Blocks up to `timeout` (called once at start-up); when the data source cannot be reached
// returns a MariaDB 10.11 version and logs why.
std::string ProbeBackendVersion(const Config& config, int timeout_seconds);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_SERVER_H_
