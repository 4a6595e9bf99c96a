// PassthroughHandler's native prepared statements: the client's statements stay prepared on the
// session's backend connection and its binary executes go there as they are (new statement id,
// no cursor), their rows back unchanged. MariaDB then parses a statement once, as it does for a
// client connected to it directly. A connection that broke is replaced and the statements are
// prepared again on the new one when next executed.
#include <utility>

#include "absl/strings/match.h"
#include "parser/classify.h"
#include "proxy/backend/statement_scan.h"
#include "proxy/protocol/com_stmt_send_long_data.h"
#include "proxy/protocol/packet.h"
#include "proxy/server/passthrough_handler.h"

namespace shardproxy {

bool PassthroughHandler::RunsNatively(absl::string_view sql) {
  // User variables, GET_LOCK, SQL_CALC_FOUND_ROWS bind the session to its connection; the text
  // path sees that at each execute.
  if (ScanStatement(sql).BindsSession()) return false;
  if (!digest_.Compute(sql).ok()) return false;
  if (sharded_tables_ != nullptr && sql::MentionsAnyTable(digest_, *sharded_tables_)) return false;
  // Statements whose only effect on the session is what OK packets report. SET, USE, CALL,
  // DDL, PREPARE ... keep the text path, which follows every change they make.
  switch (sql::Classify(digest_).kind) {
    case sql::StatementClass::kSelect:
    case sql::StatementClass::kInsert:
    case sql::StatementClass::kReplace:
    case sql::StatementClass::kUpdate:
    case sql::StatementClass::kDelete:
    case sql::StatementClass::kBegin:
    case sql::StatementClass::kCommit:
    case sql::StatementClass::kRollback:
      return true;
    default:
      return false;
  }
}

void PassthroughHandler::FollowNativeConnection() {
  if (conn_ && conn_->serial() != native_serial_) {
    native_statements_.clear();
    native_serial_ = conn_->serial();
  }
}

void PassthroughHandler::PrepareOnConnection(ShapeCallback then) {
  std::weak_ptr<bool> alive = alive_;
  conn_->Sync(*context_.session_state,
              [this, alive, then = std::move(then)](absl::Status synced) mutable {
                if (alive.expired()) return;
                if (!synced.ok() || !conn_) return then(std::move(synced));
                conn_->PrepareNative(
                    native_.sql,
                    [this, alive, then = std::move(then)](
                        absl::StatusOr<BackendConnection::NativeStatement> prepared) mutable {
                      if (alive.expired()) return;
                      AdoptBackendState();
                      if (!prepared.ok()) return then(prepared.status());
                      FollowNativeConnection();
                      NativeStatement& statement = native_statements_[native_.id];
                      statement.backend_id = prepared->backend_id;
                      statement.types_sent = false;
                      statement.columns = prepared->shape.columns;
                      prepared->shape.native = true;
                      then(std::move(prepared->shape));
                    });
              });
}

void PassthroughHandler::PrepareNative(uint32_t id, absl::string_view sql, PrepareCallback done) {
  FollowReload();
  prepare_done_ = std::move(done);
  native_.id = id;
  native_.sql.assign(sql.data(), sql.size());
  WithConnection([this](absl::Status status) {
    if (!prepare_done_) return;
    if (!status.ok()) return AnswerPrepare(std::move(status));
    PrepareOnConnection([this](absl::StatusOr<BackendConnection::StatementShape> shape) {
      if (prepare_done_) AnswerPrepare(std::move(shape));
    });
  });
}

void PassthroughHandler::ExecuteNative(const NativeExecute& execute, ResultSink* sink) {
  sink_ = sink;
  streaming_ = false;
  FollowReload();
  native_.id = execute.id;
  native_.sql.assign(execute.sql.data(), execute.sql.size());
  native_.payload.assign(execute.payload.data(), execute.payload.size());
  native_.num_params = execute.num_params;
  native_.param_types.assign(execute.param_types.begin(), execute.param_types.end());
  native_.long_data.assign(execute.long_data.begin(), execute.long_data.end());
  WithConnection([this](absl::Status status) {
    if (sink_ == nullptr || EndIfFailed(status)) return;
    FollowNativeConnection();
    auto found = native_statements_.find(native_.id);
    if (found != native_statements_.end()) return SendNativeExecute(&found->second);
    PrepareOnConnection([this](absl::StatusOr<BackendConnection::StatementShape> prepared) {
      if (sink_ == nullptr || EndIfFailed(prepared.status())) return;
      SendNativeExecute(&native_statements_[native_.id]);
    });
  });
}

void PassthroughHandler::SendNativeExecute(NativeStatement* statement) {
  std::string& request = native_.request;
  std::string& payload = native_.packet;
  request.clear();
  for (size_t i = 0; i < native_.long_data.size(); ++i) {
    if (!native_.long_data[i].has_value()) continue;
    payload.clear();
    EncodeComStmtSendLongData(
        ComStmtSendLongData{.statement_id = statement->backend_id,
                            .param_id = static_cast<uint16_t>(i),
                            .data = *native_.long_data[i]},
        &payload);
    uint8_t sequence_id = 0;
    AppendPacket(payload, &sequence_id, &request);
  }
  RewriteStmtExecute(native_.payload, statement->backend_id, native_.num_params,
                     statement->types_sent ? absl::Span<const ParamType>() : native_.param_types,
                     &payload);
  uint8_t sequence_id = 0;
  AppendPacket(payload, &sequence_id, &request);
  statement->types_sent = statement->types_sent || !native_.param_types.empty();
  ArmStatementTimer(native_.sql);
  native_.running = true;
  std::weak_ptr<bool> alive = alive_;
  conn_->ExecuteNative(request, &statement->columns, this,
                       [this, alive](absl::Status status) {
                         if (alive.expired()) return;
                         native_.running = false;
                         if (sink_ == nullptr) return;
                         if (!status.ok()) sink_->WriteError(TimeoutOr(status));
                         Finish();
                       });
}

bool PassthroughHandler::OnNativeOk(const OkResult& ok, bool more_results) {
  if (sink_ == nullptr) return false;
  sink_->WriteOk(ok, more_results);
  return sink_ != nullptr;
}

bool PassthroughHandler::OnNativeColumns(absl::Span<const ColumnDefinition> columns,
                                         uint16_t status_flags) {
  if (sink_ == nullptr) return false;
  sink_->WriteColumnsAsSent(columns, status_flags);
  return sink_ != nullptr;
}

bool PassthroughHandler::OnNativeRow(absl::string_view payload) {
  if (sink_ == nullptr) return false;
  absl::Status written = sink_->WriteBinaryRow(payload);
  return written.ok() && sink_ != nullptr && sink_->WantsMore();
}

bool PassthroughHandler::OnNativeEnd(uint16_t status_flags, uint16_t warnings,
                                     bool more_results) {
  if (sink_ == nullptr) return false;
  sink_->WriteEnd(status_flags, warnings, more_results);
  return sink_ != nullptr;
}

void PassthroughHandler::CloseNative(uint32_t id) {
  auto found = native_statements_.find(id);
  if (found == native_statements_.end()) return;
  if (conn_ && conn_->serial() == native_serial_) conn_->CloseNative(found->second.backend_id);
  native_statements_.erase(found);
}

}  // namespace shardproxy
