#include "proxy/protocol/caching_sha2_password.h"

#include <openssl/crypto.h>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/protocol/auth_digest.h"

namespace shardproxy {

std::string ScrambleCachingSha2Password(absl::string_view scramble, absl::string_view password) {
  if (password.empty()) return std::string();
  Sha256Digest stage1 = Sha256({password});
  Sha256Digest stage2 = Sha256({DigestBytes(stage1)});
  Sha256Digest mask = Sha256({DigestBytes(stage2), scramble});
  std::string response(stage1.size(), '\0');
  for (size_t i = 0; i < stage1.size(); ++i) response[i] = static_cast<char>(stage1[i] ^ mask[i]);
  return response;
}

bool VerifyCachingSha2Password(absl::string_view scramble, absl::string_view password,
                               absl::string_view response) {
  if (password.empty()) return response.empty();
  if (response.size() != Sha256Digest().size()) return false;
  const std::string expected = ScrambleCachingSha2Password(scramble, password);
  return CRYPTO_memcmp(expected.data(), response.data(), expected.size()) == 0;
}

absl::Status CachingSha2FullAuthUnavailableError(absl::string_view user, absl::string_view host) {
  return MysqlStatus(
      mysql_errc::kAccessDenied, "28000",
      absl::StrCat("Access denied for user '", user, "'@'", host,
                   "': caching_sha2_password needs full authentication over TLS, which this "
                   "proxy does not offer; use mysql_native_password"));
}

}  // namespace shardproxy
