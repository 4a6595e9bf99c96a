#include "merger/stream_aggregate_stream.h"

#include <utility>

namespace shardproxy {

StreamAggregateStream::StreamAggregateStream(std::unique_ptr<RowStream> input,
                                             std::shared_ptr<const AggregationPlan> plan)
    : MergeOperator(plan->merged_columns()),
      input_(std::move(input)),
      plan_(std::move(plan)),
      group_(plan_.get()),
      null_row_(plan_->shard_width()) {
  if (plan_->spec().rollup) {
    const size_t keys = plan_->spec().group_by.size();
    for (size_t k = 0; k < keys; ++k) levels_.push_back(std::make_unique<Level>(plan_.get()));
  }
}

void StreamAggregateStream::StartGroup(RowView first) {
  group_first_.Assign(first);
  group_.Reset(group_first_.view());
  group_open_ = true;
  any_group_ = true;
  std::vector<Cell> cells;
  for (size_t k = 0; k < levels_.size(); ++k) {
    Level& level = *levels_[k];
    if (level.open) continue;
    cells.assign(first.begin(), first.end());
    const auto& keys = plan_->spec().group_by;
    for (size_t j = k; j < keys.size(); ++j) cells[static_cast<size_t>(keys[j].column)].reset();
    level.first.Assign(RowView(cells));
    level.rows.Reset(level.first.view());
    level.open = true;
  }
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

void StreamAggregateStream::CloseLevels(size_t keep) {
  for (size_t k = levels_.size(); k-- > keep;) {
    Level& level = *levels_[k];
    if (!level.open) continue;
    level.open = false;
    absl::StatusOr<bool> kept = level_output_.Emit(*plan_, level.rows);
    if (!kept.ok()) {
      Finish(kept.status());
      return;
    }
    if (*kept) pending_.emplace_back().Assign(level_output_.row());
  }
}

bool StreamAggregateStream::NextPending(RowView* row) {
  if (next_pending_ < pending_.size()) {
    *row = pending_[next_pending_++].view();
    return true;
  }
  pending_.clear();
  next_pending_ = 0;
  return false;
}

StreamState StreamAggregateStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  if (NextPending(row)) return StreamState::kHaveRow;
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
          // The prefixes `in` does not share end before it joins the others.
          CloseLevels(plan_->FirstDifferentKey(group_first_.view(), in) + 1);
          if (finished()) return StreamState::kFinished;
        }
        if (!group_open_) StartGroup(in);
        absl::StatusOr<size_t> added = group_.Add(in);
        if (!added.ok()) return Finish(added.status());
        for (const std::unique_ptr<Level>& level : levels_) {
          added = level->rows.Add(in);
          if (!added.ok()) return Finish(added.status());
        }
        if (emit) return StreamState::kHaveRow;
        if (NextPending(row)) return StreamState::kHaveRow;
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
  if (group_open_) {
    const bool emit = EmitGroup(row);
    if (finished()) return StreamState::kFinished;
    CloseLevels(0);  // every prefix ends with the input, the grand total last
    if (finished()) return StreamState::kFinished;
    if (emit) return StreamState::kHaveRow;
  }
  if (NextPending(row)) return StreamState::kHaveRow;
  return Finish();
}

}  // namespace shardproxy
