// The proxy's own admin statements, answered through its MySQL port as ordinary results, so any
// client can use them:
//
//   SHOW SHARDING TABLES            one row per sharded, then per broadcast table
//   SHOW SHARDING TABLE <name>      the table's nodes, strategies, algorithms (1146 if unknown)
//   RELOAD CONFIG                   reloads the config file: OK naming the generation and what
//                                   changed, or ERR 1105 with every file:line:column mistake
//                                   (the old rules stay in force)
//
// Keywords in any case, the name optionally `quoted`, an optional trailing ';'. The rows come
// from config/admin_tables.h; this file only recognises the statements and frames the answers,
// so a handler's hook is two calls:
//
//   if (IsAdminStatement(sql)) {
//     RunAdminStatement(sql, {.loop = loop, .config = snapshot->config, .reloader = reloader},
//                       [](AdminAnswer answer) { WriteAdminAnswer(answer, flags, more, sink); });
//   }
#ifndef SHARDPROXY_PROXY_SERVER_ADMIN_STATEMENTS_H_
#define SHARDPROXY_PROXY_SERVER_ADMIN_STATEMENTS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "config/admin_tables.h"
#include "config/config.h"
#include "proxy/event_loop.h"
#include "proxy/server/local_result.h"
#include "proxy/server/statement_handler.h"

namespace shardproxy {

// Reloads the config file for RELOAD CONFIG (implemented by the Worker over the server's
// ConfigReloader).
class ConfigReloadService {
 public:
  using ReloadCallback = absl::AnyInvocable<void(absl::StatusOr<std::string>)>;
  virtual ~ConfigReloadService() = default;
  // Reloads off the caller's loop. `done` runs later on the caller's loop (never inside the
  // call) with a one-line summary once every worker runs the new rules, or with the reason the
  // file was rejected.
  virtual void ReloadConfig(ReloadCallback done) = 0;
};

struct AdminStatement {
  enum class Kind { kShowShardingTables, kShowShardingTable, kReloadConfig };
  Kind kind;
  std::string table;  // kShowShardingTable
};

// True when `sql` is meant as an admin statement (starts with SHOW SHARDING or RELOAD CONFIG),
// also when it is malformed: ParseAdminStatement then says what is wrong. Allocates nothing.
bool IsAdminStatement(absl::string_view sql);
// The statement, or 1064/42000 naming what was expected.
absl::StatusOr<AdminStatement> ParseAdminStatement(absl::string_view sql);

// What an admin statement answers: an error, a result set, or an OK with a message.
struct AdminAnswer {
  absl::Status status;
  absl::optional<AdminTable> table;
  std::string info;  // the OK's message
};

struct AdminContext {
  EventLoop* loop = nullptr;
  std::shared_ptr<const Config> config;  // the statement's snapshot
  ConfigReloadService* reloader = nullptr;
};

// Runs an admin statement (IsAdminStatement was true). `done` runs on context.loop, never
// inside the call.
void RunAdminStatement(absl::string_view sql, const AdminContext& context,
                       absl::AnyInvocable<void(AdminAnswer)> done);

// Writes `answer` to `sink` (VARCHAR utf8mb4 columns for a table). `status_flags` are the
// session's (autocommit, in transaction). Returns false when it wrote an error.
bool WriteAdminAnswer(const AdminAnswer& answer, uint16_t status_flags, bool more_results,
                      ResultSink* sink);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_ADMIN_STATEMENTS_H_
