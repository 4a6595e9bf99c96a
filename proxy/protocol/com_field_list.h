// COM_FIELD_LIST (deprecated, still used by mysql_list_fields and the CLI's auto-rehash): the
// columns of a table as column definitions with default values (EncodeFieldListColumnDefinition),
// ended by EOF or, under CLIENT_DEPRECATE_EOF, an OK packet with header 0xfe.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_FIELD_LIST_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_FIELD_LIST_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComFieldList {
  absl::string_view table;     // raw table name
  absl::string_view wildcard;  // LIKE pattern for column names; may be empty

  friend bool operator==(const ComFieldList&, const ComFieldList&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComFieldList(const ComFieldList& command, std::string* out);
absl::StatusOr<ComFieldList> DecodeComFieldList(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_FIELD_LIST_H_
