#include "proxy/server/worker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "common/log.h"
#include "proxy/server/passthrough_handler.h"
#include "proxy/server/sharded_handler.h"

namespace shardproxy {
namespace {

// Connection ids are unique across workers (COM_PROCESS_KILL and logs name them).
std::atomic<uint32_t> next_connection_id{1};

std::string PeerHost(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "unknown";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, text,
              sizeof(text));
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, text,
              sizeof(text));
  }
  return text;
}

}  // namespace

Worker::Worker(int index, int worker_count, std::shared_ptr<const Config> config,
               std::string server_version, int listen_fd, XaRuntime* xa)
    : index_(index),
      worker_count_(worker_count),
      config_(std::move(config)),
      server_version_(std::move(server_version)),
      listen_fd_(listen_fd),
      xa_(xa) {
  for (const TableRule& table : config_->sharding.tables()) sharded_tables_.insert(table.name());
  for (const std::string& table : config_->sharding.broadcast_tables()) {
    sharded_tables_.insert(table);
  }
}

Worker::~Worker() {
  Stop();
  Join();
  close(listen_fd_);
}

absl::Status Worker::Start() {
  thread_ = std::thread([this] { Run(); });
  ready_.WaitForNotification();
  return start_status_;
}

void Worker::Stop() {
  if (ops_ != nullptr) ops_->UnregisterSessionLister(index_);  // before the loop goes
  if (ready_.HasBeenNotified() && loop_ != nullptr) loop_->Stop();
}

void Worker::Join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::Run() {
  absl::StatusOr<std::unique_ptr<EventLoop>> loop = EventLoop::Create();
  if (!loop.ok()) {
    start_status_ = loop.status();
    ready_.Notify();
    return;
  }
  loop_ = *std::move(loop);
  for (const DataSourceConfig& ds : config_->data_sources) {
    BackendEndpoint endpoint{.name = ds.name,
                             .host = ds.host,
                             .port = ds.port,
                             .user = ds.user,
                             .password = ds.password,
                             .database = ds.database,
                             .max_connections = ds.max_connections};
    PoolOptions options = PoolOptionsFor(ds);
    pools_[ds.name] = std::make_unique<BackendPool>(loop_.get(), endpoint, options);
  }
  if (!config_->sharding.empty()) {
    for (auto& [name, pool] : pools_) pool_pointers_[name] = pool.get();
    task_runner_ = std::make_unique<EventLoopTaskRunner>(loop_.get());
    executor_environment_.loop = loop_.get();
    executor_environment_.config = config_.get();
    executor_environment_.pools = &pool_pointers_;
    executor_environment_.default_transaction_type =
        config_->transaction.type == TransactionConfig::Type::kLocal ? TransactionType::kLocal
                                                                     : TransactionType::kXa;
    executor_environment_.coordinator = xa_ != nullptr ? xa_->coordinator.get() : nullptr;
    executor_environment_.runner = task_runner_.get();
    if (index_ == 0 && xa_ != nullptr) {
      // Recovery settles branches a previous run left in doubt, then keeps checking.
      xa_connector_ = std::make_unique<PoolXaConnector>(loop_.get(), &pool_pointers_);
      std::vector<std::string> names;
      for (const DataSourceConfig& ds : config_->data_sources) names.push_back(ds.name);
      recovery_ = XaRecovery::Create({.connector = xa_connector_.get(),
                                      .log = xa_->log.get(),
                                      .registry = &xa_->registry,
                                      .runner = task_runner_.get(),
                                      .data_sources = std::move(names)});
      recovery_->Start();
    }
  }
  environment_.loop = loop_.get();
  environment_.config = config_;
  environment_.pools = &pools_;
  environment_.server_version = server_version_;
  environment_.make_handler = [this](HandlerContext context) {
    return MakeHandler(std::move(context));
  };
  environment_.questions = &questions_;
  environment_.sessions = &session_count_;
  environment_.ops = ops_;
  environment_.worker_index = index_;
  StartOps();
  start_status_ = loop_->Add(listen_fd_, EPOLLIN, this);
  ready_.Notify();
  if (!start_status_.ok()) return;

  loop_->Run();

  // Shutdown: sessions first (they give their backend connections back), then the pools.
  loop_->Remove(listen_fd_);
  std::vector<ClientSession*> open;
  for (auto& [session, owned] : sessions_) open.push_back(session);
  for (ClientSession* session : open) session->Close();
  sessions_.clear();
  if (recovery_ != nullptr) recovery_->Stop();
  // Let the loop run deferred deletes and pool resets for a moment, bounded.
  loop_->AddTimer(absl::Milliseconds(100), [this] { loop_->Stop(); });
  loop_->Run();
  if (publish_timer_ != 0) loop_->CancelTimer(publish_timer_);
  recovery_.reset();
  xa_connector_.reset();
  pools_.clear();
  loop_.reset();
}

std::unique_ptr<StatementHandler> Worker::MakeHandler(HandlerContext context) {
  const std::string& default_ds = config_->default_data_source.empty()
                                      ? config_->data_sources.front().name
                                      : config_->default_data_source;
  BackendPool* pool = context.PoolFor(default_ds);
  if (config_->sharding.empty())
    return std::make_unique<PassthroughHandler>(std::move(context), pool);
  return std::make_unique<ShardedHandler>(std::move(context), &executor_environment_,
                                          SharedParser(),
                                          (next_session_id_++) * worker_count_ + index_);
}

void Worker::OnIoReady(uint32_t events) {
  for (int accepted = 0; accepted < 64; ++accepted) {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        SP_LOG(kWarning, "worker", "accept failed: ", strerror(errno));
      }
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (!AdmitClient(fd)) continue;
    uint32_t id = next_connection_id.fetch_add(1, std::memory_order_relaxed);
    auto session =
        std::make_unique<ClientSession>(&environment_, fd, id, PeerHost(address),
                                        [this](ClientSession* closed) { OnSessionClosed(closed); });
    ClientSession* raw = session.get();
    sessions_[raw] = std::move(session);
    SP_LOG(kDebug, "worker", "connection ", id, " from ", PeerHost(address), " on worker ", index_);
    raw->Start();
  }
}

void Worker::OnSessionClosed(ClientSession* session) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  loop_->DeleteSoon(std::move(it->second));
  sessions_.erase(it);
  if (ops_ != nullptr) ops_->ReleaseClient();
}

}  // namespace shardproxy
