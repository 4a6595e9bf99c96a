#include "proxy/protocol/com_change_user.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

absl::Status Malformed(absl::string_view field) {
  return MalformedPacketError(absl::StrCat("COM_CHANGE_USER: bad or missing ", field));
}

}  // namespace

void EncodeComChangeUser(const ComChangeUser& command, uint32_t capabilities, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kChangeUser));
  PutNulTerminatedString(out, command.username);
  if (capabilities & capability::kSecureConnection) {
    PutFixed8(out, static_cast<uint8_t>(command.auth_response.size()));
    out->append(command.auth_response);
  } else {
    PutNulTerminatedString(out, command.auth_response);
  }
  PutNulTerminatedString(out, command.database);
  PutFixed16(out, command.character_set);
  if (capabilities & capability::kPluginAuth) {
    PutNulTerminatedString(out, command.auth_plugin_name);
  }
  if (capabilities & capability::kConnectAttrs) {
    PutConnectAttributes(out, command.connect_attributes);
  }
}

absl::StatusOr<ComChangeUser> DecodeComChangeUser(absl::string_view payload,
                                                  uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kChangeUser); !status.ok()) {
    return status;
  }
  ComChangeUser result;
  absl::string_view text;
  if (!GetNulTerminatedString(&in, &text)) return Malformed("user name");
  result.username = std::string(text);
  if (capabilities & capability::kSecureConnection) {
    uint8_t length;
    if (!GetFixed8(&in, &length) || !GetFixedString(&in, length, &text)) {
      return Malformed("auth response");
    }
  } else if (!GetNulTerminatedString(&in, &text)) {
    return Malformed("auth response");
  }
  result.auth_response = std::string(text);
  if (!GetNulTerminatedString(&in, &text)) return Malformed("database");
  result.database = std::string(text);
  if (in.empty()) return result;
  if (!GetFixed16(&in, &result.character_set)) return Malformed("character set");
  if (capabilities & capability::kPluginAuth && !in.empty()) {
    if (!GetNulTerminatedString(&in, &text)) return Malformed("auth plugin name");
    result.auth_plugin_name = std::string(text);
  }
  if (capabilities & capability::kConnectAttrs && !in.empty()) {
    absl::Status status = GetConnectAttributes(&in, &result.connect_attributes);
    if (!status.ok()) return Malformed(status.message());
  }
  return result;
}

}  // namespace shardproxy
