// The Worker's part in protection and observability (issue 9), kept apart from worker.cc so the
// accept loop and start-up stay readable: pool options from the config, the client connection
// limit, and publishing pool figures for SHOW DATA SOURCES and the metrics endpoint.
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/packet.h"
#include "proxy/server/worker.h"

namespace shardproxy {
namespace {

// Pool figures are published this often; SHOW DATA SOURCES publishes the asking worker's own
// pools first, so only other workers' figures can be this old.
constexpr absl::Duration kPublishInterval = absl::Milliseconds(200);

}  // namespace

PoolOptions Worker::PoolOptionsFor(const DataSourceConfig& ds) const {
  PoolOptions options;
  options.max_connections = PerWorkerConnectionLimit(ds.max_connections, worker_count_, index_);
  options.acquire_timeout = absl::Milliseconds(ds.queue_timeout_ms);
  options.connect_timeout = absl::Milliseconds(config_->timeouts.backend_connect_ms);
  if (ops_ != nullptr) {
    options.breaker = &ops_->AdoptDataSource(ds)->breaker;
  }
  return options;
}

bool Worker::AdmitClient(int fd) {
  if (ops_ == nullptr || ops_->TryAdmitClient()) return true;
  // As MySQL does: an ERR packet (sequence 0) in place of the initial handshake. It is a few
  // dozen bytes on a fresh socket, so a non-blocking send takes it whole.
  std::string packet;
  uint8_t sequence_id = 0;
  size_t at = BeginPacket(&packet);
  EncodeErrPacketFromStatus(OpsRuntime::TooManyConnectionsError(), capability::kProtocol41,
                            &packet);
  FinishPacket(at, &sequence_id, &packet);
  if (send(fd, packet.data(), packet.size(), MSG_NOSIGNAL) < 0) {
    SP_LOG(kDebug, "worker", "could not tell a refused client why: ", strerror(errno));
  }
  close(fd);
  SP_LOG(kDebug, "worker", "refused a client connection: ", ops_->max_client_connections.load(),
         " are open (limits.max_client_connections)");
  return false;
}

void Worker::StartOps() {
  if (ops_ == nullptr) return;
  executor_environment_.xa_commits = ops_->xa_commits;
  executor_environment_.xa_rollbacks = ops_->xa_rollbacks;
  executor_environment_.worker_index = index_;
  ops_->RegisterSessionLister(
      index_, loop_.get(),
      [this](std::vector<ProcessRow>* rows) {
        for (const auto& [session, owned] : sessions_) {
          if (session->phase() != ClientSession::Phase::kClosed) {
            rows->push_back(session->Describe(loop_->Now()));
          }
        }
      },
      [this](uint32_t id, OpsRuntime::KillTarget target,
             const std::string& user) -> absl::optional<absl::Status> {
        ClientSession* found = nullptr;
        for (const auto& [session, owned] : sessions_) {
          if (session->connection_id() == id && session->phase() != ClientSession::Phase::kClosed) {
            found = session;
          }
        }
        if (found == nullptr) return absl::nullopt;
        // As MySQL without the PROCESS/SUPER privileges, which the proxy's users do not have.
        if (found->user() != user) {
          return MysqlStatus(mysql_errc::kKillDenied, "HY000",
                             absl::StrCat("You are not owner of thread ", id));
        }
        SP_LOG(kInfo, "worker", "connection ", id,
               target == OpsRuntime::KillTarget::kQuery ? ": KILL QUERY" : ": KILL CONNECTION",
               " by its user");
        found->Kill(target == OpsRuntime::KillTarget::kConnection);
        return absl::OkStatus();
      });
  StartOpsTimers();
}

void Worker::StartOpsTimers() {
  if (ops_ == nullptr) return;
  publish_timer_ = loop_->AddTimer(kPublishInterval, [this] {
    publish_timer_ = 0;
    PublishPools();
    CloseIdleSessions();
    StartOpsTimers();
  });
}

void Worker::BeginDrain() {
  if (!ready_.HasBeenNotified() || loop_ == nullptr) return;
  loop_->Post([this] {
    // Stop accepting: shutdown() on the listener also resets connections still in its backlog,
    // so no client waits for a handshake that will never come. The descriptor is closed with
    // the worker.
    loop_->Remove(listen_fd_);
    shutdown(listen_fd_, SHUT_RDWR);
    std::vector<ClientSession*> open;
    for (auto& [session, owned] : sessions_) open.push_back(session);
    for (ClientSession* session : open) session->OnDrain();
  });
}

void Worker::CloseIdleSessions() {
  if (config_->timeouts.client_idle_ms <= 0) return;
  const absl::Duration limit = absl::Milliseconds(config_->timeouts.client_idle_ms);
  const absl::Time now = loop_->Now();
  std::vector<ClientSession*> idle;
  for (auto& [session, owned] : sessions_) {
    if (session->IdleLongerThan(now, limit)) idle.push_back(session);
  }
  for (ClientSession* session : idle) {
    SP_LOG(kDebug, "worker", "closing connection ", session->connection_id(), ": idle over ",
           config_->timeouts.client_idle_ms, " ms (timeouts.client_idle_ms)");
    session->CloseIdle();
  }
}

void Worker::PublishPools() {
  if (ops_ == nullptr) return;
  for (const auto& [name, pool] : pools_) ops_->PublishPool(index_, *pool);
}

}  // namespace shardproxy
