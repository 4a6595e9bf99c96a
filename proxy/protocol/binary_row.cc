#include "proxy/protocol/binary_row.h"

#include <cstring>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/mysql_time.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

constexpr uint8_t kBinaryRowHeader = 0x00;
constexpr size_t kNullBitmapOffset = 2;

absl::Status CannotConvert(const ColumnDefinition& column, absl::string_view text,
                           absl::string_view as) {
  return InternalError(absl::StrCat("cannot send the value '", text.substr(0, 64), "' of column '",
                                    column.name, "' as binary ", as));
}

// Fixed-size integer, checked against the range of the column's type.
absl::Status PutInteger(const ColumnDefinition& column, absl::string_view text, int bytes,
                        std::string* out) {
  const bool is_unsigned = column.flags & column_flag::kUnsigned;
  uint64_t bits;
  if (is_unsigned) {
    uint64_t v;
    const uint64_t max =
        bytes == 8 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << (8 * bytes)) - 1;
    if (!absl::SimpleAtoi(text, &v) || v > max) return CannotConvert(column, text, "integer");
    bits = v;
  } else {
    int64_t v;
    const int64_t max =
        bytes == 8 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (8 * bytes - 1)) - 1;
    if (!absl::SimpleAtoi(text, &v) || v > max || v < -max - 1) {
      return CannotConvert(column, text, "integer");
    }
    bits = static_cast<uint64_t>(v);
  }
  switch (bytes) {
    case 1:
      PutFixed8(out, static_cast<uint8_t>(bits));
      break;
    case 2:
      PutFixed16(out, static_cast<uint16_t>(bits));
      break;
    case 4:
      PutFixed32(out, static_cast<uint32_t>(bits));
      break;
    default:
      PutFixed64(out, bits);
      break;
  }
  return absl::OkStatus();
}

absl::Status PutValue(const ColumnDefinition& column, absl::string_view text, std::string* out) {
  MysqlTime time;
  switch (column.type) {
    case FieldType::kTiny:
      return PutInteger(column, text, 1, out);
    case FieldType::kShort:
    case FieldType::kYear:
      return PutInteger(column, text, 2, out);
    case FieldType::kLong:
    case FieldType::kInt24:
      return PutInteger(column, text, 4, out);
    case FieldType::kLongLong:
      return PutInteger(column, text, 8, out);
    case FieldType::kFloat: {
      float v;
      if (!absl::SimpleAtof(text, &v)) return CannotConvert(column, text, "FLOAT");
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof(bits));
      PutFixed32(out, bits);
      return absl::OkStatus();
    }
    case FieldType::kDouble: {
      double v;
      if (!absl::SimpleAtod(text, &v)) return CannotConvert(column, text, "DOUBLE");
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof(bits));
      PutFixed64(out, bits);
      return absl::OkStatus();
    }
    case FieldType::kDate:
    case FieldType::kNewDate:
      if (!ParseTextDate(text, &time)) return CannotConvert(column, text, "DATE");
      PutBinaryDateTime(out, time);
      return absl::OkStatus();
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      if (!ParseTextDateTime(text, &time)) return CannotConvert(column, text, "DATETIME");
      PutBinaryDateTime(out, time);
      return absl::OkStatus();
    case FieldType::kTime:
    case FieldType::kTime2:
      if (!ParseTextTime(text, &time)) return CannotConvert(column, text, "TIME");
      PutBinaryTime(out, time);
      return absl::OkStatus();
    case FieldType::kNull:
      return CannotConvert(column, text, "NULL");
    default:
      PutLengthEncodedString(out, text);
      return absl::OkStatus();
  }
}

// How many value bytes a binary cell of `type` occupies at the front of `in`, or false.
bool GetValue(FieldType type, absl::string_view* in, absl::string_view* value) {
  const absl::string_view before = *in;
  MysqlTime time;
  switch (type) {
    case FieldType::kTiny:
      return GetFixedString(in, 1, value);
    case FieldType::kShort:
    case FieldType::kYear:
      return GetFixedString(in, 2, value);
    case FieldType::kLong:
    case FieldType::kInt24:
    case FieldType::kFloat:
      return GetFixedString(in, 4, value);
    case FieldType::kLongLong:
    case FieldType::kDouble:
      return GetFixedString(in, 8, value);
    case FieldType::kDate:
    case FieldType::kNewDate:
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      if (!GetBinaryDateTime(in, &time)) return false;
      *value = before.substr(0, before.size() - in->size());
      return true;
    case FieldType::kTime:
    case FieldType::kTime2:
      if (!GetBinaryTime(in, &time)) return false;
      *value = before.substr(0, before.size() - in->size());
      return true;
    case FieldType::kNull:
      return false;
    default:
      return GetLengthEncodedString(in, value);
  }
}

}  // namespace

absl::Status EncodeBinaryRow(absl::Span<const ColumnDefinition> columns,
                             absl::Span<const Cell> cells, std::string* out) {
  if (columns.size() != cells.size()) {
    return InternalError(
        absl::StrCat("binary row with ", cells.size(), " cells for ", columns.size(), " columns"));
  }
  const size_t start = out->size();
  PutFixed8(out, kBinaryRowHeader);
  const size_t bitmap = out->size();
  out->append(BinaryRowNullBitmapSize(columns.size()), '\0');
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i].has_value()) {
      const size_t bit = i + kNullBitmapOffset;
      (*out)[bitmap + bit / 8] = static_cast<char>((*out)[bitmap + bit / 8] | (1 << (bit % 8)));
      continue;
    }
    absl::Status status = PutValue(columns[i], *cells[i], out);
    if (!status.ok()) {
      out->resize(start);
      return status;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Cell>> DecodeBinaryRow(absl::string_view payload,
                                                  absl::Span<const ColumnDefinition> columns) {
  absl::string_view in = payload;
  uint8_t header;
  absl::string_view bitmap;
  if (!GetFixed8(&in, &header) || header != kBinaryRowHeader ||
      !GetFixedString(&in, BinaryRowNullBitmapSize(columns.size()), &bitmap)) {
    return MalformedPacketError("binary row: bad header or NULL bitmap");
  }
  std::vector<Cell> cells;
  cells.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const size_t bit = i + kNullBitmapOffset;
    if (static_cast<uint8_t>(bitmap[bit / 8]) & (1 << (bit % 8))) {
      cells.emplace_back(absl::nullopt);
      continue;
    }
    absl::string_view value;
    if (!GetValue(columns[i].type, &in, &value)) {
      return MalformedPacketError(
          absl::StrCat("binary row: bad or missing value of column ", i + 1));
    }
    cells.emplace_back(value);
  }
  if (!in.empty()) return MalformedPacketError("binary row: trailing bytes");
  return cells;
}

}  // namespace shardproxy
