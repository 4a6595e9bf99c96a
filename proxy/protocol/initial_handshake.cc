#include "proxy/protocol/initial_handshake.h"

#include <openssl/rand.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

constexpr size_t kScramblePart1Length = 8;

absl::Status Malformed(absl::string_view field) {
  return MalformedPacketError(absl::StrCat("initial handshake: bad or missing ", field));
}

}  // namespace

void EncodeInitialHandshake(const InitialHandshake& handshake, std::string* out) {
  const absl::string_view scramble = handshake.auth_plugin_data;
  const absl::string_view part1 = scramble.substr(0, kScramblePart1Length);
  const absl::string_view part2 = scramble.size() > kScramblePart1Length
                                      ? scramble.substr(kScramblePart1Length)
                                      : absl::string_view();
  PutFixed8(out, handshake.protocol_version);
  PutNulTerminatedString(out, handshake.server_version);
  PutFixed32(out, handshake.connection_id);
  out->append(part1.data(), part1.size());
  out->append(kScramblePart1Length - part1.size(), '\0');
  PutFixed8(out, 0);  // filler
  PutFixed16(out, static_cast<uint16_t>(handshake.capabilities & 0xffff));
  PutFixed8(out, handshake.character_set);
  PutFixed16(out, handshake.status_flags);
  PutFixed16(out, static_cast<uint16_t>(handshake.capabilities >> 16));
  const bool plugin_auth = handshake.capabilities & capability::kPluginAuth;
  PutFixed8(out, plugin_auth ? static_cast<uint8_t>(scramble.size() + 1) : 0);
  out->append(6, '\0');
  if (handshake.capabilities & capability::kLongPassword) {
    PutFixed32(out, 0);
  } else {
    PutFixed32(out, handshake.mariadb_capabilities);
  }
  if (handshake.capabilities & capability::kSecureConnection) {
    // At least 13 bytes: the rest of the scramble and a NUL.
    out->append(part2.data(), part2.size());
    out->append(std::max<size_t>(1, 13 - std::min<size_t>(12, part2.size())), '\0');
  }
  if (plugin_auth) PutNulTerminatedString(out, handshake.auth_plugin_name);
}

absl::StatusOr<InitialHandshake> DecodeInitialHandshake(absl::string_view payload) {
  InitialHandshake h;
  absl::string_view in = payload;
  absl::string_view text;
  if (!GetFixed8(&in, &h.protocol_version)) return Malformed("protocol version");
  if (h.protocol_version != 10) {
    return MalformedPacketError(
        absl::StrCat("initial handshake: protocol version ", h.protocol_version, ", expected 10"));
  }
  if (!GetNulTerminatedString(&in, &text)) return Malformed("server version");
  h.server_version = std::string(text);
  if (!GetFixed32(&in, &h.connection_id)) return Malformed("connection id");
  absl::string_view part1;
  if (!GetFixedString(&in, kScramblePart1Length, &part1)) return Malformed("scramble");
  uint8_t filler;
  uint16_t caps_low, caps_high;
  uint8_t auth_data_length;
  if (!GetFixed8(&in, &filler)) return Malformed("filler");
  if (!GetFixed16(&in, &caps_low)) return Malformed("capabilities");
  if (!GetFixed8(&in, &h.character_set)) return Malformed("character set");
  if (!GetFixed16(&in, &h.status_flags)) return Malformed("status flags");
  if (!GetFixed16(&in, &caps_high)) return Malformed("capabilities");
  h.capabilities = caps_low | (static_cast<uint32_t>(caps_high) << 16);
  if (!GetFixed8(&in, &auth_data_length)) return Malformed("auth data length");
  if (!Skip(&in, 6)) return Malformed("reserved bytes");
  uint32_t mariadb_caps;
  if (!GetFixed32(&in, &mariadb_caps)) return Malformed("reserved bytes");
  if (!(h.capabilities & capability::kLongPassword)) h.mariadb_capabilities = mariadb_caps;
  h.auth_plugin_data = std::string(part1);
  if (h.capabilities & capability::kSecureConnection) {
    size_t length = 13;
    if (h.capabilities & capability::kPluginAuth && auth_data_length > kScramblePart1Length) {
      length = std::max<size_t>(13, auth_data_length - kScramblePart1Length);
    }
    absl::string_view part2;
    // Servers end the second part with a NUL (counted in the length byte).
    if (!GetFixedString(&in, length, &part2) || part2.back() != '\0') {
      return Malformed("scramble part 2");
    }
    part2.remove_suffix(1);
    h.auth_plugin_data.append(part2.data(), part2.size());
  }
  if (h.capabilities & capability::kPluginAuth) {
    if (!GetNulTerminatedString(&in, &text)) return Malformed("auth plugin name");
    h.auth_plugin_name = std::string(text);
  }
  return h;
}

absl::StatusOr<std::string> GenerateScramble() {
  unsigned char bytes[kScrambleLength];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return MysqlStatus(mysql_errc::kOutOfResources, "HY000",
                       "cannot generate an authentication scramble: no entropy");
  }
  std::string scramble(kScrambleLength, '\0');
  for (size_t i = 0; i < kScrambleLength; ++i) {
    char c = static_cast<char>(bytes[i] & 0x7f);
    if (c == '\0' || c == '$') c = static_cast<char>(c + 1);
    scramble[i] = c;
  }
  return scramble;
}

}  // namespace shardproxy
