// ERR_Packet: 0xff, error code, '#' + SQLSTATE (protocol 4.1), message. The session makes one from
// any absl::Status with ToMysqlError (common/mysql_error.h); a backend's ERR passes through with
// its own code, state and message.
//
// Before the client's capabilities are known (an error instead of the initial handshake, e.g. too
// many connections) pass capabilities 0: MySQL and MariaDB send no SQLSTATE there.
#ifndef SHARDPROXY_PROXY_PROTOCOL_ERR_PACKET_H_
#define SHARDPROXY_PROXY_PROTOCOL_ERR_PACKET_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/mysql_error.h"

namespace shardproxy {

inline constexpr uint8_t kErrHeader = 0xff;

void EncodeErrPacket(const MysqlError& error, uint32_t capabilities, std::string* out);
// Shorthand for EncodeErrPacket(ToMysqlError(status), ...); `status` must not be OK.
void EncodeErrPacketFromStatus(const absl::Status& status, uint32_t capabilities, std::string* out);
// With CLIENT_PROTOCOL_41 the '#' and SQLSTATE are required; without it the SQLSTATE decodes as
// "HY000".
absl::StatusOr<MysqlError> DecodeErrPacket(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_ERR_PACKET_H_
