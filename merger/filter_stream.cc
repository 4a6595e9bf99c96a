#include "merger/filter_stream.h"

#include <utility>

#include "merger/aggregator.h"

namespace shardproxy {

FilterStream::FilterStream(std::unique_ptr<RowStream> input, MergeExpr condition,
                           std::vector<CellComparator> comparators, int div_precision_increment)
    : MergeOperator(
          std::vector<ColumnDefinition>(input->columns().begin(), input->columns().end())),
      input_(std::move(input)),
      condition_(std::move(condition)),
      comparators_(std::move(comparators)),
      div_precision_increment_(div_precision_increment) {}

StreamState FilterStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (true) {
    StreamState s = input_->Next(row);
    if (s == StreamState::kBlocked) return s;
    if (s == StreamState::kFinished) return Finish(input_->status());
    absl::StatusOr<bool> keep = EvaluateCondition(
        condition_, TextRow(columns(), comparators_, *row), div_precision_increment_);
    if (!keep.ok()) return Finish(keep.status());
    if (*keep) return StreamState::kHaveRow;
  }
}

}  // namespace shardproxy
