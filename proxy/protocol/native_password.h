// mysql_native_password: the client proves it knows the password without sending it, as
//   response = SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))
// The server needs only SHA1(SHA1(password)) (what mysql.user stores as '*' + 40 hex digits): it
// recovers a candidate SHA1(password) from the response and checks that its SHA1 matches.
// An empty password is an empty response, not the scramble of "".
#ifndef SHARDPROXY_PROXY_PROTOCOL_NATIVE_PASSWORD_H_
#define SHARDPROXY_PROXY_PROTOCOL_NATIVE_PASSWORD_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

// SHA1(SHA1(password)).
using NativePasswordHash = std::array<uint8_t, 20>;

NativePasswordHash NativePasswordHashOf(absl::string_view password);
// Reads the mysql.user / PASSWORD() form "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9".
absl::StatusOr<NativePasswordHash> ParseNativePasswordHash(absl::string_view text);

// What a client sends for `password` (empty for an empty password).
std::string ScrambleNativePassword(absl::string_view scramble, absl::string_view password);

// Whether `response` proves knowledge of the password whose hash is `stored`, for the 20-byte
// `scramble` sent to this client. Constant time in the response's content. A user without a
// password must be checked by the caller: it accepts exactly the empty response.
bool VerifyNativePassword(absl::string_view scramble, const NativePasswordHash& stored,
                          absl::string_view response);
// Convenience for a plaintext password from the configuration, empty password included.
bool VerifyNativePasswordPlaintext(absl::string_view scramble, absl::string_view password,
                                   absl::string_view response);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_NATIVE_PASSWORD_H_
