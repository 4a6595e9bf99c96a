// SHA-1 and SHA-256 over the concatenation of byte strings, for the password plugins. Internal to
// proxy/protocol.
#ifndef SHARDPROXY_PROXY_PROTOCOL_AUTH_DIGEST_H_
#define SHARDPROXY_PROXY_PROTOCOL_AUTH_DIGEST_H_

#include <array>
#include <cstdint>
#include <initializer_list>

#include "absl/strings/string_view.h"

namespace shardproxy {

using Sha1Digest = std::array<uint8_t, 20>;
using Sha256Digest = std::array<uint8_t, 32>;

Sha1Digest Sha1(std::initializer_list<absl::string_view> pieces);
Sha256Digest Sha256(std::initializer_list<absl::string_view> pieces);

template <size_t N>
absl::string_view DigestBytes(const std::array<uint8_t, N>& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()), N);
}

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_AUTH_DIGEST_H_
