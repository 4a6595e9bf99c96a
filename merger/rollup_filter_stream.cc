#include "merger/rollup_filter_stream.h"

#include <utility>

namespace shardproxy {

RollupFilterStream::RollupFilterStream(std::unique_ptr<RowStream> input, std::vector<int> keys)
    : MergeOperator(
          std::vector<ColumnDefinition>(input->columns().begin(), input->columns().end())),
      input_(std::move(input)),
      keys_(std::move(keys)) {}

bool RollupFilterStream::IsSuperAggregate(RowView row) const {
  if (last_.empty()) return false;
  size_t prefix = keys_.size();
  while (prefix > 0 && !row[static_cast<size_t>(keys_[prefix - 1])].has_value()) --prefix;
  if (prefix == keys_.size()) return false;  // no NULL key at the end
  RowView last = last_.view();
  for (size_t i = 0; i < prefix; ++i) {
    const size_t column = static_cast<size_t>(keys_[i]);
    if (row[column].has_value() != last[column].has_value() ||
        (row[column].has_value() && *row[column] != *last[column])) {
      return false;
    }
  }
  return true;
}

StreamState RollupFilterStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (true) {
    RowView in;
    switch (input_->Next(&in)) {
      case StreamState::kBlocked:
        return StreamState::kBlocked;
      case StreamState::kFinished:
        return Finish(input_->status());
      case StreamState::kHaveRow:
        break;
    }
    for (int key : keys_) {
      if (key < 0 || static_cast<size_t>(key) >= in.size()) {
        return Finish(absl::InternalError("a rollup key outside the shard's row"));
      }
    }
    if (IsSuperAggregate(in)) continue;
    last_.Assign(in);
    *row = last_.view();
    return StreamState::kHaveRow;
  }
}

}  // namespace shardproxy
