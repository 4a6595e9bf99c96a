#include "proxy/server/server.h"

#include <errno.h>
#include <mysql.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

absl::StatusOr<int> OpenListener(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* result = nullptr;
  std::string port_text = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port_text.c_str(), &hints, &result);
  if (rc != 0) {
    return InternalError(
        absl::StrCat("cannot resolve listen address ", host, ":", port, ": ", gai_strerror(rc)));
  }
  std::string last_error = "no address";
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = strerror(errno);
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0) {
      freeaddrinfo(result);
      return fd;
    }
    last_error = strerror(errno);
    close(fd);
  }
  freeaddrinfo(result);
  return InternalError(absl::StrCat("cannot listen on ", host, ":", port, ": ", last_error));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(std::shared_ptr<const Config> config,
                                                      std::string server_version,
                                                      FaultPoints* fault_points) {
  int workers = config->workers;
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::unique_ptr<Server> server(new Server());
  // Every listener is bound before any worker starts, so a busy port fails the start cleanly.
  std::vector<int> listeners;
  for (int i = 0; i < workers; ++i) {
    absl::StatusOr<int> fd = OpenListener(config->listen_host, config->listen_port);
    if (!fd.ok()) {
      for (int open : listeners) close(open);
      return fd.status();
    }
    listeners.push_back(*fd);
  }
  if (!config->sharding.empty()) {
    // Without its decision log the proxy cannot promise atomic multi-shard commits: refuse to
    // start rather than run without it.
    auto xa = std::make_unique<XaRuntime>();
    absl::StatusOr<std::unique_ptr<XaDecisionLog>> log =
        XaDecisionLog::Open({.dir = config->transaction.log_dir});
    if (!log.ok()) {
      for (int open : listeners) close(open);
      return absl::Status(log.status().code(),
                          absl::StrCat("cannot open the XA decision log in '",
                                       config->transaction.log_dir, "': ", log.status().message()));
    }
    xa->log = *std::move(log);
    xa->coordinator = std::make_unique<XaCoordinator>(
        XaCoordinatorOptions{
            .log = xa->log.get(), .registry = &xa->registry, .fault_points = fault_points});
    server->xa_ = std::move(xa);
  }
  if (absl::Status ops = server->StartOps(*config, workers); !ops.ok()) {
    for (int open : listeners) close(open);
    return ops;
  }
  Server* raw = server.get();
  absl::StatusOr<std::unique_ptr<ConfigReloader>> reloader = ConfigReloader::Create(
      config, [raw](const ConfigReload& reload, absl::AnyInvocable<void()> applied) {
        raw->Publish(reload, std::move(applied));
      });
  if (!reloader.ok()) {
    for (int open : listeners) close(open);
    return reloader.status();
  }
  server->reloader_ = *std::move(reloader);
  for (int i = 0; i < workers; ++i) {
    server->workers_.push_back(std::make_unique<Worker>(i, workers, config, server_version,
                                                        listeners[i], server->xa_.get(),
                                                        server->reloader_.get()));
    server->workers_.back()->SetOps(server->ops_.get());
  }
  for (auto& worker : server->workers_) {
    absl::Status started = worker->Start();
    if (!started.ok()) {
      server->Stop();
      return started;
    }
  }
  // Only now: a reload publishes to every worker, so all of them must be running.
  server->reloader_->Start();
  return server;
}

Server::~Server() { Stop(); }

void Server::ReloadConfig(std::string cause) { reloader_->Reload(std::move(cause), nullptr); }

namespace {

// Runs `done` when the last worker let go of it: applied the config, or stopped without.
class AppliedBarrier {
 public:
  explicit AppliedBarrier(absl::AnyInvocable<void()> done) : done_(std::move(done)) {}
  ~AppliedBarrier() {
    if (done_) done_();
  }

 private:
  absl::AnyInvocable<void()> done_;
};

}  // namespace

void Server::Publish(const ConfigReload& reload, absl::AnyInvocable<void()> applied) {
  // Limits are shared by every worker: set once, here, before the workers take the rest.
  if (reload.changed && reload.diff.limits_changed && ops_ != nullptr) {
    ops_->ApplyLimits(*reload.config);
  }
  auto barrier = std::make_shared<AppliedBarrier>(std::move(applied));
  for (auto& worker : workers_) {
    Worker* target = worker.get();
    // `barrier` rides along: the last worker done with it runs `applied`. An unchanged file
    // applies nothing, but its barrier still waits behind any earlier config in each loop's
    // queue, so a RELOAD CONFIG answered OK means every worker runs the file's rules.
    target->Post([target, barrier, config = reload.changed ? reload.config : nullptr,
                  diff = reload.diff, generation = reload.generation] {
      if (config != nullptr) target->ApplyConfig(config, diff, generation);
    });
  }
}

void Server::Stop() {
  if (stopped_) return;
  stopped_ = true;
  // No reload publishes to a worker that is going away.
  if (reloader_ != nullptr) reloader_->Stop();
  for (auto& worker : workers_) worker->Stop();
  for (auto& worker : workers_) worker->Join();
  workers_.clear();
}

std::string ProbeBackendVersion(const Config& config, int timeout_seconds) {
  constexpr absl::string_view kFallback = "5.5.5-10.11.0-MariaDB";
  const std::string& name = config.default_data_source.empty() ? config.data_sources.front().name
                                                               : config.default_data_source;
  const DataSourceConfig* ds = config.FindDataSource(name);
  if (ds == nullptr) return std::string(kFallback);
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) return std::string(kFallback);
  const BackendEndpoint endpoint = EndpointOf(*ds);
  unsigned int timeout = static_cast<unsigned int>(timeout_seconds);
  unsigned int protocol = endpoint.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql, MYSQL_OPT_READ_TIMEOUT, &timeout);
  mysql_optionsv(mysql, MYSQL_OPT_PROTOCOL, &protocol);
  std::string version;
  if (mysql_real_connect(
          mysql, endpoint.connect_host(), endpoint.user.c_str(), endpoint.password.c_str(), nullptr,
          static_cast<unsigned int>(endpoint.port), endpoint.connect_socket(), 0) == nullptr) {
    SP_LOG(kWarning, "server", "data source '", ds->name, "' (", endpoint.Address(),
           ") is not reachable at start-up (", mysql_error(mysql), "); reporting server version ",
           kFallback, " until it is");
    version = std::string(kFallback);
  } else {
    version = mysql_get_server_info(mysql);
    // MariaDB sends "5.5.5-<version>" for old replication clients; Connector/C strips it.
    if (absl::StrContains(version, "MariaDB") && !absl::StartsWith(version, "5.5.5-")) {
      version = absl::StrCat("5.5.5-", version);
    }
  }
  mysql_close(mysql);
  return version;
}

}  // namespace shardproxy
