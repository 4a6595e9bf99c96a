// A stream over rows it owns: a subquery's materialized result, a literal result set, and the
// input of tests.
#ifndef SHARDPROXY_MERGER_MEMORY_ROW_STREAM_H_
#define SHARDPROXY_MERGER_MEMORY_ROW_STREAM_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/optional.h"
#include "merger/row_stream.h"

namespace shardproxy {

using OwnedCell = absl::optional<std::string>;
using OwnedRows = std::vector<std::vector<OwnedCell>>;

class MemoryRowStream : public RowStream {
 public:
  // Rows must have one cell per column. `end_status` is what status() reports after the last
  // row (an error makes this a stream that fails after its rows).
  MemoryRowStream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                  absl::Status end_status = absl::OkStatus());

  absl::Span<const ColumnDefinition> columns() const override { return columns_; }
  StreamState Next(RowView* row) override;
  absl::Status status() const override { return next_ < rows_.size() ? absl::OkStatus() : end_; }

 private:
  std::vector<ColumnDefinition> columns_;
  OwnedRows rows_;
  absl::Status end_;
  size_t next_ = 0;
  std::vector<Cell> cells_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MEMORY_ROW_STREAM_H_
