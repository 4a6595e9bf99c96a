// Protocol::HandshakeResponse41, the client's answer to the initial handshake: its capabilities,
// user, password proof, optional database, auth plugin and connection attributes. Also the
// SSLRequest a TLS client sends first, which the proxy detects and refuses (it offers no TLS).
#ifndef SHARDPROXY_PROXY_PROTOCOL_HANDSHAKE_RESPONSE_H_
#define SHARDPROXY_PROXY_PROTOCOL_HANDSHAKE_RESPONSE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proxy/protocol/connect_attributes.h"

namespace shardproxy {

struct HandshakeResponse41 {
  uint32_t capabilities = 0;  // as the client sent them; negotiate with `& server capabilities`
  uint32_t max_packet_size = 0;
  uint8_t character_set = 0;  // collation id the client wants for the connection
  // MariaDB's extended capabilities; on the wire only when kLongPassword (CLIENT_MYSQL) is clear.
  uint32_t mariadb_capabilities = 0;
  std::string username;
  std::string auth_response;
  std::string database;          // empty: none (kConnectWithDb not used)
  std::string auth_plugin_name;  // empty: the client named none; assume mysql_native_password
  ConnectAttributes connect_attributes;

  friend bool operator==(const HandshakeResponse41&, const HandshakeResponse41&) = default;
};

// Encodes with `response.capabilities` deciding the optional fields (a client-side encoder, for
// tests and tools). The database is written when kConnectWithDb is set.
void EncodeHandshakeResponse41(const HandshakeResponse41& response, std::string* out);

// Decodes a client's response to a handshake that offered `server_capabilities`: a field is read
// when both sides have its capability, which is what clients write. Fails with 1043 (08S01) on
// anything unreadable, on a client without CLIENT_PROTOCOL_41, and on an SSLRequest.
//
// Two tolerances match MySQL and MariaDB servers: a packet that ends where the auth plugin name
// would start decodes with an empty name, and one that ends where connection attributes would
// start decodes with none. Anything cut inside a field is an error.
absl::StatusOr<HandshakeResponse41> DecodeHandshakeResponse41(absl::string_view payload,
                                                              uint32_t server_capabilities);

// An SSLRequest is the first 32 bytes of a handshake response, sent alone with CLIENT_SSL set
// before the TLS handshake. The proxy never offers CLIENT_SSL, so a client sending one insists on
// TLS; the session answers with SslNotSupportedError() and closes.
inline constexpr size_t kSslRequestLength = 32;
bool IsSslRequest(absl::string_view payload);
absl::Status SslNotSupportedError();

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_HANDSHAKE_RESPONSE_H_
