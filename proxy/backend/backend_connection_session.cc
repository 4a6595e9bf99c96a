// BackendConnection: bringing the backend session to the state a client session expects
// (Sync), COM_RESET_CONNECTION and COM_PING.
#include <mysql.h>

#include <utility>

#include "common/mysql_error.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/backend_error.h"

namespace shardproxy {

void BackendConnection::Sync(const SessionState& desired, Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending(
        [this, desired, done = std::move(done)]() mutable { Sync(desired, std::move(done)); });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject(std::move(done), NotReadyError());
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  query_after_sync_ = false;
  StartSync(desired);
  --api_depth_;
}

void BackendConnection::StartSync(const SessionState& desired) {
  sync_plan_ = ComputeSyncPlan(desired, state_);
  if (!sync_plan_.empty()) sync_target_ = desired;
  ContinueSync();
}

void BackendConnection::ContinueSync() {
  if (sync_plan_.change_user) {
    sync_plan_.change_user = false;
    phase_ = Phase::kCommand;
    StartOp(Op::kChangeUser, &BackendConnection::AfterSyncChangeUser);
    return;
  }
  if (sync_plan_.use_schema) {
    sql_ = std::move(*sync_plan_.use_schema);  // kSelectDb reads the name from sql_
    sync_plan_.use_schema.reset();
    phase_ = Phase::kCommand;
    StartOp(Op::kSelectDb, &BackendConnection::AfterSyncStep);
    return;
  }
  if (!sync_plan_.set_statement.empty()) {
    std::string statement = std::move(sync_plan_.set_statement);
    sync_plan_.set_statement.clear();
    SendStatement(statement, true, &BackendConnection::AfterSyncStep);
    return;
  }
  if (sync_plan_.multi_statements) {
    sync_plan_.multi_statements.reset();  // kSetOption reads sync_target_.multi_statements
    phase_ = Phase::kCommand;
    StartOp(Op::kSetOption, &BackendConnection::AfterSyncStep);
    return;
  }
  if (phase_ == Phase::kCommand) {
    // Something ran: the connection now is what was asked for. Taking the target verbatim
    // (rather than what tracking echoed) keeps desired == actual, so the next Sync is a no-op.
    state_.schema = sync_target_.schema;
    state_.variables = sync_target_.variables;
    state_.multi_statements = sync_target_.multi_statements;
    ++state_version_;
  }
  phase_ = Phase::kReady;
  if (query_after_sync_) {
    query_after_sync_ = false;
    std::string sql = std::move(pending_query_);
    pending_query_.clear();
    StartUserStatement(sql);
    return;
  }
  Finish(absl::OkStatus());
}

void BackendConnection::AfterSyncStep() {
  absl::Status status;
  if (completed_op_ == Op::kQuery) {
    status = FinishInternalStatement("session sync");
  } else if (int_ret_ != 0) {
    status = StatementError("session sync");
  }
  if (!status.ok()) {
    query_after_sync_ = false;
    if (!is_broken()) phase_ = Phase::kReady;
    Finish(std::move(status));
    return;
  }
  ContinueSync();
}

void BackendConnection::AfterSyncChangeUser() {
  if (bool_ret_ != 0) {
    absl::Status status = StatementError("session sync (change user)");
    // A failed COM_CHANGE_USER leaves the session in no state we can describe.
    MarkBroken();
    query_after_sync_ = false;
    Finish(std::move(status));
    return;
  }
  ResetLocalStateAfterSessionReset(absl::nullopt);
  RunTrackingSetup(&BackendConnection::AfterSyncTrackingSetup);
}

void BackendConnection::AfterSyncTrackingSetup() {
  absl::Status status = FinishInternalStatement("session sync (change user)");
  if (!status.ok()) {
    MarkBroken();
    query_after_sync_ = false;
    Finish(std::move(status));
    return;
  }
  server_status_ = internal_ok_.status_flags;
  sync_plan_ = ComputeSyncPlan(sync_target_, state_);
  phase_ = Phase::kCommand;
  ContinueSync();
}

void BackendConnection::ResetSession(Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending(
        [this, done = std::move(done)]() mutable { ResetSession(std::move(done)); });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject(std::move(done), NotReadyError());
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  phase_ = Phase::kCommand;
  StartOp(Op::kReset, &BackendConnection::AfterReset);
  --api_depth_;
}

void BackendConnection::AfterReset() {
  if (int_ret_ != 0) {
    absl::Status status = StatementError("reset");
    MarkBroken();
    Finish(std::move(status));
    return;
  }
  RunTrackingSetup(&BackendConnection::AfterResetTrackingSetup);
}

void BackendConnection::AfterResetTrackingSetup() {
  absl::Status status = FinishInternalStatement("reset");
  if (!status.ok()) {
    MarkBroken();
    Finish(std::move(status));
    return;
  }
  // The reset keeps the current database.
  ResetLocalStateAfterSessionReset(state_.schema);
  phase_ = Phase::kReady;
  Finish(absl::OkStatus());
}

void BackendConnection::Ping(Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, done = std::move(done)]() mutable { Ping(std::move(done)); });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject(std::move(done), NotReadyError());
    return;
  }
  ++api_depth_;
  done_ = std::move(done);
  phase_ = Phase::kCommand;
  StartOp(Op::kPing, &BackendConnection::AfterPing);
  --api_depth_;
}

void BackendConnection::AfterPing() {
  if (int_ret_ != 0) {
    absl::Status status = StatementError("ping");
    if (!is_broken()) phase_ = Phase::kReady;
    Finish(std::move(status));
    return;
  }
  phase_ = Phase::kReady;
  last_used_ = loop_->Now();
  Finish(absl::OkStatus());
}

}  // namespace shardproxy
