// BackendConnection: connecting, statements and their results. The Connector/C call machinery
// and socket handling are in backend_connection_io.cc, rows in backend_row_stream.cc, session
// synchronisation, reset and ping in backend_connection_session.cc.
#include "proxy/backend/backend_connection.h"

#include <mysql.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_error.h"
#include "proxy/backend/statement_scan.h"

namespace shardproxy {
namespace {

// Dead-peer detection: a data source whose host died or became unreachable (no RST ever comes)
// would otherwise hold a waiting statement, and its pinned transaction, until the kernel's
// default retransmission timeout (~15 min). Keepalive probes after 10 s of silence (every 5 s, 3
// unanswered → dead) cover an idle or waiting connection; TCP_USER_TIMEOUT fails one whose sent
// data stays unacknowledged for 30 s. Either way the next read fails with 2013 naming the data
// source and the breaker counts it. (A stopped but reachable server still ACKs: the statement
// timeout covers that.)
void EnableDeadPeerDetection(int socket) {
  if (socket < 0) return;
  int on = 1;
  int idle_seconds = 10;
  int interval_seconds = 5;
  int probes = 3;
  unsigned int user_timeout_ms = 30000;
  setsockopt(socket, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
  setsockopt(socket, IPPROTO_TCP, TCP_KEEPIDLE, &idle_seconds, sizeof(idle_seconds));
  setsockopt(socket, IPPROTO_TCP, TCP_KEEPINTVL, &interval_seconds, sizeof(interval_seconds));
  setsockopt(socket, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof(probes));
  setsockopt(socket, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof(user_timeout_ms));
}

// Every OK then says which session variables, schema and transaction state changed.
constexpr absl::string_view kTrackingSetup =
    "SET session_track_system_variables='*', session_track_schema=ON, "
    "session_track_state_change=ON, session_track_transaction_info='CHARACTERISTICS'";

// MariaDB's SET NAMES reports character_set_* but not collation_connection (its tracker marks
// only the three character sets). Assigning the variable to itself makes the server report it.
constexpr absl::string_view kCollationFixup =
    "SET @@session.collation_connection=@@session.collation_connection";

void InitializeConnectorOnce() {
  static absl::once_flag once;
  // mysql_library_init is not thread-safe; workers create connections concurrently.
  absl::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

void ReadSessionTrack(MYSQL* mysql, std::vector<SessionTrackEntry>* out) {
  for (int t = SESSION_TRACK_BEGIN; t <= SESSION_TRACK_END; ++t) {
    auto type = static_cast<enum enum_session_state_type>(t);
    const char* data = nullptr;
    size_t length = 0;
    if (mysql_session_track_get_first(mysql, type, &data, &length) != 0) continue;
    do {
      SessionTrackEntry entry{static_cast<SessionTrackType>(t), "", ""};
      if (t == SESSION_TRACK_SYSTEM_VARIABLES) {  // name and value come as two items
        entry.name.assign(data, length);
        if (mysql_session_track_get_next(mysql, type, &data, &length) != 0) break;
      }
      entry.value.assign(data, length);
      out->push_back(std::move(entry));
    } while (mysql_session_track_get_next(mysql, type, &data, &length) == 0);
  }
}

}  // namespace

BackendConnection::BackendConnection(EventLoop* loop,
                                     std::shared_ptr<const BackendEndpoint> endpoint,
                                     ConnectionOptions options, BackendFaults* faults)
    : loop_(loop),
      endpoint_(std::move(endpoint)),
      options_(options),
      faults_(faults),
      last_used_(loop->Now()) {}

BackendConnection::~BackendConnection() {
  for (EventLoop::TimerId* timer : {&deferred_timer_, &op_timer_, &connect_timer_}) {
    if (*timer != 0) loop_->CancelTimer(*timer);
    *timer = 0;
  }
  if (kill_gate_) kill_gate_->connection = nullptr;
  if (mysql_ != nullptr) {
    // Anything but an idle, healthy connection is cut first, so that nothing below can wait on
    // the server (an unfinished result would otherwise be drained by mysql_free_result).
    if (phase_ != Phase::kReady) {
      int socket = mysql_get_socket(mysql_);
      if (socket >= 0) shutdown(socket, SHUT_RDWR);
    }
    AbandonOp();
    if (res_ != nullptr) mysql_free_result(res_);
  }
  if (fd_ >= 0) loop_->Remove(fd_);
  if (mysql_ != nullptr) mysql_close(mysql_);  // COM_QUIT on a healthy socket does not block
  // After mysql_close a statement handle is detached and only its memory is left.
  if (stmt_ != nullptr) mysql_stmt_close(stmt_);
}

void BackendConnection::Finish(absl::Status status) {
  Callback done = std::move(done_);
  if (!done) return;
  if (api_depth_ > 0) {
    // Still inside the method that started the command: the caller must see it return first.
    deferred_timer_ = loop_->AddTimer(
        absl::ZeroDuration(), [this, done = std::move(done), status = std::move(status)]() mutable {
          deferred_timer_ = 0;
          done(std::move(status));
        });
    return;
  }
  done(std::move(status));
}

void BackendConnection::MarkBroken() {
  phase_ = Phase::kBroken;
  if (fd_ >= 0) {
    loop_->Remove(fd_);
    fd_ = -1;
  }
  if (mysql_ != nullptr) {
    int socket = mysql_get_socket(mysql_);
    if (socket >= 0) shutdown(socket, SHUT_RDWR);
  }
}

std::shared_ptr<BackendConnection::KillGate> BackendConnection::kill_gate() {
  if (!kill_gate_) kill_gate_ = std::make_shared<KillGate>(KillGate{this, 0});
  return kill_gate_;
}

bool BackendConnection::HoldWhileKillPending(absl::AnyInvocable<void()> retry) {
  if (!kill_gate_ || kill_gate_->pending == 0) return false;
  held_command_ = std::move(retry);
  return true;
}

void BackendConnection::ResumeAfterKill() {
  if (!held_command_ || (kill_gate_ && kill_gate_->pending > 0)) return;
  absl::AnyInvocable<void()> command = std::move(held_command_);
  command();
}

void BackendConnection::Reject(Callback done, absl::Status status) {
  // Not our command: done_ may belong to the one that is running.
  loop_->AddTimer(
      absl::ZeroDuration(),
      [done = std::move(done), status = std::move(status)]() mutable { done(std::move(status)); });
}

absl::Status BackendConnection::NotReadyError() const {
  if (phase_ == Phase::kBroken) return BrokenConnectionError(*endpoint_);
  return InternalError(absl::StrCat("backend connection to data source '", endpoint_->name,
                                    "' is busy with another command"));
}

bool BackendConnection::in_transaction() const {
  return (server_status_ & server_status::kInTransaction) != 0;
}

bool BackendConnection::IsSessionBound(uint32_t ignoring) const {
  return in_transaction() || transaction_characteristics_pending_ || tables_locked_ ||
         (bonds_ & ~ignoring) != 0;
}

uint64_t BackendConnection::bytes_read() const {
  if (mysql_ == nullptr) return 0;
  size_t bytes = 0;
  if (mariadb_get_infov(mysql_, MARIADB_CONNECTION_BYTES_READ, &bytes) != 0) return 0;
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Connect.

void BackendConnection::Connect(absl::Duration timeout, Callback done) {
  if (phase_ != Phase::kNew) {
    Reject(std::move(done), InternalError("backend connection: Connect called twice"));
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  phase_ = Phase::kConnecting;
  connect_timeout_ = timeout;
  Fault fault = faults_ != nullptr ? faults_->OnConnect(*endpoint_) : Fault::None();
  if (fault.kind != Fault::Kind::kNone) {
    phase_ = Phase::kBroken;
    Finish(ConnectError(*endpoint_, fault.kind == Fault::Kind::kError
                                        ? absl::StrCat("backend error ", fault.error.code, ": ",
                                                       fault.error.message)
                                        : "connection lost (injected fault)"));
    --api_depth_;
    return;
  }
  InitializeConnectorOnce();
  mysql_ = mysql_init(nullptr);
  if (mysql_ == nullptr) {
    phase_ = Phase::kBroken;
    Finish(ConnectError(*endpoint_, "out of memory"));
    --api_depth_;
    return;
  }
  mysql_options(mysql_, MYSQL_OPT_NONBLOCK, nullptr);
  unsigned int seconds =
      static_cast<unsigned int>(std::max(1.0, std::ceil(absl::ToDoubleSeconds(timeout))));
  mysql_options(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &seconds);
  // Without a socket path "localhost" would otherwise mean the default Unix socket.
  unsigned int protocol = endpoint_->socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_options(mysql_, MYSQL_OPT_PROTOCOL, &protocol);
  unsigned int local_infile = 0;  // a backend must not be able to read the proxy's files
  mysql_options(mysql_, MYSQL_OPT_LOCAL_INFILE, &local_infile);
  mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  connect_timer_ = loop_->AddTimer(timeout, [this] {
    connect_timer_ = 0;
    OnConnectTimeout();
  });
  StartOp(Op::kConnect, &BackendConnection::AfterConnect);
  --api_depth_;
}

void BackendConnection::OnConnectTimeout() {
  AbandonOp();
  MarkBroken();
  Finish(ConnectTimeoutError(*endpoint_, connect_timeout_));
}

void BackendConnection::AfterConnect() {
  if (connect_ret_ == nullptr) {
    unsigned int code = mysql_errno(mysql_);
    std::string detail = code < 2000
                             ? absl::StrCat("backend error ", code, ": ", mysql_error(mysql_))
                             : std::string(mysql_error(mysql_));
    loop_->CancelTimer(connect_timer_);
    connect_timer_ = 0;
    MarkBroken();
    Finish(ConnectError(*endpoint_, detail));
    return;
  }
  thread_id_ = mysql_thread_id(mysql_);
  EnableDeadPeerDetection(mysql_get_socket(mysql_));
  const char* version = mysql_get_server_info(mysql_);
  server_version_ = version != nullptr ? version : "";
  MY_CHARSET_INFO charset;
  mysql_get_character_set_info(mysql_, &charset);
  connection_charset_ = charset.csname != nullptr ? charset.csname : "utf8mb4";
  connection_collation_ = charset.name != nullptr ? charset.name : "utf8mb4_general_ci";
  RunTrackingSetup(&BackendConnection::AfterTrackingSetup);
}

void BackendConnection::RunTrackingSetup(Step then) { SendStatement(kTrackingSetup, true, then); }

void BackendConnection::AfterTrackingSetup() {
  absl::Status status = FinishInternalStatement("session setup");
  loop_->CancelTimer(connect_timer_);
  connect_timer_ = 0;
  if (!status.ok()) {
    MarkBroken();
    Finish(ConnectError(*endpoint_, status.message()));
    return;
  }
  ResetLocalStateAfterSessionReset(endpoint_->database.empty()
                                       ? absl::nullopt
                                       : absl::optional<std::string>(endpoint_->database));
  phase_ = Phase::kReady;
  last_used_ = loop_->Now();
  Finish(absl::OkStatus());
}

void BackendConnection::ResetLocalStateAfterSessionReset(absl::optional<std::string> schema) {
  // What the server gives a fresh (or reset, or changed-user) session: global defaults, the
  // handshake's character set. COM_SET_OPTION survives both reset and change user.
  bool multi_statements = state_.multi_statements;
  state_ = SessionState();
  state_.schema = std::move(schema);
  state_.multi_statements = multi_statements;
  state_.variables["character_set_client"] = connection_charset_;
  state_.variables["character_set_connection"] = connection_charset_;
  state_.variables["character_set_results"] = connection_charset_;
  state_.variables["collation_connection"] = connection_collation_;
  ++state_version_;
  bonds_ = 0;
  native_closes_.clear();  // the reset dropped every statement
  transaction_characteristics_pending_ = false;
  tables_locked_ = false;
  collation_unknown_ = false;
  server_status_ = internal_ok_.status_flags;
}

// ---------------------------------------------------------------------------------------------
// Statements.

void BackendConnection::Query(absl::string_view sql, Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, sql = std::string(sql), done = std::move(done)]() mutable {
      Query(sql, std::move(done));
    });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject(std::move(done), NotReadyError());
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  StartUserStatement(sql);
  --api_depth_;
}

void BackendConnection::Query(const SessionState& desired, absl::string_view sql, Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, desired, sql = std::string(sql), done = std::move(done)]() mutable {
      Query(desired, sql, std::move(done));
    });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject(std::move(done), NotReadyError());
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  if (desired == state_) {
    StartUserStatement(sql);
  } else {
    query_after_sync_ = true;
    pending_query_.assign(sql.data(), sql.size());
    StartSync(desired);
  }
  --api_depth_;
}

void BackendConnection::StartUserStatement(absl::string_view sql) {
  StatementTraits traits = ScanStatement(sql);
  if (traits.uses_user_variable) bonds_ |= session_bond::kUserVariables;
  if (traits.uses_get_lock) bonds_ |= session_bond::kNamedLock;
  if (traits.uses_calc_found_rows) bonds_ |= session_bond::kFoundRows;
  statement_only_sets_ = traits.only_system_variable_sets;
  SendStatement(sql, false, &BackendConnection::AfterStatement);
}

void BackendConnection::SendStatement(absl::string_view sql, bool internal, Step then) {
  if (sql.data() != sql_.data()) sql_.assign(sql.data(), sql.size());
  statement_internal_ = internal;
  injected_error_.reset();
  phase_ = Phase::kCommand;
  result_kind_ = ResultKind::kNone;
  stream_phase_ = StreamPhase::kClosed;
  if (faults_ != nullptr) {
    Fault fault = faults_->OnStatement(*endpoint_, sql_);
    switch (fault.kind) {
      case Fault::Kind::kNone:
        break;
      case Fault::Kind::kError:
        injected_error_ = std::move(fault.error);
        int_ret_ = 1;
        (this->*then)();
        return;
      case Fault::Kind::kDisconnectBeforeSend:
        BreakSocketForFault();
        break;
      case Fault::Kind::kDisconnectAfterSend:
        // Send and read as two calls, so the connection can die exactly in between.
        fault_then_ = then;
        StartOp(Op::kSendQuery, &BackendConnection::AfterFaultySend);
        return;
    }
  }
  // Send, then let the loop say when the reply is there before Connector/C reads it:
  // mysql_real_query reads right after sending and, the server not having answered yet, nearly
  // always gets EAGAIN first: one wasted system call per statement.
  reply_then_ = then;
  StartOp(Op::kSendQuery, &BackendConnection::AfterSend);
}

void BackendConnection::AfterSend() {
  if (int_ret_ != 0) {
    completed_op_ = Op::kQuery;
    (this->*reply_then_)();
    return;
  }
  // The socket is edge-triggered and the reply can only come after the send, so its arrival
  // is an edge the loop reports (a stale edge just makes the read wait as it would have).
  op_ = Op::kAwaitReply;
  wait_status_ = MYSQL_WAIT_READ;
  WatchSocket(MYSQL_WAIT_READ);
}

void BackendConnection::AfterReply() {
  int_ret_ = bool_ret_ != 0 ? 1 : 0;
  completed_op_ = Op::kQuery;  // to the steps after it, this was one mysql_real_query
  (this->*reply_then_)();
}

void BackendConnection::AfterFaultySend() {
  if (int_ret_ == 0) {
    BreakSocketForFault();
    StartOp(Op::kReadQueryResult, &BackendConnection::AfterFaultyRead);
    return;
  }
  (this->*fault_then_)();
}

void BackendConnection::AfterFaultyRead() {
  int_ret_ = bool_ret_ != 0 ? 1 : 0;
  (this->*fault_then_)();
}

void BackendConnection::BreakSocketForFault() {
  // The connection's descriptor is replaced by a socket whose peer is gone (closing the real
  // one, so the server sees the client vanish). Whatever the server sent and we had not read
  // yet is lost with it, exactly as when the network fails; shutdown() alone would still let
  // already-received bytes through.
  int socket = mysql_get_socket(mysql_);
  if (socket < 0) return;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
    shutdown(socket, SHUT_RDWR);
    return;
  }
  close(pair[1]);
  if (fd_ >= 0) {
    loop_->Remove(fd_);  // the registration belongs to the socket being replaced
    fd_ = -1;
  }
  dup2(pair[0], socket);
  close(pair[0]);
}

absl::Status BackendConnection::StatementError(absl::string_view during) {
  if (injected_error_) {
    MysqlError error = std::move(*injected_error_);
    injected_error_.reset();
    return BackendError(error);
  }
  unsigned int code = mysql_errno(mysql_);
  if (code == 0 || IsConnectionFatal(code)) {
    std::string detail = code == 0 ? "unknown error" : mysql_error(mysql_);
    MarkBroken();
    return LostConnectionError(*endpoint_, during, detail);
  }
  return BackendError(
      MysqlError{static_cast<uint16_t>(code), mysql_sqlstate(mysql_), mysql_error(mysql_)});
}

absl::Status BackendConnection::FinishInternalStatement(absl::string_view during) {
  if (injected_error_ || int_ret_ != 0) return StatementError(during);
  if (mysql_field_count(mysql_) != 0) {
    // Our own statements never return rows; a connection that does is not one we understand.
    MarkBroken();
    return LostConnectionError(*endpoint_, during, "unexpected result set");
  }
  ReadOk(&internal_ok_);
  return absl::OkStatus();
}

void BackendConnection::AfterStatement() {
  if (injected_error_ || int_ret_ != 0) {
    absl::Status status = StatementError("query");
    if (is_broken()) {
      Finish(std::move(status));
      return;
    }
    phase_ = Phase::kReady;  // an ERR ends the statement (and the rest of a multi-statement)
    EndOfStatements(std::move(status), false);
    return;
  }
  DispatchResult();
}

void BackendConnection::NextResult(Callback done) {
  if (phase_ != Phase::kAwaitingNextResult) {
    Reject(std::move(done), phase_ == Phase::kBroken
                                ? BrokenConnectionError(*endpoint_)
                                : InternalError("backend connection: no further result"));
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  phase_ = Phase::kCommand;
  result_kind_ = ResultKind::kNone;
  stream_phase_ = StreamPhase::kClosed;
  StartOp(Op::kNextResult, &BackendConnection::AfterNextResult);
  --api_depth_;
}

void BackendConnection::AfterNextResult() {
  if (int_ret_ > 0) {
    AfterStatement();  // same handling as a failed first result
    return;
  }
  if (int_ret_ < 0) {
    phase_ = Phase::kReady;
    EndOfStatements(InternalError("backend connection: no further result"), false);
    return;
  }
  DispatchResult();
}

void BackendConnection::DispatchResult() {
  if (mysql_field_count(mysql_) != 0) {
    OpenRows();
    return;
  }
  ReadOk(&ok_);
  result_kind_ = ResultKind::kOk;
  if ((ok_.status_flags & server_status::kMoreResultsExist) != 0) {
    phase_ = Phase::kAwaitingNextResult;
    Finish(absl::OkStatus());
    return;
  }
  phase_ = Phase::kReady;
  EndOfStatements(absl::OkStatus(), false);
}

void BackendConnection::ReadOk(OkResult* ok) {
  ok->affected_rows = mysql_affected_rows(mysql_);
  ok->last_insert_id = mysql_insert_id(mysql_);
  ok->status_flags = static_cast<uint16_t>(mysql_->server_status);
  ok->warnings = static_cast<uint16_t>(mysql_warning_count(mysql_));
  const char* info = mysql_info(mysql_);
  if (info != nullptr) {
    ok->info.assign(info);
  } else {
    ok->info.clear();
  }
  ok->session_track.clear();
  server_status_ = ok->status_flags;
  // Connector/C keeps the previous OK's entries when an OK carries none: only read them when
  // the server says this one does.
  if ((ok->status_flags & server_status::kSessionStateChanged) != 0) {
    ReadSessionTrack(mysql_, &ok->session_track);
    ApplyTracking(ok->session_track);
  }
}

void BackendConnection::ApplyTracking(const std::vector<SessionTrackEntry>& entries) {
  TrackedChangeSummary summary = ApplySessionTrack(entries, &state_);
  if (summary.variables_or_schema) ++state_version_;
  if (summary.transaction_characteristics) {
    transaction_characteristics_pending_ = !summary.transaction_characteristics->empty();
  }
  if (summary.transaction_state) {
    const std::string& trx = *summary.transaction_state;  // e.g. "T_______", "_______L"
    tables_locked_ = trx.size() >= 8 && trx[7] == 'L';
  }
  if (statement_internal_) return;
  if (summary.unreplayable_variable) bonds_ |= session_bond::kUnreplayableVariable;
  // state_change is also reported for plain variable and schema changes; anything else it
  // stands for (user variables, temporary tables, prepared statements) cannot be replayed.
  if (summary.state_changed && (!summary.variables_or_schema || !statement_only_sets_)) {
    bonds_ |= session_bond::kSessionObjects;
  }
  if (summary.character_set_without_collation) collation_unknown_ = true;
}

void BackendConnection::EndOfStatements(absl::Status status, bool stream) {
  last_used_ = loop_->Now();
  if (collation_unknown_ && phase_ == Phase::kReady) {
    collation_unknown_ = false;
    held_status_ = std::move(status);
    held_for_stream_ = stream;
    SendStatement(kCollationFixup, true, &BackendConnection::AfterCollationFixup);
    return;
  }
  Deliver(std::move(status), stream);
}

void BackendConnection::AfterCollationFixup() {
  absl::Status fixup = FinishInternalStatement("session tracking");
  if (!is_broken()) {
    phase_ = Phase::kReady;
    // Without the collation this connection's state is not known: keep it with its session.
    if (!fixup.ok()) bonds_ |= session_bond::kSessionObjects;
  }
  // The fixup was a statement of its own: the caller's result is the one held back.
  if (held_status_.ok()) result_kind_ = held_for_stream_ ? ResultKind::kRows : ResultKind::kOk;
  Deliver(std::move(held_status_), held_for_stream_);
}

void BackendConnection::Deliver(absl::Status status, bool stream) {
  if (stream) {
    FinishStream(std::move(status));
  } else {
    Finish(std::move(status));
  }
}

}  // namespace shardproxy
