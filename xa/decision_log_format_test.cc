#include "xa/decision_log_format.h"

#include <zlib.h>

#include <algorithm>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

std::string Payload(const std::vector<LogRecord>& records) {
  std::string out;
  for (const LogRecord& r : records) EncodeLogRecord(r, &out);
  return out;
}

TEST(LogRecordTest, RoundTripsEveryType) {
  std::vector<LogRecord> records = {
      LogRecord::Epoch(1, "p1"),
      LogRecord::Epoch(UINT64_MAX, std::string(24, 'i')),
      LogRecord::Commit("sp-p1-1-1", {"ds0", "ds1"}),
      LogRecord::Commit("sp-p1-1-2", {}),
      LogRecord::Commit(std::string(200, 'g'), {std::string(300, 'd'), ""}),  // 2-byte varints
      LogRecord::Resolved("sp-p1-1-1"),
  };
  std::vector<LogRecord> decoded;
  ASSERT_TRUE(DecodeLogRecords(Payload(records), &decoded).ok());
  EXPECT_EQ(decoded, records);
}

TEST(LogRecordTest, ExactBytes) {
  std::string out;
  EncodeLogRecord(LogRecord::Commit("g1", {"ds0", "ds1"}), &out);
  EXPECT_EQ(out, std::string("\x02\x02g1\x02\x03"
                             "ds0\x03"
                             "ds1",
                             13));
  out.clear();
  EncodeLogRecord(LogRecord::Epoch(300, "p"), &out);
  EXPECT_EQ(out, std::string("\x01\xac\x02\x01p", 5));
  out.clear();
  EncodeLogRecord(LogRecord::Resolved("g1"), &out);
  EXPECT_EQ(out, std::string("\x03\x02g1", 4));
}

TEST(LogRecordTest, TruncatedPayloadIsAnErrorAtEveryCut) {
  std::string payload;
  std::vector<size_t> record_ends;
  for (const LogRecord& r :
       {LogRecord::Epoch(5, "p1"), LogRecord::Commit("g", {"a", "b"}), LogRecord::Resolved("g")}) {
    EncodeLogRecord(r, &payload);
    record_ends.push_back(payload.size());
  }
  for (size_t cut = 1; cut < payload.size(); ++cut) {
    if (std::find(record_ends.begin(), record_ends.end(), cut) != record_ends.end()) continue;
    std::vector<LogRecord> decoded;
    EXPECT_FALSE(DecodeLogRecords(payload.substr(0, cut), &decoded).ok()) << cut;
  }
  std::vector<LogRecord> decoded;
  EXPECT_FALSE(DecodeLogRecords(std::string("\x09", 1), &decoded).ok());  // unknown type
}

TEST(FrameTest, HeaderIsMagicLengthCrc) {
  std::string frame;
  AppendFrame("abc", &frame);
  ASSERT_EQ(frame.size(), kFrameHeaderSize + 3);
  EXPECT_EQ(frame.substr(0, 8), std::string("FRM1\x03\x00\x00\x00", 8));
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(frame.data()), 8);
  crc = crc32(crc, reinterpret_cast<const Bytef*>("abc"), 3);
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= uint32_t(uint8_t(frame[8 + i])) << (8 * i);
  EXPECT_EQ(stored, static_cast<uint32_t>(crc));
  EXPECT_EQ(frame.substr(12), "abc");
}

// A log of three frames; offsets of each frame's start.
struct TestLog {
  std::string bytes;
  std::vector<size_t> frame_starts;
  std::vector<std::vector<LogRecord>> frames;
};

TestLog MakeLog() {
  TestLog log;
  log.bytes = std::string(kDecisionLogMagic);
  log.frames = {
      {LogRecord::Epoch(3, "p1"), LogRecord::Commit("sp-p1-3-1", {"ds0", "ds1"})},
      {LogRecord::Commit("sp-p1-3-2", {"ds1", "ds2"}), LogRecord::Resolved("sp-p1-3-1")},
      {LogRecord::Commit("sp-p1-3-3", {"ds0", "ds2"})},
  };
  for (const auto& records : log.frames) {
    log.frame_starts.push_back(log.bytes.size());
    AppendFrame(Payload(records), &log.bytes);
  }
  return log;
}

std::vector<LogRecord> FirstFrames(const TestLog& log, size_t n) {
  std::vector<LogRecord> out;
  for (size_t i = 0; i < n; ++i) out.insert(out.end(), log.frames[i].begin(), log.frames[i].end());
  return out;
}

TEST(ScanTest, IntactLog) {
  TestLog log = MakeLog();
  absl::StatusOr<LogScan> scan = ScanDecisionLog(log.bytes);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records, FirstFrames(log, 3));
  EXPECT_EQ(scan->valid_bytes, log.bytes.size());
  EXPECT_FALSE(scan->torn_tail);
}

TEST(ScanTest, EmptyAndTornMagic) {
  absl::StatusOr<LogScan> empty = ScanDecisionLog("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->records.empty());
  EXPECT_FALSE(empty->torn_tail);
  for (size_t cut = 1; cut < kDecisionLogMagic.size(); ++cut) {
    absl::StatusOr<LogScan> scan = ScanDecisionLog(kDecisionLogMagic.substr(0, cut));
    ASSERT_TRUE(scan.ok()) << cut;
    EXPECT_TRUE(scan->torn_tail);
    EXPECT_EQ(scan->valid_bytes, 0u);
  }
  EXPECT_EQ(ScanDecisionLog("SPXALOG2").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ScanDecisionLog("hello").status().code(), absl::StatusCode::kDataLoss);
}

// A crash while the last frame was being written: whatever prefix of it reached the disk, the
// scan keeps every earlier frame and drops the torn one.
TEST(ScanTest, TornLastFrameAtEveryByte) {
  TestLog log = MakeLog();
  size_t last = log.frame_starts.back();
  for (size_t cut = last; cut < log.bytes.size(); ++cut) {
    absl::StatusOr<LogScan> scan = ScanDecisionLog(log.bytes.substr(0, cut));
    ASSERT_TRUE(scan.ok()) << "cut at " << cut << ": " << scan.status();
    EXPECT_EQ(scan->records, FirstFrames(log, 2)) << cut;
    EXPECT_EQ(scan->valid_bytes, last) << cut;
    EXPECT_EQ(scan->torn_tail, cut > last) << cut;
  }
}

// The last frame's pages persisted out of order: any byte of it may be garbage.
TEST(ScanTest, GarbledLastFrameAtEveryByteIsTorn) {
  TestLog log = MakeLog();
  size_t last = log.frame_starts.back();
  for (size_t i = last; i < log.bytes.size(); ++i) {
    std::string bytes = log.bytes;
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
    absl::StatusOr<LogScan> scan = ScanDecisionLog(bytes);
    ASSERT_TRUE(scan.ok()) << "byte " << i << ": " << scan.status();
    EXPECT_EQ(scan->records, FirstFrames(log, 2)) << i;
    EXPECT_TRUE(scan->torn_tail) << i;
  }
}

TEST(ScanTest, ZeroFilledTailIsTorn) {
  TestLog log = MakeLog();
  std::string bytes = log.bytes + std::string(4096, '\0');
  absl::StatusOr<LogScan> scan = ScanDecisionLog(bytes);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records, FirstFrames(log, 3));
  EXPECT_TRUE(scan->torn_tail);
}

// Damage before an intact frame cannot be a torn write (the next frame is written only after the
// previous one's fsync): it is reported, with offsets, at every damaged byte of frames 1 and 2.
TEST(ScanTest, DamageInTheMiddleIsReportedAtEveryByte) {
  TestLog log = MakeLog();
  for (size_t i = log.frame_starts[0]; i < log.frame_starts.back(); ++i) {
    std::string bytes = log.bytes;
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
    absl::StatusOr<LogScan> scan = ScanDecisionLog(bytes);
    ASSERT_FALSE(scan.ok()) << "byte " << i;
    EXPECT_EQ(scan.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(scan.status().message().find("followed by an intact frame"), std::string::npos)
        << scan.status();
  }
  std::string cut_middle = log.bytes;
  cut_middle.erase(log.frame_starts[1] + 5, 3);  // a frame lost bytes; the next one is intact
  EXPECT_EQ(ScanDecisionLog(cut_middle).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ScanTest, IntactFrameWithUndecodableRecordsIsDataLoss) {
  std::string bytes(kDecisionLogMagic);
  AppendFrame(std::string("\x02\x05g", 3), &bytes);  // gtrid says 5 bytes, has 1
  absl::StatusOr<LogScan> scan = ScanDecisionLog(bytes);
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(scan.status().message().find("byte 8"), std::string::npos) << scan.status();
}

}  // namespace
}  // namespace shardproxy
