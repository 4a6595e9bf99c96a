// The sharding rules of a Config: sharded tables (data nodes, strategies, key generators), binding
// groups and broadcast tables. Immutable once loaded; the router reads it per statement.
//
// Table names are compared case-sensitively, like MySQL on Linux with lower_case_table_names=0
// (the default there): `t_order` and `T_ORDER` are different tables. Column names are compared
// case-insensitively, as MySQL always does.
#ifndef SHARDPROXY_CONFIG_SHARDING_RULES_H_
#define SHARDPROXY_CONFIG_SHARDING_RULES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

class ShardingRules {
 public:
  // No sharded and no broadcast tables: every statement goes to the default data source.
  bool empty() const { return broadcast_tables_.empty(); }
  const std::vector<std::string>& broadcast_tables() const { return broadcast_tables_; }
  bool IsBroadcast(absl::string_view table) const;

 private:
  friend class ShardingRulesBuilder;
  std::vector<std::string> broadcast_tables_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_SHARDING_RULES_H_
