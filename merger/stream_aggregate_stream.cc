#include "merger/stream_aggregate_stream.h"

#include <utility>

namespace shardproxy {

StreamAggregateStream::StreamAggregateStream(std::unique_ptr<RowStream> input,
                                             std::shared_ptr<const AggregationPlan> plan)
    : MergeOperator(plan->merged_columns()),
      input_(std::move(input)),
      plan_(std::move(plan)),
      group_(plan_.get()),
      null_row_(plan_->shard_width()) {}

void StreamAggregateStream::StartGroup(RowView first) {
  group_first_.Assign(first);
  group_.Reset(group_first_.view());
  group_open_ = true;
  any_group_ = true;
}

bool StreamAggregateStream::EmitGroup(RowView* row) {
  group_open_ = false;
  absl::StatusOr<bool> keep = output_.Emit(*plan_, group_);
  if (!keep.ok()) {
    Finish(keep.status());
    return false;
  }
  *row = output_.row();
  return *keep;
}

StreamState StreamAggregateStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  while (!input_done_) {
    RowView in;
    switch (input_->Next(&in)) {
      case StreamState::kBlocked:
        return StreamState::kBlocked;
      case StreamState::kFinished:
        if (!input_->status().ok()) return Finish(input_->status());
        input_done_ = true;
        break;
      case StreamState::kHaveRow: {
        bool emit = false;
        if (group_open_ && !plan_->scalar() && !plan_->SameGroup(group_first_.view(), in)) {
          // `in` stays valid: the input is not pulled again before we return.
          emit = EmitGroup(row);
          if (finished()) return StreamState::kFinished;
        }
        if (!group_open_) StartGroup(in);
        absl::StatusOr<size_t> added = group_.Add(in);
        if (!added.ok()) return Finish(added.status());
        if (emit) return StreamState::kHaveRow;
        break;
      }
    }
  }
  if (!group_open_ && plan_->scalar() && !any_group_) {
    // A scalar aggregate over no rows still has its one row.
    group_.Reset(RowView(null_row_));
    group_open_ = true;
    any_group_ = true;
  }
  while (group_open_) {
    if (EmitGroup(row)) return StreamState::kHaveRow;
    if (finished()) return StreamState::kFinished;
  }
  return Finish();
}

}  // namespace shardproxy
