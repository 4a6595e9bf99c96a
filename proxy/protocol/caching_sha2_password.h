// caching_sha2_password (MySQL 8's default plugin), the part the proxy can serve without TLS.
//
// Fast path: the client sends XOR(SHA256(password), SHA256(SHA256(SHA256(password)) + scramble)).
// A server that knows SHA256(SHA256(password)) verifies it and answers AuthMoreData(0x03) ("fast
// auth success") followed by OK. The proxy holds its users' passwords, so it can always take the
// fast path. MySQL falls back to "full authentication" (AuthMoreData(0x04), then the password in
// clear over TLS or RSA-encrypted) when its cache is cold; the proxy offers neither TLS nor RSA
// keys, so where full authentication would be needed the session sends
// CachingSha2FullAuthUnavailableError() instead; a mismatching scramble is simply a wrong
// password (ERR 1045), as the proxy's "cache" is never cold.
//
// Session flow for a client that answers with this plugin:
//   if VerifyCachingSha2Password(...) : EncodeAuthMoreData({kCachingSha2FastAuthSuccess}), OK
//   else                              : AccessDeniedError(...)
#ifndef SHARDPROXY_PROXY_PROTOCOL_CACHING_SHA2_PASSWORD_H_
#define SHARDPROXY_PROXY_PROTOCOL_CACHING_SHA2_PASSWORD_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

// The single byte of AuthMoreData in this plugin's exchange.
inline constexpr uint8_t kCachingSha2RequestPublicKey = 0x02;  // client -> server
inline constexpr uint8_t kCachingSha2FastAuthSuccess = 0x03;   // server -> client
inline constexpr uint8_t kCachingSha2PerformFullAuth = 0x04;   // server -> client

// What a client sends for `password` (empty for an empty password).
std::string ScrambleCachingSha2Password(absl::string_view scramble, absl::string_view password);

// Fast-path check of `response` against the plaintext `password`, for the 20-byte `scramble`
// sent to this client. An empty password accepts exactly the empty response. Constant time in
// the response's content.
bool VerifyCachingSha2Password(absl::string_view scramble, absl::string_view password,
                               absl::string_view response);

// ERR 1045 / 28000 explaining that this user could only log in through caching_sha2_password's
// full authentication, which needs TLS the proxy does not offer.
absl::Status CachingSha2FullAuthUnavailableError(absl::string_view user, absl::string_view host);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_CACHING_SHA2_PASSWORD_H_
