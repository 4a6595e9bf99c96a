#include "config/config_loader.h"

#include <array>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

constexpr std::array<absl::string_view, 11> kTopLevelKeys = {
    "listen",   "workers",     "database", "users",    "data_sources", "default_data_source",
    "sharding", "transaction", "limits",   "timeouts", "metrics"};
constexpr std::array<absl::string_view, 3> kUserKeys = {"name", "password", "rate_limit"};
constexpr std::array<absl::string_view, 9> kDataSourceKeys = {
    "host",     "port",     "socket",          "user",
    "password", "database", "max_connections", "queue_timeout_ms",
    "breaker"};
constexpr std::array<absl::string_view, 2> kRateLimitKeys = {"statements_per_second", "burst"};
constexpr std::array<absl::string_view, 2> kBreakerKeys = {"failures", "open_ms"};
constexpr std::array<absl::string_view, 2> kLimitsKeys = {"max_client_connections",
                                                          "max_in_flight_statements"};
constexpr std::array<absl::string_view, 5> kTimeoutsKeys = {
    "statement_ms", "drain_ms", "backend_connect_ms", "client_idle_ms", "slow_statement_ms"};
constexpr std::array<absl::string_view, 1> kMetricsKeys = {"listen"};
// One day: longer values are surely a unit mistake.
constexpr int kMaxMilliseconds = 86400000;
constexpr std::array<absl::string_view, 2> kTransactionKeys = {"type", "log_dir"};

// "host:port", "[v6]:port", or a bare port (host stays as it was: 127.0.0.1 by default).
void LoadHostPort(const YamlNode& node, std::string* out_host, int* out_port,
                  ConfigErrors* errors) {
  constexpr absl::string_view kExpected = "expected listen: HOST:PORT (e.g. 127.0.0.1:3307)";
  if (!node.IsScalar()) {
    errors->Add(node, absl::StrCat(kExpected, ", found ", node.KindName()));
    return;
  }
  absl::string_view text = node.scalar;
  absl::string_view host = *out_host;
  absl::string_view port_text = text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == absl::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      errors->Add(node, absl::StrCat(kExpected, ", found '", text, "'"));
      return;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (const size_t colon = text.rfind(':'); colon != absl::string_view::npos) {
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != absl::string_view::npos) {
      errors->Add(node, absl::StrCat(kExpected, " (write an IPv6 address as [addr]:port), found '",
                                     text, "'"));
      return;
    }
  }
  int port = 0;
  if (host.empty() || !absl::SimpleAtoi(port_text, &port)) {
    errors->Add(node, absl::StrCat(kExpected, ", found '", text, "'"));
    return;
  }
  if (port < 1 || port > 65535) {
    errors->Add(node, absl::StrCat("listen port must be between 1 and 65535, found ", port));
    return;
  }
  *out_host = std::string(host);
  *out_port = port;
}

void LoadListen(const YamlNode& node, Config* config, ConfigErrors* errors) {
  LoadHostPort(node, &config->listen_host, &config->listen_port, errors);
}

void LoadRateLimit(const YamlNode& node, const std::string& context, RateLimitConfig* out,
                   ConfigErrors* errors) {
  if (!CheckMap(node, context, kRateLimitKeys, errors)) return;
  if (const YamlNode* rate = RequireKey(node, "statements_per_second", context, errors)) {
    ReadInt(*rate, absl::StrCat("statements_per_second of ", context), 1, 100000000, errors,
            &out->statements_per_second);
  }
  if (const YamlNode* burst = node.Find("burst")) {
    ReadInt(*burst, absl::StrCat("burst of ", context), 1, 100000000, errors, &out->burst);
  }
}

void LoadBreaker(const YamlNode& node, const std::string& context, BreakerConfig* out,
                 ConfigErrors* errors) {
  if (!CheckMap(node, context, kBreakerKeys, errors)) return;
  if (const YamlNode* failures = node.Find("failures")) {
    ReadInt(*failures, absl::StrCat("failures of ", context), 1, 1000000, errors, &out->failures);
  }
  if (const YamlNode* open = node.Find("open_ms")) {
    ReadInt(*open, absl::StrCat("open_ms of ", context), 1, kMaxMilliseconds, errors,
            &out->open_ms);
  }
}

void LoadLimits(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!CheckMap(node, "limits", kLimitsKeys, errors)) return;
  if (const YamlNode* max = node.Find("max_client_connections")) {
    ReadInt(*max, "limits max_client_connections", 0, 10000000, errors,
            &config->limits.max_client_connections);
  }
  if (const YamlNode* max = node.Find("max_in_flight_statements")) {
    ReadInt(*max, "limits max_in_flight_statements", 0, 10000000, errors,
            &config->limits.max_in_flight_statements);
  }
}

void LoadTimeouts(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!CheckMap(node, "timeouts", kTimeoutsKeys, errors)) return;
  if (const YamlNode* ms = node.Find("statement_ms")) {
    ReadInt(*ms, "timeouts statement_ms", 0, kMaxMilliseconds, errors,
            &config->timeouts.statement_ms);
  }
  if (const YamlNode* ms = node.Find("drain_ms")) {
    ReadInt(*ms, "timeouts drain_ms", 0, kMaxMilliseconds, errors, &config->timeouts.drain_ms);
  }
  if (const YamlNode* ms = node.Find("backend_connect_ms")) {
    ReadInt(*ms, "timeouts backend_connect_ms", 1, kMaxMilliseconds, errors,
            &config->timeouts.backend_connect_ms);
  }
  if (const YamlNode* ms = node.Find("client_idle_ms")) {
    ReadInt(*ms, "timeouts client_idle_ms", 0, kMaxMilliseconds, errors,
            &config->timeouts.client_idle_ms);
  }
  if (const YamlNode* ms = node.Find("slow_statement_ms")) {
    ReadInt(*ms, "timeouts slow_statement_ms", 0, kMaxMilliseconds, errors,
            &config->timeouts.slow_statement_ms);
  }
}

void LoadMetrics(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!CheckMap(node, "metrics", kMetricsKeys, errors)) return;
  if (const YamlNode* listen = RequireKey(node, "listen", "metrics", errors)) {
    LoadHostPort(*listen, &config->metrics.listen_host, &config->metrics.listen_port, errors);
  }
}

void LoadUsers(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!node.IsSequence()) {
    errors->Add(node, absl::StrCat("expected a list of users ({ name: ..., password: ... }) for "
                                   "users, found ",
                                   node.KindName()));
    return;
  }
  if (node.items.empty()) {
    errors->Add(node, "users is empty: at least one user is needed to log in");
    return;
  }
  absl::flat_hash_map<std::string, int> first_line;
  for (const YamlNode& item : node.items) {
    const std::string context = absl::StrCat("user #", config->users.size() + 1);
    if (!CheckMap(item, context, kUserKeys, errors)) continue;
    UserConfig user;
    const YamlNode* name = RequireKey(item, "name", context, errors);
    if (name == nullptr) continue;
    if (!ReadString(*name, "user name", errors, &user.name)) continue;
    if (user.name.empty() || user.name.size() > 80) {
      errors->Add(*name, "user name must be 1 to 80 characters");
      continue;
    }
    auto [it, inserted] = first_line.emplace(user.name, name->line);
    if (!inserted) {
      errors->Add(
          *name, absl::StrCat("duplicate user '", user.name, "' (first at line ", it->second, ")"));
      continue;
    }
    // `password:` with nothing after it reads as "no password", like password: "".
    if (const YamlNode* password = item.Find("password"); password && !password->IsNull()) {
      ReadString(*password, absl::StrCat("password of user ", user.name), errors, &user.password);
    }
    if (const YamlNode* rate_limit = item.Find("rate_limit")) {
      LoadRateLimit(*rate_limit, absl::StrCat("rate_limit of user ", user.name), &user.rate_limit,
                    errors);
    }
    config->users.push_back(std::move(user));
  }
}

void LoadDataSource(const YamlNode& key, const YamlNode& value, Config* config,
                    ConfigErrors* errors) {
  DataSourceConfig ds;
  if (!ReadName(key, "data source name", errors, &ds.name)) return;
  const std::string context = absl::StrCat("data source ", ds.name);
  if (config->FindDataSource(ds.name) != nullptr) {
    errors->Add(key, absl::StrCat("duplicate data source '", ds.name, "'"));
    return;
  }
  if (!CheckMap(value, context, kDataSourceKeys, errors)) return;
  bool ok = true;
  if (const YamlNode* socket = value.Find("socket")) {
    ok &= ReadString(*socket, absl::StrCat("socket of ", context), errors, &ds.socket);
    if (ok && !absl::StartsWith(ds.socket, "/")) {
      errors->Add(*socket, absl::StrCat("socket of ", context,
                                        " must be the absolute path of the server's Unix socket "
                                        "file, found '",
                                        ds.socket, "'"));
      ok = false;
    }
    for (absl::string_view tcp_key : {"host", "port"}) {
      if (const YamlNode* tcp = value.Find(tcp_key)) {
        errors->Add(*tcp, absl::StrCat(context, " has both ", tcp_key,
                                       " and socket: give host (and port) to reach it over TCP "
                                       "or socket for a Unix socket, not both"));
        ok = false;
      }
    }
  } else if (const YamlNode* host = value.Find("host")) {
    ok &= ReadString(*host, absl::StrCat("host of ", context), errors, &ds.host);
    if (ok && ds.host.empty()) {
      errors->Add(*host, absl::StrCat("host of ", context, " is empty"));
      ok = false;
    }
    if (const YamlNode* port = value.Find("port")) {
      ok &= ReadInt(*port, absl::StrCat("port of ", context), 1, 65535, errors, &ds.port);
    }
  } else {
    errors->Add(value, absl::StrCat("missing 'host' (or 'socket') in ", context));
    ok = false;
  }
  if (const YamlNode* user = RequireKey(value, "user", context, errors)) {
    ok &= ReadString(*user, absl::StrCat("user of ", context), errors, &ds.user);
  } else {
    ok = false;
  }
  if (const YamlNode* password = value.Find("password"); password && !password->IsNull()) {
    ok &= ReadString(*password, absl::StrCat("password of ", context), errors, &ds.password);
  }
  if (const YamlNode* database = RequireKey(value, "database", context, errors)) {
    ok &= ReadName(*database, absl::StrCat("database of ", context), errors, &ds.database);
  } else {
    ok = false;
  }
  if (const YamlNode* max = value.Find("max_connections")) {
    ok &= ReadInt(*max, absl::StrCat("max_connections of ", context), 1, 100000, errors,
                  &ds.max_connections);
  }
  if (const YamlNode* timeout = value.Find("queue_timeout_ms")) {
    ok &= ReadInt(*timeout, absl::StrCat("queue_timeout_ms of ", context), 1, kMaxMilliseconds,
                  errors, &ds.queue_timeout_ms);
  }
  if (const YamlNode* breaker = value.Find("breaker")) {
    LoadBreaker(*breaker, absl::StrCat("breaker of ", context), &ds.breaker, errors);
  }
  // A data source with a mistake is still recorded, so references to it do not cascade into
  // "unknown data source" errors.
  (void)ok;
  config->data_sources.push_back(std::move(ds));
}

void LoadDataSources(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!node.IsMap()) {
    errors->Add(node, absl::StrCat("expected a map of data sources (ds0: { host: ..., port: ..., "
                                   "user: ..., password: ..., database: ... }), found ",
                                   node.KindName()));
    return;
  }
  if (node.entries.empty()) {
    errors->Add(node, "data_sources is empty: at least one data source is needed");
    return;
  }
  for (const auto& [key, value] : node.entries) LoadDataSource(key, value, config, errors);
}

void LoadTransaction(const YamlNode& node, Config* config, ConfigErrors* errors) {
  if (!CheckMap(node, "transaction", kTransactionKeys, errors)) return;
  if (const YamlNode* type = node.Find("type")) {
    std::string text;
    if (ReadString(*type, "transaction type", errors, &text)) {
      if (text == "xa") {
        config->transaction.type = TransactionConfig::Type::kXa;
      } else if (text == "local") {
        config->transaction.type = TransactionConfig::Type::kLocal;
      } else {
        constexpr std::array<absl::string_view, 2> kTypes = {"local", "xa"};
        errors->Add(*type, absl::StrCat("unknown transaction type '", text,
                                        "': expected local or xa", DidYouMean(text, kTypes)));
      }
    }
  }
  if (const YamlNode* log_dir = node.Find("log_dir")) {
    std::string text;
    if (ReadString(*log_dir, "transaction log_dir", errors, &text)) {
      if (text.empty()) {
        errors->Add(*log_dir, "transaction log_dir is empty");
      } else {
        config->transaction.log_dir = text;
      }
    }
  }
}

}  // namespace

void LoadConfigTree(const YamlNode& root, Config* config, ConfigErrors* errors) {
  if (root.IsNull()) {
    errors->AddAt(0, 0, "config file is empty: expected listen, users and data_sources");
    return;
  }
  if (!CheckMap(root, "the config file", kTopLevelKeys, errors)) return;

  if (const YamlNode* listen = root.Find("listen")) LoadListen(*listen, config, errors);
  if (const YamlNode* workers = root.Find("workers")) {
    ReadInt(*workers, "workers", 0, 1024, errors, &config->workers);
  }
  if (const YamlNode* users = RequireKey(root, "users", "the config file", errors)) {
    LoadUsers(*users, config, errors);
  }
  const YamlNode* data_sources = RequireKey(root, "data_sources", "the config file", errors);
  if (data_sources != nullptr) LoadDataSources(*data_sources, config, errors);

  if (const YamlNode* node = root.Find("default_data_source")) {
    std::string name;
    if (ReadName(*node, "default_data_source", errors, &name)) {
      if (config->FindDataSource(name) == nullptr && data_sources != nullptr &&
          data_sources->IsMap()) {
        std::vector<absl::string_view> names;
        for (const DataSourceConfig& ds : config->data_sources) names.push_back(ds.name);
        errors->Add(*node, absl::StrCat("unknown data source '", name, "' in default_data_source",
                                        DidYouMean(name, names)));
      } else {
        config->default_data_source = name;
      }
    }
  } else if (config->data_sources.size() == 1) {
    config->default_data_source = config->data_sources.front().name;
  } else if (config->data_sources.size() > 1) {
    errors->Add(root,
                absl::StrCat("missing 'default_data_source': with ", config->data_sources.size(),
                             " data sources, say which one holds unsharded tables"));
  }

  if (const YamlNode* database = root.Find("database")) {
    ReadName(*database, "database", errors, &config->database);
  } else if (const DataSourceConfig* ds = config->FindDataSource(config->default_data_source)) {
    config->database = ds->database;
  }

  if (const YamlNode* transaction = root.Find("transaction")) {
    LoadTransaction(*transaction, config, errors);
  }
  if (const YamlNode* limits = root.Find("limits")) LoadLimits(*limits, config, errors);
  if (const YamlNode* timeouts = root.Find("timeouts")) LoadTimeouts(*timeouts, config, errors);
  if (const YamlNode* metrics = root.Find("metrics")) LoadMetrics(*metrics, config, errors);
  if (const YamlNode* sharding = root.Find("sharding"); sharding && !sharding->IsNull()) {
    LoadShardingRules(*sharding, *config, errors, &config->sharding);
  }
}

}  // namespace shardproxy
