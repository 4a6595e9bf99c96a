#include "merger/concat_stream.h"

#include <utility>

namespace shardproxy {

ConcatStream::ConcatStream(std::vector<std::unique_ptr<RowStream>> inputs,
                           std::vector<ColumnDefinition> columns, bool in_order)
    : MergeOperator(std::move(columns)),
      inputs_(std::move(inputs)),
      done_(inputs_.size(), false),
      remaining_(inputs_.size()),
      in_order_(in_order) {}

StreamState ConcatStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (remaining_ > 0) {
    if (done_[current_]) {
      current_ = (current_ + 1) % inputs_.size();
      continue;
    }
    RowStream& input = *inputs_[current_];
    switch (input.Next(row)) {
      case StreamState::kHaveRow:
        blocked_streak_ = 0;
        return StreamState::kHaveRow;
      case StreamState::kFinished:
        if (!input.status().ok()) return Finish(input.status());
        done_[current_] = true;
        --remaining_;
        blocked_streak_ = 0;
        break;
      case StreamState::kBlocked:
        if (in_order_) return StreamState::kBlocked;
        if (++blocked_streak_ >= remaining_) {
          blocked_streak_ = 0;
          current_ = (current_ + 1) % inputs_.size();
          return StreamState::kBlocked;
        }
        break;
    }
    current_ = (current_ + 1) % inputs_.size();
  }
  return Finish();
}

}  // namespace shardproxy
