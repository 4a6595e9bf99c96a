// The packets of the authentication phase after the handshake response:
//   AuthSwitchRequest  (server: 0xfe, plugin name, plugin data) asks the client to answer again
//                      with another plugin, e.g. when it answered with caching_sha2_password and
//                      the proxy wants mysql_native_password;
//   AuthSwitchResponse (client: the plugin's answer, raw bytes, no header);
//   AuthMoreData       (server: 0x01, data), e.g. caching_sha2_password's fast-auth-success.
// The sequence ids continue those of the handshake: handshake 0, response 1, switch 2, ...
#ifndef SHARDPROXY_PROXY_PROTOCOL_AUTH_SWITCH_H_
#define SHARDPROXY_PROXY_PROTOCOL_AUTH_SWITCH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

inline constexpr uint8_t kAuthSwitchRequestHeader = 0xfe;
inline constexpr uint8_t kAuthMoreDataHeader = 0x01;

struct AuthSwitchRequest {
  std::string plugin_name;
  // For mysql_native_password and caching_sha2_password: the 20-byte scramble followed by a NUL,
  // as MySQL and MariaDB send it (AuthSwitchRequestFor builds that).
  std::string plugin_data;

  friend bool operator==(const AuthSwitchRequest&, const AuthSwitchRequest&) = default;
};

AuthSwitchRequest AuthSwitchRequestFor(absl::string_view plugin_name, absl::string_view scramble);
void EncodeAuthSwitchRequest(const AuthSwitchRequest& request, std::string* out);
absl::StatusOr<AuthSwitchRequest> DecodeAuthSwitchRequest(absl::string_view payload,
                                                          uint32_t capabilities);

struct AuthSwitchResponse {
  std::string auth_data;

  friend bool operator==(const AuthSwitchResponse&, const AuthSwitchResponse&) = default;
};

void EncodeAuthSwitchResponse(const AuthSwitchResponse& response, std::string* out);
absl::StatusOr<AuthSwitchResponse> DecodeAuthSwitchResponse(absl::string_view payload,
                                                            uint32_t capabilities);

struct AuthMoreData {
  std::string data;

  friend bool operator==(const AuthMoreData&, const AuthMoreData&) = default;
};

void EncodeAuthMoreData(const AuthMoreData& more, std::string* out);
absl::StatusOr<AuthMoreData> DecodeAuthMoreData(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_AUTH_SWITCH_H_
