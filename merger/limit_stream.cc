#include "merger/limit_stream.h"

#include <utility>

namespace shardproxy {

LimitStream::LimitStream(std::unique_ptr<RowStream> input, uint64_t offset,
                         absl::optional<uint64_t> count)
    : MergeOperator(
          std::vector<ColumnDefinition>(input->columns().begin(), input->columns().end())),
      input_(std::move(input)),
      to_skip_(offset),
      remaining_(count) {}

StreamState LimitStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (true) {
    if (remaining_.has_value() && *remaining_ == 0) return Finish();
    StreamState s = input_->Next(row);
    if (s == StreamState::kBlocked) return s;
    if (s == StreamState::kFinished) return Finish(input_->status());
    if (to_skip_ > 0) {
      --to_skip_;
      continue;
    }
    if (remaining_.has_value()) --*remaining_;
    return StreamState::kHaveRow;
  }
}

}  // namespace shardproxy
