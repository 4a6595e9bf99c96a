#include "proxy/protocol/packet.h"

#include <string>
#include <vector>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::Hex;

struct Received {
  uint8_t sequence_id;
  uint8_t last_sequence_id;
  std::string payload;
};

// Feeds `stream` to a framer in chunks of `chunk` bytes and collects every packet.
std::vector<Received> Frame(absl::string_view stream, size_t chunk,
                            size_t max_payload = kDefaultMaxPayloadSize) {
  PacketFramer framer(max_payload);
  std::vector<Received> packets;
  for (size_t pos = 0; pos < stream.size(); pos += chunk) {
    framer.Append(stream.substr(pos, chunk));
    Packet packet;
    while (true) {
      absl::StatusOr<bool> next = framer.Next(&packet);
      EXPECT_TRUE(next.ok()) << next.status();
      if (!next.ok() || !*next) break;
      packets.push_back({packet.sequence_id, packet.last_sequence_id, std::string(packet.payload)});
    }
  }
  EXPECT_EQ(framer.buffered_bytes(), 0u);
  return packets;
}

TEST(PacketFramerTest, COM_QUERYFromTheWire) {
  // "select 1" as mysql sends it.
  const std::string wire = Bytes("09000000 03 73656c6563742031");
  for (size_t chunk : {wire.size(), wire.size() / 2 + 1, size_t{1}}) {
    std::vector<Received> packets = Frame(wire, chunk);
    ASSERT_EQ(packets.size(), 1u) << chunk;
    EXPECT_EQ(packets[0].sequence_id, 0);
    EXPECT_EQ(packets[0].last_sequence_id, 0);
    EXPECT_EQ(packets[0].payload, "\x03select 1");
  }
}

TEST(PacketFramerTest, TwoHalvesAtEverySplitPoint) {
  std::string wire;
  uint8_t seq = 0;
  AppendPacket("\x03select 1", &seq, &wire);
  AppendPacket("", &seq, &wire);
  AppendPacket("\x0e", &seq, &wire);
  for (size_t split = 0; split <= wire.size(); ++split) {
    PacketFramer framer;
    std::vector<std::string> got;
    Packet packet;
    framer.Append(absl::string_view(wire).substr(0, split));
    while (*framer.Next(&packet)) got.emplace_back(packet.payload);
    framer.Append(absl::string_view(wire).substr(split));
    while (*framer.Next(&packet)) got.emplace_back(packet.payload);
    ASSERT_EQ(got.size(), 3u) << split;
    EXPECT_EQ(got[0], "\x03select 1");
    EXPECT_EQ(got[1], "");
    EXPECT_EQ(got[2], "\x0e");
  }
}

TEST(PacketFramerTest, PipelinedBytesStayBuffered) {
  std::string wire;
  uint8_t seq = 1;
  AppendPacket("handshake response", &seq, &wire);
  seq = 0;
  AppendPacket("\x03SET NAMES utf8", &seq, &wire);
  PacketFramer framer;
  framer.Append(wire.substr(0, wire.size() - 3));
  Packet packet;
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload, "handshake response");
  EXPECT_EQ(packet.sequence_id, 1);
  EXPECT_FALSE(*framer.Next(&packet));
  EXPECT_GT(framer.buffered_bytes(), 0u);
  framer.Append(wire.substr(wire.size() - 3));
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload, "\x03SET NAMES utf8");
}

TEST(PacketFramerTest, ZeroCopyAppend) {
  std::string wire = Bytes("01000000 0e 01000000 01");
  PacketFramer framer;
  char* dst = framer.PrepareAppend(64);
  std::memcpy(dst, wire.data(), 6);
  framer.CommitAppend(6);
  Packet packet;
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload, "\x0e");
  EXPECT_FALSE(*framer.Next(&packet));
  dst = framer.PrepareAppend(64);
  std::memcpy(dst, wire.data() + 6, 4);
  framer.CommitAppend(4);
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload, "\x01");
  EXPECT_EQ(framer.buffered_bytes(), 0u);
}

TEST(AppendPacketTest, SmallPayloads) {
  std::string out;
  uint8_t seq = 0;
  AppendPacket("", &seq, &out);
  AppendPacket("\x01", &seq, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("00000000 01000001 01")));
  EXPECT_EQ(seq, 2);
}

TEST(AppendPacketTest, SequenceIdWrapsAt256) {
  std::string out;
  uint8_t seq = 255;
  AppendPacket("a", &seq, &out);
  AppendPacket("b", &seq, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("010000ff 61 01000000 62")));
  EXPECT_EQ(seq, 1);
}

// Payload sizes around the 16 MiB split point: below, exactly 0xffffff (followed by an empty
// packet), above, and an exact multiple.
class SplitJoinTest : public ::testing::TestWithParam<size_t> {};

TEST_P(SplitJoinTest, SplitsAndJoins) {
  const size_t size = GetParam();
  std::string payload(size, '\0');
  for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 7 + (i >> 16));

  std::string appended;
  uint8_t seq = 3;
  AppendPacket(payload, &seq, &appended);

  std::string in_place;
  uint8_t seq2 = 3;
  size_t start = BeginPacket(&in_place);
  in_place.append(payload);
  FinishPacket(start, &seq2, &in_place);
  EXPECT_TRUE(appended == in_place)
      << "AppendPacket and FinishPacket frame " << size << " bytes differently";
  EXPECT_EQ(seq, seq2);

  const size_t parts = size / kMaxPacketChunk + 1;
  EXPECT_EQ(appended.size(), size + 4 * parts);
  EXPECT_EQ(seq, static_cast<uint8_t>(3 + parts));
  // Every part but the last is 0xffffff bytes; sequence ids count up.
  size_t pos = 0;
  for (size_t i = 0; i < parts; ++i) {
    uint32_t length = static_cast<uint8_t>(appended[pos]) |
                      static_cast<uint8_t>(appended[pos + 1]) << 8 |
                      static_cast<uint32_t>(static_cast<uint8_t>(appended[pos + 2])) << 16;
    EXPECT_EQ(static_cast<uint8_t>(appended[pos + 3]), 3 + i);
    if (i + 1 < parts) {
      EXPECT_EQ(length, kMaxPacketChunk);
    } else {
      EXPECT_LT(length, kMaxPacketChunk);
    }
    pos += 4 + length;
  }
  EXPECT_EQ(pos, appended.size());

  for (size_t chunk : {appended.size(), size_t{1} << 20, size_t{4093}}) {
    PacketFramer framer(64u << 20);
    Packet packet;
    std::string joined;
    int count = 0;
    for (size_t p = 0; p < appended.size(); p += chunk) {
      framer.Append(absl::string_view(appended).substr(p, chunk));
      while (*framer.Next(&packet)) {
        ++count;
        joined = std::string(packet.payload);
        EXPECT_EQ(packet.sequence_id, 3);
        EXPECT_EQ(packet.last_sequence_id, static_cast<uint8_t>(3 + parts - 1));
      }
    }
    EXPECT_EQ(count, 1) << chunk;
    EXPECT_TRUE(joined == payload) << "joined payload differs, chunk " << chunk;
  }
}

INSTANTIATE_TEST_SUITE_P(AroundSixteenMiB, SplitJoinTest,
                         ::testing::Values(kMaxPacketChunk - 1, kMaxPacketChunk,
                                           kMaxPacketChunk + 1, 2 * kMaxPacketChunk));

TEST(PacketFramerTest, ExactlyMaxChunkNeedsTheEmptyPacket) {
  std::string wire;
  uint8_t seq = 0;
  AppendPacket(std::string(kMaxPacketChunk, 'a'), &seq, &wire);
  PacketFramer framer(64u << 20);
  Packet packet;
  framer.Append(absl::string_view(wire).substr(0, wire.size() - 4));
  EXPECT_FALSE(*framer.Next(&packet)) << "a 0xffffff packet alone is not a whole payload";
  framer.Append(absl::string_view(wire).substr(wire.size() - 4));
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload.size(), kMaxPacketChunk);
  EXPECT_EQ(packet.last_sequence_id, 1);
}

TEST(PacketFramerTest, OversizedPacketIsAnErrorBeforeItsBytesArrive) {
  PacketFramer framer(1000);
  framer.Append(Bytes("e9030000"));  // announces 1001 bytes
  Packet packet;
  absl::StatusOr<bool> next = framer.Next(&packet);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(ToMysqlError(next.status()).code, mysql_errc::kNetPacketTooLarge);
  EXPECT_EQ(ToMysqlError(next.status()).sqlstate, "08S01");
  // Sticky: the stream is out of step.
  framer.Append("more");
  EXPECT_FALSE(framer.Next(&packet).ok());
}

TEST(PacketFramerTest, ExactlyMaxSizeIsAccepted) {
  PacketFramer framer(3);
  framer.Append(Bytes("03000000 616263"));
  Packet packet;
  ASSERT_TRUE(*framer.Next(&packet));
  EXPECT_EQ(packet.payload, "abc");
}

TEST(PacketFramerTest, OversizedJoinedPayloadIsAnError) {
  std::string wire;
  uint8_t seq = 0;
  AppendPacket(std::string(kMaxPacketChunk + 10, 'a'), &seq, &wire);
  PacketFramer framer(kMaxPacketChunk + 9);
  framer.Append(wire);
  Packet packet;
  absl::StatusOr<bool> next = framer.Next(&packet);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(ToMysqlError(next.status()).code, mysql_errc::kNetPacketTooLarge);
}

TEST(PacketFramerTest, ContinuationWithWrongSequenceIdIsAnError) {
  std::string wire = Bytes("ffffff00");
  wire.append(kMaxPacketChunk, 'a');
  wire += Bytes("01000005 61");  // should be sequence id 1
  PacketFramer framer(64u << 20);
  framer.Append(wire);
  Packet packet;
  absl::StatusOr<bool> next = framer.Next(&packet);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(ToMysqlError(next.status()).code, mysql_errc::kNetPacketsOutOfOrder);
}

TEST(SequenceIdTest, Check) {
  EXPECT_TRUE(CheckSequenceId(1, 1).ok());
  absl::Status wrong = CheckSequenceId(1, 2);
  EXPECT_EQ(ToMysqlError(wrong).code, mysql_errc::kNetPacketsOutOfOrder);
  EXPECT_EQ(NextSequenceId(255), 0);
}

TEST(PacketFramerTest, NextSequenceIdIsKnownOnceTheHeaderIsHere) {
  PacketFramer framer;
  EXPECT_FALSE(framer.next_sequence_id().has_value());
  framer.Append("GET");
  EXPECT_FALSE(framer.next_sequence_id().has_value());
  framer.Append(" / HTTP/1.1");  // announces 0x544547 bytes, sequence id ' '
  ASSERT_TRUE(framer.next_sequence_id().has_value());
  EXPECT_EQ(*framer.next_sequence_id(), ' ');
  Packet packet;
  absl::StatusOr<bool> next = framer.Next(&packet);
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(*next);  // the payload is not here
}

}  // namespace
}  // namespace shardproxy
