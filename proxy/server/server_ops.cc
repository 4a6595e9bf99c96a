// The Server's part in protection and observability (issue 9), apart from server.cc.
#include "proxy/server/server.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace shardproxy {

absl::Status Server::StartOps(const Config& config, int workers) {
  ops_ = std::make_unique<OpsRuntime>(config, workers);
  if (config.metrics.listen_port == 0) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<ops::MetricsHttpServer>> http = ops::MetricsHttpServer::Start(
      config.metrics.listen_host, static_cast<uint16_t>(config.metrics.listen_port),
      &ops_->metrics);
  if (!http.ok()) {
    return absl::Status(http.status().code(),
                        absl::StrCat("metrics endpoint (metrics.listen ",
                                     config.metrics.listen_host, ":", config.metrics.listen_port,
                                     "): ", http.status().message()));
  }
  metrics_http_ = *std::move(http);
  SP_LOG(kInfo, "server", "metrics on http://", config.metrics.listen_host, ":",
         metrics_http_->port(), "/metrics");
  return absl::OkStatus();
}

bool Server::Drain(absl::Duration timeout) {
  if (stopped_ || ops_ == nullptr) return true;
  ops_->draining.store(true, std::memory_order_relaxed);
  for (auto& worker : workers_) worker->BeginDrain();
  const absl::Time deadline = absl::Now() + timeout;
  int open = ops_->client_connections.load(std::memory_order_relaxed);
  while (open > 0 && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    open = ops_->client_connections.load(std::memory_order_relaxed);
  }
  if (open > 0) {
    SP_LOG(kWarning, "server", open, " client sessions still busy after the drain timeout of ",
           absl::FormatDuration(timeout), " (timeouts.drain_ms): closing them");
    return false;
  }
  return true;
}

}  // namespace shardproxy
