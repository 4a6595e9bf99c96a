// Framed result sets, honouring CLIENT_DEPRECATE_EOF:
//
//   column count, column definitions, [EOF], rows..., EOF | OK(0xfe)
//
// The session streams a result with AppendResultSetHead, then one Append*RowPacket per row, then
// AppendResultSetEnd; AppendTextResultSet does it all for small results the proxy makes itself
// (SELECT @@version_comment ...). Every function appends framed packets to `out` and advances
// *sequence_id. For multi-statement results, set SERVER_MORE_RESULTS_EXIST in the end packet of
// every result but the last.
#ifndef SHARDPROXY_PROXY_PROTOCOL_RESULT_SET_H_
#define SHARDPROXY_PROXY_PROTOCOL_RESULT_SET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "proxy/protocol/ok_packet.h"
#include "proxy/protocol/text_row.h"

namespace shardproxy {

// Column count, definitions and, without CLIENT_DEPRECATE_EOF, an EOF carrying `status_flags`.
void AppendResultSetHead(absl::Span<const ColumnDefinition> columns, uint16_t status_flags,
                         uint32_t capabilities, uint8_t* sequence_id, std::string* out);

void AppendTextRowPacket(absl::Span<const Cell> cells, uint8_t* sequence_id, std::string* out);

// See binary_row.h. On error nothing is appended and *sequence_id is unchanged.
absl::Status AppendBinaryRowPacket(absl::Span<const ColumnDefinition> columns,
                                   absl::Span<const Cell> cells, uint8_t* sequence_id,
                                   std::string* out);

// EOF (warnings, status) or, with CLIENT_DEPRECATE_EOF, `end` as an OK packet with header 0xfe.
// Only status_flags and warnings matter for the EOF form.
void AppendResultSetEnd(const OkPacket& end, uint32_t capabilities, uint8_t* sequence_id,
                        std::string* out);

void AppendTextResultSet(absl::Span<const ColumnDefinition> columns,
                         absl::Span<const std::vector<Cell>> rows, const OkPacket& end,
                         uint32_t capabilities, uint8_t* sequence_id, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_RESULT_SET_H_
