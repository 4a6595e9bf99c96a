#include "proxy/protocol/result_set.h"

#include "proxy/protocol/binary_row.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/eof_packet.h"
#include "proxy/protocol/packet.h"

namespace shardproxy {

void AppendResultSetHead(absl::Span<const ColumnDefinition> columns, uint16_t status_flags,
                         uint32_t capabilities, uint8_t* sequence_id, std::string* out) {
  size_t start = BeginPacket(out);
  EncodeColumnCount(columns.size(), out);
  FinishPacket(start, sequence_id, out);
  for (const ColumnDefinition& column : columns) {
    start = BeginPacket(out);
    EncodeColumnDefinition(column, out);
    FinishPacket(start, sequence_id, out);
  }
  if (!(capabilities & capability::kDeprecateEof)) {
    start = BeginPacket(out);
    EncodeEofPacket(EofPacket{0, status_flags}, capabilities, out);
    FinishPacket(start, sequence_id, out);
  }
}

void AppendTextRowPacket(absl::Span<const Cell> cells, uint8_t* sequence_id, std::string* out) {
  const size_t start = BeginPacket(out);
  EncodeTextRow(cells, out);
  FinishPacket(start, sequence_id, out);
}

absl::Status AppendBinaryRowPacket(absl::Span<const ColumnDefinition> columns,
                                   absl::Span<const Cell> cells, uint8_t* sequence_id,
                                   std::string* out) {
  const size_t start = BeginPacket(out);
  absl::Status status = EncodeBinaryRow(columns, cells, out);
  if (!status.ok()) {
    out->resize(start);
    return status;
  }
  FinishPacket(start, sequence_id, out);
  return absl::OkStatus();
}

void AppendResultSetEnd(const OkPacket& end, uint32_t capabilities, uint8_t* sequence_id,
                        std::string* out) {
  const size_t start = BeginPacket(out);
  if (capabilities & capability::kDeprecateEof) {
    EncodeOkPacketAsEof(end, capabilities, out);
  } else {
    EncodeEofPacket(EofPacket{end.warnings, end.status_flags}, capabilities, out);
  }
  FinishPacket(start, sequence_id, out);
}

void AppendTextResultSet(absl::Span<const ColumnDefinition> columns,
                         absl::Span<const std::vector<Cell>> rows, const OkPacket& end,
                         uint32_t capabilities, uint8_t* sequence_id, std::string* out) {
  AppendResultSetHead(columns, end.status_flags, capabilities, sequence_id, out);
  for (const std::vector<Cell>& row : rows) AppendTextRowPacket(row, sequence_id, out);
  AppendResultSetEnd(end, capabilities, sequence_id, out);
}

}  // namespace shardproxy
