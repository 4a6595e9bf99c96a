// The result sets of the admin statements about configuration, as column names and rows of text,
// so the proxy only encodes them (every column is a string; NULL is never produced, an absent
// value is ""). Passwords never appear.
#ifndef SHARDPROXY_CONFIG_ADMIN_TABLES_H_
#define SHARDPROXY_CONFIG_ADMIN_TABLES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "config/config.h"

namespace shardproxy {

struct AdminTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells
};

// SHOW SHARDING TABLES: one row per sharded table (file order), then one per broadcast table.
// Columns: table, type (sharded | broadcast), data_nodes (count), data_sources,
// database_strategy, table_strategy, binding_tables, key_generator.
AdminTable ShowShardingTables(const Config& config);

// SHOW SHARDING TABLE <name>: one row describing the table completely. Columns: table, type,
// actual_data_nodes, actual_data_sources, database_sharding_columns, database_algorithm,
// database_algorithm_type, database_algorithm_props, table_sharding_columns, table_algorithm,
// table_algorithm_type, table_algorithm_props, key_generate_column, key_generator_type,
// key_generator_props, binding_tables. Unknown name: 1146/42S02.
absl::StatusOr<AdminTable> ShowShardingTable(const Config& config, absl::string_view name);

// The configured part of SHOW DATA SOURCES (the proxy appends pool and health columns): name,
// host, port, user, database, max_connections, is_default (YES | NO).
AdminTable ShowDataSources(const Config& config);

// "user_id -> db_mod (mod: count=2)", or "" without a strategy.
std::string DescribeStrategy(const ShardingStrategy* strategy);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_ADMIN_TABLES_H_
