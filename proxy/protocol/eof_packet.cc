#include "proxy/protocol/eof_packet.h"

#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/ok_packet.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeEofPacket(const EofPacket& eof, uint32_t capabilities, std::string* out) {
  PutFixed8(out, kEofHeader);
  if (capabilities & capability::kProtocol41) {
    PutFixed16(out, eof.warnings);
    PutFixed16(out, eof.status_flags);
  }
}

absl::StatusOr<EofPacket> DecodeEofPacket(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  uint8_t header;
  EofPacket eof;
  if (!GetFixed8(&in, &header) || header != kEofHeader) {
    return MalformedPacketError("EOF packet: header is not 0xfe");
  }
  if (capabilities & capability::kProtocol41) {
    if (!GetFixed16(&in, &eof.warnings) || !GetFixed16(&in, &eof.status_flags)) {
      return MalformedPacketError("EOF packet: truncated");
    }
  }
  if (!in.empty()) return MalformedPacketError("EOF packet: trailing bytes");
  return eof;
}

bool IsEofPacket(absl::string_view payload) {
  return !payload.empty() && static_cast<uint8_t>(payload[0]) == kEofHeader && payload.size() < 9;
}

}  // namespace shardproxy
