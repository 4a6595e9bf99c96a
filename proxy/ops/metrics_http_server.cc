#include "proxy/ops/metrics_http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace shardproxy::ops {

struct MetricsHttpHandler {
  static MHD_Result Handle(void* context, MHD_Connection* connection, const char* url,
                           const char* method, const char* /*version*/, const char* /*upload_data*/,
                           size_t* upload_data_size, void** /*state*/) {
    auto* server = static_cast<MetricsHttpServer*>(context);
    if (*upload_data_size != 0) {  // a body we do not want: swallow it
      *upload_data_size = 0;
      return MHD_YES;
    }
    std::string body;
    unsigned int status = MHD_HTTP_OK;
    const char* content_type = "text/plain; version=0.0.4; charset=utf-8";
    if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0) {
      status = MHD_HTTP_METHOD_NOT_ALLOWED;
      body = "only GET is served here\n";
      content_type = "text/plain; charset=utf-8";
    } else if (std::strcmp(url, "/metrics") == 0) {
      body = server->registry_->RenderPrometheusText();
    } else {
      status = MHD_HTTP_NOT_FOUND;
      body = "shardproxy serves metrics at /metrics\n";
      content_type = "text/plain; charset=utf-8";
    }
    MHD_Response* response =
        MHD_create_response_from_buffer(body.size(), body.data(), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return MHD_NO;
    MHD_add_response_header(response, "Content-Type", content_type);
    MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
  }
};

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& host, uint16_t port, const MetricsRegistry* registry) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_listen: '", host, "' is not an IPv4 address"));
  }
  std::unique_ptr<MetricsHttpServer> server(new MetricsHttpServer());
  server->registry_ = registry;
  server->daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, port,
                                     nullptr, nullptr, &MetricsHttpHandler::Handle, server.get(),
                                     MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_CONNECTION_LIMIT,
                                     64u, MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", host, ":", port, ": ", std::strerror(errno)));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info != nullptr ? info->port : port;
  SP_LOG(kInfo, "metrics", "serving Prometheus metrics on http://", host, ":", server->port_,
         "/metrics");
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace shardproxy::ops
