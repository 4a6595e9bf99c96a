// BackendConnection::Prepare: the server's view of a statement (parameter count, result columns)
// through COM_STMT_PREPARE, then COM_STMT_CLOSE, both non-blocking.
#include <mysql.h>

#include <utility>

#include "common/mysql_error.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/backend_error.h"

namespace shardproxy {

void BackendConnection::Prepare(absl::string_view sql, PrepareCallback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, sql = std::string(sql), done = std::move(done)]() mutable {
      Prepare(sql, std::move(done));
    });
    return;
  }
  if (phase_ != Phase::kReady) {
    Reject([done = std::move(done)](absl::Status status) mutable { done(std::move(status)); },
           NotReadyError());
    return;
  }
  ++api_depth_;
  prepare_done_ = std::move(done);
  done_ = [this](absl::Status status) {
    PrepareCallback callback = std::move(prepare_done_);
    if (status.ok()) {
      callback(std::move(shape_));
    } else {
      callback(std::move(status));
    }
  };
  sql_.assign(sql.data(), sql.size());
  shape_ = StatementShape();
  result_kind_ = ResultKind::kNone;
  stmt_ = mysql_stmt_init(mysql_);
  if (stmt_ == nullptr) {
    Finish(InternalError("out of memory preparing a statement"));
    --api_depth_;
    return;
  }
  phase_ = Phase::kCommand;
  StartOp(Op::kStmtPrepare, &BackendConnection::AfterStmtPrepare);
  --api_depth_;
}

void BackendConnection::AfterStmtPrepare() {
  if (int_ret_ != 0) {
    unsigned int code = mysql_stmt_errno(stmt_);
    if (code == 0 || IsConnectionFatal(code)) {
      std::string detail = code == 0 ? "unknown error" : mysql_stmt_error(stmt_);
      MarkBroken();
      // The handle stays until the destructor: closing it would write to a dead socket.
      Finish(LostConnectionError(*endpoint_, "prepare", detail));
      return;
    }
    prepare_status_ = BackendError(MysqlError{static_cast<uint16_t>(code),
                                              mysql_stmt_sqlstate(stmt_), mysql_stmt_error(stmt_)});
  } else {
    prepare_status_ = absl::OkStatus();
    shape_.num_params = static_cast<uint16_t>(mysql_stmt_param_count(stmt_));
    shape_.warnings = static_cast<uint16_t>(mysql_warning_count(mysql_));
    MYSQL_RES* metadata = mysql_stmt_result_metadata(stmt_);
    if (metadata != nullptr) {
      ReadColumns(metadata, &shape_.columns);
      mysql_free_result(metadata);
    }
  }
  StartOp(Op::kStmtClose, &BackendConnection::AfterStmtClose);
}

void BackendConnection::AfterStmtClose() {
  stmt_ = nullptr;  // freed by mysql_stmt_close whatever it returned
  if (bool_ret_ != 0) {
    MarkBroken();
    Finish(LostConnectionError(*endpoint_, "closing a prepared statement", mysql_error(mysql_)));
    return;
  }
  phase_ = Phase::kReady;
  Finish(std::move(prepare_status_));
}

}  // namespace shardproxy
