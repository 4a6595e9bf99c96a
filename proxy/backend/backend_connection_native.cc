// Native prepared statements: COM_STMT_PREPARE / COM_STMT_EXECUTE / COM_STMT_CLOSE written to and
// read from Connector/C's socket by the proxy itself. Connector/C is between commands all the
// while (its state is "ready" and its read-ahead buffer empty, since the server sends nothing
// unasked), and every later Connector/C command starts its packets at sequence id 0 again.
#include <errno.h>
#include <mysql.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/backend_error.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/com_stmt_close.h"
#include "proxy/protocol/com_stmt_prepare.h"
#include "proxy/protocol/session_state.h"

namespace shardproxy {
namespace {

constexpr size_t kNativeReadChunk = 16 * 1024;
// The backend's replies are bounded by its max_allowed_packet, not the client-facing limit.
constexpr size_t kNativeMaxPayload = size_t{1} << 30;

// Connector/C's session tracking items, as ReadSessionTrack gives them, from an OK's raw block.
void DecodeTracking(absl::string_view changes, std::vector<SessionTrackEntry>* out) {
  absl::StatusOr<std::vector<SessionStateItem>> items = DecodeSessionStateChanges(changes);
  if (!items.ok()) return;
  for (const SessionStateItem& item : *items) {
    SessionTrackEntry entry{item.type, "", ""};
    if (item.type == SessionTrackType::kSystemVariables) {
      absl::string_view name, value;
      if (!DecodeSessionTrackSystemVariable(item.data, &name, &value).ok()) continue;
      entry.name.assign(name.data(), name.size());
      entry.value.assign(value.data(), value.size());
    } else {
      absl::StatusOr<absl::string_view> value = DecodeSessionTrackString(item.data);
      if (!value.ok()) continue;
      entry.value.assign(value->data(), value->size());
    }
    out->push_back(std::move(entry));
  }
}

}  // namespace

uint64_t BackendConnection::NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

BackendProtocol BackendConnection::NativeProtocol() {
  if (native_protocol_.has_value()) return *native_protocol_;
  BackendProtocol protocol;
  protocol.capabilities = static_cast<uint32_t>(mysql_->server_capabilities & mysql_->client_flag);
  if ((mysql_->server_capabilities & CLIENT_MYSQL) == 0) {
    size_t extended = 0;
    if (mariadb_get_infov(mysql_, MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &extended) ==
        0) {
      // What this Connector/C asks for, as far as the server offers it.
      protocol.mariadb_capabilities =
          static_cast<uint32_t>(extended & (MARIADB_CLIENT_SUPPORTED_FLAGS >> 32));
    }
  }
  native_protocol_ = protocol;
  return protocol;
}

void BackendConnection::PrepareNative(absl::string_view sql, NativePrepareCallback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, sql = std::string(sql), done = std::move(done)]() mutable {
      PrepareNative(sql, std::move(done));
    });
    return;
  }
  std::string request;
  uint8_t sequence_id = 0;
  std::string payload;
  EncodeComStmtPrepare(ComStmtPrepare{sql}, &payload);
  AppendPacket(payload, &sequence_id, &request);
  native_prepare_ = std::make_unique<PrepareResponseReader>(NativeProtocol());
  native_executing_ = false;
  auto finish = [this, callback = std::move(done)](absl::Status status) mutable {
    std::unique_ptr<PrepareResponseReader> reader = std::move(native_prepare_);
    if (!status.ok()) return callback(std::move(status));
    if (reader->server_error().has_value()) return callback(BackendError(*reader->server_error()));
    bonds_ |= session_bond::kNativeStatements;
    NativeStatement statement;
    statement.backend_id = reader->statement_id();
    statement.shape.num_params = reader->num_params();
    statement.shape.warnings = reader->warnings();
    statement.shape.columns = std::move(reader->columns());
    callback(std::move(statement));
  };
  if (!StartNative(request, std::move(finish))) {
    native_prepare_.reset();
  }
}

void BackendConnection::ExecuteNative(absl::string_view request,
                                      std::vector<ColumnDefinition>* columns,
                                      NativeResultObserver* observer, Callback done) {
  if (kill_gate_ && kill_gate_->pending > 0) {
    HoldWhileKillPending([this, request = std::string(request), columns, observer,
                          done = std::move(done)]() mutable {
      ExecuteNative(request, columns, observer, std::move(done));
    });
    return;
  }
  native_prepare_.reset();
  native_execute_.Start(NativeProtocol(), columns);
  native_executing_ = true;
  native_observer_ = observer;
  if (!StartNative(request, std::move(done))) native_observer_ = nullptr;
}

void BackendConnection::CloseNative(uint32_t backend_id) {
  std::string payload;
  EncodeComStmtClose(ComStmtClose{backend_id}, &payload);
  uint8_t sequence_id = 0;
  AppendPacket(payload, &sequence_id, &native_closes_);
  // On an idle connection at once: the server's limit on prepared statements
  // (max_prepared_stmt_count) is global.
  if (phase_ != Phase::kReady || op_ != Op::kNone || fd_ < 0) return;
  ssize_t n = send(fd_, native_closes_.data(), native_closes_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n == static_cast<ssize_t>(native_closes_.size())) {
    native_closes_.clear();
  } else if (n > 0) {
    // Part of a packet went out: anything sent next would be out of step.
    MarkBroken();
  }  // else nothing went out: the closes wait for the next native command
}

bool BackendConnection::StartNative(absl::string_view request, Callback done) {
  if (phase_ != Phase::kReady || fd_ < 0) {
    Reject(std::move(done), NotReadyError());
    return false;
  }
  ++api_depth_;
  done_ = std::move(done);
  phase_ = Phase::kCommand;
  op_ = Op::kNative;
  native_out_.clear();
  native_out_.append(native_closes_);
  native_closes_.clear();
  native_out_.append(request.data(), request.size());
  native_written_ = 0;
  native_paused_ = false;
  statement_internal_ = false;
  statement_only_sets_ = false;
  if (!native_in_) native_in_ = std::make_unique<PacketFramer>(kNativeMaxPayload);
  NativeWrite();  // the reply is read when the socket says it is there
  --api_depth_;
  return true;
}

void BackendConnection::NativeIo(uint32_t events) {
  if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0 && native_written_ < native_out_.size()) {
    if (!NativeWrite()) return;
  }
  if (native_written_ == native_out_.size() && !native_paused_) NativeRead();
}

bool BackendConnection::NativeWrite() {
  while (native_written_ < native_out_.size()) {
    ssize_t n = send(fd_, native_out_.data() + native_written_,
                     native_out_.size() - native_written_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      native_written_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // EPOLLOUT continues
    EndNative(LostConnectionError(*endpoint_, "sending a prepared statement",
                                  n < 0 ? strerror(errno) : "connection closed"));
    return false;
  }
  return true;
}

void BackendConnection::NativeRead() {
  for (;;) {
    // Whole packets already here first: a paused execute resumes from its buffer.
    Packet packet;
    absl::StatusOr<bool> framed;
    while ((framed = native_in_->Next(&packet)).ok() && *framed) {
      if (!NativePacket(packet.payload)) return;
    }
    if (!framed.ok()) {
      MarkBroken();
      EndNative(LostConnectionError(*endpoint_, "reading a prepared statement's reply",
                                    framed.status().message()));
      return;
    }
    char* into = native_in_->PrepareAppend(kNativeReadChunk);
    ssize_t n = recv(fd_, into, kNativeReadChunk, MSG_DONTWAIT);
    native_in_->CommitAppend(n > 0 ? static_cast<size_t>(n) : 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // EPOLLIN continues
    MarkBroken();
    EndNative(LostConnectionError(*endpoint_, "reading a prepared statement's reply",
                                  n < 0 ? strerror(errno) : "connection closed by the server"));
    return;
  }
}

bool BackendConnection::NativePacket(absl::string_view payload) {
  if (!native_executing_) {
    absl::StatusOr<bool> complete = native_prepare_->Feed(payload);
    if (!complete.ok()) {
      MarkBroken();
      EndNative(LostConnectionError(*endpoint_, "preparing", complete.status().message()));
      return false;
    }
    if (*complete) EndNative(absl::OkStatus());
    return !*complete;
  }
  absl::StatusOr<ExecuteResponseReader::Event> event = native_execute_.Feed(payload);
  if (!event.ok()) {
    MarkBroken();
    EndNative(LostConnectionError(*endpoint_, "executing", event.status().message()));
    return false;
  }
  bool more = !native_execute_.done();
  bool go_on = true;
  switch (*event) {
    case ExecuteResponseReader::Event::kNeedMore:
      return true;
    case ExecuteResponseReader::Event::kOk: {
      const OkPacket& packet = native_execute_.ok();
      ok_.affected_rows = packet.affected_rows;
      ok_.last_insert_id = packet.last_insert_id;
      ok_.status_flags = packet.status_flags;
      ok_.warnings = packet.warnings;
      ok_.info.assign(packet.info.data(), packet.info.size());
      ok_.session_track.clear();
      server_status_ = packet.status_flags;
      if ((packet.status_flags & server_status::kSessionStateChanged) != 0) {
        DecodeTracking(packet.session_state_changes, &ok_.session_track);
        ApplyTracking(ok_.session_track);
      }
      go_on = native_observer_->OnNativeOk(ok_, more);
      break;
    }
    case ExecuteResponseReader::Event::kColumns:
      go_on = native_observer_->OnNativeColumns(native_execute_.columns(),
                                                native_execute_.columns_end_flags());
      break;
    case ExecuteResponseReader::Event::kRow:
      go_on = native_observer_->OnNativeRow(native_execute_.row());
      break;
    case ExecuteResponseReader::Event::kEnd:
      server_status_ = native_execute_.end_flags();
      go_on = native_observer_->OnNativeEnd(native_execute_.end_flags(),
                                            native_execute_.end_warnings(), more);
      break;
    case ExecuteResponseReader::Event::kError:
      EndNative(BackendError(native_execute_.server_error()));
      return false;
  }
  if (!more) {
    EndNative(absl::OkStatus());
    return false;
  }
  if (!go_on) native_paused_ = true;
  return go_on;
}

void BackendConnection::ResumeNative() {
  if (op_ != Op::kNative || !native_paused_) return;
  native_paused_ = false;
  NativeRead();
}

void BackendConnection::EndNative(absl::Status status) {
  op_ = Op::kNone;
  native_observer_ = nullptr;
  native_paused_ = false;
  if (phase_ != Phase::kBroken) phase_ = Phase::kReady;
  last_used_ = loop_->Now();
  Finish(std::move(status));
}

}  // namespace shardproxy
