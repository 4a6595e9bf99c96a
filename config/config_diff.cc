#include "config/config_diff.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/admin_tables.h"

namespace shardproxy {
namespace {

bool SameConnection(const DataSourceConfig& a, const DataSourceConfig& b) {
  return a.host == b.host && a.port == b.port && a.socket == b.socket && a.user == b.user &&
         a.password == b.password && a.database == b.database;
}

// What a data source's pool and breaker are made with, apart from its size.
bool SamePoolSettings(const DataSourceConfig& a, const DataSourceConfig& b) {
  return SameConnection(a, b) && a.queue_timeout_ms == b.queue_timeout_ms &&
         a.breaker.failures == b.breaker.failures && a.breaker.open_ms == b.breaker.open_ms;
}

bool SameLimits(const Config& a, const Config& b) {
  if (a.limits.max_client_connections != b.limits.max_client_connections ||
      a.limits.max_in_flight_statements != b.limits.max_in_flight_statements) {
    return false;
  }
  for (const UserConfig& user : b.users) {
    const UserConfig* old = a.FindUser(user.name);
    RateLimitConfig before = old != nullptr ? old->rate_limit : RateLimitConfig{};
    if (before.statements_per_second != user.rate_limit.statements_per_second ||
        before.burst != user.rate_limit.burst) {
      return false;
    }
  }
  return true;
}

// The sharding rules as text: every table, node, strategy, algorithm and group. Two rule sets
// with the same text route identically.
std::string ShardingFingerprint(const Config& config) {
  const ShardingRules& rules = config.sharding;
  std::string text;
  for (const TableRule& table : rules.tables()) {
    const absl::StatusOr<AdminTable> description = ShowShardingTable(config, table.name());
    if (!description.ok()) continue;
    for (const std::vector<std::string>& row : description->rows) {
      absl::StrAppend(&text, absl::StrJoin(row, "\x1f"), "\n");
    }
  }
  for (const AlgorithmSpec& spec : rules.algorithms()) {
    absl::StrAppend(&text, spec.name, "\x1f", spec.type, "\x1f", spec.PropertiesText(), "\n");
  }
  for (const auto& group : rules.binding_groups()) {
    absl::StrAppend(&text, "binding\x1f", absl::StrJoin(group, ","), "\n");
  }
  absl::StrAppend(&text, "broadcast\x1f", absl::StrJoin(rules.broadcast_tables(), ","), "\n");
  return text;
}

}  // namespace

bool ConfigDiff::empty() const {
  return data_sources_added.empty() && data_sources_removed.empty() &&
         data_sources_changed.empty() && data_sources_resized.empty() && !users_changed &&
         !default_data_source_changed && !database_changed && !sharding_changed &&
         !limits_changed && !timeouts_changed && restart_required.empty();
}

std::string ConfigDiff::ToString() const {
  if (empty()) return "no changes";
  std::vector<std::string> parts;
  if (!data_sources_added.empty()) {
    parts.push_back(absl::StrCat("data sources added: ", absl::StrJoin(data_sources_added, ", ")));
  }
  if (!data_sources_removed.empty()) {
    parts.push_back(
        absl::StrCat("data sources removed: ", absl::StrJoin(data_sources_removed, ", ")));
  }
  if (!data_sources_changed.empty()) {
    parts.push_back(
        absl::StrCat("data sources changed: ", absl::StrJoin(data_sources_changed, ", ")));
  }
  if (!data_sources_resized.empty()) {
    parts.push_back(
        absl::StrCat("data sources resized: ", absl::StrJoin(data_sources_resized, ", ")));
  }
  if (users_changed) parts.push_back("users changed");
  if (default_data_source_changed) parts.push_back("default data source changed");
  if (database_changed) parts.push_back("logical database changed");
  if (sharding_changed) parts.push_back("sharding rules changed");
  if (limits_changed) parts.push_back("limits changed");
  if (timeouts_changed) parts.push_back("timeouts changed");
  if (!restart_required.empty()) {
    parts.push_back(
        absl::StrCat("needs a restart to apply: ", absl::StrJoin(restart_required, ", ")));
  }
  return absl::StrJoin(parts, "; ");
}

ConfigDiff DiffConfigs(const Config& before, const Config& after) {
  ConfigDiff diff;
  for (const DataSourceConfig& ds : after.data_sources) {
    const DataSourceConfig* old = before.FindDataSource(ds.name);
    if (old == nullptr) {
      diff.data_sources_added.push_back(ds.name);
    } else if (!SamePoolSettings(*old, ds)) {
      diff.data_sources_changed.push_back(ds.name);
    } else if (old->max_connections != ds.max_connections) {
      diff.data_sources_resized.push_back(ds.name);
    }
  }
  for (const DataSourceConfig& ds : before.data_sources) {
    if (after.FindDataSource(ds.name) == nullptr) diff.data_sources_removed.push_back(ds.name);
  }
  if (before.users.size() != after.users.size()) {
    diff.users_changed = true;
  } else {
    for (size_t i = 0; i < before.users.size(); ++i) {
      const UserConfig* user = after.FindUser(before.users[i].name);
      if (user == nullptr || user->password != before.users[i].password) diff.users_changed = true;
    }
  }
  diff.default_data_source_changed = before.default_data_source != after.default_data_source;
  diff.database_changed = before.database != after.database;
  diff.sharding_changed = ShardingFingerprint(before) != ShardingFingerprint(after);
  if (before.listen_host != after.listen_host || before.listen_port != after.listen_port) {
    diff.restart_required.push_back("listen");
  }
  if (before.workers != after.workers) diff.restart_required.push_back("workers");
  diff.limits_changed = !SameLimits(before, after);
  diff.timeouts_changed = before.timeouts.statement_ms != after.timeouts.statement_ms ||
                          before.timeouts.client_idle_ms != after.timeouts.client_idle_ms ||
                          before.timeouts.slow_statement_ms != after.timeouts.slow_statement_ms;
  if (before.metrics.listen_host != after.metrics.listen_host ||
      before.metrics.listen_port != after.metrics.listen_port) {
    diff.restart_required.push_back("metrics");
  }
  if (before.timeouts.drain_ms != after.timeouts.drain_ms) {
    diff.restart_required.push_back("timeouts.drain_ms");
  }
  if (before.timeouts.backend_connect_ms != after.timeouts.backend_connect_ms) {
    diff.restart_required.push_back("timeouts.backend_connect_ms");
  }
  if (before.transaction.type != after.transaction.type ||
      before.transaction.log_dir != after.transaction.log_dir) {
    diff.restart_required.push_back("transaction");
  }
  return diff;
}

}  // namespace shardproxy
