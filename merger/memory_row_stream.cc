#include "merger/memory_row_stream.h"

#include <utility>

namespace shardproxy {

MemoryRowStream::MemoryRowStream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                                 absl::Status end_status)
    : columns_(std::move(columns)), rows_(std::move(rows)), end_(std::move(end_status)) {}

StreamState MemoryRowStream::Next(RowView* row) {
  if (next_ >= rows_.size()) return StreamState::kFinished;
  const auto& r = rows_[next_++];
  cells_.resize(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    cells_[i] = r[i].has_value() ? Cell(absl::string_view(*r[i])) : Cell();
  }
  *row = RowView(cells_);
  return StreamState::kHaveRow;
}

}  // namespace shardproxy
