// The bytes of the XA decision log: pure functions, tested on byte strings.
//
//   file   := magic frame*
//   magic  := "SPXALOG1"                                   (8 bytes)
//   frame  := "FRM1" length:u32le crc:u32le payload         (12-byte header)
//             crc = zlib crc32 of the 8 header bytes before it and the payload;
//             0 < length <= kMaxFramePayload
//   payload:= record+                                      (a frame is one group-commit batch)
//   record := kEpoch    varint epoch, str instance_id
//           | kCommit   str gtrid, varint n, n * str participant   (the commit decision)
//           | kResolved str gtrid                                 (every branch committed)
//   str    := varint length, bytes
//
// One frame is written per batch with a single write and then fsynced, and the next frame is
// written only after that fsync returned. So, after a crash:
//  - only the last frame can be torn (partly written, or its pages persisted out of order);
//    such a frame was never acknowledged, and dropping it is safe (see xa/README.md);
//  - a damaged frame followed by an intact one cannot be a torn write: the damaged frame was
//    fsynced and acknowledged, and its loss could commit one branch while rolling back another.
//    ScanDecisionLog reports it as DataLoss instead of skipping it.
#ifndef SHARDPROXY_XA_DECISION_LOG_FORMAT_H_
#define SHARDPROXY_XA_DECISION_LOG_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

inline constexpr absl::string_view kDecisionLogMagic = "SPXALOG1";
inline constexpr absl::string_view kFrameMagic = "FRM1";
inline constexpr size_t kFrameHeaderSize = 12;
inline constexpr uint32_t kMaxFramePayload = 64u << 20;

enum class LogRecordType : uint8_t { kEpoch = 1, kCommit = 2, kResolved = 3 };

struct LogRecord {
  LogRecordType type = LogRecordType::kCommit;
  uint64_t epoch = 0;                     // kEpoch
  std::string instance_id;                // kEpoch
  std::string gtrid;                      // kCommit, kResolved
  std::vector<std::string> participants;  // kCommit: the data sources holding prepared branches

  static LogRecord Epoch(uint64_t epoch, std::string instance_id);
  static LogRecord Commit(std::string gtrid, std::vector<std::string> participants);
  static LogRecord Resolved(std::string gtrid);
  friend bool operator==(const LogRecord& a, const LogRecord& b);
};

void EncodeLogRecord(const LogRecord& record, std::string* out);
// Decodes a whole frame payload. Errors (DataLoss) say what is wrong at which payload offset.
absl::Status DecodeLogRecords(absl::string_view payload, std::vector<LogRecord>* out);

// Appends one frame holding `payload` (already encoded records) to `out`.
void AppendFrame(absl::string_view payload, std::string* out);

struct LogScan {
  std::vector<LogRecord> records;
  // Length of the intact prefix: the magic and every intact frame.
  uint64_t valid_bytes = 0;
  // Bytes after valid_bytes were a torn last frame (or a torn magic) and are ignored.
  bool torn_tail = false;
  std::string tail_note;  // what was wrong with the tail, for the log line
};

// Reads a whole log file. An empty file, or a prefix of the magic, is an empty log (the file was
// created but its first write never became durable). Errors (DataLoss): not a decision log;
// damage followed by an intact frame; an intact frame whose records do not decode. Messages
// name the byte offset.
absl::StatusOr<LogScan> ScanDecisionLog(absl::string_view bytes);

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_DECISION_LOG_FORMAT_H_
