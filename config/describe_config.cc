#include "absl/strings/str_cat.h"
#include "config/config.h"

namespace shardproxy {

std::string DescribeConfig(const Config& config) {
  std::string out;
  absl::StrAppend(&out, "config: ", config.source_path.empty() ? "(text)" : config.source_path,
                  "\n");
  absl::StrAppend(&out, "listen: ", config.listen_host, ":", config.listen_port, "\n");
  absl::StrAppend(&out, "workers: ",
                  config.workers == 0 ? std::string("one per core") : absl::StrCat(config.workers),
                  "\n");
  absl::StrAppend(&out, "logical database: ", config.database, "\n");
  absl::StrAppend(&out, "users:");
  for (const UserConfig& user : config.users) absl::StrAppend(&out, " ", user.name);
  absl::StrAppend(&out, "\ndata sources:\n");
  for (const DataSourceConfig& ds : config.data_sources) {
    absl::StrAppend(&out, "  ", ds.name, ": ", ds.user, "@", ds.host, ":", ds.port, "/",
                    ds.database, " (max_connections ", ds.max_connections, ")",
                    ds.name == config.default_data_source ? " [default]" : "", "\n");
  }
  absl::StrAppend(&out, "transactions: ",
                  config.transaction.type == TransactionConfig::Type::kXa ? "xa" : "local",
                  " (log_dir ", config.transaction.log_dir, ")\n");
  if (config.sharding.empty())
    absl::StrAppend(&out, "sharding: none (every table passes through)\n");
  return out;
}

}  // namespace shardproxy
