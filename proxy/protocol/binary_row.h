// ProtocolBinary::ResultsetRow, as the reply rows of COM_STMT_EXECUTE: 0x00, a NULL bitmap with a
// 2-bit offset ((columns + 9) / 8 bytes), then each non-NULL value in its column type's binary
// form.
//
// The proxy's backends answer in the text protocol, so rows are encoded from text cells and the
// column definitions: integers by type and UNSIGNED flag (TINY 1 byte, SHORT/YEAR 2, LONG/INT24 4,
// LONGLONG 8), FLOAT/DOUBLE as IEEE values parsed from the text (the nearest value, so a client
// printing it shortest-round-trip shows the same text), DATE/DATETIME/TIMESTAMP/TIME in the
// temporal forms of mysql_time.h, and everything else (DECIMAL, strings, blobs, BIT, ENUM, SET,
// JSON, GEOMETRY) as length-encoded bytes, exactly as the text cell.
#ifndef SHARDPROXY_PROXY_PROTOCOL_BINARY_ROW_H_
#define SHARDPROXY_PROXY_PROTOCOL_BINARY_ROW_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "proxy/protocol/text_row.h"

namespace shardproxy {

// Appends the row's payload. Fails (1105, naming the column and the text) when a cell does not
// parse as its column's type, e.g. "abc" in an INT column, or a value out of the type's range;
// `out` is then left as it was. `cells` and `columns` must have the same size.
absl::Status EncodeBinaryRow(absl::Span<const ColumnDefinition> columns,
                             absl::Span<const Cell> cells, std::string* out);

// The value bytes of each column as they are on the wire: for length-encoded types the content
// without its length, for fixed-size and temporal types the bytes (temporal ones with their
// length byte). For tests and tools; clients do this themselves.
absl::StatusOr<std::vector<Cell>> DecodeBinaryRow(absl::string_view payload,
                                                  absl::Span<const ColumnDefinition> columns);

// Size in bytes of the NULL bitmap of a binary row with `columns` columns.
inline size_t BinaryRowNullBitmapSize(size_t columns) { return (columns + 7 + 2) / 8; }

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_BINARY_ROW_H_
