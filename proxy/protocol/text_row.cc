#include "proxy/protocol/text_row.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeTextRow(absl::Span<const Cell> cells, std::string* out) {
  for (const Cell& cell : cells) {
    if (cell.has_value()) {
      PutLengthEncodedString(out, *cell);
    } else {
      PutFixed8(out, kLenencNull);
    }
  }
}

absl::StatusOr<std::vector<Cell>> DecodeTextRow(absl::string_view payload, size_t column_count) {
  std::vector<Cell> cells;
  cells.reserve(column_count);
  absl::string_view in = payload;
  for (size_t i = 0; i < column_count; ++i) {
    if (!in.empty() && static_cast<uint8_t>(in[0]) == kLenencNull) {
      in.remove_prefix(1);
      cells.emplace_back(absl::nullopt);
      continue;
    }
    absl::string_view value;
    if (!GetLengthEncodedString(&in, &value)) {
      return MalformedPacketError(absl::StrCat("text row: bad or missing cell ", i + 1));
    }
    cells.emplace_back(value);
  }
  if (!in.empty()) return MalformedPacketError("text row: more cells than columns");
  return cells;
}

}  // namespace shardproxy
