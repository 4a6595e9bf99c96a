// Runs one statement on a backend connection to its very end, keeping what it answered: every OK
// (a multi-statement text answers several) and the rows of every result set, owned. For writes,
// transaction-control and XA statements, and for results that must be materialised because their
// connection is needed for the next statement of the same transaction.
#ifndef SHARDPROXY_PROXY_EXECUTOR_STATEMENT_RUNNER_H_
#define SHARDPROXY_PROXY_EXECUTOR_STATEMENT_RUNNER_H_

#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "merger/memory_row_stream.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/session_state.h"

namespace shardproxy {

struct MaterializedResult {
  std::vector<ColumnDefinition> columns;
  OwnedRows rows;
  uint16_t end_status_flags = 0;
  uint16_t end_warnings = 0;
};

struct StatementOutcome {
  std::vector<OkResult> oks;
  std::vector<MaterializedResult> result_sets;
};

using StatementCallback = absl::AnyInvocable<void(absl::StatusOr<StatementOutcome>)>;

// `desired` null: the statement runs without Sync (XA statements on a connection already in the
// session's state). `done` runs once, on the loop thread, never inside the call. The connection
// must outlive the run, and its waker belongs to the run until `done`.
void RunStatement(BackendConnection* connection, const SessionState* desired, absl::string_view sql,
                  StatementCallback done);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_STATEMENT_RUNNER_H_
