// shardproxy: the MySQL sharding proxy.
//
//   shardproxy --config FILE [--log-level debug|info|warn|error]
//   shardproxy --check-config FILE          validate, print a summary, exit 0 (valid) or 1
//
// SIGTERM and SIGINT stop it cleanly: a graceful drain (timeouts.drain_ms) lets running statements
// and transactions finish, then sessions are closed and backend connections given back.
//
// Test-only: --xa-fault-points SPEC kills or aborts the process at a point of the two-phase
// commit (syntax in xa/fault_points.h), for the crash tests. Never use it in production.
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "config/config.h"
#include "proxy/server/server.h"

namespace {

void PrintUsage(FILE* out) {
  fprintf(out,
          "usage: shardproxy --config FILE [--log-level debug|info|warn|error]\n"
          "       shardproxy --check-config FILE\n");
}

// Every client and backend connection is a descriptor; the usual soft limit of 1024 would refuse
// clients long before limits.max_client_connections. Raise it to the hard limit.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    SP_LOG(kWarning, "main", "cannot raise the open-file limit to ", limit.rlim_max);
  }
}

// SIGTERM / SIGINT: running statements and transactions finish (up to timeouts.drain_ms), each
// session closes between statements, then everything else is closed.
void DrainAndStop(shardproxy::Server& server, const shardproxy::Config& config) {
  using namespace shardproxy;
  SP_LOG(kInfo, "main", "draining client sessions (up to ", config.timeouts.drain_ms, " ms)");
  if (server.Drain(absl::Milliseconds(config.timeouts.drain_ms))) {
    SP_LOG(kInfo, "main", "every client session finished");
  }
  server.Stop();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace shardproxy;
  std::string config_path;
  bool check_only = false;
  std::unique_ptr<FaultPoints> fault_points;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    auto value = [&](absl::string_view name) -> const char* {
      if (i + 1 >= argc) {
        fprintf(stderr, "shardproxy: %s needs a value\n", std::string(name).c_str());
        exit(2);
      }
      return argv[++i];
    };
    if (arg == "--config") {
      config_path = value(arg);
    } else if (arg == "--check-config") {
      check_only = true;
      if (i + 1 < argc && argv[i + 1][0] != '-') config_path = argv[++i];
    } else if (arg == "--log-level") {
      LogLevel level;
      const char* text = value(arg);
      if (!ParseLogLevel(text, &level)) {
        fprintf(stderr, "shardproxy: unknown log level '%s' (debug, info, warn, error)\n", text);
        return 2;
      }
      SetLogLevel(level);
    } else if (arg == "--xa-fault-points") {
      absl::StatusOr<std::unique_ptr<FaultPoints>> parsed = FaultPoints::Parse(value(arg));
      if (!parsed.ok()) {
        fprintf(stderr, "shardproxy: --xa-fault-points: %s\n",
                std::string(parsed.status().message()).c_str());
        return 2;
      }
      fault_points = *std::move(parsed);
    } else if (arg == "--help" || arg == "-h") {
      PrintUsage(stdout);
      return 0;
    } else {
      fprintf(stderr, "shardproxy: unknown argument '%s'\n", argv[i]);
      PrintUsage(stderr);
      return 2;
    }
  }
  if (config_path.empty()) {
    PrintUsage(stderr);
    return 2;
  }

  absl::StatusOr<std::shared_ptr<const Config>> config = LoadConfigFile(config_path);
  if (!config.ok()) {
    fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  if (check_only) {
    printf("%s", DescribeConfig(**config).c_str());
    return 0;
  }

  // absl's lock-order graph costs a hash lookup on every Mutex acquisition; the proxy's locks
  // are few and leaf-level, so the binary runs without it (unit tests of the components keep it).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  RaiseFileLimit();
  // Signals are taken by sigwait below; worker threads inherit the mask.
  signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string version = ProbeBackendVersion(**config, 5);
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(*config, version, fault_points.get());
  if (!server.ok()) {
    SP_LOG(kError, "main", "cannot start: ", server.status().message());
    return 1;
  }
  SP_LOG(kInfo, "main", "listening on ", (*config)->listen_host, ":", (*config)->listen_port,
         " with ", (*server)->worker_count(), " workers, server version ", version);

  while (true) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      (*server)->ReloadConfig("SIGHUP");  // logged by the reloader; a bad file keeps the rules
      continue;
    }
    SP_LOG(kInfo, "main", "signal ", sig, ": shutting down");
    break;
  }
  DrainAndStop(**server, **config);
  SP_LOG(kInfo, "main", "stopped");
  return 0;
}
