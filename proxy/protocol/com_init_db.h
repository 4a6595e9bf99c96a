// COM_INIT_DB: USE <schema>; the name is raw, not quoted, to the end of the packet.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_INIT_DB_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_INIT_DB_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComInitDb {
  absl::string_view schema;  // pointing into the payload

  friend bool operator==(const ComInitDb&, const ComInitDb&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComInitDb(const ComInitDb& command, std::string* out);
absl::StatusOr<ComInitDb> DecodeComInitDb(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_INIT_DB_H_
