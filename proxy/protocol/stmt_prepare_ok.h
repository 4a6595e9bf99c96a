// The reply to COM_STMT_PREPARE: COM_STMT_PREPARE_OK (statement id, column and parameter counts,
// warnings), then one definition per parameter, then one per result column, each group followed
// by EOF unless CLIENT_DEPRECATE_EOF (and absent when its count is 0).
//
// The statement id is the proxy's own; it maps to backend statements lazily. MariaDB clients may
// later send id 0xffffffff meaning "the statement prepared last" (kLastPreparedStatementId in
// com_stmt_execute.h).
#ifndef SHARDPROXY_PROXY_PROTOCOL_STMT_PREPARE_OK_H_
#define SHARDPROXY_PROXY_PROTOCOL_STMT_PREPARE_OK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"

namespace shardproxy {

struct StmtPrepareOk {
  uint32_t statement_id = 0;
  uint16_t num_columns = 0;
  uint16_t num_params = 0;
  uint16_t warnings = 0;

  friend bool operator==(const StmtPrepareOk&, const StmtPrepareOk&) = default;
};

void EncodeStmtPrepareOk(const StmtPrepareOk& ok, std::string* out);
absl::StatusOr<StmtPrepareOk> DecodeStmtPrepareOk(absl::string_view payload, uint32_t capabilities);

// The definition MariaDB sends for each '?' of a prepared statement: catalog "def", name "?",
// type NULL, binary character set and flag, no length.
ColumnDefinition PlaceholderDefinition();

// The whole reply as framed packets: PREPARE_OK (counts taken from the spans), parameter
// definitions, [EOF], column definitions, [EOF]. `status_flags` go into the EOF packets.
void AppendStmtPrepareResponse(uint32_t statement_id, uint16_t warnings,
                               absl::Span<const ColumnDefinition> params,
                               absl::Span<const ColumnDefinition> columns, uint16_t status_flags,
                               uint32_t capabilities, uint8_t* sequence_id, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_STMT_PREPARE_OK_H_
