// The Server's part in protection and observability (issue 9), apart from server.cc.
#include "proxy/server/server.h"

namespace shardproxy {

void Server::StartOps(const Config& config, int workers) {
  ops_ = std::make_unique<OpsRuntime>(config, workers);
}

}  // namespace shardproxy
