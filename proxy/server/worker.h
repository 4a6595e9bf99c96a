// One worker thread: its own EventLoop, its own listening socket on the shared port
// (SO_REUSEPORT: the kernel spreads new connections over the workers), its own BackendPool per
// data source, and the client sessions it accepted. Nothing is shared with other workers.
#ifndef SHARDPROXY_PROXY_SERVER_WORKER_H_
#define SHARDPROXY_PROXY_SERVER_WORKER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "config/config.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/event_loop.h"
#include "proxy/executor/executor_environment.h"
#include "proxy/executor/pooled_xa_participant.h"
#include "proxy/server/client_session.h"
#include "proxy/server/ops_runtime.h"
#include "xa/coordinator.h"
#include "xa/recovery.h"

namespace shardproxy {

// The process-wide XA pieces of a sharded configuration (transaction.log_dir): the decision log,
// the registry of live transactions recovery must not touch, and the coordinator.
struct XaRuntime {
  std::unique_ptr<XaDecisionLog> log;
  XaTransactionRegistry registry;
  std::unique_ptr<XaCoordinator> coordinator;
};


class Worker final : private IoHandler {
 public:
  // Takes ownership of `listen_fd` (bound, listening, non-blocking).
  // `xa` (null for passthrough configurations) outlives the worker; worker 0 also runs XA
  // recovery on its loop.
  Worker(int index, int worker_count, std::shared_ptr<const Config> config,
         std::string server_version, int listen_fd, XaRuntime* xa = nullptr);
  ~Worker() override;

  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The process-wide limits, breakers and metrics (owned by the Server, outlives the worker).
  // Call before Start(); without it the worker runs with no limits.
  void SetOps(OpsRuntime* ops) { ops_ = ops; }

  // Starts the thread and waits until its loop is ready.
  absl::Status Start();
  // Thread-safe: stops accepting; sessions close between statements, outside transactions
  // (ClientSession::OnDrain). The Server waits for them, then calls Stop().
  void BeginDrain();
  // Thread-safe: closes every session, then the pools; Join() waits for it.
  void Stop();
  void Join();

 private:
  void Run();
  void OnIoReady(uint32_t events) override;  // the listening socket
  std::unique_ptr<StatementHandler> MakeHandler(HandlerContext context);
  void OnSessionClosed(ClientSession* session);

  // Protection and observability (worker_ops.cc).
  PoolOptions PoolOptionsFor(const DataSourceConfig& ds) const;
  // Over limits.max_client_connections: ERR 1040 instead of the handshake, then close. Returns
  // false when `fd` was refused (and closed).
  bool AdmitClient(int fd);
  void StartOps();  // on the loop thread, once the loop and pools exist
  void StartOpsTimers();
  void PublishPools();
  void CloseIdleSessions();  // timeouts.client_idle_ms

  const int index_;
  const int worker_count_;
  const std::shared_ptr<const Config> config_;
  const std::string server_version_;
  const int listen_fd_;
  // Sharded and broadcast tables: refused until the executor runs sharded configurations.
  absl::flat_hash_set<std::string> sharded_tables_;

  std::thread thread_;
  absl::Notification ready_;
  absl::Status start_status_;
  std::unique_ptr<EventLoop> loop_;
  absl::flat_hash_map<std::string, std::unique_ptr<BackendPool>> pools_;
  SessionEnvironment environment_;
  // The sharded path (config with sharding rules).
  XaRuntime* const xa_;
  DataSourcePools pool_pointers_;
  std::unique_ptr<EventLoopTaskRunner> task_runner_;
  ExecutorEnvironment executor_environment_;
  std::unique_ptr<PoolXaConnector> xa_connector_;
  std::shared_ptr<XaRecovery> recovery_;
  uint64_t next_session_id_ = 0;
  absl::flat_hash_map<ClientSession*, std::unique_ptr<ClientSession>> sessions_;
  uint64_t questions_ = 0;
  int session_count_ = 0;
  OpsRuntime* ops_ = nullptr;
  EventLoop::TimerId publish_timer_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_WORKER_H_
