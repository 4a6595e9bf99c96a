#include "proxy/protocol/packet.h"

#include <algorithm>
#include <cstring>

#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

PacketFramer::PacketFramer(size_t max_payload_size) : max_payload_size_(max_payload_size) {}

// Buffers that grew for one big packet are given back once it is consumed, so an idle session
// does not keep megabytes.
constexpr size_t kShrinkAbove = 1u << 20;

void PacketFramer::Compact() {
  if (joined_.capacity() > kShrinkAbove) std::string().swap(joined_);
  if (read_pos_ == 0) return;
  size_t unread = buffer_.size() - read_pos_;
  if (unread > 0) std::memmove(buffer_.data(), buffer_.data() + read_pos_, unread);
  buffer_.resize(unread);
  read_pos_ = 0;
  if (buffer_.capacity() > kShrinkAbove && unread < kShrinkAbove / 4) buffer_.shrink_to_fit();
}

void PacketFramer::Append(absl::string_view bytes) {
  Compact();
  buffer_.append(bytes.data(), bytes.size());
}

char* PacketFramer::PrepareAppend(size_t max_bytes) {
  Compact();
  prepared_from_ = buffer_.size();
  buffer_.resize(prepared_from_ + max_bytes);
  return buffer_.data() + prepared_from_;
}

void PacketFramer::CommitAppend(size_t bytes) {
  buffer_.resize(prepared_from_ + std::min(bytes, buffer_.size() - prepared_from_));
}

absl::StatusOr<bool> PacketFramer::Next(Packet* packet) {
  if (!error_.ok()) return error_;
  const char* data = buffer_.data() + read_pos_;
  const size_t available = buffer_.size() - read_pos_;

  // Walk the physical packets of one logical packet without consuming anything until all of
  // them are buffered; headers are checked as soon as they arrive.
  size_t offset = 0;
  uint64_t total = 0;
  size_t parts = 0;
  uint8_t first_sequence_id = 0;
  uint8_t sequence_id = 0;
  while (true) {
    if (available - offset < kPacketHeaderSize) return false;
    const uint32_t length = DecodeFixed24(data + offset);
    const uint8_t id = static_cast<uint8_t>(data[offset + 3]);
    if (parts == 0) {
      first_sequence_id = id;
    } else if (id != NextSequenceId(sequence_id)) {
      error_ = PacketsOutOfOrderError(NextSequenceId(sequence_id), id);
      return error_;
    }
    sequence_id = id;
    total += length;
    if (total > max_payload_size_) {
      error_ = PacketTooLargeError(total, max_payload_size_);
      return error_;
    }
    if (available - offset - kPacketHeaderSize < length) return false;
    offset += kPacketHeaderSize + length;
    ++parts;
    if (length < kMaxPacketChunk) break;
  }

  packet->sequence_id = first_sequence_id;
  packet->last_sequence_id = sequence_id;
  if (parts == 1) {
    packet->payload = absl::string_view(data + kPacketHeaderSize, offset - kPacketHeaderSize);
  } else {
    joined_.clear();
    joined_.reserve(total);
    size_t pos = 0;
    for (size_t i = 0; i < parts; ++i) {
      const uint32_t length = DecodeFixed24(data + pos);
      joined_.append(data + pos + kPacketHeaderSize, length);
      pos += kPacketHeaderSize + length;
    }
    packet->payload = joined_;
  }
  read_pos_ += offset;
  return true;
}

void AppendPacket(absl::string_view payload, uint8_t* sequence_id, std::string* out) {
  const size_t parts = payload.size() / kMaxPacketChunk + 1;
  out->reserve(out->size() + payload.size() + parts * kPacketHeaderSize);
  for (size_t i = 0; i < parts; ++i) {
    absl::string_view chunk = payload.substr(0, kMaxPacketChunk);
    PutFixed24(out, static_cast<uint32_t>(chunk.size()));
    PutFixed8(out, *sequence_id);
    out->append(chunk.data(), chunk.size());
    payload.remove_prefix(chunk.size());
    *sequence_id = NextSequenceId(*sequence_id);
  }
}

size_t BeginPacket(std::string* out) {
  const size_t start = out->size();
  out->append(kPacketHeaderSize, '\0');
  return start;
}

void FinishPacket(size_t start, uint8_t* sequence_id, std::string* out) {
  const size_t length = out->size() - start - kPacketHeaderSize;
  const size_t parts = length / kMaxPacketChunk + 1;
  if (parts > 1) {
    // Open a gap for each extra header, moving the chunks from the back so none is overwritten
    // before it has moved.
    out->resize(out->size() + (parts - 1) * kPacketHeaderSize);
    char* base = out->data() + start;
    for (size_t i = parts - 1; i > 0; --i) {
      const size_t from = kPacketHeaderSize + i * kMaxPacketChunk;
      const size_t chunk = std::min(kMaxPacketChunk, length - i * kMaxPacketChunk);
      const size_t to = from + i * kPacketHeaderSize;
      std::memmove(base + to, base + from, chunk);
      EncodeFixed24(base + to - kPacketHeaderSize, static_cast<uint32_t>(chunk));
      base[to - 1] = static_cast<char>(static_cast<uint8_t>(*sequence_id + i));
    }
  }
  char* header = out->data() + start;
  EncodeFixed24(header, static_cast<uint32_t>(std::min(length, kMaxPacketChunk)));
  header[3] = static_cast<char>(*sequence_id);
  *sequence_id = static_cast<uint8_t>(*sequence_id + parts);
}

absl::Status CheckSequenceId(uint8_t expected, uint8_t actual) {
  if (expected == actual) return absl::OkStatus();
  return PacketsOutOfOrderError(expected, actual);
}

}  // namespace shardproxy
