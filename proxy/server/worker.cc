#include "proxy/server/worker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "common/log.h"
#include "common/mysql_error.h"
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
               std::string server_version, int listen_fd, XaRuntime* xa, ConfigReloader* reloader)
    : index_(index),
      worker_count_(worker_count),
      config_(std::move(config)),
      server_version_(std::move(server_version)),
      listen_fd_(listen_fd),
      reloader_(reloader),
      xa_(xa) {}

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

void Worker::Post(absl::AnyInvocable<void()> task) {
  {
    absl::MutexLock lock(&post_mutex_);
    if (accepting_posts_) {
      loop_->Post(std::move(task));
      return;
    }
  }
  // Stopped: `task` is destroyed here, outside the lock (its captures may post elsewhere).
}

BackendEndpoint EndpointOf(const DataSourceConfig& ds) {
  return BackendEndpoint{.name = ds.name,
                         .host = ds.host,
                         .port = ds.port,
                         .socket = ds.socket,
                         .user = ds.user,
                         .password = ds.password,
                         .database = ds.database,
                         .max_connections = ds.max_connections};
}

std::unique_ptr<BackendPool> Worker::MakePool(const DataSourceConfig& ds) {
  // Limits, timeouts and the data source's circuit breaker (worker_ops.cc), also for pools a
  // reload creates.
  return std::make_unique<BackendPool>(loop_.get(), EndpointOf(ds), PoolOptionsFor(ds));
}

void Worker::PublishSnapshot(uint64_t generation) {
  auto snapshot = std::make_shared<ConfigSnapshot>();
  snapshot->config = config_;
  snapshot->generation = generation;
  pool_pointers_.clear();
  for (auto& [name, pool] : pools_) {
    pool_pointers_[name] = pool.get();
    snapshot->pools[name] = pool.get();
  }
  snapshot_ = std::move(snapshot);
  published_.push_back(snapshot_);
  environment_.config = config_;  // authentication of new sessions
  // The base every handler copies; a handler points its copy at its statement's snapshot.
  executor_environment_.config = config_.get();
  executor_environment_.pools = &snapshot_->pools;
}

void Worker::Run() {
  absl::StatusOr<std::unique_ptr<EventLoop>> loop = EventLoop::Create();
  if (!loop.ok()) {
    start_status_ = loop.status();
    ready_.Notify();
    return;
  }
  loop_ = *std::move(loop);
  for (const DataSourceConfig& ds : config_->data_sources) pools_[ds.name] = MakePool(ds);
  PublishSnapshot(/*generation=*/1);
  if (!config_->sharding.empty()) {
    task_runner_ = std::make_unique<EventLoopTaskRunner>(loop_.get());
    executor_environment_.loop = loop_.get();
    executor_environment_.default_transaction_type =
        config_->transaction.type == TransactionConfig::Type::kLocal ? TransactionType::kLocal
                                                                     : TransactionType::kXa;
    executor_environment_.coordinator = xa_ != nullptr ? xa_->coordinator.get() : nullptr;
    executor_environment_.runner = task_runner_.get();
    executor_environment_.column_collations = &column_collations_;
    // Side connections: recovery, the deadlock detector's scans, KILL QUERY for its victims.
    xa_connector_ = std::make_unique<PoolXaConnector>(loop_.get(), &pool_pointers_);
    executor_environment_.side_connections = xa_connector_.get();
    if (index_ == 0 && xa_ != nullptr) {
      XaRuntime* xa = xa_;
      xa_->deadlock_detector = DeadlockDetector::Create(
          {.connector = xa_connector_.get(),
           .runner = task_runner_.get(),
           .on_victim = [xa](uint64_t session) { xa->deadlock_victims.Notify(session); }});
      xa_->deadlock_detector->Start();
    }
    if (xa_ != nullptr) {
      executor_environment_.deadlock_detector = xa_->deadlock_detector.get();
      executor_environment_.deadlock_victims = &xa_->deadlock_victims;
    }
    if (index_ == 0 && xa_ != nullptr) {
      // Recovery settles branches a previous run left in doubt, then keeps checking. It looks
      // pools up by name at each connect (xa_connector_ over pool_pointers_), so it follows
      // reloads.
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
  if (start_status_.ok()) {
    absl::MutexLock lock(&post_mutex_);
    accepting_posts_ = true;
  }
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
  if (index_ == 0 && xa_ != nullptr && xa_->deadlock_detector != nullptr) {
    xa_->deadlock_detector->Stop();
  }
  // Let the loop run deferred deletes and pool resets for a moment, bounded.
  loop_->AddTimer(absl::Milliseconds(100), [this] { loop_->Stop(); });
  loop_->Run();
  if (publish_timer_ != 0) loop_->CancelTimer(publish_timer_);
  {
    absl::MutexLock lock(&post_mutex_);
    accepting_posts_ = false;
  }
  recovery_.reset();
  xa_connector_.reset();
  snapshot_.reset();
  retired_pools_.clear();
  pools_.clear();
  // Tasks still queued (a config to apply, a RELOAD CONFIG answer) are destroyed unrun.
  loop_.reset();
}

void Worker::ApplyConfig(std::shared_ptr<const Config> config, const ConfigDiff& diff,
                         uint64_t generation) {
  config_ = std::move(config);
  // A changed data source (address, credentials, database) gets a new pool; so does a resized
  // one, since a pool's limit is fixed: the old pool drains while the new one fills.
  auto retire = [&](const std::string& name) {
    auto it = pools_.find(name);
    if (it == pools_.end()) return;
    retired_pools_.push_back(std::move(it->second));
    pools_.erase(it);
  };
  for (const std::string& name : diff.data_sources_removed) retire(name);
  for (const std::string& name : diff.data_sources_changed) retire(name);
  for (const std::string& name : diff.data_sources_resized) retire(name);
  for (const DataSourceConfig& ds : config_->data_sources) {
    if (!pools_.contains(ds.name)) pools_[ds.name] = MakePool(ds);
  }
  PublishSnapshot(generation);
  if (recovery_ != nullptr) {
    std::vector<std::string> names;
    for (const DataSourceConfig& ds : config_->data_sources) names.push_back(ds.name);
    recovery_->SetDataSources(std::move(names));
  }
  SP_LOG(kDebug, "worker", "worker ", index_, " runs config generation ", generation, " (",
         retired_pools_.size(), " pools retiring)");
  if (retire_timer_ != 0) loop_->CancelTimer(retire_timer_);
  CloseRetiredPools();
}

void Worker::CloseRetiredPools() {
  retire_timer_ = 0;
  published_.erase(std::remove_if(published_.begin(), published_.end(),
                                  [](const auto& snapshot) { return snapshot.expired(); }),
                   published_.end());
  absl::flat_hash_set<const BackendPool*> named;
  for (const auto& weak : published_) {
    if (std::shared_ptr<const ConfigSnapshot> snapshot = weak.lock()) {
      for (const auto& [name, pool] : snapshot->pools) named.insert(pool);
    }
  }
  for (auto it = retired_pools_.begin(); it != retired_pools_.end();) {
    const PoolStats stats = (*it)->stats();
    // Nothing on loan, waiting, connecting, resetting or validating: only idle connections,
    // which closing the pool closes.
    const bool idle = stats.in_use == 0 && stats.waiting == 0 && stats.connecting == 0 &&
                      stats.open == stats.idle;
    if (idle && !named.contains(it->get())) {
      SP_LOG(kInfo, "worker", "worker ", index_, " closed the pool of ",
             (*it)->endpoint().Describe(), " (retired by a reload)");
      it = retired_pools_.erase(it);
    } else {
      ++it;
    }
  }
  if (!retired_pools_.empty()) {
    retire_timer_ = loop_->AddTimer(absl::Milliseconds(200), [this] { CloseRetiredPools(); });
  }
}

void Worker::ReloadConfig(ReloadCallback done) {
  if (reloader_ == nullptr) {
    loop_->AddTimer(absl::ZeroDuration(), [done = std::move(done)]() mutable {
      done(InternalError("RELOAD CONFIG: this proxy was not started from a config file"));
    });
    return;
  }
  reloader_->Reload("RELOAD CONFIG",
                    [this, done = std::move(done)](absl::StatusOr<std::string> result) mutable {
                      Post([done = std::move(done), result = std::move(result)]() mutable {
                        done(std::move(result));
                      });
                    });
}

std::unique_ptr<StatementHandler> Worker::MakeHandler(HandlerContext context) {
  context.latest = &snapshot_;
  context.reloader = this;
  // A reload cannot add or remove every sharding rule (ConfigReloader), so the kind of handler
  // stays right for the life of the process.
  if (config_->sharding.empty()) {
    BackendPool* pool = snapshot_->PoolFor(snapshot_->default_data_source());
    return std::make_unique<PassthroughHandler>(std::move(context), pool);
  }
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
