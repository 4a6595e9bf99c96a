// One config generation as a worker runs it: the rules and this worker's pool for each of the
// config's data sources. The worker builds a new snapshot on its own loop for every reload
// (Worker::ApplyConfig) and never changes one after publishing it.
//
// A statement takes the worker's newest snapshot when it starts, and an explicit transaction
// keeps the one its BEGIN took until COMMIT/ROLLBACK, so both finish on the rules and pools they
// were planned with. A pool that a reload removed or replaced stays open while any snapshot that
// names it is alive and until its connections are idle; then the worker closes it.
#ifndef SHARDPROXY_PROXY_SERVER_CONFIG_SNAPSHOT_H_
#define SHARDPROXY_PROXY_SERVER_CONFIG_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "config/config.h"
#include "proxy/backend/backend_pool.h"

namespace shardproxy {

struct ConfigSnapshot {
  std::shared_ptr<const Config> config;
  // By data source name, one per data source of `config`; the pools are the worker's.
  absl::flat_hash_map<std::string, BackendPool*> pools;
  uint64_t generation = 0;  // ConfigHolder's generation of `config`

  BackendPool* PoolFor(absl::string_view data_source) const {
    auto it = pools.find(data_source);
    return it == pools.end() ? nullptr : it->second;
  }
  const std::string& default_data_source() const {
    return config->default_data_source.empty() ? config->data_sources.front().name
                                               : config->default_data_source;
  }
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_CONFIG_SNAPSHOT_H_
