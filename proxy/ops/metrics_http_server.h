// The Prometheus endpoint: GET /metrics on its own port (config `metrics_listen`), served by
// libmicrohttpd on its own thread so a slow scraper never touches a worker's event loop.
#ifndef SHARDPROXY_PROXY_OPS_METRICS_HTTP_SERVER_H_
#define SHARDPROXY_PROXY_OPS_METRICS_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "proxy/ops/metrics.h"

struct MHD_Daemon;

namespace shardproxy::ops {

class MetricsHttpServer {
 public:
  // Listens on host:port (port 0 picks a free one; see port()). `registry` must outlive it.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const std::string& host,
                                                                  uint16_t port,
                                                                  const MetricsRegistry* registry);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  uint16_t port() const { return port_; }

 private:
  MetricsHttpServer() = default;
  MHD_Daemon* daemon_ = nullptr;
  uint16_t port_ = 0;
  const MetricsRegistry* registry_ = nullptr;
  friend struct MetricsHttpHandler;
};

}  // namespace shardproxy::ops

#endif  // SHARDPROXY_PROXY_OPS_METRICS_HTTP_SERVER_H_
