#include "config/admin_tables.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

std::string Nodes(const TableRule& table) {
  return absl::StrJoin(table.data_nodes(), ", ", [](std::string* out, const DataNode& node) {
    absl::StrAppend(out, node.data_source, ".", node.table);
  });
}

std::string BindingOf(const ShardingRules& rules, const TableRule& table) {
  if (table.binding_group() < 0) return "";
  return absl::StrJoin(rules.binding_groups()[table.binding_group()], ",");
}

std::string KeyGeneratorText(const TableRule& table) {
  const KeyGeneratorConfig* generator = table.key_generator();
  if (generator == nullptr) return "";
  return absl::StrCat(generator->column, " (", generator->type,
                      ", worker_id=", generator->worker_id, ")");
}

std::string AllDataSources(const Config& config) {
  return absl::StrJoin(config.data_sources, ",",
                       [](std::string* out, const DataSourceConfig& ds) { out->append(ds.name); });
}

}  // namespace

std::string DescribeStrategy(const ShardingStrategy* strategy) {
  if (strategy == nullptr) return "";
  const AlgorithmSpec& spec = strategy->algorithm->spec();
  return absl::StrCat(absl::StrJoin(strategy->columns, ","), " -> ", strategy->algorithm_name, " (",
                      spec.type, spec.properties.empty() ? "" : ": ", spec.PropertiesText(), ")");
}

AdminTable ShowShardingTables(const Config& config) {
  AdminTable result;
  result.columns = {
      "table",          "type",           "data_nodes",   "data_sources", "database_strategy",
      "table_strategy", "binding_tables", "key_generator"};
  const ShardingRules& rules = config.sharding;
  for (const TableRule& table : rules.tables()) {
    result.rows.push_back({table.name(), "sharded", absl::StrCat(table.data_nodes().size()),
                           absl::StrJoin(table.data_source_targets(), ","),
                           DescribeStrategy(table.database_strategy()),
                           DescribeStrategy(table.table_strategy()), BindingOf(rules, table),
                           KeyGeneratorText(table)});
  }
  for (const std::string& name : rules.broadcast_tables()) {
    result.rows.push_back({name, "broadcast", absl::StrCat(config.data_sources.size()),
                           AllDataSources(config), "", "", "", ""});
  }
  return result;
}

absl::StatusOr<AdminTable> ShowShardingTable(const Config& config, absl::string_view name) {
  AdminTable result;
  result.columns = {"table",
                    "type",
                    "actual_data_nodes",
                    "actual_data_sources",
                    "database_sharding_columns",
                    "database_algorithm",
                    "database_algorithm_type",
                    "database_algorithm_props",
                    "table_sharding_columns",
                    "table_algorithm",
                    "table_algorithm_type",
                    "table_algorithm_props",
                    "key_generate_column",
                    "key_generator_type",
                    "key_generator_props",
                    "binding_tables"};
  const ShardingRules& rules = config.sharding;
  if (const TableRule* table = rules.FindTable(name)) {
    std::vector<std::string> row = {table->name(), "sharded", Nodes(*table),
                                    absl::StrJoin(table->data_source_targets(), ",")};
    for (const ShardingStrategy* strategy : {table->database_strategy(), table->table_strategy()}) {
      if (strategy == nullptr) {
        row.insert(row.end(), {"", "", "", ""});
        continue;
      }
      const AlgorithmSpec& spec = strategy->algorithm->spec();
      row.insert(row.end(), {absl::StrJoin(strategy->columns, ","), strategy->algorithm_name,
                             spec.type, spec.PropertiesText()});
    }
    const KeyGeneratorConfig* generator = table->key_generator();
    row.push_back(generator != nullptr ? generator->column : "");
    row.push_back(generator != nullptr ? generator->type : "");
    row.push_back(generator != nullptr ? absl::StrCat("worker_id=", generator->worker_id) : "");
    row.push_back(BindingOf(rules, *table));
    result.rows.push_back(std::move(row));
    return result;
  }
  if (rules.IsBroadcast(name)) {
    std::vector<std::string> row(result.columns.size());
    row[0] = std::string(name);
    row[1] = "broadcast";
    row[2] =
        absl::StrJoin(config.data_sources, ", ", [&](std::string* out, const DataSourceConfig& ds) {
          absl::StrAppend(out, ds.name, ".", name);
        });
    row[3] = AllDataSources(config);
    result.rows.push_back(std::move(row));
    return result;
  }
  return MysqlStatus(mysql_errc::kNoSuchTable, "42S02",
                     absl::StrCat("'", name, "' is not a sharded or broadcast table"));
}

AdminTable ShowDataSources(const Config& config) {
  AdminTable result;
  result.columns = {"name", "host", "port", "user", "database", "max_connections", "is_default"};
  for (const DataSourceConfig& ds : config.data_sources) {
    // A Unix socket data source shows its path as the host and no port.
    result.rows.push_back({ds.name, ds.socket.empty() ? ds.host : ds.socket,
                           ds.socket.empty() ? absl::StrCat(ds.port) : "", ds.user, ds.database,
                           absl::StrCat(ds.max_connections),
                           ds.name == config.default_data_source ? "YES" : "NO"});
  }
  return result;
}

}  // namespace shardproxy
