#include "merger/projection_stream.h"

#include <utility>

namespace shardproxy {

ProjectionStream::ProjectionStream(std::unique_ptr<RowStream> input, std::vector<int> keep,
                                   std::vector<ColumnDefinition> columns)
    : MergeOperator(std::move(columns)),
      input_(std::move(input)),
      keep_(std::move(keep)),
      cells_(keep_.size()) {}

StreamState ProjectionStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  RowView in;
  StreamState s = input_->Next(&in);
  if (s == StreamState::kBlocked) return s;
  if (s == StreamState::kFinished) return Finish(input_->status());
  for (size_t i = 0; i < keep_.size(); ++i) cells_[i] = in[static_cast<size_t>(keep_[i])];
  *row = RowView(cells_);
  return StreamState::kHaveRow;
}

}  // namespace shardproxy
