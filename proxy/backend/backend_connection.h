// One connection to a data source, driven by MariaDB Connector/C's non-blocking API on the
// worker's EventLoop: no call here ever blocks the worker.
//
// A connection runs one command at a time. Commands complete through a callback, which is never
// called from inside the method that started the command, and always on the loop thread:
//
//   conn->Query(desired_state, "SELECT ...", [](absl::Status s) {
//     if (!s.ok()) { /* the backend's ERR unchanged, or 2013 naming the data source */ }
//     else if (conn->result_kind() == ResultKind::kOk) { conn->ok_result() ... }
//     else { RowStream* rows = conn->rows(); /* pull rows; kBlocked -> wait for the waker */ }
//   });
//   // when that result is done (OK read / rows kFinished): conn->has_more_results() ?
//   //   conn->NextResult(same kind of callback) : the statement is over.
//
// Session state. Right after connecting the connection turns on session tracking, so every OK
// tells it which session variables, schema and transaction state changed; session_state() is
// the result. Query(desired, ...) first brings the connection to `desired` (see Sync).
//
// Invariants:
//  - All methods are called on the loop's thread.
//  - Do not destroy a connection inside one of its own callbacks or its waker; hand it back to
//    its BackendPool (which defers the destruction) or use EventLoop::DeleteSoon.
//  - After a connection-fatal error is_broken() is true forever; it is never reused.
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_CONNECTION_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "absl/types/optional.h"
#include "proxy/backend/backend_endpoint.h"
#include "proxy/backend/backend_faults.h"
#include "proxy/backend/backend_result.h"
#include "proxy/backend/session_state.h"
#include "proxy/event_loop.h"
#include "proxy/protocol/packet.h"
#include "proxy/protocol/stmt_response.h"

struct st_mysql;
struct st_mysql_res;
struct st_mysql_stmt;

namespace shardproxy {

enum class ResultKind { kNone, kOk, kRows };

// Why a connection must stay with its session (and be reset before anyone else may use it).
namespace session_bond {
inline constexpr uint32_t kUserVariables = 1;  // a statement used @user variables
inline constexpr uint32_t kNamedLock = 2;      // GET_LOCK
inline constexpr uint32_t kFoundRows = 4;      // SQL_CALC_FOUND_ROWS: FOUND_ROWS() comes here
// state_change tracked without a replayable cause: temporary tables, PREPARE, user variables
// set by a procedure, ...
inline constexpr uint32_t kSessionObjects = 8;
inline constexpr uint32_t kUnreplayableVariable = 16;  // SET timestamp, insert_id, ...
inline constexpr uint32_t kPinnedBySession = 32;       // BackendConnection::Pin()
inline constexpr uint32_t kNativeStatements = 64;      // PrepareNative kept a statement
}  // namespace session_bond

class BackendConnection final : private IoHandler {
 public:
  using Callback = absl::AnyInvocable<void(absl::Status)>;

  BackendConnection(EventLoop* loop, std::shared_ptr<const BackendEndpoint> endpoint,
                    ConnectionOptions options = {}, BackendFaults* faults = nullptr);
  ~BackendConnection() override;

  BackendConnection(const BackendConnection&) = delete;
  BackendConnection& operator=(const BackendConnection&) = delete;

  // Opens the connection (TCP, handshake, session tracking setup) within `timeout`.
  // Errors: 2003 naming the data source, with what the server or the connector said.
  void Connect(absl::Duration timeout, Callback done);

  // Runs `sql` (COM_QUERY). `done` gets OK when the first result is known (see result_kind()),
  // or the statement's error. The text is copied; it need not outlive the call.
  void Query(absl::string_view sql, Callback done);
  // Brings the connection to `desired` (Sync) and then runs `sql`; the way a session should
  // run its statements.
  void Query(const SessionState& desired, absl::string_view sql, Callback done);

  ResultKind result_kind() const { return result_kind_; }
  // Valid while result_kind() == kOk, until the next command.
  const OkResult& ok_result() const { return ok_; }
  // Valid while result_kind() == kRows, until the next command.
  BackendRowStream* rows() { return &rows_; }
  // After an OK, or after rows() finished cleanly: another result of the same statement(s)
  // follows and must be read with NextResult() before anything else runs on the connection.
  bool has_more_results() const { return phase_ == Phase::kAwaitingNextResult; }
  void NextResult(Callback done);

  // Called when a rows()->Next() that returned kBlocked may make progress. Set by whoever
  // consumes the rows; cleared when the connection goes back to its pool.
  void SetWaker(absl::AnyInvocable<void()> waker) {
    waker_ = std::move(waker);
    ++waker_generation_;
  }

  // Session state as the backend has reported it, and a counter bumped whenever it changes.
  // After a statement, a session adopts the connection's state if the counter moved.
  const SessionState& session_state() const { return state_; }
  uint64_t session_state_version() const { return state_version_; }

  // Brings the connection's session to `desired` with as few commands as possible: COM_INIT_DB
  // for the schema, one multi-assignment SET for the variables, COM_SET_OPTION for
  // multi-statements (and COM_CHANGE_USER first when the schema must be deselected).
  void Sync(const SessionState& desired, Callback done);
  // COM_RESET_CONNECTION (rolls back, drops temporary tables, user variables, locks, prepared
  // statements, resets variables; keeps the schema), then session tracking is set up again.
  void ResetSession(Callback done);
  // COM_PING.
  void Ping(Callback done);

  // What the server says about a statement when it prepares it (COM_STMT_PREPARE): the number
  // of `?` parameters and the result columns (empty for statements without rows). The proxy
  // runs prepared statements as text SQL, so the server's statement is closed again at once;
  // this only answers the client's COM_STMT_PREPARE as MariaDB would (including its ERR for a
  // statement it cannot prepare). Run Sync first: the shape depends on the current schema.
  struct StatementShape {
    uint16_t num_params = 0;
    uint16_t warnings = 0;
    std::vector<ColumnDefinition> columns;
    // Set by a statement handler whose data source keeps the statement prepared
    // (StatementHandler::PrepareNative).
    bool native = false;
  };
  using PrepareCallback = absl::AnyInvocable<void(absl::StatusOr<StatementShape>)>;
  void Prepare(absl::string_view sql, PrepareCallback done);

  // Native prepared statements (passthrough): the backend keeps the statement and runs the
  // client's binary executes itself. These commands write and read the protocol on Connector/C's
  // socket directly, between Connector/C's own commands (it is idle and its buffers empty then);
  // the replies are read by proxy/protocol/stmt_response.h. A connection holding native
  // statements is bound to its session (session_bond::kNativeStatements): released, it is reset,
  // which drops them.
  struct NativeStatement {
    uint32_t backend_id = 0;
    StatementShape shape;
  };
  using NativePrepareCallback = absl::AnyInvocable<void(absl::StatusOr<NativeStatement>)>;
  // COM_STMT_PREPARE, kept open. Errors: the server's ERR, or 2013 when the connection failed.
  void PrepareNative(absl::string_view sql, NativePrepareCallback done);

  // Receives an execute's results as they are read. Each method returns false to pause reading
  // (the client's buffer is full, or it went away); ResumeNative() continues.
  class NativeResultObserver {
   public:
    virtual ~NativeResultObserver() = default;
    // `ok` is valid during the call. `more_results`: another result follows.
    virtual bool OnNativeOk(const OkResult& ok, bool more_results) = 0;
    // `status_flags`: those of the EOF after the definitions.
    virtual bool OnNativeColumns(absl::Span<const ColumnDefinition> columns,
                                 uint16_t status_flags) = 0;
    // The payload of one binary row, valid during the call.
    virtual bool OnNativeRow(absl::string_view payload) = 0;
    virtual bool OnNativeEnd(uint16_t status_flags, uint16_t warnings, bool more_results) = 0;
  };
  // Sends `request` (framed packets: COM_STMT_SEND_LONG_DATA pieces, then one COM_STMT_EXECUTE
  // for a statement of PrepareNative) and reports its results to `observer`; `done` runs once
  // the reply is over: OK, the server's ERR (ending the results), or 2013. `columns` holds the
  // statement's result columns as last described and is kept up to date (metadata caching);
  // it and `observer` must live until `done`.
  void ExecuteNative(absl::string_view request, std::vector<ColumnDefinition>* columns,
                     NativeResultObserver* observer, Callback done);
  // Continues an execute paused by its observer.
  void ResumeNative();
  // Forgets a statement of PrepareNative: its COM_STMT_CLOSE (which has no reply) goes out at
  // once on an idle connection, else ahead of the next native command.
  void CloseNative(uint32_t backend_id);
  // Tells connections apart where a pointer might be reused: no two connections of a process
  // share a serial.
  uint64_t serial() const { return serial_; }

  // Marks the connection as holding state only its session knows about (the session parsed
  // something this layer cannot see). It will be reset before anyone else uses it.
  void Pin() { bonds_ |= session_bond::kPinnedBySession; }

  // Connected, no command running and no result pending.
  bool is_ready() const { return phase_ == Phase::kReady; }
  bool is_broken() const { return phase_ == Phase::kBroken; }
  // The last OK/EOF said a transaction is open (including implicit ones under autocommit=0).
  bool in_transaction() const;
  // The connection holds state that binds it to its current session: an open transaction,
  // pending SET TRANSACTION characteristics, LOCK TABLES, or anything in session_bond. A
  // session keeps such a connection; if released, the pool resets it first.
  // `ignoring`: session_bond bits that do not count here.
  bool IsSessionBound(uint32_t ignoring = 0) const;
  uint32_t session_bonds() const { return bonds_; }

  const BackendEndpoint& endpoint() const { return *endpoint_; }
  const ConnectionOptions& options() const { return options_; }
  // The server's id for this connection (what KILL takes).
  uint64_t server_thread_id() const { return thread_id_; }
  const std::string& server_version() const { return server_version_; }
  uint16_t server_status() const { return server_status_; }
  // Bytes received from the backend so far (Connector/C's counter).
  uint64_t bytes_read() const;
  absl::Time last_used() const { return last_used_; }

  // For BackendPool: called when the server closes a connection that is not running a command
  // (idle timeout, shutdown, KILL). The connection is broken by then.
  void SetBrokenHandler(absl::AnyInvocable<void()> handler) {
    broken_handler_ = std::move(handler);
  }

 private:
  friend class BackendRowStream;
  friend class BackendPool;

  // For cancellation (BackendPool::KillQuery): while a KILL aimed at this connection is in
  // flight, new commands wait, so the KILL cannot hit the next statement.
  struct KillGate {
    BackendConnection* connection;  // nullptr once the connection is gone
    int pending = 0;
  };
  std::shared_ptr<KillGate> kill_gate();

  enum class Phase : uint8_t {
    kNew,
    kConnecting,
    kReady,
    kCommand,             // a command is running (waiting for its first result)
    kAwaitingNextResult,  // a result was delivered, another one follows
    kStreaming,           // rows() is open
    kBroken,
  };
  // The Connector/C call in flight.
  enum class Op : uint8_t {
    kNone,
    kConnect,
    kQuery,
    kSendQuery,
    // A statement was sent; no Connector/C call runs until its socket is readable (AwaitReply).
    kAwaitReply,
    kReadQueryResult,
    kNextResult,
    kFetchRow,
    kFreeResult,
    kPing,
    kReset,
    kChangeUser,
    kSelectDb,
    kSetOption,
    kStmtPrepare,
    kStmtClose,
    // A native command (PrepareNative, ExecuteNative): the socket is ours, not Connector/C's.
    kNative,
  };
  using Step = void (BackendConnection::*)();
  enum class StreamPhase : uint8_t { kClosed, kOpen, kFetching, kRowReady, kFinished };

  // IoHandler
  void OnIoReady(uint32_t events) override;

  // The asynchronous call machinery: start `op`; when it completes run `then`.
  void StartOp(Op op, Step then);
  void ContinueOp(int ready_events);
  void HandleOpStatus(int status);
  int CallStart(Op op);
  int CallContinue(Op op, int ready_events);
  void WatchSocket(int wait_status);
  // Forces an in-flight call to finish (as a timeout) without running its continuation.
  void AbandonOp();

  // Completion of a command: runs the user's callback (deferred when still inside the API call).
  void Finish(absl::Status status);
  // Fails a command that could not start, without touching the running command's callback.
  void Reject(Callback done, absl::Status status);
  absl::Status NotReadyError() const;
  void MarkBroken();
  bool HoldWhileKillPending(absl::AnyInvocable<void()> retry);
  void ResumeAfterKill();
  void Wake();

  // Connect.
  void AfterConnect();
  void AfterTrackingSetup();
  void OnConnectTimeout();
  void RunTrackingSetup(Step then);
  void ResetLocalStateAfterSessionReset(absl::optional<std::string> schema);

  // Statements.
  void StartUserStatement(absl::string_view sql);
  void SendStatement(absl::string_view sql, bool internal, Step then);
  void AfterSend();
  void AfterReply();
  void AfterFaultySend();
  void AfterFaultyRead();
  void BreakSocketForFault();
  absl::Status FinishInternalStatement(absl::string_view during);
  void AfterStatement();
  void AfterNextResult();
  void DispatchResult();
  void ReadOk(OkResult* ok);
  void ApplyTracking(const std::vector<SessionTrackEntry>& entries);
  absl::Status StatementError(absl::string_view during);
  void EndOfStatements(absl::Status status, bool stream);
  void AfterCollationFixup();
  void Deliver(absl::Status status, bool stream);

  // Rows.
  StreamState NextRow(RowView* row);
  void OpenRows();
  void AfterFetchRow();
  void AfterFreeResult();
  void FinishStream(absl::Status status);

  // Sync, reset, ping.
  void StartSync(const SessionState& desired);
  void ContinueSync();
  void AfterSyncStep();
  void AfterSyncChangeUser();
  void AfterSyncTrackingSetup();
  void AfterReset();
  void AfterResetTrackingSetup();
  void AfterPing();

  // Prepare (backend_connection_prepare.cc).
  void AfterStmtPrepare();
  void AfterStmtClose();
  static void ReadColumns(st_mysql_res* res, std::vector<ColumnDefinition>* columns);

  // Native commands (backend_connection_native.cc).
  static uint64_t NextSerial();
  bool StartNative(absl::string_view request, Callback done);
  void NativeIo(uint32_t events);
  bool NativeWrite();
  void NativeRead();
  // Feeds one reply packet; false when the command is over or paused.
  bool NativePacket(absl::string_view payload);
  void EndNative(absl::Status status);
  BackendProtocol NativeProtocol();

  EventLoop* const loop_;
  const std::shared_ptr<const BackendEndpoint> endpoint_;
  const ConnectionOptions options_;
  BackendFaults* const faults_;

  st_mysql* mysql_ = nullptr;
  int fd_ = -1;  // registered with loop_ (edge-triggered) while >= 0
  Phase phase_ = Phase::kNew;

  Op op_ = Op::kNone;
  Op completed_op_ = Op::kNone;
  Step then_ = nullptr;
  int wait_status_ = 0;
  EventLoop::TimerId op_timer_ = 0;
  // Return values of the Connector/C calls.
  st_mysql* connect_ret_ = nullptr;
  int int_ret_ = 0;
  char bool_ret_ = 0;
  char** row_ret_ = nullptr;

  Callback done_;
  int api_depth_ = 0;  // > 0 while inside a public method: completions are deferred
  EventLoop::TimerId deferred_timer_ = 0;
  EventLoop::TimerId connect_timer_ = 0;
  absl::Duration connect_timeout_;

  // The statement being sent (Connector/C needs the bytes until the send completes).
  std::string sql_;
  bool statement_internal_ = false;
  bool statement_only_sets_ = false;
  Step reply_then_ = nullptr;  // where a sent statement continues once its reply is read
  Step fault_then_ = nullptr;  // where a statement split by a fault continues
  absl::optional<MysqlError> injected_error_;
  // The query to run after Sync, when Query(desired, ...) was used.
  bool query_after_sync_ = false;
  std::string pending_query_;

  ResultKind result_kind_ = ResultKind::kNone;
  OkResult ok_;
  OkResult internal_ok_;
  BackendRowStream rows_{this};
  st_mysql_res* res_ = nullptr;
  st_mysql_stmt* stmt_ = nullptr;  // only between Prepare() and its callback
  StatementShape shape_;
  absl::Status prepare_status_;
  PrepareCallback prepare_done_;
  // Native commands.
  const uint64_t serial_ = NextSerial();
  std::string native_out_;
  size_t native_written_ = 0;
  std::unique_ptr<PacketFramer> native_in_;
  std::unique_ptr<PrepareResponseReader> native_prepare_;
  ExecuteResponseReader native_execute_{BackendProtocol(), nullptr};
  bool native_executing_ = false;  // else a prepare (native_prepare_) runs
  absl::optional<BackendProtocol> native_protocol_;  // learnt at the first native command
  NativeResultObserver* native_observer_ = nullptr;
  bool native_paused_ = false;
  std::string native_closes_;  // framed COM_STMT_CLOSE packets not yet sent
  StreamPhase stream_phase_ = StreamPhase::kClosed;
  bool in_next_ = false;
  absl::AnyInvocable<void()> waker_;
  uint64_t waker_generation_ = 0;
  absl::Status stream_end_status_;
  // End-of-statements delivery held back while the collation fixup runs.
  absl::Status held_status_;
  bool held_for_stream_ = false;

  SessionState state_;
  uint64_t state_version_ = 0;
  SessionState sync_target_;
  SyncPlan sync_plan_;
  uint32_t bonds_ = 0;
  bool transaction_characteristics_pending_ = false;
  bool tables_locked_ = false;
  // MariaDB reports SET NAMES without collation_connection; read it back at the end.
  bool collation_unknown_ = false;

  uint64_t thread_id_ = 0;
  std::string server_version_;
  uint16_t server_status_ = 0;
  absl::Time last_used_;
  std::string connection_charset_;    // character set of the handshake
  std::string connection_collation_;  // and its collation

  absl::AnyInvocable<void()> broken_handler_;
  std::shared_ptr<KillGate> kill_gate_;
  absl::AnyInvocable<void()> held_command_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_CONNECTION_H_
