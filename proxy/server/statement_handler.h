// The seam between a client session (bytes, commands, protocol state) and whatever runs its
// statements: passthrough to one data source today (PassthroughHandler), the router/executor for
// sharded configurations tomorrow.
//
// The session owns one handler per client connection and calls Execute() for every statement
// text it has to run (COM_QUERY, COM_INIT_DB as `USE`, COM_STMT_EXECUTE with its parameters
// already written in as literals). The handler writes the statement's results into the
// ResultSink — OK, ERR, or columns + rows + end, once per result of a multi-statement text — and
// calls ResultSink::Done() exactly once, never from inside Execute().
//
// Backpressure: the handler pulls rows only while sink->WantsMore(); when that turns false it
// stops, and the session calls Resume() once the client socket has drained.
#ifndef SHARDPROXY_PROXY_SERVER_STATEMENT_HANDLER_H_
#define SHARDPROXY_PROXY_SERVER_STATEMENT_HANDLER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "config/config.h"
#include "merger/row_stream.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/backend_result.h"
#include "proxy/backend/session_state.h"
#include "proxy/event_loop.h"
#include "proxy/protocol/com_stmt_execute.h"

namespace shardproxy {

class ConfigReloadService;  // proxy/server/admin_statements.h
struct ConfigSnapshot;      // proxy/server/config_snapshot.h
struct OpsRuntime;

// Where a handler writes one statement's results. Implemented by ClientSession, which frames them
// for its client (text or binary rows depending on the command, EOF or OK per
// CLIENT_DEPRECATE_EOF, status flags from the session's truth).
class ResultSink {
 public:
  virtual ~ResultSink() = default;

  // One OK result. `more_results`: another result of the same text follows.
  virtual void WriteOk(const OkResult& ok, bool more_results) = 0;
  // Starts a result set. `columns` must stay valid until WriteEnd (or the error that ends it).
  virtual void WriteColumns(absl::Span<const ColumnDefinition> columns) = 0;
  // The same for a native execute (StatementHandler::ExecuteNative): `status_flags` are those
  // of the backend's EOF after the definitions, which MariaDB fills in as of that moment (e.g.
  // "no index used"), passed on as they are.
  virtual void WriteColumnsAsSent(absl::Span<const ColumnDefinition> columns,
                                  uint16_t status_flags) {
    WriteColumns(columns);
  }
  // One row of the current result set, cells as text. Fails only when a cell cannot be encoded
  // in the binary protocol (a prepared statement's row); the handler must then end the
  // statement with that error.
  virtual absl::Status WriteRow(RowView row) = 0;
  // Ends the current result set: the backend's EOF status flags and warnings.
  virtual void WriteEnd(uint16_t status_flags, uint16_t warnings, bool more_results) = 0;
  // One row of a native execute's result set (StatementHandler::ExecuteNative): the backend's
  // binary row payload, passed on unchanged.
  virtual absl::Status WriteBinaryRow(absl::string_view payload) {
    return absl::InternalError("this sink takes no binary rows");
  }
  // Ends the statement text with an error (nothing follows it).
  virtual void WriteError(const absl::Status& status) = 0;
  // False while the client's output buffer is above its high-water mark: stop pulling rows.
  virtual bool WantsMore() const = 0;
  // The statement text is over.
  virtual void Done() = 0;
};

// What a handler gets from its worker and session.
struct HandlerContext {
  EventLoop* loop = nullptr;
  // The config when the session started (authentication). Statements use `latest` instead.
  std::shared_ptr<const Config> config;
  // The worker's newest config and pools (a worker member, replaced on its loop by a reload).
  // A handler takes it at the top of each statement and keeps it through a transaction.
  const std::shared_ptr<const ConfigSnapshot>* latest = nullptr;
  // RELOAD CONFIG (the worker's; may be null in tests).
  ConfigReloadService* reloader = nullptr;
  // This worker's pools, one per data source, by data source name.
  const absl::flat_hash_map<std::string, std::unique_ptr<BackendPool>>* pools = nullptr;
  // The client's MySQL session (schema, variables, multi-statements), owned by the session.
  SessionState* session_state = nullptr;
  bool client_found_rows = false;  // CLIENT_FOUND_ROWS from the client's handshake
  // Process-wide limits, breakers and metrics (null in tests without a server).
  OpsRuntime* ops = nullptr;
  int worker_index = 0;
  // The id the handshake gave the client (SHOW PROCESSLIST's Id).
  uint32_t connection_id = 0;
  // The session's user (COM_CHANGE_USER may change it), owned by the session; null in tests.
  const std::string* user = nullptr;

  BackendPool* PoolFor(absl::string_view data_source) const {
    auto it = pools->find(data_source);
    return it == pools->end() ? nullptr : it->second.get();
  }
};

// A client's COM_STMT_EXECUTE for a statement prepared natively (StatementHandler::PrepareNative).
// Everything is borrowed for the duration of the ExecuteNative call only.
struct NativeExecute {
  uint32_t id = 0;            // the proxy's statement id
  absl::string_view sql;      // the statement's text, to prepare it again on another connection
  absl::string_view payload;  // the client's packet, decoded once (well-formed)
  uint16_t num_params = 0;
  // The parameter types in effect (bound by this execute or an earlier one).
  absl::Span<const ParamType> param_types;
  // Per parameter, COM_STMT_SEND_LONG_DATA collected since the last execute, or nullopt.
  absl::Span<const absl::optional<std::string>> long_data;
};

class StatementHandler {
 public:
  virtual ~StatementHandler() = default;

  // Runs `sql` (copied if needed; it need not outlive the call) and reports to `sink`.
  virtual void Execute(absl::string_view sql, ResultSink* sink) = 0;
  // COM_STMT_PREPARE: the statement's parameter count and result columns as the data source
  // reports them (or its ERR). `done` runs once, never inside Prepare; not after Abort().
  using PrepareCallback =
      absl::AnyInvocable<void(absl::StatusOr<BackendConnection::StatementShape>)>;
  virtual void Prepare(absl::string_view sql, PrepareCallback done) = 0;
  // Native prepared statements: a handler that can keep the client's statement prepared on its
  // data source says so here (passthrough: plain DML, SELECT and transaction control); the
  // session then prepares it with PrepareNative (same contract as Prepare, for the proxy's
  // statement `id`), sends its executes, as the client's binary packets, to ExecuteNative (which
  // reports like Execute, rows through WriteBinaryRow) and its close to CloseNative.
  virtual bool RunsNatively(absl::string_view sql) { return false; }
  virtual void PrepareNative(uint32_t id, absl::string_view sql, PrepareCallback done) {
    done(absl::InternalError("this handler has no native prepared statements"));
  }
  virtual void ExecuteNative(const NativeExecute& execute, ResultSink* sink) {}
  virtual void CloseNative(uint32_t id) {}
  // The sink wants rows again after WantsMore() was false.
  virtual void Resume() = 0;
  // KILL QUERY from another session: stop the running statement on its data sources (they
  // answer ERR 1317, which becomes the statement's); nothing when none runs.
  virtual void InterruptStatement() {}
  // Forget everything tied to the client's session (COM_RESET_CONNECTION, COM_CHANGE_USER):
  // backend connections go back to their pools, which reset them. Only between statements.
  virtual void ResetSession() = 0;
  // The client is gone: stop at once, call nothing on the sink again.
  virtual void Abort() = 0;
  // For the slow-statement log: the data sources the last statement ran on, with the time each
  // took to answer; empty when the handler does not know.
  virtual std::string DescribeLastNodeTimes() const { return std::string(); }
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_STATEMENT_HANDLER_H_
