// Builds a Config from the YAML tree (internal to config/; callers use config.h).
#ifndef SHARDPROXY_CONFIG_CONFIG_LOADER_H_
#define SHARDPROXY_CONFIG_CONFIG_LOADER_H_

#include "config/config.h"
#include "config/config_errors.h"
#include "config/yaml_tree.h"

namespace shardproxy {

// Reads every top-level setting of `root` into `config`, recording each mistake in `errors`.
void LoadConfigTree(const YamlNode& root, Config* config, ConfigErrors* errors);

// Reads the `sharding:` section (sharding_loader.cc). `config` already holds the data sources.
void LoadShardingRules(const YamlNode& sharding, const Config& config, ConfigErrors* errors,
                       ShardingRules* rules);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_CONFIG_LOADER_H_
