// COM_SET_OPTION: turns multi-statements on or off for the session. The reply is EOF (OK with
// header 0xfe under CLIENT_DEPRECATE_EOF), or ERR 1047 for an option other than the two below,
// which the decoder leaves to the session to refuse.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_SET_OPTION_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_SET_OPTION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

inline constexpr uint16_t kSetOptionMultiStatementsOn = 0;
inline constexpr uint16_t kSetOptionMultiStatementsOff = 1;
struct ComSetOption {
  uint16_t option = 0;  // kSetOptionMultiStatementsOn or kSetOptionMultiStatementsOff

  friend bool operator==(const ComSetOption&, const ComSetOption&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComSetOption(const ComSetOption& command, std::string* out);
absl::StatusOr<ComSetOption> DecodeComSetOption(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_SET_OPTION_H_
