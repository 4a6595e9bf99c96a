// One worker thread: its own EventLoop, its own listening socket on the shared port
// (SO_REUSEPORT: the kernel spreads new connections over the workers), its own BackendPool per
// data source, and the client sessions it accepted. Nothing is shared with other workers.
//
// Config reload: the server posts each new config onto the loop (ApplyConfig), where the worker
// opens pools for added data sources, replaces those of changed or resized ones, publishes a
// new ConfigSnapshot for the statements that start from then on, tells XA recovery the new data
// source names, and retires the pools of removed data sources: a retired pool is closed once no
// snapshot names it any more and none of its connections is on loan.
#ifndef SHARDPROXY_PROXY_SERVER_WORKER_H_
#define SHARDPROXY_PROXY_SERVER_WORKER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "config/config.h"
#include "config/config_diff.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/event_loop.h"
#include "proxy/executor/executor_environment.h"
#include "proxy/executor/pooled_xa_participant.h"
#include "proxy/server/admin_statements.h"
#include "proxy/server/client_session.h"
#include "proxy/executor/deadlock_victims.h"
#include "proxy/server/config_reloader.h"
#include "proxy/server/config_snapshot.h"
#include "proxy/server/ops_runtime.h"
#include "xa/coordinator.h"
#include "xa/deadlock_detector.h"
#include "xa/recovery.h"

namespace shardproxy {

// The process-wide XA pieces of a sharded configuration (transaction.log_dir): the decision log,
// the registry of live transactions recovery must not touch, the coordinator, and cross-shard
// deadlock detection (the detector runs on worker 0, which creates it before any other worker
// starts; it outlives every worker, so sessions closing on other workers can still deregister).
struct XaRuntime {
  std::unique_ptr<XaDecisionLog> log;
  XaTransactionRegistry registry;
  std::unique_ptr<XaCoordinator> coordinator;
  DeadlockVictims deadlock_victims;
  std::shared_ptr<DeadlockDetector> deadlock_detector;
};

// The backend layer's view of a configured data source (its pools', and the start-up probe's).
BackendEndpoint EndpointOf(const DataSourceConfig& ds);

class Worker final : private IoHandler, public ConfigReloadService {
 public:
  // Takes ownership of `listen_fd` (bound, listening, non-blocking).
  // `xa` (null for passthrough configurations) outlives the worker; worker 0 also runs XA
  // recovery on its loop. `reloader` (may be null: RELOAD CONFIG then answers an error)
  // outlives the worker's sessions.
  Worker(int index, int worker_count, std::shared_ptr<const Config> config,
         std::string server_version, int listen_fd, XaRuntime* xa = nullptr,
         ConfigReloader* reloader = nullptr);
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

  // Thread-safe: runs `task` on the worker's loop. Once the worker has stopped, the task is
  // destroyed without running.
  void Post(absl::AnyInvocable<void()> task);
  // On the worker's loop: makes `config` the rules of every statement that starts from now on
  // (see the class comment).
  void ApplyConfig(std::shared_ptr<const Config> config, const ConfigDiff& diff,
                   uint64_t generation);

  // ConfigReloadService (RELOAD CONFIG), on the worker's loop.
  void ReloadConfig(ReloadCallback done) override;

 private:
  void Run();
  void OnIoReady(uint32_t events) override;  // the listening socket
  std::unique_ptr<StatementHandler> MakeHandler(HandlerContext context);
  void OnSessionClosed(ClientSession* session);
  std::unique_ptr<BackendPool> MakePool(const DataSourceConfig& ds);
  // Builds snapshot_ from config_ and pools_, and points the worker's environments at it.
  void PublishSnapshot(uint64_t generation);
  // Closes the retired pools that nothing uses any more; re-arms itself while some are left.
  void CloseRetiredPools();

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
  std::shared_ptr<const Config> config_;  // the newest; on the loop thread after Start
  const std::string server_version_;
  const int listen_fd_;
  ConfigReloader* const reloader_;

  absl::Mutex post_mutex_;
  bool accepting_posts_ ABSL_GUARDED_BY(post_mutex_) = false;

  std::thread thread_;
  absl::Notification ready_;
  absl::Status start_status_;
  std::unique_ptr<EventLoop> loop_;
  // The pools of config_'s data sources.
  absl::flat_hash_map<std::string, std::unique_ptr<BackendPool>> pools_;
  std::shared_ptr<const ConfigSnapshot> snapshot_;  // config_ and pools_, for new statements
  // Every snapshot published, until nothing holds it: a retired pool waits for those naming it.
  std::vector<std::weak_ptr<const ConfigSnapshot>> published_;
  // Pools of removed, changed or resized data sources, waiting to be closed.
  std::vector<std::unique_ptr<BackendPool>> retired_pools_;
  EventLoop::TimerId retire_timer_ = 0;
  SessionEnvironment environment_;
  // The sharded path (config with sharding rules).
  XaRuntime* const xa_;
  DataSourcePools pool_pointers_;
  std::unique_ptr<EventLoopTaskRunner> task_runner_;
  ExecutorEnvironment executor_environment_;
  ColumnCollationCache column_collations_;
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
