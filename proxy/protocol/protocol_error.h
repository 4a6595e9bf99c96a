// The errors the codec reports, with the MySQL code and SQLSTATE a client should see.
//
// A decoder that meets bytes it cannot parse returns one of these; it never fills a field with a
// default to carry on. Whether the session answers with ERR and keeps the connection or closes it
// is the session's decision (after a framing error the stream is out of step and must close).
#ifndef SHARDPROXY_PROXY_PROTOCOL_PROTOCOL_ERROR_H_
#define SHARDPROXY_PROXY_PROTOCOL_PROTOCOL_ERROR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

namespace mysql_errc {
// ER_MALFORMED_PACKET: "Malformed communication packet" (HY000). Both MySQL and MariaDB.
inline constexpr uint16_t kMalformedPacket = 1835;
// ER_UNKNOWN_COM_ERROR is kUnknownCommand (1047, 08S01) in common/mysql_error.h.
}  // namespace mysql_errc

// 1835 / HY000 "Malformed communication packet (<what>)". `what` names the packet and the field,
// e.g. "COM_STMT_EXECUTE: truncated in parameter 3".
absl::Status MalformedPacketError(absl::string_view what);

// 1043 / 08S01 "Bad handshake (<what>)": a handshake response the proxy cannot read.
absl::Status BadHandshakeError(absl::string_view what);

// 1156 / 08S01 "Got packets out of order": a packet whose sequence id is not the one expected.
absl::Status PacketsOutOfOrderError(uint8_t expected, uint8_t actual);

// 1153 / 08S01 "Got a packet bigger than 'max_allowed_packet' bytes".
absl::Status PacketTooLargeError(uint64_t size, uint64_t limit);

// 1045 / 28000 "Access denied for user '<user>'@'<host>' (using password: YES|NO)", MariaDB's
// wording, so tools that match on it keep working.
absl::Status AccessDeniedError(absl::string_view user, absl::string_view host, bool using_password);

// 1047 / 08S01 "Unknown command", for a command byte the proxy does not serve (the byte is
// for the caller's log; MariaDB's message does not name it).
absl::Status UnknownCommandError(uint8_t command);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_PROTOCOL_ERROR_H_
