#include "proxy/protocol/stmt_prepare_ok.h"

#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/eof_packet.h"
#include "proxy/protocol/packet.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeStmtPrepareOk(const StmtPrepareOk& ok, std::string* out) {
  PutFixed8(out, 0x00);
  PutFixed32(out, ok.statement_id);
  PutFixed16(out, ok.num_columns);
  PutFixed16(out, ok.num_params);
  PutFixed8(out, 0x00);  // reserved
  PutFixed16(out, ok.warnings);
}

absl::StatusOr<StmtPrepareOk> DecodeStmtPrepareOk(absl::string_view payload,
                                                  uint32_t capabilities) {
  absl::string_view in = payload;
  StmtPrepareOk ok;
  uint8_t header, reserved;
  if (!GetFixed8(&in, &header) || header != 0x00 || !GetFixed32(&in, &ok.statement_id) ||
      !GetFixed16(&in, &ok.num_columns) || !GetFixed16(&in, &ok.num_params) ||
      !GetFixed8(&in, &reserved) || !GetFixed16(&in, &ok.warnings) || !in.empty()) {
    return MalformedPacketError("COM_STMT_PREPARE_OK: not 12 bytes starting with 0x00");
  }
  return ok;
}

ColumnDefinition PlaceholderDefinition() {
  ColumnDefinition column;
  // Not `= "?"`: GCC 12 warns falsely (-Wrestrict, GCC bug 105651) on assigning a literal.
  column.name = std::string(1, '?');
  column.character_set = collation_id::kBinary;
  column.type = FieldType::kNull;
  column.flags = column_flag::kBinary;
  return column;
}

void AppendStmtPrepareResponse(uint32_t statement_id, uint16_t warnings,
                               absl::Span<const ColumnDefinition> params,
                               absl::Span<const ColumnDefinition> columns, uint16_t status_flags,
                               uint32_t capabilities, uint8_t* sequence_id, std::string* out) {
  StmtPrepareOk ok;
  ok.statement_id = statement_id;
  ok.num_columns = static_cast<uint16_t>(columns.size());
  ok.num_params = static_cast<uint16_t>(params.size());
  ok.warnings = warnings;
  size_t start = BeginPacket(out);
  EncodeStmtPrepareOk(ok, out);
  FinishPacket(start, sequence_id, out);
  const bool with_eof = !(capabilities & capability::kDeprecateEof);
  for (absl::Span<const ColumnDefinition> group : {params, columns}) {
    if (group.empty()) continue;
    for (const ColumnDefinition& column : group) {
      start = BeginPacket(out);
      EncodeColumnDefinition(column, out);
      FinishPacket(start, sequence_id, out);
    }
    if (with_eof) {
      start = BeginPacket(out);
      EncodeEofPacket(EofPacket{0, status_flags}, capabilities, out);
      FinishPacket(start, sequence_id, out);
    }
  }
}

}  // namespace shardproxy
