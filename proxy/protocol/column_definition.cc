#include "proxy/protocol/column_definition.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

// The length-encoded length of the fixed-size fields that follow the names, always 12.
constexpr uint8_t kFixedFieldsLength = 0x0c;

absl::Status Malformed(absl::string_view field) {
  return MalformedPacketError(absl::StrCat("column definition: bad or missing ", field));
}

}  // namespace

void EncodeColumnDefinition(const ColumnDefinition& column, std::string* out) {
  PutLengthEncodedString(out, column.catalog);
  PutLengthEncodedString(out, column.schema);
  PutLengthEncodedString(out, column.table);
  PutLengthEncodedString(out, column.org_table);
  PutLengthEncodedString(out, column.name);
  PutLengthEncodedString(out, column.org_name);
  PutFixed8(out, kFixedFieldsLength);
  PutFixed16(out, column.character_set);
  PutFixed32(out, column.column_length);
  PutFixed8(out, static_cast<uint8_t>(column.type));
  PutFixed16(out, column.flags);
  PutFixed8(out, column.decimals);
  PutFixed16(out, 0);  // filler
}

void EncodeFieldListColumnDefinition(const ColumnDefinition& column,
                                     absl::optional<absl::string_view> default_value,
                                     std::string* out) {
  EncodeColumnDefinition(column, out);
  if (default_value.has_value()) {
    PutLengthEncodedString(out, *default_value);
  } else {
    PutFixed8(out, kLenencNull);
  }
}

absl::StatusOr<ColumnDefinition> DecodeColumnDefinition(absl::string_view payload,
                                                        uint32_t capabilities,
                                                        bool extended_type_info) {
  ColumnDefinition column;
  absl::string_view in = payload;
  absl::string_view text;
  struct NamedField {
    const char* name;
    std::string* value;
  };
  const NamedField names[] = {{"catalog", &column.catalog}, {"schema", &column.schema},
                              {"table", &column.table},     {"org_table", &column.org_table},
                              {"name", &column.name},       {"org_name", &column.org_name}};
  for (const NamedField& field : names) {
    if (!GetLengthEncodedString(&in, &text)) return Malformed(field.name);
    field.value->assign(text.data(), text.size());
  }
  // Type name and format of JSON, INET6, UUID, ... columns: the proxy passes on plain types.
  if (extended_type_info && !GetLengthEncodedString(&in, &text)) {
    return Malformed("extended type info");
  }
  uint64_t fixed_length;
  if (!GetLengthEncodedInt(&in, &fixed_length) || fixed_length != kFixedFieldsLength) {
    return Malformed("length of fixed fields (0x0c)");
  }
  uint8_t type;
  uint16_t filler;
  if (!GetFixed16(&in, &column.character_set)) return Malformed("character set");
  if (!GetFixed32(&in, &column.column_length)) return Malformed("column length");
  if (!GetFixed8(&in, &type)) return Malformed("type");
  if (!GetFixed16(&in, &column.flags)) return Malformed("flags");
  if (!GetFixed8(&in, &column.decimals)) return Malformed("decimals");
  if (!GetFixed16(&in, &filler)) return Malformed("filler");
  column.type = static_cast<FieldType>(type);
  if (!in.empty()) {
    // A COM_FIELD_LIST default value: NULL or a length-encoded string, and nothing after it.
    if (static_cast<uint8_t>(in[0]) == kLenencNull) {
      in.remove_prefix(1);
    } else if (!GetLengthEncodedString(&in, &text)) {
      return Malformed("default value");
    }
    if (!in.empty()) return Malformed("end of packet (trailing bytes)");
  }
  return column;
}

void EncodeColumnCount(uint64_t count, std::string* out) { PutLengthEncodedInt(out, count); }

absl::StatusOr<uint64_t> DecodeColumnCount(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  uint64_t count;
  if (!GetLengthEncodedInt(&in, &count) || count == 0 || !in.empty()) {
    return MalformedPacketError("column count: not a single non-zero length-encoded integer");
  }
  return count;
}

}  // namespace shardproxy
