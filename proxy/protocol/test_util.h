// Helpers for the protocol tests: readable byte vectors and the truncation check every decoder
// must pass.
#ifndef SHARDPROXY_PROXY_PROTOCOL_TEST_UTIL_H_
#define SHARDPROXY_PROXY_PROTOCOL_TEST_UTIL_H_

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace testing {

// "0a 35 2e 35" (spaces and newlines ignored) -> bytes.
inline std::string Bytes(absl::string_view hex) {
  std::string compact = absl::StrReplaceAll(hex, {{" ", ""}, {"\n", ""}});
  return absl::HexStringToBytes(compact);
}

// Bytes -> "0a 35 2e 35", for failure messages.
inline std::string Hex(absl::string_view bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out.push_back(' ');
    absl::StrAppend(&out, absl::BytesToHexString(bytes.substr(i, 1)));
  }
  return out;
}

// Every strict prefix of `payload` must fail to decode; `decode` returns something with ok().
// Offsets in `allowed` are prefixes that are valid packets of their own (optional trailing
// fields); the caller checks those separately.
template <typename Decode>
void ExpectEveryTruncationFails(absl::string_view payload, Decode decode,
                                std::initializer_list<size_t> allowed = {}) {
  for (size_t length = 0; length < payload.size(); ++length) {
    bool is_allowed = false;
    for (size_t a : allowed) is_allowed |= (a == length);
    if (is_allowed) continue;
    auto result = decode(payload.substr(0, length));
    EXPECT_FALSE(result.ok()) << "a prefix of " << length << " of " << payload.size()
                              << " bytes decoded: " << Hex(payload.substr(0, length));
  }
}

}  // namespace testing
}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_TEST_UTIL_H_
