// DescribeConfig: the summary `shardproxy --check-config FILE` prints.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/admin_tables.h"
#include "config/config.h"

namespace shardproxy {
namespace {

// limits, timeouts, metrics (issue 9): a line each, limits and metrics only when set.
void DescribeProtection(const Config& config, std::string* out) {
  auto limit = [](int value) {
    return value > 0 ? absl::StrCat(value) : std::string("unlimited");
  };
  if (config.limits.max_client_connections > 0 || config.limits.max_in_flight_statements > 0) {
    absl::StrAppend(out, "limits: max_client_connections ",
                    limit(config.limits.max_client_connections), ", max_in_flight_statements ",
                    limit(config.limits.max_in_flight_statements), "\n");
  }
  absl::StrAppend(out, "timeouts: statement ",
                  config.timeouts.statement_ms > 0 ? absl::StrCat(config.timeouts.statement_ms,
                                                                  " ms")
                                                   : std::string("none"),
                  ", drain ", config.timeouts.drain_ms, " ms, backend connect ",
                  config.timeouts.backend_connect_ms, " ms\n");
  if (config.metrics.listen_port > 0) {
    absl::StrAppend(out, "metrics: http://", config.metrics.listen_host, ":",
                    config.metrics.listen_port, "/metrics\n");
  }
}

// Long node lists (one table per day) are cut after this many.
constexpr size_t kNodesShown = 8;

std::string NodeList(const TableRule& table) {
  const std::vector<DataNode>& nodes = table.data_nodes();
  std::string text;
  for (size_t i = 0; i < nodes.size() && i < kNodesShown; ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ", ", nodes[i].data_source, ".", nodes[i].table);
  }
  if (nodes.size() > kNodesShown) {
    absl::StrAppend(&text, ", ... ", nodes.back().data_source, ".", nodes.back().table);
  }
  return text;
}

}  // namespace

std::string DescribeConfig(const Config& config) {
  std::string out;
  absl::StrAppend(&out, "config: ", config.source_path.empty() ? "(text)" : config.source_path,
                  "\n");
  absl::StrAppend(&out, "listen: ", config.listen_host, ":", config.listen_port, "  workers: ",
                  config.workers == 0 ? std::string("one per core") : absl::StrCat(config.workers),
                  "\n");
  absl::StrAppend(&out, "logical database: ", config.database, "\n");
  absl::StrAppend(
      &out, "users: ",
      absl::StrJoin(config.users, ", ",
                    [](std::string* o, const UserConfig& user) { o->append(user.name); }),
      "\n");
  absl::StrAppend(&out, "transactions: ",
                  config.transaction.type == TransactionConfig::Type::kXa ? "xa" : "local",
                  " (log_dir ", config.transaction.log_dir, ")\n");
  DescribeProtection(config, &out);
  absl::StrAppend(&out, "data sources (", config.data_sources.size(), "):\n");
  for (const DataSourceConfig& ds : config.data_sources) {
    absl::StrAppend(&out, "  ", ds.name, ": ", ds.user, "@", ds.Address(), "/",
                    ds.database, ", max_connections ", ds.max_connections,
                    ds.name == config.default_data_source ? " [default: unsharded tables]" : "",
                    "\n");
  }
  const ShardingRules& rules = config.sharding;
  if (rules.empty()) {
    absl::StrAppend(&out, "sharding: none (every table lives in ", config.default_data_source,
                    ")\n");
    return out;
  }
  absl::StrAppend(&out, "sharded tables (", rules.tables().size(), "):\n");
  for (const TableRule& table : rules.tables()) {
    absl::StrAppend(&out, "  ", table.name(), ": ", table.data_nodes().size(), " data node",
                    table.data_nodes().size() == 1 ? "" : "s", " in ",
                    absl::StrJoin(table.data_source_targets(), ", "), "\n");
    absl::StrAppend(&out, "    nodes: ", NodeList(table), "\n");
    if (table.database_strategy() != nullptr) {
      absl::StrAppend(&out, "    data source by: ", DescribeStrategy(table.database_strategy()),
                      "\n");
    }
    if (table.table_strategy() != nullptr) {
      absl::StrAppend(&out, "    table by: ", DescribeStrategy(table.table_strategy()), "\n");
    }
    if (const KeyGeneratorConfig* generator = table.key_generator()) {
      absl::StrAppend(&out, "    generated key: ", generator->column, " (", generator->type,
                      ", worker_id ", generator->worker_id, ")\n");
    }
  }
  for (const std::vector<std::string>& group : rules.binding_groups()) {
    absl::StrAppend(&out, "binding tables: ", absl::StrJoin(group, ", "), "\n");
  }
  if (!rules.broadcast_tables().empty()) {
    absl::StrAppend(&out, "broadcast tables (a copy in every data source): ",
                    absl::StrJoin(rules.broadcast_tables(), ", "), "\n");
  }
  if (!rules.algorithms().empty()) {
    absl::StrAppend(&out, "algorithms (", rules.algorithms().size(), "):\n");
    for (const AlgorithmSpec& spec : rules.algorithms()) {
      absl::StrAppend(&out, "  ", spec.name, ": ", spec.type, spec.properties.empty() ? "" : ", ",
                      spec.PropertiesText(), "\n");
    }
  }
  absl::StrAppend(&out, "other tables live in ", config.default_data_source, "\n");
  return out;
}

}  // namespace shardproxy
