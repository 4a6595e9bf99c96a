// Passthrough: every statement goes unchanged to the one data source (config with one data source
// and no sharding rules), and its results come back re-framed by our codec.
//
// The session keeps the backend connection it got for its first statement until the client
// leaves or resets: per-connection results of the previous statement (LAST_INSERT_ID(),
// ROW_COUNT(), FOUND_ROWS(), SHOW WARNINGS, @@warning_count) then always answer as MariaDB
// would. Session state still travels with the session (Query(desired, sql) syncs it), so a
// connection that broke is replaced by a fresh one in the same state.
//
// Prepared statements of plain DML, SELECT and transaction control stay prepared on that
// connection and run natively (passthrough_native.cc; proxy/README.md, "Prepared statements").
//
// Config reload: at each statement the handler follows the default data source of the worker's
// newest ConfigSnapshot (a reload that changed it gives a new pool), unless its connection is
// bound to the session (open transaction, temporary tables...): that state stays on the old
// pool's connection until it is over. SHOW SHARDING TABLE[S] and RELOAD CONFIG are the proxy's
// (admin_statements.h).
#ifndef SHARDPROXY_PROXY_SERVER_PASSTHROUGH_HANDLER_H_
#define SHARDPROXY_PROXY_SERVER_PASSTHROUGH_HANDLER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "parser/sql_digest.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/server/ops_statements.h"
#include "proxy/server/statement_handler.h"

namespace shardproxy {

class PassthroughHandler final : public StatementHandler,
                                 private BackendConnection::NativeResultObserver {
 public:
  // `pool` is the data source's pool of this worker; it lives while the handler uses it (a
  // retired pool is closed only once no connection of it is on loan or awaited).
  // `sharded_tables` (may be null; must outlive the handler): until the executor runs sharded
  // configurations, a statement that names one of these tables is refused with 1235 instead of
  // being sent to `pool`, which holds only part of (or a copy of) their rows.
  PassthroughHandler(HandlerContext context, BackendPool* pool,
                     const absl::flat_hash_set<std::string>* sharded_tables = nullptr);
  ~PassthroughHandler() override;

  void Execute(absl::string_view sql, ResultSink* sink) override;
  void Prepare(absl::string_view sql, PrepareCallback done) override;
  bool RunsNatively(absl::string_view sql) override;
  void PrepareNative(uint32_t id, absl::string_view sql, PrepareCallback done) override;
  void ExecuteNative(const NativeExecute& execute, ResultSink* sink) override;
  void CloseNative(uint32_t id) override;
  void Resume() override;
  void InterruptStatement() override;
  void ResetSession() override;
  void Abort() override;

 private:
  // Runs `then` with conn_ set (acquired if needed) or with the acquire error.
  void WithConnection(absl::AnyInvocable<void(absl::Status)> then);
  void RunOn(absl::string_view sql);
  void OnResult(absl::Status status);
  void PumpRows();
  void Finish();
  // Ends the statement with `status` when it is an error; true if it did.
  bool EndIfFailed(const absl::Status& status);
  // Hands the prepare's result to the session (releasing a connection that broke meanwhile).
  void AnswerPrepare(absl::StatusOr<BackendConnection::StatementShape> shape);
  void AdoptBackendState();
  // Switches to the newest snapshot's pool when the session is not bound to its connection.
  void FollowReload();
  // SHOW SHARDING TABLE[S], RELOAD CONFIG (admin_statements.h).
  void RunAdmin(absl::string_view sql);
  // SHOW DATA SOURCES, SET max_execution_time, ... (ops_statements.h).
  void RunOpsStatement(const OpsStatement& statement);
  // The statement timeout: KILL QUERY when it expires, ERR 3024 to the client.
  void ArmStatementTimer(absl::string_view sql);
  void DisarmStatementTimer();
  absl::Status TimeoutOr(absl::Status status) const;

  // Native prepared statements.
  struct NativeStatement {
    uint32_t backend_id = 0;
    bool types_sent = false;  // the backend statement has seen parameter types
    std::vector<ColumnDefinition> columns;
  };
  // Prepares native_.sql on conn_ (after syncing the session) as statement native_.id, then
  // runs `then` with its shape or the error.
  using ShapeCallback =
      absl::AnyInvocable<void(absl::StatusOr<BackendConnection::StatementShape>)>;
  void PrepareOnConnection(ShapeCallback then);
  // Forgets the native statements when conn_ is not the connection that holds them.
  void FollowNativeConnection();
  void SendNativeExecute(NativeStatement* statement);
  bool OnNativeOk(const OkResult& ok, bool more_results) override;
  bool OnNativeColumns(absl::Span<const ColumnDefinition> columns,
                       uint16_t status_flags) override;
  bool OnNativeRow(absl::string_view payload) override;
  bool OnNativeEnd(uint16_t status_flags, uint16_t warnings, bool more_results) override;

  HandlerContext context_;
  BackendPool* pool_;
  const absl::flat_hash_set<std::string>* const sharded_tables_;
  // The session's statement timeout (timeouts.statement_ms, SET max_execution_time); 0 = none.
  int64_t max_execution_time_ms_ = 0;
  EventLoop::TimerId statement_timer_ = 0;
  bool timed_out_ = false;  // the timer fired: the statement's error becomes 3024
  sql::SqlDigest digest_;
  PooledConnection conn_;
  uint64_t seen_state_version_ = 0;
  bool waiting_for_connection_ = false;
  BackendPool::Ticket ticket_ = 0;
  ResultSink* sink_ = nullptr;  // non-null while a statement runs
  bool streaming_ = false;      // a result set is open on conn_
  std::string pending_sql_;     // the statement while a connection is acquired
  PrepareCallback prepare_done_;
  // The proxy's statement id -> the backend's, all on the connection with serial
  // native_serial_.
  absl::node_hash_map<uint32_t, NativeStatement> native_statements_;
  uint64_t native_serial_ = 0;
  // The native command in progress (copied: the session's buffers move on).
  struct {
    uint32_t id = 0;
    std::string sql;
    std::string payload;
    uint16_t num_params = 0;
    std::vector<ParamType> param_types;
    std::vector<absl::optional<std::string>> long_data;
    std::string request, packet;  // reused buffers for what goes to the backend
    bool running = false;         // an execute is reading its reply
  } native_;
  // Callbacks check it: the handler may be gone when a backend completes.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_PASSTHROUGH_HANDLER_H_
