#include "absl/strings/str_cat.h"
#include "config/config_loader.h"

namespace shardproxy {

void LoadShardingRules(const YamlNode& sharding, const Config& config, ConfigErrors* errors,
                       ShardingRules* rules) {
  errors->Add(sharding, "the sharding section is not supported by this build yet");
}

}  // namespace shardproxy
