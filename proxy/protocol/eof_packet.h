// EOF_Packet: 0xfe, warnings, status flags. Ends column definitions and rows of a result set when
// CLIENT_DEPRECATE_EOF is not negotiated; with it, rows end with an OK packet whose header is 0xfe
// (EncodeOkPacketAsEof) and column definitions end with nothing.
//
// A client tells EOF from a row that starts with a length-encoded 0xfe by the payload length:
// an EOF packet is shorter than 9 bytes.
#ifndef SHARDPROXY_PROXY_PROTOCOL_EOF_PACKET_H_
#define SHARDPROXY_PROXY_PROTOCOL_EOF_PACKET_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct EofPacket {
  uint16_t warnings = 0;
  uint16_t status_flags = 0;

  friend bool operator==(const EofPacket&, const EofPacket&) = default;
};

void EncodeEofPacket(const EofPacket& eof, uint32_t capabilities, std::string* out);
absl::StatusOr<EofPacket> DecodeEofPacket(absl::string_view payload, uint32_t capabilities);
// Whether a payload in a result-set stream is an EOF packet (not a row).
bool IsEofPacket(absl::string_view payload);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_EOF_PACKET_H_
