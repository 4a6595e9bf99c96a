#include "proxy/server/client_session.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "parser/classify.h"
#include "parser/sql_digest.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/com_field_list.h"
#include "proxy/protocol/com_init_db.h"
#include "proxy/protocol/com_process_kill.h"
#include "proxy/protocol/com_query.h"
#include "proxy/protocol/com_set_option.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/ok_packet.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/protocol/result_set.h"
#include "proxy/protocol/session_state.h"
#include "proxy/server/ops_runtime.h"
#include "proxy/server/ops_statements.h"

namespace shardproxy {
namespace {

// Output above this stops the handler pulling rows; below the low mark it resumes.
constexpr size_t kOutputHighWater = 512 * 1024;
constexpr size_t kOutputLowWater = 128 * 1024;
// Rows are sent in batches of about this size while a result streams.
constexpr size_t kFlushThreshold = 64 * 1024;
// While a command runs, stop reading the socket once this much is buffered.
constexpr size_t kMaxBufferedInput = 1 << 20;
constexpr size_t kReadChunk = 16 * 1024;
// SHOW PROCESSLIST shows at most this much of a running statement.
constexpr size_t kProcesslistInfoBytes = 4096;

// The variables MariaDB tracks for a client by default (session_track_system_variables).
bool TrackedByDefault(absl::string_view name) {
  return name == "autocommit" || name == "character_set_client" ||
         name == "character_set_connection" || name == "character_set_results" ||
         name == "time_zone";
}

// KILL [CONNECTION | QUERY] ..., also behind comments; a cheap first-letter test keeps the
// tokenizer off the hot path.
bool IsKillStatement(absl::string_view sql) {
  size_t first = sql.find_first_not_of(" \t\r\n");
  if (first == absl::string_view::npos) return false;
  char c = sql[first];
  if (c != 'k' && c != 'K' && c != '/' && c != '#' && c != '-') return false;
  sql::SqlDigest digest;
  if (!digest.Compute(sql).ok()) return false;
  return sql::Classify(digest).kind == sql::StatementClass::kKill;
}

std::string QuoteIdentifier(absl::string_view name) {
  std::string quoted = "`";
  for (char c : name) {
    if (c == '`') quoted.push_back('`');
    quoted.push_back(c);
  }
  quoted.push_back('`');
  return quoted;
}

}  // namespace

ClientSession::ClientSession(SessionEnvironment* environment, int fd, uint32_t connection_id,
                             std::string peer_host,
                             absl::AnyInvocable<void(ClientSession*)> on_closed)
    : env_(environment),
      fd_(fd),
      connection_id_(connection_id),
      peer_host_(std::move(peer_host)),
      on_closed_(std::move(on_closed)) {
  ++*env_->sessions;
}

ClientSession::~ClientSession() {
  handler_.reset();
  if (phase_ != Phase::kClosed) {
    env_->loop->Remove(fd_);
    close(fd_);
  }
  if (handshake_timer_ != 0) env_->loop->CancelTimer(handshake_timer_);
  --*env_->sessions;
}

void ClientSession::Start() {
  interest_ = EPOLLIN | EPOLLRDHUP;
  absl::Status added = env_->loop->Add(fd_, interest_, this);
  if (!added.ok()) {
    SP_LOG(kError, "session", "cannot register client socket: ", added.message());
    Close();
    return;
  }
  handshake_timer_ = env_->loop->AddTimer(absl::Seconds(10), [this] {
    handshake_timer_ = 0;
    if (phase_ == Phase::kAwaitingHandshakeResponse ||
        phase_ == Phase::kAwaitingAuthSwitchResponse) {
      SP_LOG(kInfo, "session", "handshake timeout, closing connection ", connection_id_);
      SendErrorAndClose(BadHandshakeError("no handshake response within 10s"));
    }
  });
  SendInitialHandshake();
  Flush();
}

void ClientSession::Kill(bool connection) {
  if (phase_ == Phase::kClosed) return;
  if (connection) return Close();
  if (running_ && handler_) handler_->InterruptStatement();
}

void ClientSession::Close() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  if (handler_) handler_->Abort();
  running_ = false;
  if (holds_in_flight_slot_) {  // the aborted statement will not reach Done()
    holds_in_flight_slot_ = false;
    env_->ops->in_flight.Release();
  }
  env_->loop->Remove(fd_);
  close(fd_);
  if (handshake_timer_ != 0) {
    env_->loop->CancelTimer(handshake_timer_);
    handshake_timer_ = 0;
  }
  if (on_closed_) {
    auto on_closed = std::move(on_closed_);
    on_closed(this);
  }
}

void ClientSession::OnIoReady(uint32_t events) {
  if (phase_ == Phase::kClosed) return;
  if (events & EPOLLOUT) {
    Flush();
    if (phase_ == Phase::kClosed) return;
    if (running_ && handler_ && PendingOutput() < kOutputLowWater) handler_->Resume();
    if (phase_ == Phase::kClosed) return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) ReadFromSocket();
}

void ClientSession::ReadFromSocket() {
  while (phase_ != Phase::kClosed) {
    if (running_ && framer_.buffered_bytes() >= kMaxBufferedInput) break;
    // Into a stack buffer, then only the bytes received are copied: PrepareAppend would
    // zero-fill a whole chunk for every (usually tiny) command.
    char chunk[kReadChunk];
    ssize_t got = recv(fd_, chunk, kReadChunk, 0);
    if (got > 0) {
      framer_.Append(absl::string_view(chunk, static_cast<size_t>(got)));
      if (static_cast<size_t>(got) < kReadChunk) break;
      continue;
    }
    if (got == 0) {  // the client went away (maybe mid-result: the handler drops its backend)
      Close();
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    Close();
    return;
  }
  ProcessPackets();
  UpdateInterest();
}

void ClientSession::ProcessPackets() {
  while (phase_ != Phase::kClosed && !running_ && !close_after_flush_) {
    Packet packet;
    absl::StatusOr<bool> next = framer_.Next(&packet);
    if (!next.ok()) {
      // Oversized or out-of-step continuation: the stream cannot be resynchronised.
      SendErrorAndClose(next.status());
      return;
    }
    if (!*next) {
      // A handshake response is packet 1. Anything else (an HTTP request, a TLS hello) is
      // refused at its header, as MariaDB does, rather than after waiting for the megabytes
      // its first bytes announce.
      absl::optional<uint8_t> sequence_id = framer_.next_sequence_id();
      if (phase_ == Phase::kAwaitingHandshakeResponse && sequence_id.has_value() &&
          *sequence_id != 1) {
        SendErrorAndClose(PacketsOutOfOrderError(1, *sequence_id));
        return;
      }
      break;
    }
    HandlePacket(packet);
  }
  if (phase_ != Phase::kClosed) Flush();
}

void ClientSession::HandlePacket(const Packet& packet) {
  switch (phase_) {
    case Phase::kAwaitingHandshakeResponse:
      HandleHandshakeResponse(packet);
      return;
    case Phase::kAwaitingAuthSwitchResponse:
      HandleAuthSwitchResponse(packet);
      return;
    case Phase::kCommand:
      HandleCommand(packet);
      return;
    case Phase::kSelectingDatabase:
    case Phase::kClosed:
      return;
  }
}

void ClientSession::UpdateInterest() {
  if (phase_ == Phase::kClosed) return;
  uint32_t wanted = EPOLLRDHUP;
  if (!(running_ && framer_.buffered_bytes() >= kMaxBufferedInput)) wanted |= EPOLLIN;
  if (PendingOutput() > 0) wanted |= EPOLLOUT;
  if (wanted != interest_) {
    interest_ = wanted;
    env_->loop->Modify(fd_, interest_).IgnoreError();
  }
}

void ClientSession::Flush() {
  while (out_offset_ < out_.size()) {
    ssize_t sent = send(fd_, out_.data() + out_offset_, out_.size() - out_offset_, MSG_NOSIGNAL);
    if (sent > 0) {
      out_offset_ += static_cast<size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    Close();  // EPIPE, ECONNRESET: the client is gone
    return;
  }
  if (out_offset_ == out_.size()) {
    out_.clear();
    out_offset_ = 0;
    if (close_after_flush_) {
      Close();
      return;
    }
  } else if (out_offset_ > kOutputHighWater) {
    out_.erase(0, out_offset_);
    out_offset_ = 0;
  }
  UpdateInterest();
}

// ---------------------------------------------------------------------------------------------
// Commands

void ClientSession::HandleCommand(const Packet& packet) {
  if (packet.sequence_id != 0) {
    SendErrorAndClose(PacketsOutOfOrderError(0, packet.sequence_id));
    return;
  }
  sequence_id_ = NextSequenceId(packet.last_sequence_id);
  command_since_ = env_->loop->Now();
  absl::string_view payload = packet.payload;
  absl::StatusOr<uint8_t> command = CommandOf(payload);
  if (!command.ok()) {
    SendError(command.status());
    return;
  }
  ++*env_->questions;
  switch (static_cast<Command>(*command)) {
    case Command::kQuery: {
      absl::StatusOr<ComQuery> query = DecodeComQuery(payload, capabilities_);
      if (!query.ok()) return SendError(query.status());
      if (IsKillStatement(query->query) &&
          RecognizeOpsStatement(query->query).kind != OpsStatementKind::kKill) {
        // The ids a client knows are the proxy's connection ids; passed through, KILL would hit
        // whichever backend thread happens to have that number. KILL [CONNECTION | QUERY] <id>
        // alone is the proxy's (ops_statements.h).
        return SendError(UnsupportedError(
            "this form of KILL through the proxy (only KILL [CONNECTION | QUERY] <id> of a "
            "connection of the proxy, alone in its statement, is)"));
      }
      RunStatement(query->query, ResultMode::kText);
      return;
    }
    case Command::kInitDb: {
      absl::StatusOr<ComInitDb> init = DecodeComInitDb(payload, capabilities_);
      if (!init.ok()) return SendError(init.status());
      statement_sql_ = absl::StrCat("USE ", QuoteIdentifier(init->schema));
      RunStatement(statement_sql_, ResultMode::kText);
      return;
    }
    case Command::kProcessKill: {
      // The old protocol command for KILL CONNECTION <id>.
      absl::StatusOr<ComProcessKill> kill = DecodeComProcessKill(payload, capabilities_);
      if (!kill.ok()) return SendError(kill.status());
      statement_sql_ = absl::StrCat("KILL CONNECTION ", kill->connection_id);
      RunStatement(statement_sql_, ResultMode::kText);
      return;
    }
    case Command::kPing:
      SendOk();
      return;
    case Command::kQuit:
      Close();
      return;
    case Command::kFieldList:
      HandleFieldList(payload);
      return;
    case Command::kResetConnection:
      HandleResetConnection();
      return;
    case Command::kSetOption: {
      absl::StatusOr<ComSetOption> option = DecodeComSetOption(payload, capabilities_);
      if (!option.ok()) return SendError(option.status());
      if (option->option == kSetOptionMultiStatementsOn) {
        state_.multi_statements = true;
      } else if (option->option == kSetOptionMultiStatementsOff) {
        state_.multi_statements = false;
      } else {
        return SendError(UnknownCommandError(*command));
      }
      OkPacket end{.status_flags = status_flags_};
      AppendResultSetEnd(end, capabilities_, &sequence_id_, &out_);
      return;
    }
    case Command::kChangeUser:
      HandleChangeUser(payload);
      return;
    case Command::kStatistics:
      HandleStatistics();
      return;
    case Command::kStmtPrepare:
      HandleStmtPrepare(payload);
      return;
    case Command::kStmtExecute:
      HandleStmtExecute(payload);
      return;
    case Command::kStmtSendLongData:
      HandleStmtSendLongData(payload);
      return;
    case Command::kStmtClose:
      HandleStmtClose(payload);
      return;
    case Command::kStmtReset:
      HandleStmtReset(payload);
      return;
    case Command::kStmtFetch:
      SendError(MysqlStatus(mysql_errc::kUnknownStmtHandler, "HY000",
                            "The proxy opens no cursors: COM_STMT_FETCH is not supported"));
      return;
    default:
      SP_LOG(kDebug, "session", "unknown command ", CommandName(*command), " (",
             static_cast<int>(*command), ") from connection ", connection_id_);
      SendError(UnknownCommandError(*command));
      return;
  }
}

void ClientSession::RunStatement(absl::string_view sql, ResultMode mode) {
  if (BeginStatement(sql, mode)) handler_->Execute(sql, this);
}

bool ClientSession::BeginStatement(absl::string_view sql, ResultMode mode) {
  // The login's USE is not a client statement: neither limited nor counted.
  const bool counted = mode != ResultMode::kSelectDatabase;
  if (counted && !AdmitStatement()) {  // the ERR is written; nothing runs
    executing_ = nullptr;
    return false;
  }
  mode_ = mode;
  running_ = true;
  if (counted) CountStatement(sql);
  // A reused buffer: no allocation once it has grown to the session's usual statement size.
  current_sql_.assign(sql.data(), std::min(sql.size(), kProcesslistInfoBytes));
  command_since_ = env_->loop->Now();
  columns_ = {};
  return true;
}

void ClientSession::HandleFieldList(absl::string_view payload) {
  absl::StatusOr<ComFieldList> list = DecodeComFieldList(payload, capabilities_);
  if (!list.ok()) return SendError(list.status());
  // The columns of the table as a result set without rows give the definitions; default values
  // are not known this way and are sent as NULL.
  statement_sql_ = absl::StrCat("SELECT * FROM ", QuoteIdentifier(list->table), " LIMIT 0");
  RunStatement(statement_sql_, ResultMode::kFieldList);
}

void ClientSession::HandleResetConnection() {
  handler_->ResetSession();
  statements_.clear();
  last_statement_id_ = 0;
  absl::optional<std::string> schema = state_.schema;
  bool multi_statements = state_.multi_statements;
  absl::StatusOr<SessionState> fresh =
      SessionState::ForClient(collation_id_, schema, multi_statements);
  if (fresh.ok()) state_ = *std::move(fresh);
  status_flags_ = server_status::kAutocommit;
  SendOk();
}

void ClientSession::HandleStatistics() {
  int64_t uptime = absl::ToInt64Seconds(absl::Now() - env_->started);
  std::string text = absl::StrFormat(
      "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Open tables: 0  "
      "Queries per second avg: %.3f",
      uptime, *env_->sessions, *env_->questions,
      uptime > 0 ? static_cast<double>(*env_->questions) / uptime : 0.0);
  AppendPacket(text, &sequence_id_, &out_);
}

// ---------------------------------------------------------------------------------------------
// ResultSink

uint16_t ClientSession::ClientStatus(uint16_t backend_flags, bool more_results,
                                     bool with_tracking) const {
  uint16_t flags =
      backend_flags & ~(server_status::kMoreResultsExist | server_status::kSessionStateChanged);
  if (more_results) flags |= server_status::kMoreResultsExist;
  if (with_tracking) flags |= server_status::kSessionStateChanged;
  return flags;
}

void ClientSession::RememberSessionFlags(uint16_t backend_flags) {
  // What the session is in (transaction, autocommit, ...), for the flags of replies the proxy
  // makes itself; the per-reply flags (more results, ...) are not the session's.
  constexpr uint16_t kSessionFlags = server_status::kInTransaction | server_status::kAutocommit |
                                     server_status::kInTransactionReadOnly |
                                     server_status::kNoBackslashEscapes;
  status_flags_ = backend_flags & kSessionFlags;
}

void ClientSession::EncodeTracking(const OkResult& ok) {
  tracking_.clear();
  if (!(capabilities_ & capability::kSessionTrack)) return;
  for (const SessionTrackEntry& entry : ok.session_track) {
    switch (entry.type) {
      case SessionTrackType::kSystemVariables:
        if (TrackedByDefault(entry.name)) {
          PutSessionTrackSystemVariable(&tracking_, entry.name, entry.value);
        }
        break;
      case SessionTrackType::kSchema:
        PutSessionTrackSchema(&tracking_, entry.value);
        break;
      default:  // state change and transaction tracking are off by default in MariaDB
        break;
    }
  }
}

void ClientSession::WriteOk(const OkResult& ok, bool more_results) {
  if (phase_ == Phase::kClosed) return;
  RememberSessionFlags(ok.status_flags);
  if (mode_ == ResultMode::kSelectDatabase || mode_ == ResultMode::kFieldList) return;
  EncodeTracking(ok);
  OkPacket packet{.affected_rows = ok.affected_rows,
                  .last_insert_id = ok.last_insert_id,
                  .status_flags = ClientStatus(ok.status_flags, more_results, !tracking_.empty()),
                  .warnings = ok.warnings,
                  .info = ok.info,
                  .session_state_changes = tracking_};
  size_t at = BeginPacket(&out_);
  EncodeOkPacket(packet, capabilities_, &out_);
  FinishPacket(at, &sequence_id_, &out_);
}

void ClientSession::WriteColumns(absl::Span<const ColumnDefinition> columns) {
  StartResultSet(columns, status_flags_);
}

void ClientSession::WriteColumnsAsSent(absl::Span<const ColumnDefinition> columns,
                                       uint16_t status_flags) {
  StartResultSet(columns, ClientStatus(status_flags, /*more_results=*/false, false));
}

void ClientSession::StartResultSet(absl::Span<const ColumnDefinition> columns,
                                   uint16_t head_status_flags) {
  if (phase_ == Phase::kClosed) return;
  columns_ = columns;
  if (mode_ == ResultMode::kSelectDatabase) return;
  if (mode_ == ResultMode::kFieldList) {
    for (const ColumnDefinition& column : columns) {
      size_t at = BeginPacket(&out_);
      EncodeFieldListColumnDefinition(column, absl::nullopt, &out_);
      FinishPacket(at, &sequence_id_, &out_);
    }
    return;
  }
  if (mode_ == ResultMode::kBinary && executing_ != nullptr) {
    executing_->columns.assign(columns.begin(), columns.end());
  }
  AppendResultSetHead(columns, head_status_flags, capabilities_, &sequence_id_, &out_);
}

absl::Status ClientSession::WriteRow(RowView row) {
  if (phase_ == Phase::kClosed) return absl::OkStatus();
  switch (mode_) {
    case ResultMode::kText:
      AppendTextRowPacket(row, &sequence_id_, &out_);
      break;
    case ResultMode::kBinary: {
      absl::Status status = AppendBinaryRowPacket(columns_, row, &sequence_id_, &out_);
      if (!status.ok()) return status;
      break;
    }
    case ResultMode::kFieldList:
    case ResultMode::kSelectDatabase:
      break;
  }
  if (PendingOutput() >= kFlushThreshold) Flush();
  return absl::OkStatus();
}

absl::Status ClientSession::WriteBinaryRow(absl::string_view payload) {
  if (phase_ == Phase::kClosed) return absl::OkStatus();
  AppendPacket(payload, &sequence_id_, &out_);
  if (PendingOutput() >= kFlushThreshold) Flush();
  return absl::OkStatus();
}

void ClientSession::WriteEnd(uint16_t status_flags, uint16_t warnings, bool more_results) {
  if (phase_ == Phase::kClosed) return;
  RememberSessionFlags(status_flags);
  if (mode_ == ResultMode::kSelectDatabase) return;
  OkPacket end{.status_flags = ClientStatus(status_flags, more_results, false),
               .warnings = warnings};
  AppendResultSetEnd(end, capabilities_, &sequence_id_, &out_);
}

void ClientSession::WriteError(const absl::Status& status) {
  if (phase_ == Phase::kClosed) return;
  if (mode_ == ResultMode::kSelectDatabase) select_database_failed_ = true;
  SendError(status);
}

bool ClientSession::WantsMore() const {
  return phase_ != Phase::kClosed && PendingOutput() < kOutputHighWater;
}

void ClientSession::Done() {
  if (timing_statement_) ObserveStatementEnd();
  command_since_ = env_->loop->Now();
  if (holds_in_flight_slot_) {
    holds_in_flight_slot_ = false;
    env_->ops->in_flight.Release();
  }
  running_ = false;
  executing_ = nullptr;
  if (phase_ == Phase::kClosed) return;
  if (mode_ == ResultMode::kSelectDatabase) {
    mode_ = ResultMode::kText;
    if (select_database_failed_) {
      // The ERR (1049 Unknown database, ...) is written; MariaDB closes the connection too.
      Flush();
      Close();
      return;
    }
    phase_ = Phase::kCommand;
    SendOk();
  }
  Flush();
  if (phase_ == Phase::kClosed) return;
  if (DrainRequested()) {
    CloseWhenFlushed();
    return;
  }
  // Commands the client pipelined behind this one.
  ProcessPackets();
  UpdateInterest();
}

// ---------------------------------------------------------------------------------------------
// Framing helpers

void ClientSession::SendOk(uint64_t affected_rows, uint64_t last_insert_id, uint16_t warnings) {
  OkPacket ok{.affected_rows = affected_rows,
              .last_insert_id = last_insert_id,
              .status_flags = status_flags_,
              .warnings = warnings};
  size_t at = BeginPacket(&out_);
  EncodeOkPacket(ok, capabilities_, &out_);
  FinishPacket(at, &sequence_id_, &out_);
}

void ClientSession::SendError(const absl::Status& status) {
  CountError(status);
  size_t at = BeginPacket(&out_);
  EncodeErrPacketFromStatus(status, capabilities_, &out_);
  FinishPacket(at, &sequence_id_, &out_);
}

void ClientSession::CloseWhenFlushed() {
  if (phase_ == Phase::kClosed) return;
  close_after_flush_ = true;
  Flush();  // closes when nothing is left to send; otherwise EPOLLOUT finishes it
}

bool ClientSession::DrainRequested() const {
  return env_->ops != nullptr && env_->ops->draining.load(std::memory_order_relaxed) &&
         !(status_flags_ & server_status::kInTransaction);
}

namespace {

StatementKind KindOf(absl::string_view sql) {
  size_t first = sql.find_first_not_of(" \t\r\n(");
  if (first == absl::string_view::npos) return StatementKind::kOther;
  absl::string_view word = sql.substr(first, 6);
  if (absl::EqualsIgnoreCase(word, "select")) return StatementKind::kSelect;
  if (absl::EqualsIgnoreCase(word, "insert")) return StatementKind::kInsert;
  if (absl::EqualsIgnoreCase(word, "update")) return StatementKind::kUpdate;
  if (absl::EqualsIgnoreCase(word, "delete")) return StatementKind::kDelete;
  return StatementKind::kOther;
}

}  // namespace

bool ClientSession::AdmitStatement() {
  OpsRuntime* ops = env_->ops;
  if (ops == nullptr) return true;
  if (ops::RateLimiter* limiter = ops->RateLimiterFor(user_)) {
    if (!limiter->TryAcquire(env_->loop->Now())) {
      SendError(ops::RateLimitError(user_, limiter->per_second()));
      return false;
    }
  }
  if (!ops->in_flight.TryAcquire()) {
    SendError(ops::InFlightLimitError(ops->in_flight.max()));
    return false;
  }
  holds_in_flight_slot_ = true;
  return true;
}

void ClientSession::CountStatement(absl::string_view sql) {
  if (env_->ops == nullptr) return;
  env_->ops->statements[static_cast<int>(KindOf(sql))]->Add(env_->worker_index);
  statement_started_ = absl::Now();
  timing_statement_ = true;
}

void ClientSession::ObserveStatementEnd() {
  timing_statement_ = false;
  if (env_->ops == nullptr) return;
  const absl::Duration elapsed = absl::Now() - statement_started_;
  env_->ops->statement_seconds->Observe(env_->worker_index, absl::ToDoubleSeconds(elapsed));
  const int slow_ms = env_->config->timeouts.slow_statement_ms;
  if (slow_ms > 0 && elapsed >= absl::Milliseconds(slow_ms)) LogSlowStatement(elapsed);
}

void ClientSession::LogSlowStatement(absl::Duration elapsed) {
  // Slow statements are rare: the digest is computed only for them. Its hash groups the same
  // statement shape across logs; the normalised text has no literal values (no data in logs).
  sql::SqlDigest digest;
  if (digest.Compute(current_sql_).ok()) {
    std::string nodes = handler_ != nullptr ? handler_->DescribeLastNodeTimes() : std::string();
    SP_LOG(kWarning, "slow", "slow statement: ", absl::ToInt64Milliseconds(elapsed),
           " ms, connection ", connection_id_, ", user ", user_,
           nodes.empty() ? "" : ", nodes: ", nodes, ", digest ",
           absl::Hex(digest.hash(), absl::kZeroPad16), ": ", digest.text());
  } else {
    SP_LOG(kWarning, "slow", "slow statement: ", absl::ToInt64Milliseconds(elapsed),
           " ms, connection ", connection_id_, ", user ", user_,
           " (statement not shown: its first ", kProcesslistInfoBytes,
           " bytes do not tokenize)");
  }
}

void ClientSession::CountError(const absl::Status& status) {
  if (env_->ops == nullptr) return;
  // Errors are rare next to statements: the keyed counter's lock is acceptable here.
  env_->ops->metrics.AddToKeyedCounter("shardproxy_errors_total",
                                       "Errors sent to clients, by MySQL error code", "code",
                                       absl::StrCat(ToMysqlError(status).code),
                                       env_->worker_index);
}

ProcessRow ClientSession::Describe(absl::Time now) const {
  ProcessRow row;
  row.id = connection_id_;
  row.user = user_.empty() ? "unauthenticated user" : user_;
  row.host = peer_host_;
  if (state_.schema) row.db = *state_.schema;
  if (phase_ != Phase::kCommand) {
    row.command = "Connect";
    row.state = "login";
  } else if (running_) {
    row.command = "Query";
    row.state = "executing";
    row.info = current_sql_;
  } else {
    row.command = "Sleep";
  }
  row.time = std::max<int64_t>(0, absl::ToInt64Seconds(now - command_since_));
  return row;
}

void ClientSession::OnDrain() {
  if (phase_ == Phase::kClosed) return;
  if (phase_ != Phase::kCommand) {  // still logging in: never served, nothing to lose
    Close();
    return;
  }
  if (running_ || !DrainRequested()) return;  // Done() closes it when the statement is over
  CloseWhenFlushed();
}

void ClientSession::SendErrorAndClose(const absl::Status& status) {
  if (phase_ == Phase::kClosed) return;
  SP_LOG(kInfo, "session", "closing connection ", connection_id_, ": ", status.message());
  SendError(status);
  Flush();  // best effort: the socket is closed right after
  Close();
}

}  // namespace shardproxy
