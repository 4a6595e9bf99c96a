// The connection phase of ClientSession: initial handshake, authentication against the
// configured users (mysql_native_password, caching_sha2_password's fast path, an auth switch for
// anything else), the database named in the handshake, and COM_CHANGE_USER.
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "proxy/protocol/auth_switch.h"
#include "proxy/protocol/caching_sha2_password.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/com_change_user.h"
#include "proxy/protocol/handshake_response.h"
#include "proxy/protocol/initial_handshake.h"
#include "proxy/protocol/native_password.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/server/client_session.h"

namespace shardproxy {

void ClientSession::SendInitialHandshake() {
  absl::StatusOr<std::string> scramble = GenerateScramble();
  if (!scramble.ok()) {
    SendErrorAndClose(scramble.status());
    return;
  }
  scramble_ = *std::move(scramble);
  InitialHandshake handshake{.server_version = env_->server_version,
                             .connection_id = connection_id_,
                             .auth_plugin_data = scramble_,
                             .capabilities = capability::kProxyServerCapabilities,
                             .character_set = 45,  // utf8mb4_general_ci
                             .status_flags = server_status::kAutocommit,
                             .auth_plugin_name = std::string(kNativePasswordPlugin)};
  sequence_id_ = 0;
  size_t at = BeginPacket(&out_);
  EncodeInitialHandshake(handshake, &out_);
  FinishPacket(at, &sequence_id_, &out_);
}

bool ClientSession::CheckPassword(absl::string_view plugin, absl::string_view response) const {
  const UserConfig* user = env_->config->FindUser(user_);
  if (user == nullptr) return false;
  if (plugin == kCachingSha2PasswordPlugin) {
    return VerifyCachingSha2Password(scramble_, user->password, response);
  }
  return VerifyNativePasswordPlaintext(scramble_, user->password, response);
}

void ClientSession::HandleHandshakeResponse(const Packet& packet) {
  if (packet.sequence_id != 1) {
    SendErrorAndClose(PacketsOutOfOrderError(1, packet.sequence_id));
    return;
  }
  sequence_id_ = NextSequenceId(packet.last_sequence_id);
  if (IsSslRequest(packet.payload)) {
    SendErrorAndClose(SslNotSupportedError());
    return;
  }
  absl::StatusOr<HandshakeResponse41> response =
      DecodeHandshakeResponse41(packet.payload, capability::kProxyServerCapabilities);
  if (!response.ok()) {
    SendErrorAndClose(response.status());
    return;
  }
  capabilities_ = response->capabilities & capability::kProxyServerCapabilities;
  user_ = response->username;
  collation_id_ = response->character_set;
  pending_database_ = response->database;
  const std::string& plugin = response->auth_plugin_name;
  if (plugin.empty() || plugin == kNativePasswordPlugin || plugin == kCachingSha2PasswordPlugin) {
    if (!CheckPassword(plugin, response->auth_response)) {
      FailAuthentication(!response->auth_response.empty());
      return;
    }
    if (plugin == kCachingSha2PasswordPlugin) {
      size_t at = BeginPacket(&out_);
      EncodeAuthMoreData({std::string(1, static_cast<char>(kCachingSha2FastAuthSuccess))}, &out_);
      FinishPacket(at, &sequence_id_, &out_);
    }
    FinishAuthentication();
    return;
  }
  // Another plugin (ed25519, clear password, ...): ask for mysql_native_password instead.
  size_t at = BeginPacket(&out_);
  EncodeAuthSwitchRequest(AuthSwitchRequestFor(kNativePasswordPlugin, scramble_), &out_);
  FinishPacket(at, &sequence_id_, &out_);
  phase_ = Phase::kAwaitingAuthSwitchResponse;
}

void ClientSession::HandleAuthSwitchResponse(const Packet& packet) {
  if (packet.sequence_id != sequence_id_) {
    SendErrorAndClose(PacketsOutOfOrderError(sequence_id_, packet.sequence_id));
    return;
  }
  sequence_id_ = NextSequenceId(packet.last_sequence_id);
  absl::StatusOr<AuthSwitchResponse> response =
      DecodeAuthSwitchResponse(packet.payload, capabilities_);
  if (!response.ok()) {
    SendErrorAndClose(response.status());
    return;
  }
  if (!CheckPassword(kNativePasswordPlugin, response->auth_data)) {
    FailAuthentication(!response->auth_data.empty());
    return;
  }
  FinishAuthentication();
}

void ClientSession::FailAuthentication(bool using_password) {
  // The password is never logged, only who tried.
  SP_LOG(kInfo, "session", "access denied for user '", user_, "'@'", peer_host_, "' on connection ",
         connection_id_);
  SendErrorAndClose(AccessDeniedError(user_, peer_host_, using_password));
}

void ClientSession::FinishAuthentication() {
  if (handshake_timer_ != 0) {
    env_->loop->CancelTimer(handshake_timer_);
    handshake_timer_ = 0;
  }
  uint16_t collation = collation_id_;
  if (change_user_in_progress_) {
    change_user_in_progress_ = false;
    if (change_user_collation_ != 0) collation = change_user_collation_;
    collation_id_ = collation;
  }
  StartSession(collation, pending_database_);
}

void ClientSession::StartSession(uint16_t collation_id, const std::string& database) {
  absl::StatusOr<SessionState> state = SessionState::ForClient(
      collation_id, absl::nullopt, (capabilities_ & capability::kMultiStatements) != 0);
  if (!state.ok()) {
    SendErrorAndClose(state.status());
    return;
  }
  state_ = *std::move(state);
  status_flags_ = server_status::kAutocommit;
  if (!handler_) {
    HandlerContext context{.loop = env_->loop,
                           .config = env_->config,
                           .pools = env_->pools,
                           .session_state = &state_,
                           .client_found_rows = (capabilities_ & capability::kFoundRows) != 0,
                           .ops = env_->ops,
                           .worker_index = env_->worker_index,
                           .connection_id = connection_id_,
                           .user = &user_};
    handler_ = env_->make_handler(std::move(context));
  }
  if (database.empty()) {
    phase_ = Phase::kCommand;
    SendOk();
    return;
  }
  // MariaDB refuses the login when the database does not exist: USE it before the OK.
  phase_ = Phase::kSelectingDatabase;
  select_database_failed_ = false;
  std::string quoted = "`";
  for (char c : database) {
    if (c == '`') quoted.push_back('`');
    quoted.push_back(c);
  }
  statement_sql_ = absl::StrCat("USE ", quoted, "`");
  RunStatement(statement_sql_, ResultMode::kSelectDatabase);
}

void ClientSession::HandleChangeUser(absl::string_view payload) {
  absl::StatusOr<ComChangeUser> change = DecodeComChangeUser(payload, capabilities_);
  if (!change.ok()) {
    SendErrorAndClose(change.status());
    return;
  }
  // Everything of the old session goes, whether or not the new login succeeds.
  handler_->ResetSession();
  statements_.clear();
  last_statement_id_ = 0;
  user_ = change->username;
  pending_database_ = change->database;
  change_user_collation_ = change->character_set;
  change_user_in_progress_ = true;
  const std::string& plugin = change->auth_plugin_name;
  if (plugin.empty() || plugin == kNativePasswordPlugin || plugin == kCachingSha2PasswordPlugin) {
    if (!CheckPassword(plugin, change->auth_response)) {
      FailAuthentication(!change->auth_response.empty());
      return;
    }
    FinishAuthentication();
    return;
  }
  size_t at = BeginPacket(&out_);
  EncodeAuthSwitchRequest(AuthSwitchRequestFor(kNativePasswordPlugin, scramble_), &out_);
  FinishPacket(at, &sequence_id_, &out_);
  phase_ = Phase::kAwaitingAuthSwitchResponse;
}

}  // namespace shardproxy
