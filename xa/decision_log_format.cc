#include "xa/decision_log_format.h"

#include <zlib.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace shardproxy {
namespace {

void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void PutString(absl::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s.data(), s.size());
}

void PutFixed32(uint32_t value, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint32_t GetFixed32(const char* p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return value;
}

// Reads records from a payload, tracking the offset for error messages.
class PayloadReader {
 public:
  explicit PayloadReader(absl::string_view payload) : data_(payload) {}

  bool done() const { return pos_ == data_.size(); }
  size_t pos() const { return pos_; }

  bool Byte(uint8_t* value) {
    if (pos_ >= data_.size()) return false;
    *value = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }

  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
      if (pos_ >= data_.size()) return false;
      uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool String(std::string* out) {
    uint64_t size = 0;
    if (!Varint(&size) || size > data_.size() - pos_) return false;
    out->assign(data_.data() + pos_, size);
    pos_ += size;
    return true;
  }

 private:
  absl::string_view data_;
  size_t pos_ = 0;
};

uint32_t FrameCrc(absl::string_view header8, absl::string_view payload) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc =
      crc32(crc, reinterpret_cast<const Bytef*>(header8.data()), static_cast<uInt>(header8.size()));
  crc =
      crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size()));
  return static_cast<uint32_t>(crc);
}

enum class FrameCheck { kIntact, kIncomplete, kDamaged };

// Checks the frame starting at `offset`; on kIntact sets `payload`.
FrameCheck CheckFrame(absl::string_view bytes, size_t offset, absl::string_view* payload,
                      std::string* why) {
  absl::string_view rest = bytes.substr(offset);
  if (rest.size() < kFrameHeaderSize) {
    // A header cut short. Damaged if even its visible part is not a frame header.
    if (kFrameMagic.substr(0, std::min(rest.size(), kFrameMagic.size())) !=
        rest.substr(0, std::min(rest.size(), kFrameMagic.size()))) {
      *why = "bad frame magic";
      return FrameCheck::kDamaged;
    }
    *why =
        absl::StrCat("frame header cut short (", rest.size(), " of ", kFrameHeaderSize, " bytes)");
    return FrameCheck::kIncomplete;
  }
  if (rest.substr(0, 4) != kFrameMagic) {
    *why = "bad frame magic";
    return FrameCheck::kDamaged;
  }
  uint32_t length = GetFixed32(rest.data() + 4);
  if (length == 0 || length > kMaxFramePayload) {
    *why = absl::StrCat("impossible frame length ", length);
    return FrameCheck::kDamaged;
  }
  if (rest.size() - kFrameHeaderSize < length) {
    *why = absl::StrCat("frame cut short (", rest.size() - kFrameHeaderSize, " of ", length,
                        " payload bytes)");
    return FrameCheck::kIncomplete;
  }
  absl::string_view body = rest.substr(kFrameHeaderSize, length);
  if (FrameCrc(rest.substr(0, 8), body) != GetFixed32(rest.data() + 8)) {
    *why = "frame checksum mismatch";
    return FrameCheck::kDamaged;
  }
  *payload = body;
  return FrameCheck::kIntact;
}

// The offset of the first intact frame at or after `from`, or npos.
size_t FindIntactFrame(absl::string_view bytes, size_t from) {
  while (true) {
    size_t at = bytes.find(kFrameMagic, from);
    if (at == absl::string_view::npos) return at;
    absl::string_view payload;
    std::string why;
    if (CheckFrame(bytes, at, &payload, &why) == FrameCheck::kIntact) return at;
    from = at + 1;
  }
}

}  // namespace

LogRecord LogRecord::Epoch(uint64_t epoch, std::string instance_id) {
  LogRecord r;
  r.type = LogRecordType::kEpoch;
  r.epoch = epoch;
  r.instance_id = std::move(instance_id);
  return r;
}

LogRecord LogRecord::Commit(std::string gtrid, std::vector<std::string> participants) {
  LogRecord r;
  r.type = LogRecordType::kCommit;
  r.gtrid = std::move(gtrid);
  r.participants = std::move(participants);
  return r;
}

LogRecord LogRecord::Resolved(std::string gtrid) {
  LogRecord r;
  r.type = LogRecordType::kResolved;
  r.gtrid = std::move(gtrid);
  return r;
}

bool operator==(const LogRecord& a, const LogRecord& b) {
  return a.type == b.type && a.epoch == b.epoch && a.instance_id == b.instance_id &&
         a.gtrid == b.gtrid && a.participants == b.participants;
}

void EncodeLogRecord(const LogRecord& record, std::string* out) {
  out->push_back(static_cast<char>(record.type));
  switch (record.type) {
    case LogRecordType::kEpoch:
      PutVarint(record.epoch, out);
      PutString(record.instance_id, out);
      break;
    case LogRecordType::kCommit:
      PutString(record.gtrid, out);
      PutVarint(record.participants.size(), out);
      for (const std::string& p : record.participants) PutString(p, out);
      break;
    case LogRecordType::kResolved:
      PutString(record.gtrid, out);
      break;
  }
}

absl::Status DecodeLogRecords(absl::string_view payload, std::vector<LogRecord>* out) {
  PayloadReader in(payload);
  while (!in.done()) {
    size_t start = in.pos();
    auto bad = [&](absl::string_view what) {
      return absl::DataLossError(
          absl::StrCat("undecodable record at payload offset ", start, ": ", what));
    };
    uint8_t type = 0;
    in.Byte(&type);
    LogRecord record;
    switch (static_cast<LogRecordType>(type)) {
      case LogRecordType::kEpoch:
        record.type = LogRecordType::kEpoch;
        if (!in.Varint(&record.epoch) || !in.String(&record.instance_id)) {
          return bad("truncated epoch record");
        }
        break;
      case LogRecordType::kCommit: {
        record.type = LogRecordType::kCommit;
        uint64_t count = 0;
        if (!in.String(&record.gtrid) || !in.Varint(&count) || count > payload.size()) {
          return bad("truncated commit record");
        }
        record.participants.resize(count);
        for (std::string& p : record.participants) {
          if (!in.String(&p)) return bad("truncated commit record");
        }
        break;
      }
      case LogRecordType::kResolved:
        record.type = LogRecordType::kResolved;
        if (!in.String(&record.gtrid)) return bad("truncated resolved record");
        break;
      default:
        return bad(absl::StrCat("unknown record type ", type));
    }
    out->push_back(std::move(record));
  }
  return absl::OkStatus();
}

void AppendFrame(absl::string_view payload, std::string* out) {
  size_t start = out->size();
  out->append(kFrameMagic.data(), kFrameMagic.size());
  PutFixed32(static_cast<uint32_t>(payload.size()), out);
  uint32_t crc = FrameCrc(absl::string_view(*out).substr(start, 8), payload);
  PutFixed32(crc, out);
  out->append(payload.data(), payload.size());
}

absl::StatusOr<LogScan> ScanDecisionLog(absl::string_view bytes) {
  LogScan scan;
  if (bytes.size() < kDecisionLogMagic.size()) {
    if (kDecisionLogMagic.substr(0, bytes.size()) != bytes) {
      return absl::DataLossError("not a shardproxy XA decision log (bad magic)");
    }
    scan.torn_tail = !bytes.empty();
    if (scan.torn_tail) scan.tail_note = "magic cut short";
    return scan;
  }
  if (bytes.substr(0, kDecisionLogMagic.size()) != kDecisionLogMagic) {
    return absl::DataLossError("not a shardproxy XA decision log (bad magic)");
  }
  size_t offset = kDecisionLogMagic.size();
  while (offset < bytes.size()) {
    absl::string_view payload;
    std::string why;
    FrameCheck check = CheckFrame(bytes, offset, &payload, &why);
    if (check == FrameCheck::kIntact) {
      absl::Status decoded = DecodeLogRecords(payload, &scan.records);
      if (!decoded.ok()) {
        return absl::DataLossError(
            absl::StrCat("frame at byte ", offset, " passes its checksum but ", decoded.message()));
      }
      offset += kFrameHeaderSize + payload.size();
      continue;
    }
    size_t later = FindIntactFrame(bytes, offset + 1);
    if (later != absl::string_view::npos) {
      return absl::DataLossError(absl::StrCat("damaged frame at byte ", offset, " (", why,
                                              ") is followed by an intact frame at byte ", later,
                                              ": an acknowledged commit decision may be lost"));
    }
    scan.torn_tail = true;
    scan.tail_note = absl::StrCat(why, " at byte ", offset, "; ", bytes.size() - offset,
                                  " trailing bytes ignored");
    break;
  }
  scan.valid_bytes = offset;
  return scan;
}

}  // namespace shardproxy
