#include "proxy/protocol/auth_switch.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

AuthSwitchRequest AuthSwitchRequestFor(absl::string_view plugin_name, absl::string_view scramble) {
  AuthSwitchRequest request;
  request.plugin_name = std::string(plugin_name);
  request.plugin_data = absl::StrCat(scramble, absl::string_view("\0", 1));
  return request;
}

void EncodeAuthSwitchRequest(const AuthSwitchRequest& request, std::string* out) {
  PutFixed8(out, kAuthSwitchRequestHeader);
  PutNulTerminatedString(out, request.plugin_name);
  out->append(request.plugin_data);
}

absl::StatusOr<AuthSwitchRequest> DecodeAuthSwitchRequest(absl::string_view payload,
                                                          uint32_t capabilities) {
  absl::string_view in = payload;
  uint8_t header;
  absl::string_view name;
  if (!GetFixed8(&in, &header) || header != kAuthSwitchRequestHeader) {
    return MalformedPacketError("AuthSwitchRequest: header is not 0xfe");
  }
  if (!GetNulTerminatedString(&in, &name)) {
    return MalformedPacketError("AuthSwitchRequest: bad or missing plugin name");
  }
  AuthSwitchRequest request;
  request.plugin_name = std::string(name);
  request.plugin_data = std::string(in);
  return request;
}

void EncodeAuthSwitchResponse(const AuthSwitchResponse& response, std::string* out) {
  out->append(response.auth_data);
}

absl::StatusOr<AuthSwitchResponse> DecodeAuthSwitchResponse(absl::string_view payload,
                                                            uint32_t capabilities) {
  return AuthSwitchResponse{std::string(payload)};
}

void EncodeAuthMoreData(const AuthMoreData& more, std::string* out) {
  PutFixed8(out, kAuthMoreDataHeader);
  out->append(more.data);
}

absl::StatusOr<AuthMoreData> DecodeAuthMoreData(absl::string_view payload, uint32_t capabilities) {
  if (payload.empty() || static_cast<uint8_t>(payload[0]) != kAuthMoreDataHeader) {
    return MalformedPacketError("AuthMoreData: header is not 0x01");
  }
  return AuthMoreData{std::string(payload.substr(1))};
}

}  // namespace shardproxy
