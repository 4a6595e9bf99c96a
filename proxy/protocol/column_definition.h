// Protocol::ColumnDefinition41 <-> ColumnDefinition (common/mysql_types.h), and the column-count
// packet that starts a result set.
//
// Responses to COM_FIELD_LIST append each column's default value; EncodeFieldListColumnDefinition
// writes it and DecodeColumnDefinition skips it.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COLUMN_DEFINITION_H_
#define SHARDPROXY_PROXY_PROTOCOL_COLUMN_DEFINITION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"

namespace shardproxy {

void EncodeColumnDefinition(const ColumnDefinition& column, std::string* out);
// `default_value` nullopt is written as NULL (0xfb).
void EncodeFieldListColumnDefinition(const ColumnDefinition& column,
                                     absl::optional<absl::string_view> default_value,
                                     std::string* out);
// `extended_type_info`: MariaDB's extended metadata was negotiated (mariadb_capability::
// kExtendedTypeInfo, as a backend connection may have it); its block after org_name is skipped.
absl::StatusOr<ColumnDefinition> DecodeColumnDefinition(absl::string_view payload,
                                                        uint32_t capabilities,
                                                        bool extended_type_info = false);

// The first packet of a result set: how many column definitions follow (never 0; a statement
// without a result set answers OK instead).
void EncodeColumnCount(uint64_t count, std::string* out);
absl::StatusOr<uint64_t> DecodeColumnCount(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COLUMN_DEFINITION_H_
