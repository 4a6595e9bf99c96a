#include "merger/distinct_stream.h"

#include <utility>

namespace shardproxy {

DistinctStream::DistinctStream(std::unique_ptr<RowStream> input,
                               std::vector<int> columns_to_compare,
                               std::vector<CellComparator> comparators,
                               std::shared_ptr<MemoryBudget> budget)
    : MergeOperator(
          std::vector<ColumnDefinition>(input->columns().begin(), input->columns().end())),
      input_(std::move(input)),
      compared_(std::move(columns_to_compare)),
      comparators_(std::move(comparators)),
      budget_(std::move(budget)),
      charge_(budget_.get(), "DISTINCT") {}

StreamState DistinctStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (true) {
    StreamState s = input_->Next(row);
    if (s == StreamState::kBlocked) return s;
    if (s == StreamState::kFinished) return Finish(input_->status());
    key_.clear();
    for (size_t i = 0; i < compared_.size(); ++i) {
      comparators_[i].AppendKey((*row)[static_cast<size_t>(compared_[i])], &key_);
    }
    if (seen_.contains(key_)) continue;
    // The key, the string object and its share of the table's slots.
    absl::Status charged = charge_.Add(key_.size() + 2 * sizeof(std::string) + 16);
    if (!charged.ok()) return Finish(charged);
    seen_.insert(key_);
    return StreamState::kHaveRow;
  }
}

}  // namespace shardproxy
