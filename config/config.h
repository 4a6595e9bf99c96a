// The proxy's configuration: one YAML file (format: config/README.md, examples in
// config/examples/) loaded into an immutable Config. A Config is shared as
// std::shared_ptr<const Config>; a reload builds a new one and swaps the pointer (config/reload.h),
// so a statement keeps the snapshot it started with. Nothing outside config/ reads YAML.
//
//   auto config = LoadConfigFile("config/examples/quickstart.yaml");
//   if (!config.ok()) { ... config.status().message() names file:line:column ... }
//   const DataSourceConfig* ds = (*config)->FindDataSource("ds0");
#ifndef SHARDPROXY_CONFIG_CONFIG_H_
#define SHARDPROXY_CONFIG_CONFIG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "config/sharding_rules.h"

namespace shardproxy {

// An account applications log in with (to the proxy, not to the data sources).
// A per-user statement rate limit (token bucket). statements_per_second 0 = unlimited.
struct RateLimitConfig {
  int statements_per_second = 0;
  int burst = 0;  // 0 = one second's worth (at least 1)
};

// An account applications log in with (to the proxy, not to the data sources).
struct UserConfig {
  std::string name;
  std::string password;  // never printed: DescribeConfig and every message leave it out
  RateLimitConfig rate_limit;
};

// When a data source counts as down (proxy/ops/circuit_breaker.h): `failures` consecutive
// connect failures or timeouts open the breaker for `open_ms`, then one probe is let through.
struct BreakerConfig {
  int failures = 5;
  int open_ms = 5000;
};

// One backend MariaDB/MySQL schema the proxy connects to.
struct DataSourceConfig {
  std::string name;
  std::string host;  // reached over TCP; empty when `socket` is set
  int port = 3306;
  // A Unix socket path, for a data source on the proxy's own host (also one that listens on no
  // TCP port); measured no faster than loopback TCP here (sysbench/README.md).
  std::string socket;
  std::string user;
  std::string password;      // never printed
  std::string database;      // schema on that server holding this data source's tables
  int max_connections = 64;  // pool size limit per proxy process
  // How long a statement waits for one of the max_connections to come free (then ERR 1040
  // naming the data source).
  int queue_timeout_ms = 5000;
  BreakerConfig breaker;

  // "127.0.0.1:3306" or the socket path, for errors, logs and SHOW output.
  std::string Address() const;
};

// Protection of the proxy itself; 0 = unlimited.
struct LimitsConfig {
  int max_client_connections = 0;    // over it a new client gets ERR 1040 at the handshake
  int max_in_flight_statements = 0;  // across all sessions; over it ERR 1040
};

struct TimeoutsConfig {
  int statement_ms = 0;           // 0 = none; SET max_execution_time overrides per session
  int drain_ms = 10000;           // SIGTERM: how long running statements may finish
  int backend_connect_ms = 5000;  // opening a backend connection
  int client_idle_ms = 0;         // 0 = never; a client idle longer is disconnected (wait_timeout)
  int slow_statement_ms = 0;      // 0 = off; statements slower are logged with their digest
};

// The Prometheus endpoint (proxy/ops/metrics_http_server.h); off when port is 0.
struct MetricsConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 0;
};

struct TransactionConfig {
  enum class Type { kLocal, kXa };
  Type type = Type::kXa;
  // Where the XA decision log lives; a relative path is relative to the proxy's working directory.
  std::string log_dir = "var/xa";
};

struct Config {
  std::string source_path;  // file it came from ("" if parsed from a string)
  std::string listen_host = "127.0.0.1";
  int listen_port = 3307;
  int workers = 0;  // 0 = one per core
  // Logical database applications see. Defaults to the database of the default data source.
  std::string database;
  std::vector<UserConfig> users;
  std::vector<DataSourceConfig> data_sources;  // in file order
  // Where unsharded, non-broadcast tables live. Defaults to the only data source when there is
  // one; required when there are several.
  std::string default_data_source;
  ShardingRules
      sharding;  // empty when the file has no sharding section: every table passes through
  TransactionConfig transaction;
  LimitsConfig limits;
  TimeoutsConfig timeouts;
  MetricsConfig metrics;

  const DataSourceConfig* FindDataSource(absl::string_view name) const;
  const UserConfig* FindUser(absl::string_view name) const;
  // Index of `name` in data_sources, or -1.
  int DataSourceIndex(absl::string_view name) const;
};

// Reads and validates `path`. Errors name the file, line and column and what was expected; every
// independent mistake in the file is reported, one per line of the status message.
absl::StatusOr<std::shared_ptr<const Config>> LoadConfigFile(const std::string& path);

// Same, from text; `file_name` is used in messages (and source_path stays empty).
absl::StatusOr<std::shared_ptr<const Config>> ParseConfig(absl::string_view yaml_text,
                                                          absl::string_view file_name);

// Readable multi-line summary for `shardproxy --check-config`: listen address, users (names only),
// data sources, sharded tables with their nodes, strategies and algorithms, binding groups,
// broadcast tables. Never prints a password.
std::string DescribeConfig(const Config& config);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_CONFIG_H_
