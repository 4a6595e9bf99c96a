// COM_CHANGE_USER: re-authenticate as another user (and reset the session) on an open connection.
// The auth response is signed with the scramble of the initial handshake, or the session answers
// with an AuthSwitchRequest carrying a fresh one, as MariaDB does. On success the session state is
// reset as after a new login (prepared statements, variables, temporary tables).
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_CHANGE_USER_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_CHANGE_USER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proxy/protocol/connect_attributes.h"

namespace shardproxy {

struct ComChangeUser {
  std::string username;
  std::string auth_response;
  std::string database;          // empty: none
  uint16_t character_set = 0;    // 0: not sent, keep the connection's
  std::string auth_plugin_name;  // empty: not sent
  ConnectAttributes connect_attributes;

  friend bool operator==(const ComChangeUser&, const ComChangeUser&) = default;
};

// `capabilities` are the negotiated ones. The character set, the plugin name and the attributes
// are each optional at the end of the packet (clients differ); a field cut short is an error.
void EncodeComChangeUser(const ComChangeUser& command, uint32_t capabilities, std::string* out);
absl::StatusOr<ComChangeUser> DecodeComChangeUser(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_CHANGE_USER_H_
