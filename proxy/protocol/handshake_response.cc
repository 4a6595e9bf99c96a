#include "proxy/protocol/handshake_response.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/connect_attributes.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

constexpr size_t kFillerLength = 23;  // the last 4 carry MariaDB's extended capabilities

absl::Status Malformed(absl::string_view field) {
  return BadHandshakeError(absl::StrCat("handshake response: bad or missing ", field));
}

}  // namespace

void EncodeHandshakeResponse41(const HandshakeResponse41& response, std::string* out) {
  const uint32_t caps = response.capabilities;
  PutFixed32(out, caps);
  PutFixed32(out, response.max_packet_size);
  PutFixed8(out, response.character_set);
  out->append(kFillerLength - 4, '\0');
  PutFixed32(out, caps & capability::kLongPassword ? 0 : response.mariadb_capabilities);
  PutNulTerminatedString(out, response.username);
  if (caps & capability::kPluginAuthLenencClientData) {
    PutLengthEncodedString(out, response.auth_response);
  } else if (caps & capability::kSecureConnection) {
    PutFixed8(out, static_cast<uint8_t>(response.auth_response.size()));
    out->append(response.auth_response.data(), response.auth_response.size());
  } else {
    PutNulTerminatedString(out, response.auth_response);
  }
  if (caps & capability::kConnectWithDb) PutNulTerminatedString(out, response.database);
  if (caps & capability::kPluginAuth) PutNulTerminatedString(out, response.auth_plugin_name);
  if (caps & capability::kConnectAttrs) PutConnectAttributes(out, response.connect_attributes);
}

absl::StatusOr<HandshakeResponse41> DecodeHandshakeResponse41(absl::string_view payload,
                                                              uint32_t server_capabilities) {
  if (IsSslRequest(payload)) return SslNotSupportedError();
  HandshakeResponse41 r;
  absl::string_view in = payload;
  if (!GetFixed32(&in, &r.capabilities)) return Malformed("capability flags");
  if (!(r.capabilities & capability::kProtocol41)) {
    return BadHandshakeError("the client does not speak protocol 4.1 (CLIENT_PROTOCOL_41)");
  }
  const uint32_t caps = r.capabilities & server_capabilities;
  if (!GetFixed32(&in, &r.max_packet_size)) return Malformed("max packet size");
  if (!GetFixed8(&in, &r.character_set)) return Malformed("character set");
  if (!Skip(&in, kFillerLength - 4)) return Malformed("filler");
  uint32_t mariadb_caps;
  if (!GetFixed32(&in, &mariadb_caps)) return Malformed("filler");
  if (!(r.capabilities & capability::kLongPassword)) r.mariadb_capabilities = mariadb_caps;

  absl::string_view text;
  if (!GetNulTerminatedString(&in, &text)) return Malformed("user name");
  r.username = std::string(text);
  if (caps & capability::kPluginAuthLenencClientData) {
    if (!GetLengthEncodedString(&in, &text)) return Malformed("auth response");
  } else if (caps & capability::kSecureConnection) {
    uint8_t length;
    if (!GetFixed8(&in, &length) || !GetFixedString(&in, length, &text)) {
      return Malformed("auth response");
    }
  } else {
    if (!GetNulTerminatedString(&in, &text)) return Malformed("auth response");
  }
  r.auth_response = std::string(text);
  if (caps & capability::kConnectWithDb) {
    if (!GetNulTerminatedString(&in, &text)) return Malformed("database");
    r.database = std::string(text);
  }
  if (caps & capability::kPluginAuth && !in.empty()) {
    if (!GetNulTerminatedString(&in, &text)) return Malformed("auth plugin name");
    r.auth_plugin_name = std::string(text);
  }
  if (caps & capability::kConnectAttrs && !in.empty()) {
    absl::Status status = GetConnectAttributes(&in, &r.connect_attributes);
    if (!status.ok()) return Malformed(status.message());
  }
  // Bytes after the last field the negotiated capabilities announce belong to extensions the
  // proxy did not offer; servers ignore them too.
  return r;
}

bool IsSslRequest(absl::string_view payload) {
  absl::string_view in = payload;
  uint32_t caps;
  return payload.size() == kSslRequestLength && GetFixed32(&in, &caps) &&
         (caps & capability::kSsl) != 0;
}

absl::Status SslNotSupportedError() {
  return BadHandshakeError("the client requires TLS, which this proxy does not offer");
}

}  // namespace shardproxy
