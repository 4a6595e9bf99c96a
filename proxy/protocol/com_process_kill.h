// COM_PROCESS_KILL (deprecated; KILL <id> as a command). The id is one the proxy handed out in
// its initial handshake.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_PROCESS_KILL_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_PROCESS_KILL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComProcessKill {
  uint32_t connection_id = 0;

  friend bool operator==(const ComProcessKill&, const ComProcessKill&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComProcessKill(const ComProcessKill& command, std::string* out);
absl::StatusOr<ComProcessKill> DecodeComProcessKill(absl::string_view payload,
                                                    uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_PROCESS_KILL_H_
