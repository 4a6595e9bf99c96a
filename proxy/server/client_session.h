// One client connection: the MySQL protocol state machine on top of a non-blocking socket.
//
//   accept ─► kAwaitingHandshakeResponse ─► [kAwaitingAuthSwitchResponse] ─► [kSelectingDatabase]
//          ─► kCommand ⇄ (a statement running in the StatementHandler) ─► kClosed
//
// Bytes that arrive early (clients pipeline queries behind their handshake response) wait in the
// framer; one command runs at a time. The session is the StatementHandler's ResultSink: it frames
// results for its client (text rows for COM_QUERY, binary rows for COM_STMT_EXECUTE, EOF or OK
// per CLIENT_DEPRECATE_EOF), with the status flags the backend reported for this session.
//
// Output is buffered; while the buffer is above its high-water mark the handler is told to stop
// pulling rows (WantsMore), and resumed when the socket drained.
//
// Single-threaded: everything runs on the worker's EventLoop. The session never deletes itself;
// it tells its owner through `on_closed` (after which it touches nothing), and the owner destroys
// it with EventLoop::DeleteSoon.
#ifndef SHARDPROXY_PROXY_SERVER_CLIENT_SESSION_H_
#define SHARDPROXY_PROXY_SERVER_CLIENT_SESSION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "proxy/backend/session_state.h"
#include "proxy/event_loop.h"
#include "proxy/protocol/packet.h"
#include "proxy/server/prepared_statement.h"
#include "proxy/server/statement_handler.h"

namespace shardproxy {

struct OpsRuntime;
struct ProcessRow;

// What every session of a worker shares.
struct SessionEnvironment {
  EventLoop* loop = nullptr;
  std::shared_ptr<const Config> config;
  const absl::flat_hash_map<std::string, std::unique_ptr<BackendPool>>* pools = nullptr;
  // What the handshake reports as the server version (the backend's, "5.5.5-10.11...").
  std::string server_version;
  // Makes the statement handler of a new session.
  absl::AnyInvocable<std::unique_ptr<StatementHandler>(HandlerContext)> make_handler;
  absl::Time started = absl::Now();
  uint64_t* questions = nullptr;  // per worker, for COM_STATISTICS
  int* sessions = nullptr;
  // Process-wide limits, breakers and metrics; null in tests that build sessions alone.
  OpsRuntime* ops = nullptr;
  int worker_index = 0;  // for per-worker metric cells
};

class ClientSession final : public IoHandler, public ResultSink {
 public:
  enum class Phase {
    kAwaitingHandshakeResponse,
    kAwaitingAuthSwitchResponse,
    kSelectingDatabase,  // the handshake named a database: USE it before saying OK
    kCommand,
    kClosed,
  };

  ClientSession(SessionEnvironment* environment, int fd, uint32_t connection_id,
                std::string peer_host, absl::AnyInvocable<void(ClientSession*)> on_closed);
  ~ClientSession() override;

  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  // Registers the socket and sends the initial handshake.
  void Start();
  // Closes the connection (server shutdown, fatal error). Idempotent.
  void Close();
  // SIGTERM drain (proxy/server/worker_ops.cc): closes the connection now if it is between
  // statements and outside a transaction (after its output is sent); otherwise once the running
  // statement, or the transaction, is over. A connection still in its handshake is closed.
  void OnDrain();
  // timeouts.client_idle_ms: true when it waits for a command since longer than `limit`.
  bool IdleLongerThan(absl::Time now, absl::Duration limit) const {
    return phase_ == Phase::kCommand && !running_ && now - command_since_ > limit;
  }
  // Closes an idle session whose time is up (as MariaDB's wait_timeout: no message).
  void CloseIdle() { CloseWhenFlushed(); }
  // This session as a row of SHOW PROCESSLIST.
  ProcessRow Describe(absl::Time now) const;

  Phase phase() const { return phase_; }
  uint32_t connection_id() const { return connection_id_; }
  const std::string& user() const { return user_; }
  // KILL from another session: CONNECTION closes this one (its transaction rolls back, as when a
  // client goes away); QUERY stops the running statement, which then answers its data source's
  // ERR 1317 (nothing when the session is idle, as in MySQL).
  void Kill(bool connection);

  // ResultSink
  void WriteOk(const OkResult& ok, bool more_results) override;
  void WriteColumns(absl::Span<const ColumnDefinition> columns) override;
  absl::Status WriteRow(RowView row) override;
  void WriteColumnsAsSent(absl::Span<const ColumnDefinition> columns,
                          uint16_t status_flags) override;
  absl::Status WriteBinaryRow(absl::string_view payload) override;
  void WriteEnd(uint16_t status_flags, uint16_t warnings, bool more_results) override;
  void WriteError(const absl::Status& status) override;
  bool WantsMore() const override;
  void Done() override;

 private:
  // How the results of the running statement are framed.
  enum class ResultMode { kText, kBinary, kFieldList, kSelectDatabase };

  void OnIoReady(uint32_t events) override;
  void ReadFromSocket();
  void ProcessPackets();
  void HandlePacket(const Packet& packet);
  void Flush();
  void UpdateInterest();
  size_t PendingOutput() const { return out_.size() - out_offset_; }

  // Connection phase (client_session_auth.cc).
  void SendInitialHandshake();
  void HandleHandshakeResponse(const Packet& packet);
  void HandleAuthSwitchResponse(const Packet& packet);
  bool CheckPassword(absl::string_view plugin, absl::string_view response) const;
  void FinishAuthentication();
  void FailAuthentication(bool using_password);
  void StartSession(uint16_t collation_id, const std::string& database);
  void HandleChangeUser(absl::string_view payload);

  // Commands (client_session.cc, client_session_stmt.cc).
  void HandleCommand(const Packet& packet);
  void RunStatement(absl::string_view sql, ResultMode mode);
  // What every statement starts with (admission, counting, processlist); false when it may not
  // run (the ERR is written).
  bool BeginStatement(absl::string_view sql, ResultMode mode);
  // WriteColumns with the flags for the EOF after the definitions.
  void StartResultSet(absl::Span<const ColumnDefinition> columns, uint16_t head_status_flags);
  void HandleStmtPrepare(absl::string_view payload);
  void HandleStmtExecute(absl::string_view payload);
  void HandleStmtSendLongData(absl::string_view payload);
  void HandleStmtClose(absl::string_view payload);
  void HandleStmtReset(absl::string_view payload);
  PreparedStatement* FindStatement(uint32_t id);
  void HandleFieldList(absl::string_view payload);
  void HandleResetConnection();
  void HandleStatistics();

  // Framing helpers: each appends one reply packet with the next sequence id.
  void SendOk(uint64_t affected_rows = 0, uint64_t last_insert_id = 0, uint16_t warnings = 0);
  void SendError(const absl::Status& status);
  void SendErrorAndClose(const absl::Status& status);
  // Closes once everything buffered for the client is sent; reads no further commands.
  void CloseWhenFlushed();
  bool DrainRequested() const;
  // Metrics: the statement's type when it starts, its latency when it is over, errors by code.
  void CountStatement(absl::string_view sql);
  // users[].rate_limit and limits.max_in_flight_statements: false (ERR sent) when over.
  bool AdmitStatement();
  void ObserveStatementEnd();
  void LogSlowStatement(absl::Duration elapsed);  // timeouts.slow_statement_ms
  void CountError(const absl::Status& status);
  // Status flags for an OK/EOF from the backend's: MORE_RESULTS as told, tracking only if sent.
  uint16_t ClientStatus(uint16_t backend_flags, bool more_results, bool with_tracking) const;
  void RememberSessionFlags(uint16_t backend_flags);
  void EncodeTracking(const OkResult& ok);

  SessionEnvironment* const env_;
  const int fd_;
  const uint32_t connection_id_;
  const std::string peer_host_;
  absl::AnyInvocable<void(ClientSession*)> on_closed_;

  Phase phase_ = Phase::kAwaitingHandshakeResponse;
  PacketFramer framer_;
  std::string out_;
  size_t out_offset_ = 0;
  uint32_t interest_ = 0;  // epoll events registered
  EventLoop::TimerId handshake_timer_ = 0;
  bool close_after_flush_ = false;

  std::string scramble_;
  uint32_t capabilities_ = 0;  // negotiated
  std::string user_;
  std::string pending_database_;
  uint16_t collation_id_ = 45;
  bool change_user_in_progress_ = false;
  uint16_t change_user_collation_ = 0;

  SessionState state_;
  std::unique_ptr<StatementHandler> handler_;
  uint8_t sequence_id_ = 0;
  // The session's truth for OKs the proxy makes itself: in transaction, autocommit, ...
  uint16_t status_flags_ = server_status::kAutocommit;

  bool running_ = false;  // a statement is in the handler
  absl::Time statement_started_;   // for the latency histogram (ops metrics)
  bool timing_statement_ = false;  // statement_started_ is for the running statement
  bool holds_in_flight_slot_ = false;
  absl::Time command_since_ = absl::Now();  // SHOW PROCESSLIST's Time
  std::string current_sql_;  // the running statement's first bytes, for SHOW PROCESSLIST
  ResultMode mode_ = ResultMode::kText;
  absl::Span<const ColumnDefinition> columns_;
  bool select_database_failed_ = false;
  std::string statement_sql_;  // the text built for an execute
  std::string tracking_;       // scratch for session-state items

  absl::flat_hash_map<uint32_t, std::unique_ptr<PreparedStatement>> statements_;
  uint32_t next_statement_id_ = 1;
  uint32_t last_statement_id_ = 0;
  PreparedStatement* executing_ = nullptr;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_CLIENT_SESSION_H_
