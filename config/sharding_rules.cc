#include "config/sharding_rules.h"

#include <algorithm>

namespace shardproxy {

bool ShardingRules::IsBroadcast(absl::string_view table) const {
  return std::find(broadcast_tables_.begin(), broadcast_tables_.end(), table) !=
         broadcast_tables_.end();
}

}  // namespace shardproxy
