// What changed between two configs, so a reload can create, rebuild or drain backend pools and
// warn about settings that only take effect after a restart.
#ifndef SHARDPROXY_CONFIG_CONFIG_DIFF_H_
#define SHARDPROXY_CONFIG_CONFIG_DIFF_H_

#include <string>
#include <vector>

#include "config/config.h"

namespace shardproxy {

struct ConfigDiff {
  // By name, in the order of the config they appear in.
  std::vector<std::string> data_sources_added;    // create a pool
  std::vector<std::string> data_sources_removed;  // drain and close the pool
  // host, port, user, password or database changed: connections of the old pool point at the
  // wrong place or log in wrongly; replace the pool (drain the old one). Also a changed
  // queue_timeout_ms or breaker: the new pool and breaker take the new settings.
  std::vector<std::string> data_sources_changed;
  // Only max_connections changed: resize the pool in place.
  std::vector<std::string> data_sources_resized;
  bool users_changed = false;  // names or passwords
  bool default_data_source_changed = false;
  bool database_changed = false;  // the logical database name
  bool sharding_changed = false;  // any table, algorithm, binding or broadcast rule
  // limits.* or a user's rate_limit: applied at once to every session's next statement or
  // connection.
  bool limits_changed = false;
  // timeouts.statement_ms (sessions opened from now on, as SET GLOBAL max_execution_time),
  // client_idle_ms and slow_statement_ms (at once).
  bool timeouts_changed = false;
  // Settings the running proxy cannot apply: "listen", "workers", "transaction", "metrics",
  // "timeouts.drain_ms", "timeouts.backend_connect_ms". The new values are in the new Config but
  // only a restart uses them.
  std::vector<std::string> restart_required;

  bool empty() const;
  // One line for the log, without passwords: "data sources added: ds2; changed: ds1; sharding
  // rules changed". "no changes" when empty().
  std::string ToString() const;
};

ConfigDiff DiffConfigs(const Config& before, const Config& after);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_CONFIG_DIFF_H_
