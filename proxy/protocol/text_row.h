// ProtocolText::ResultsetRow: one length-encoded string per column, 0xfb for NULL. Cells are the
// proxy's row currency (common/mysql_types.h): absl::optional<absl::string_view>, nullopt = NULL.
#ifndef SHARDPROXY_PROXY_PROTOCOL_TEXT_ROW_H_
#define SHARDPROXY_PROXY_PROTOCOL_TEXT_ROW_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"

namespace shardproxy {

using Cell = absl::optional<absl::string_view>;

void EncodeTextRow(absl::Span<const Cell> cells, std::string* out);
// Exactly `column_count` cells, pointing into `payload`.
absl::StatusOr<std::vector<Cell>> DecodeTextRow(absl::string_view payload, size_t column_count);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_TEXT_ROW_H_
