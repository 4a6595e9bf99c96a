#include "proxy/server/passthrough_handler.h"

#include <utility>

#include "common/log.h"
#include "common/mysql_error.h"
#include "parser/classify.h"
#include "proxy/server/admin_statements.h"
#include "proxy/server/config_snapshot.h"
#include "proxy/protocol/server_status.h"
#include "proxy/server/ops_runtime.h"

namespace shardproxy {

PassthroughHandler::PassthroughHandler(HandlerContext context, BackendPool* pool,
                                       const absl::flat_hash_set<std::string>* sharded_tables)
    : context_(std::move(context)),
      pool_(pool),
      sharded_tables_(sharded_tables),
      max_execution_time_ms_(context_.config->timeouts.statement_ms) {}

PassthroughHandler::~PassthroughHandler() { Abort(); }

void PassthroughHandler::FollowReload() {
  if (context_.latest == nullptr) return;
  const ConfigSnapshot& latest = **context_.latest;
  BackendPool* pool = latest.PoolFor(latest.default_data_source());
  if (pool == pool_ || pool == nullptr) return;
  // Native prepared statements do not hold the session back: they are prepared again on the
  // new pool's connection when next executed.
  if (conn_ && conn_->IsSessionBound(session_bond::kNativeStatements) && !conn_->is_broken()) {
    return;
  }
  if (conn_) conn_.Release();
  pool_ = pool;
}

void PassthroughHandler::RunAdmin(absl::string_view sql) {
  std::weak_ptr<bool> alive = alive_;
  AdminContext admin{
      .loop = context_.loop, .config = (*context_.latest)->config, .reloader = context_.reloader};
  RunAdminStatement(sql, admin, [this, alive](AdminAnswer answer) {
    if (alive.expired() || sink_ == nullptr) return;
    uint16_t flags = context_.session_state->autocommit() ? server_status::kAutocommit : 0;
    if (conn_ && conn_->in_transaction()) flags |= server_status::kInTransaction;
    WriteAdminAnswer(answer, flags, /*more_results=*/false, sink_);
    Finish();
  });
}

void PassthroughHandler::Execute(absl::string_view sql, ResultSink* sink) {
  sink_ = sink;
  streaming_ = false;
  FollowReload();
  if (IsAdminStatement(sql)) return RunAdmin(sql);
  if (OpsStatement ops = RecognizeOpsStatement(sql); ops.kind != OpsStatementKind::kNone) {
    return RunOpsStatement(ops);
  }
  if (sharded_tables_ != nullptr && digest_.Compute(sql).ok() &&
      sql::MentionsAnyTable(digest_, *sharded_tables_)) {
    std::weak_ptr<bool> alive = alive_;
    context_.loop->AddTimer(absl::ZeroDuration(), [this, alive] {
      if (alive.expired() || sink_ == nullptr) return;
      sink_->WriteError(UnsupportedError(
          "statements on sharded or broadcast tables need the sharding executor, which this "
          "build does not have yet"));
      Finish();
    });
    return;
  }
  pending_sql_.assign(sql.data(), sql.size());
  WithConnection([this](absl::Status status) {
    if (sink_ == nullptr || EndIfFailed(status)) return;
    RunOn(pending_sql_);
  });
}

void PassthroughHandler::RunOpsStatement(const OpsStatement& statement) {
  std::weak_ptr<bool> alive = alive_;
  auto write = [this](const absl::StatusOr<LocalResult>& result) {
    if (sink_ == nullptr) return;  // the client went away meanwhile
    if (!result.ok()) {
      sink_->WriteError(result.status());
    } else {
      uint16_t flags = context_.session_state->autocommit() ? server_status::kAutocommit : 0;
      if (conn_ && conn_->in_transaction()) flags |= server_status::kInTransaction;
      WriteLocalResult(*result, flags, /*more_results=*/false, sink_);
    }
    Finish();
  };
  if (statement.kind == OpsStatementKind::kShowProcesslist) {
    return CollectProcesslist(context_, statement.full,
                              [alive, write](absl::StatusOr<LocalResult> result) mutable {
                                if (!alive.expired()) write(result);
                              });
  }
  if (statement.kind == OpsStatementKind::kKill) {
    return KillSession(context_, statement,
                       [alive, write](absl::StatusOr<LocalResult> result) mutable {
                         if (!alive.expired()) write(result);
                       });
  }
  context_.loop->AddTimer(absl::ZeroDuration(), [this, alive, statement, write]() mutable {
    if (alive.expired() || sink_ == nullptr) return;
    write(shardproxy::RunOpsStatement(statement, context_, &max_execution_time_ms_));
  });
}

void PassthroughHandler::WithConnection(absl::AnyInvocable<void(absl::Status)> then) {
  if (conn_ && !conn_->is_broken()) {
    then(absl::OkStatus());
    return;
  }
  if (conn_) conn_.Release();  // broken: the pool closes it; the next one gets our state
  waiting_for_connection_ = true;
  std::weak_ptr<bool> alive = alive_;
  ticket_ = pool_->Acquire(
      {.found_rows = context_.client_found_rows},
      [this, alive, then = std::move(then)](absl::StatusOr<PooledConnection> conn) mutable {
        if (alive.expired()) return;
        waiting_for_connection_ = false;
        if (!conn.ok()) {
          then(conn.status());
          return;
        }
        conn_ = std::move(*conn);
        then(absl::OkStatus());
      });
}

void PassthroughHandler::Prepare(absl::string_view sql, PrepareCallback done) {
  FollowReload();
  prepare_done_ = std::move(done);
  pending_sql_.assign(sql.data(), sql.size());
  std::weak_ptr<bool> alive = alive_;
  WithConnection([this, alive](absl::Status status) {
    if (!prepare_done_) return;
    if (!status.ok()) return AnswerPrepare(std::move(status));
    conn_->Sync(*context_.session_state, [this, alive](absl::Status synced) {
      if (alive.expired() || !prepare_done_) return;
      if (!synced.ok()) return AnswerPrepare(std::move(synced));
      conn_->Prepare(pending_sql_,
                     [this, alive](absl::StatusOr<BackendConnection::StatementShape> shape) {
                       if (alive.expired()) return;
                       AdoptBackendState();
                       AnswerPrepare(std::move(shape));
                     });
    });
  });
}

void PassthroughHandler::AnswerPrepare(absl::StatusOr<BackendConnection::StatementShape> shape) {
  if (conn_ && conn_->is_broken()) conn_.Release();
  PrepareCallback done = std::move(prepare_done_);
  if (done) done(std::move(shape));
}

bool PassthroughHandler::EndIfFailed(const absl::Status& status) {
  if (status.ok()) return false;
  sink_->WriteError(status);
  Finish();
  return true;
}

void PassthroughHandler::RunOn(absl::string_view sql) {
  std::weak_ptr<bool> alive = alive_;
  ArmStatementTimer(sql);
  conn_->SetWaker([this, alive] {
    if (!alive.expired() && streaming_ && sink_ != nullptr) PumpRows();
  });
  conn_->Query(*context_.session_state, sql, [this, alive](absl::Status status) {
    if (!alive.expired()) OnResult(std::move(status));
  });
}

void PassthroughHandler::OnResult(absl::Status status) {
  if (sink_ == nullptr) return;
  if (!status.ok()) {
    sink_->WriteError(TimeoutOr(status));
    Finish();
    return;
  }
  if (conn_->result_kind() == ResultKind::kOk) {
    bool more = conn_->has_more_results();
    sink_->WriteOk(conn_->ok_result(), more);
    if (more) {
      std::weak_ptr<bool> alive = alive_;
      conn_->NextResult([this, alive](absl::Status s) {
        if (!alive.expired()) OnResult(std::move(s));
      });
    } else {
      Finish();
    }
    return;
  }
  streaming_ = true;
  sink_->WriteColumns(conn_->rows()->columns());
  PumpRows();
}

void PassthroughHandler::PumpRows() {
  BackendRowStream* rows = conn_->rows();
  RowView row;
  StreamState state;
  while (sink_ != nullptr && sink_->WantsMore()) {
    state = rows->Next(&row);
    if (state == StreamState::kBlocked) return;
    if (state == StreamState::kFinished) {
      streaming_ = false;
      if (!rows->status().ok()) {
        sink_->WriteError(TimeoutOr(rows->status()));
        Finish();
        return;
      }
      bool more = conn_->has_more_results();
      sink_->WriteEnd(rows->end_status_flags(), rows->end_warnings(), more);
      if (more) {
        std::weak_ptr<bool> alive = alive_;
        conn_->NextResult([this, alive](absl::Status s) {
          if (!alive.expired()) OnResult(std::move(s));
        });
      } else {
        Finish();
      }
      return;
    }
    absl::Status written = sink_->WriteRow(row);
    if (sink_ == nullptr) return;  // writing found the client gone: Abort() ran
    if (!written.ok()) {
      // The rest of the result cannot be sent; the connection comes back mid-result and is
      // closed by the pool.
      streaming_ = false;
      conn_.Release();
      sink_->WriteError(written);
      Finish();
      return;
    }
  }
  // Paused by backpressure: Resume() continues.
}

void PassthroughHandler::Resume() {
  if (native_.running && sink_ != nullptr && conn_) return conn_->ResumeNative();
  if (streaming_ && sink_ != nullptr && conn_) PumpRows();
}

void PassthroughHandler::AdoptBackendState() {
  if (!conn_) return;
  if (conn_->session_state_version() != seen_state_version_) {
    *context_.session_state = conn_->session_state();
    seen_state_version_ = conn_->session_state_version();
  }
}

void PassthroughHandler::ArmStatementTimer(absl::string_view sql) {
  timed_out_ = false;
  if (max_execution_time_ms_ <= 0) return;
  // As MySQL's max_execution_time: read-only SELECTs only.
  if (!digest_.Compute(sql).ok() || sql::Classify(digest_).kind != sql::StatementClass::kSelect) {
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  statement_timer_ =
      context_.loop->AddTimer(absl::Milliseconds(max_execution_time_ms_), [this, alive] {
        if (alive.expired()) return;
        statement_timer_ = 0;
        if (sink_ == nullptr || !conn_) return;
        timed_out_ = true;
        if (context_.ops != nullptr) context_.ops->statement_timeouts->Add(context_.worker_index);
        pool_->KillQuery(conn_.get(), [](absl::Status) {});
      });
}

void PassthroughHandler::DisarmStatementTimer() {
  if (statement_timer_ != 0) context_.loop->CancelTimer(statement_timer_);
  statement_timer_ = 0;
}

absl::Status PassthroughHandler::TimeoutOr(absl::Status status) const {
  if (!timed_out_) return status;
  return MysqlStatus(mysql_errc::kQueryTimeout, "HY000",
                     "Query execution was interrupted, maximum statement execution time exceeded");
}

void PassthroughHandler::Finish() {
  DisarmStatementTimer();
  timed_out_ = false;
  AdoptBackendState();
  if (conn_ && (conn_->is_broken() || !conn_->is_ready())) conn_.Release();
  ResultSink* sink = sink_;
  sink_ = nullptr;
  streaming_ = false;
  sink->Done();
}

void PassthroughHandler::ResetSession() {
  if (conn_) conn_.Release();  // the pool resets a session-bound connection
  seen_state_version_ = 0;
  native_statements_.clear();  // the reset drops them on the backend
  native_serial_ = 0;
}

void PassthroughHandler::InterruptStatement() {
  if (sink_ == nullptr || !conn_) return;
  // As the statement timeout: the data source's own KILL QUERY, whose ERR 1317 the client gets.
  pool_->KillQuery(conn_.get(), [](absl::Status) {});
}

void PassthroughHandler::Abort() {
  DisarmStatementTimer();
  sink_ = nullptr;
  prepare_done_ = nullptr;
  streaming_ = false;
  native_.running = false;
  if (waiting_for_connection_) {
    pool_->CancelAcquire(ticket_);
    waiting_for_connection_ = false;
  }
  if (conn_) conn_.Release();
}

}  // namespace shardproxy
