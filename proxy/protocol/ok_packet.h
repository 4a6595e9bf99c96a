// OK_Packet: a command succeeded. Also, with header 0xfe, the end of a result set when
// CLIENT_DEPRECATE_EOF is negotiated (EncodeOkPacketAsEof).
//
// Status flags must be the session's truth (in transaction, autocommit, more results): clients
// act on them. With CLIENT_SESSION_TRACK the packet can carry session-state changes; encode them
// with the Put* functions of session_state.h and pass the bytes as session_state_changes, and the
// encoder sets SERVER_SESSION_STATE_CHANGED accordingly.
#ifndef SHARDPROXY_PROXY_PROTOCOL_OK_PACKET_H_
#define SHARDPROXY_PROXY_PROTOCOL_OK_PACKET_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

inline constexpr uint8_t kOkHeader = 0x00;
inline constexpr uint8_t kEofHeader = 0xfe;

// Encoding borrows the strings for the call; decoding points them into the payload.
struct OkPacket {
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t status_flags = 0;
  uint16_t warnings = 0;
  absl::string_view info;  // human-readable, e.g. "Rows matched: 1  Changed: 1  Warnings: 0"
  // Encoded session-state items (session_state.h); sent only with CLIENT_SESSION_TRACK.
  absl::string_view session_state_changes;

  friend bool operator==(const OkPacket&, const OkPacket&) = default;
};

void EncodeOkPacket(const OkPacket& ok, uint32_t capabilities, std::string* out);
// The same packet with header 0xfe: the EOF replacement that ends a result set's rows under
// CLIENT_DEPRECATE_EOF.
void EncodeOkPacketAsEof(const OkPacket& ok, uint32_t capabilities, std::string* out);
// Accepts either header. Info and session state point into `payload`.
absl::StatusOr<OkPacket> DecodeOkPacket(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_OK_PACKET_H_
