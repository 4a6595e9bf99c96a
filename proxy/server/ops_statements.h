// The proxy's own operational statements (issue 9), answered by the proxy without touching a
// data source, on both the sharded and the passthrough path:
//
//   SHOW DATA SOURCES        one row per data source: name, host:port, database, pool size,
//                            in use, idle, waiting, breaker state (sums over every worker)
//   SHOW [FULL] PROCESSLIST  the client sessions of the proxy (Id, User, Host, db, Command, Time,
//                            State, Info)
//   SET [SESSION] max_execution_time = N   (also @@max_execution_time, @@session.): the
//                            session's statement timeout in milliseconds, 0 = none, as in MySQL
//   SELECT @@max_execution_time            its value
//   KILL [HARD | SOFT] [CONNECTION | QUERY] <id>   another session of the proxy, by the id its
//                            handshake gave it (SHOW PROCESSLIST's Id, CONNECTION_ID()), of the
//                            same user: CONNECTION closes it, QUERY stops its running statement
//                            (the mariadb CLI's Ctrl-C); 1094 unknown id, 1095 another user's
//
// RecognizeOpsStatement is cheap for everything else (a first-letter test), so the hook costs
// nothing on ordinary statements. The configuration admin statements (SHOW SHARDING TABLES,
// RELOAD CONFIG) live in admin_statements.h.
#ifndef SHARDPROXY_PROXY_SERVER_OPS_STATEMENTS_H_
#define SHARDPROXY_PROXY_SERVER_OPS_STATEMENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/mysql_types.h"
#include "proxy/server/local_result.h"
#include "proxy/server/statement_handler.h"

namespace shardproxy {

enum class OpsStatementKind {
  kNone,
  kShowDataSources,
  kShowProcesslist,
  kSetMaxExecutionTime,
  kSelectMaxExecutionTime,
  kKill,
};

struct OpsStatement {
  OpsStatementKind kind = OpsStatementKind::kNone;
  int64_t value = 0;  // kSetMaxExecutionTime: milliseconds
  bool full = false;  // SHOW FULL PROCESSLIST
  // kKill: the connection id, and whether the connection goes (else its running statement).
  uint32_t kill_id = 0;
  bool kill_connection = true;
};

// `sql` is one statement (no trailing ';' needed). Malformed SET max_execution_time values give
// kSetMaxExecutionTime with value -1 (the caller answers 1232 "Incorrect argument type").
OpsStatement RecognizeOpsStatement(absl::string_view sql);

// Runs a recognized statement. For SET, `*max_execution_time_ms` is updated and the result has
// no columns (answer OK). Errors are MySQL errors for the client.
absl::StatusOr<LocalResult> RunOpsStatement(const OpsStatement& statement,
                                            const HandlerContext& context,
                                            int64_t* max_execution_time_ms);

// KILL: finds the session on its worker and kills it or its statement; `done` runs later on
// context.loop with an OK result or the error.
void KillSession(const HandlerContext& context, const OpsStatement& kill,
                 absl::AnyInvocable<void(absl::StatusOr<LocalResult>)> done);

// SHOW [FULL] PROCESSLIST: asks every worker for its sessions; `done` runs later on
// context.loop (never inside the call).
void CollectProcesslist(const HandlerContext& context, bool full,
                        absl::AnyInvocable<void(absl::StatusOr<LocalResult>)> done);


}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_OPS_STATEMENTS_H_
