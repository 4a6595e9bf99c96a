// Protocol::HandshakeV10, the first packet a server sends: who it is, what it can do, and the
// scramble (nonce) the client must sign its password with.
//
// The proxy reports its backend's server version here: Connector/J picks its start-up queries
// from it, and MariaDB clients look for "MariaDB" in it. A MariaDB server prefixes its version
// with "5.5.5-" for old replication clients (Connector/C strips it from mysql_get_server_info);
// the session should send the string the backend sent, prefix included.
#ifndef SHARDPROXY_PROXY_PROTOCOL_INITIAL_HANDSHAKE_H_
#define SHARDPROXY_PROXY_PROTOCOL_INITIAL_HANDSHAKE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

inline constexpr size_t kScrambleLength = 20;
inline constexpr absl::string_view kNativePasswordPlugin = "mysql_native_password";
inline constexpr absl::string_view kCachingSha2PasswordPlugin = "caching_sha2_password";

struct InitialHandshake {
  uint8_t protocol_version = 10;
  std::string server_version;
  uint32_t connection_id = 0;
  // The scramble, without the NUL that follows its second part on the wire: 20 bytes, none NUL,
  // for the plugins the proxy serves; at most 254 bytes.
  std::string auth_plugin_data;
  uint32_t capabilities = 0;
  // MariaDB's extended capabilities; on the wire only when kLongPassword (CLIENT_MYSQL) is clear.
  uint32_t mariadb_capabilities = 0;
  uint8_t character_set = 0;  // collation id of the server's default, low byte
  uint16_t status_flags = 0;
  std::string auth_plugin_name;  // only with capability::kPluginAuth

  friend bool operator==(const InitialHandshake&, const InitialHandshake&) = default;
};

void EncodeInitialHandshake(const InitialHandshake& handshake, std::string* out);
// The capabilities the decoding depends on are in the packet itself.
absl::StatusOr<InitialHandshake> DecodeInitialHandshake(absl::string_view payload);

// A fresh scramble from OpenSSL's CSPRNG: 20 bytes of 7-bit characters, none NUL or '$' (old
// clients read the second part as a C string; '$' would confuse password-hash parsers). Fails
// only when OpenSSL cannot get entropy; the session then refuses the connection.
absl::StatusOr<std::string> GenerateScramble();

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_INITIAL_HANDSHAKE_H_
