// Packet framing, kept apart from every payload codec: a packet is a 3-byte little-endian payload
// length, a 1-byte sequence id and the payload. A payload of 0xffffff bytes or more travels as
// several packets of 0xffffff bytes with consecutive sequence ids, ended by a shorter one (empty
// when the payload is an exact multiple).
//
// Reading: PacketFramer turns the client's byte stream, in whatever chunks it arrives, into whole
// logical packets. Bytes past the current packet stay buffered, so a client that pipelines its
// first queries behind the handshake response loses nothing.
//
// Writing: encoders append payloads to a caller-owned buffer; BeginPacket/FinishPacket frame a
// payload encoded in place (no copy), AppendPacket frames one built elsewhere.
#ifndef SHARDPROXY_PROXY_PROTOCOL_PACKET_H_
#define SHARDPROXY_PROXY_PROTOCOL_PACKET_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy {

inline constexpr size_t kPacketHeaderSize = 4;
inline constexpr size_t kMaxPacketChunk = 0xffffff;
// MariaDB's own default max_allowed_packet.
inline constexpr size_t kDefaultMaxPayloadSize = 16u << 20;

// One logical packet: continuation packets already joined.
struct Packet {
  uint8_t sequence_id = 0;       // of the first physical packet
  uint8_t last_sequence_id = 0;  // of the last one; a reply continues at last_sequence_id + 1
  absl::string_view payload;     // borrowed from the framer, see PacketFramer::Next
};

class PacketFramer {
 public:
  // A logical payload longer than `max_payload_size` fails with ERR 1153 as soon as its headers
  // announce it, before its bytes are buffered.
  explicit PacketFramer(size_t max_payload_size = kDefaultMaxPayloadSize);

  PacketFramer(const PacketFramer&) = delete;
  PacketFramer& operator=(const PacketFramer&) = delete;

  // Copies bytes received from the peer.
  void Append(absl::string_view bytes);

  // Zero-copy alternative to Append: read(2) into the `max_bytes` returned by PrepareAppend, then
  // CommitAppend the count actually read.
  char* PrepareAppend(size_t max_bytes);
  void CommitAppend(size_t bytes);

  // Fills *packet and returns true when a whole logical packet is buffered; returns false when
  // more bytes are needed. Fails on a packet over the size limit or a continuation packet with
  // the wrong sequence id; the stream is then out of step, every later call fails the same way
  // and the caller should send the ERR and close. packet->payload stays valid until the next call
  // of a non-const method.
  absl::StatusOr<bool> Next(Packet* packet);

  // The sequence id in the header of the packet Next() will return, as soon as that header is
  // here (the payload may still be on its way).
  absl::optional<uint8_t> next_sequence_id() const {
    if (buffer_.size() - read_pos_ < kPacketHeaderSize) return absl::nullopt;
    return static_cast<uint8_t>(buffer_[read_pos_ + 3]);
  }

  // Bytes received but not yet returned by Next().
  size_t buffered_bytes() const { return buffer_.size() - read_pos_; }
  size_t max_payload_size() const { return max_payload_size_; }
  void set_max_payload_size(size_t size) { max_payload_size_ = size; }

 private:
  void Compact();

  size_t max_payload_size_;
  std::string buffer_;
  size_t read_pos_ = 0;
  size_t prepared_from_ = 0;  // buffer size before PrepareAppend grew it
  std::string joined_;        // payload of the last multi-packet message
  absl::Status error_;
};

// Appends `payload` framed as one or more packets, the first numbered *sequence_id; advances
// *sequence_id past the last packet written.
void AppendPacket(absl::string_view payload, uint8_t* sequence_id, std::string* out);

// In-place framing: `size_t start = BeginPacket(out); EncodeX(x, out); FinishPacket(start, &seq,
// out);` reserves the header, lets the encoder append the payload, then writes the header (and
// splits a payload of 16 MiB or more into continuation packets).
size_t BeginPacket(std::string* out);
void FinishPacket(size_t start, uint8_t* sequence_id, std::string* out);

// Packets of one exchange must carry consecutive ids (mod 256), starting at 0 for a command.
inline uint8_t NextSequenceId(uint8_t id) { return static_cast<uint8_t>(id + 1); }
// OK, or ERR 1156 (08S01) when `actual` is not `expected`.
absl::Status CheckSequenceId(uint8_t expected, uint8_t actual);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_PACKET_H_
