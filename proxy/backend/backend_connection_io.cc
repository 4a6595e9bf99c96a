// BackendConnection: the asynchronous Connector/C call machinery and the socket on the loop.
#include <mysql.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

#include "common/log.h"
#include "proxy/backend/backend_connection.h"

namespace shardproxy {
namespace {

// Edge-triggered, registered once: Connector/C always tries the socket before it asks to wait,
// so a wait always starts from "would block" and the next edge is the one it needs. No epoll_ctl
// per statement, and a paused row stream does not make the loop spin on a readable socket.
constexpr uint32_t kWatchedEvents = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
constexpr uint32_t kReadableEvents = EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
constexpr uint32_t kWritableEvents = EPOLLOUT | EPOLLHUP | EPOLLERR;

}  // namespace

void BackendConnection::StartOp(Op op, Step then) {
  op_ = op;
  then_ = then;
  HandleOpStatus(CallStart(op));
}

void BackendConnection::ContinueOp(int ready_events) {
  if (op_timer_ != 0) {
    loop_->CancelTimer(op_timer_);
    op_timer_ = 0;
  }
  HandleOpStatus(CallContinue(op_, ready_events));
}

void BackendConnection::HandleOpStatus(int status) {
  if (status == 0) {
    completed_op_ = op_;
    op_ = Op::kNone;
    wait_status_ = 0;
    Step then = then_;
    then_ = nullptr;
    (this->*then)();  // may start the next call or hand control to the user: return right away
    return;
  }
  wait_status_ = status;
  WatchSocket(status);
}

void BackendConnection::WatchSocket(int wait_status) {
  int socket = mysql_get_socket(mysql_);
  // While connecting, Connector/C may close one socket and open another (one per address), and
  // the new one may get the old number: register afresh on every wait.
  if (socket >= 0 && (socket != fd_ || op_ == Op::kConnect)) {
    if (fd_ >= 0) loop_->Remove(fd_);
    fd_ = socket;
    absl::Status added = loop_->Add(fd_, kWatchedEvents, this);
    if (!added.ok()) {
      SP_LOG(kError, "backend", "cannot watch connection to ", endpoint_->Describe(), ": ",
             added.ToString());
      fd_ = -1;
    }
  }
  if ((wait_status & MYSQL_WAIT_TIMEOUT) != 0) {
    unsigned int millis = mysql_get_timeout_value_ms(mysql_);
    op_timer_ = loop_->AddTimer(absl::Milliseconds(millis), [this] {
      op_timer_ = 0;
      ContinueOp(MYSQL_WAIT_TIMEOUT);
    });
  }
}

void BackendConnection::OnIoReady(uint32_t events) {
  if (op_ == Op::kNative) {
    NativeIo(events);
    return;
  }
  if (op_ == Op::kNone) {
    // Nobody is reading. On a connection between commands the server only speaks to close it
    // (wait_timeout, KILL, shutdown); edge-triggered epoll may also report data that a finished
    // call has already consumed, so look before concluding.
    if (phase_ != Phase::kReady) return;
    bool closed = (events & (EPOLLHUP | EPOLLERR)) != 0;
    if (!closed && (events & (EPOLLIN | EPOLLRDHUP)) != 0) {
      char byte;
      ssize_t n = recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      closed = n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    }
    if (!closed) return;
    SP_LOG(kInfo, "backend", "data source ", endpoint_->Describe(),
           " closed an idle connection (thread ", thread_id_, ")");
    MarkBroken();
    if (broken_handler_) {
      absl::AnyInvocable<void()> handler = std::move(broken_handler_);
      handler();  // the pool drops the connection (deferred)
    }
    return;
  }
  if (op_ == Op::kAwaitReply) {
    if ((events & kReadableEvents) == 0) return;
    op_ = Op::kNone;
    wait_status_ = 0;
    StartOp(Op::kReadQueryResult, &BackendConnection::AfterReply);
    return;
  }
  int ready = 0;
  if ((wait_status_ & MYSQL_WAIT_READ) != 0 && (events & kReadableEvents) != 0) {
    ready |= MYSQL_WAIT_READ;
  }
  if ((wait_status_ & MYSQL_WAIT_WRITE) != 0 && (events & kWritableEvents) != 0) {
    ready |= MYSQL_WAIT_WRITE;
  }
  if ((wait_status_ & MYSQL_WAIT_EXCEPT) != 0 && (events & (EPOLLPRI | EPOLLERR)) != 0) {
    ready |= MYSQL_WAIT_EXCEPT;
  }
  if (ready != 0) ContinueOp(ready);
}

int BackendConnection::CallStart(Op op) {
  const BackendEndpoint& ep = *endpoint_;
  switch (op) {
    case Op::kConnect: {
      unsigned long flags = CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS |
                            CLIENT_PS_MULTI_RESULTS | (options_.found_rows ? CLIENT_FOUND_ROWS : 0);
      return mysql_real_connect_start(
          &connect_ret_, mysql_, ep.connect_host(), ep.user.c_str(), ep.password.c_str(),
          ep.database.empty() ? nullptr : ep.database.c_str(), static_cast<unsigned int>(ep.port),
          ep.connect_socket(), flags);
    }
    case Op::kQuery:
      return mysql_real_query_start(&int_ret_, mysql_, sql_.data(), sql_.size());
    case Op::kSendQuery:
      return mysql_send_query_start(&int_ret_, mysql_, sql_.data(), sql_.size());
    case Op::kReadQueryResult:
      return mysql_read_query_result_start(&bool_ret_, mysql_);
    case Op::kNextResult:
      return mysql_next_result_start(&int_ret_, mysql_);
    case Op::kFetchRow:
      return mysql_fetch_row_start(&row_ret_, res_);
    case Op::kFreeResult:
      return mysql_free_result_start(res_);
    case Op::kPing:
      return mysql_ping_start(&int_ret_, mysql_);
    case Op::kReset:
      return mysql_reset_connection_start(&int_ret_, mysql_);
    case Op::kChangeUser:
      return mysql_change_user_start(&bool_ret_, mysql_, ep.user.c_str(), ep.password.c_str(),
                                     nullptr);
    case Op::kSelectDb:
      return mysql_select_db_start(&int_ret_, mysql_, sql_.c_str());
    case Op::kSetOption:
      return mysql_set_server_option_start(&int_ret_, mysql_,
                                           sync_target_.multi_statements
                                               ? MYSQL_OPTION_MULTI_STATEMENTS_ON
                                               : MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    case Op::kStmtPrepare:
      return mysql_stmt_prepare_start(&int_ret_, stmt_, sql_.data(), sql_.size());
    case Op::kStmtClose:
      return mysql_stmt_close_start(&bool_ret_, stmt_);
    case Op::kNative:      // the socket is read and written directly
    case Op::kAwaitReply:  // no call in progress: nothing to start or continue
    case Op::kNone:
      break;
  }
  return 0;
}

int BackendConnection::CallContinue(Op op, int ready) {
  switch (op) {
    case Op::kConnect:
      return mysql_real_connect_cont(&connect_ret_, mysql_, ready);
    case Op::kQuery:
      return mysql_real_query_cont(&int_ret_, mysql_, ready);
    case Op::kSendQuery:
      return mysql_send_query_cont(&int_ret_, mysql_, ready);
    case Op::kReadQueryResult:
      return mysql_read_query_result_cont(&bool_ret_, mysql_, ready);
    case Op::kNextResult:
      return mysql_next_result_cont(&int_ret_, mysql_, ready);
    case Op::kFetchRow:
      return mysql_fetch_row_cont(&row_ret_, res_, ready);
    case Op::kFreeResult:
      return mysql_free_result_cont(res_, ready);
    case Op::kPing:
      return mysql_ping_cont(&int_ret_, mysql_, ready);
    case Op::kReset:
      return mysql_reset_connection_cont(&int_ret_, mysql_, ready);
    case Op::kChangeUser:
      return mysql_change_user_cont(&bool_ret_, mysql_, ready);
    case Op::kSelectDb:
      return mysql_select_db_cont(&int_ret_, mysql_, ready);
    case Op::kSetOption:
      return mysql_set_server_option_cont(&int_ret_, mysql_, ready);
    case Op::kStmtPrepare:
      return mysql_stmt_prepare_cont(&int_ret_, stmt_, ready);
    case Op::kStmtClose:
      return mysql_stmt_close_cont(&bool_ret_, stmt_, ready);
    case Op::kNative:      // the socket is read and written directly
    case Op::kAwaitReply:  // no call in progress: nothing to start or continue
    case Op::kNone:
      break;
  }
  return 0;
}

void BackendConnection::AbandonOp() {
  if (op_ == Op::kNone) return;
  if (op_timer_ != 0) {
    loop_->CancelTimer(op_timer_);
    op_timer_ = 0;
  }
  // A suspended call ends (with an error) when told that its wait timed out.
  int status = wait_status_;
  for (int i = 0; i < 64 && status != 0; ++i) status = CallContinue(op_, MYSQL_WAIT_TIMEOUT);
  if (status != 0) {
    SP_LOG(kError, "backend", "a call on the connection to ", endpoint_->Describe(),
           " did not end when abandoned");
  }
  op_ = Op::kNone;
  then_ = nullptr;
  wait_status_ = 0;
}

}  // namespace shardproxy
