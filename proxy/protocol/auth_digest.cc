#include "proxy/protocol/auth_digest.h"

#include <openssl/evp.h>

namespace shardproxy {
namespace {

// EVP rather than SHA1_Init & co., which OpenSSL 3 deprecates. The digest cannot fail for
// in-memory input short of allocation failure, which the one-shot API would not report either.
template <size_t N>
std::array<uint8_t, N> Digest(const EVP_MD* type, std::initializer_list<absl::string_view> pieces) {
  std::array<uint8_t, N> digest{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx != nullptr && EVP_DigestInit_ex(ctx, type, nullptr) == 1) {
    for (absl::string_view piece : pieces) EVP_DigestUpdate(ctx, piece.data(), piece.size());
    EVP_DigestFinal_ex(ctx, digest.data(), nullptr);
  }
  EVP_MD_CTX_free(ctx);
  return digest;
}

}  // namespace

Sha1Digest Sha1(std::initializer_list<absl::string_view> pieces) {
  return Digest<20>(EVP_sha1(), pieces);
}

Sha256Digest Sha256(std::initializer_list<absl::string_view> pieces) {
  return Digest<32>(EVP_sha256(), pieces);
}

}  // namespace shardproxy
