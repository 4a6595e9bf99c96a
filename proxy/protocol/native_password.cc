#include "proxy/protocol/native_password.h"

#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "proxy/protocol/auth_digest.h"

namespace shardproxy {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_toupper(c);
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

NativePasswordHash NativePasswordHashOf(absl::string_view password) {
  return Sha1({DigestBytes(Sha1({password}))});
}

absl::StatusOr<NativePasswordHash> ParseNativePasswordHash(absl::string_view text) {
  const absl::Status bad =
      absl::InvalidArgumentError("a mysql_native_password hash is '*' followed by 40 hex digits");
  if (text.size() != 41 || text[0] != '*') return bad;
  NativePasswordHash hash;
  for (size_t i = 0; i < hash.size(); ++i) {
    int high = HexValue(text[1 + 2 * i]);
    int low = HexValue(text[2 + 2 * i]);
    if (high < 0 || low < 0) return bad;
    hash[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return hash;
}

std::string ScrambleNativePassword(absl::string_view scramble, absl::string_view password) {
  if (password.empty()) return std::string();
  Sha1Digest stage1 = Sha1({password});
  Sha1Digest stage2 = Sha1({DigestBytes(stage1)});
  Sha1Digest mask = Sha1({scramble, DigestBytes(stage2)});
  std::string response(stage1.size(), '\0');
  for (size_t i = 0; i < stage1.size(); ++i) response[i] = static_cast<char>(stage1[i] ^ mask[i]);
  return response;
}

bool VerifyNativePassword(absl::string_view scramble, const NativePasswordHash& stored,
                          absl::string_view response) {
  if (response.size() != stored.size()) return false;
  Sha1Digest mask = Sha1({scramble, DigestBytes(stored)});
  Sha1Digest candidate_stage1;
  for (size_t i = 0; i < mask.size(); ++i) {
    candidate_stage1[i] = static_cast<uint8_t>(response[i]) ^ mask[i];
  }
  Sha1Digest candidate_stage2 = Sha1({DigestBytes(candidate_stage1)});
  return CRYPTO_memcmp(candidate_stage2.data(), stored.data(), stored.size()) == 0;
}

bool VerifyNativePasswordPlaintext(absl::string_view scramble, absl::string_view password,
                                   absl::string_view response) {
  if (password.empty()) return response.empty();
  return VerifyNativePassword(scramble, NativePasswordHashOf(password), response);
}

}  // namespace shardproxy
