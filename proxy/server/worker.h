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
#include "proxy/server/client_session.h"

namespace shardproxy {

class Worker final : private IoHandler {
 public:
  // Takes ownership of `listen_fd` (bound, listening, non-blocking).
  Worker(int index, int worker_count, std::shared_ptr<const Config> config,
         std::string server_version, int listen_fd);
  ~Worker() override;

  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread and waits until its loop is ready.
  absl::Status Start();
  // Thread-safe: closes every session, then the pools; Join() waits for it.
  void Stop();
  void Join();

 private:
  void Run();
  void OnIoReady(uint32_t events) override;  // the listening socket
  std::unique_ptr<StatementHandler> MakeHandler(HandlerContext context);
  void OnSessionClosed(ClientSession* session);

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
  absl::flat_hash_map<ClientSession*, std::unique_ptr<ClientSession>> sessions_;
  uint64_t questions_ = 0;
  int session_count_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_WORKER_H_
