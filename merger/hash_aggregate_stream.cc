#include "merger/hash_aggregate_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace shardproxy {
namespace {
constexpr absl::string_view kWhat = "GROUP BY";
}  // namespace

HashAggregateStream::HashAggregateStream(std::unique_ptr<RowStream> input,
                                         std::shared_ptr<const AggregationPlan> plan,
                                         std::shared_ptr<MemoryBudget> budget)
    : MergeOperator(plan->merged_columns()),
      input_(std::move(input)),
      plan_(std::move(plan)),
      budget_(std::move(budget)),
      arena_(budget_.get(), kWhat),
      table_charge_(budget_.get(), kWhat),
      null_row_(plan_->shard_width()) {}

absl::Status HashAggregateStream::Consume(RowView row) {
  key_.clear();
  plan_->AppendGroupKey(row, &key_);
  auto it = index_.find(absl::string_view(key_));
  GroupAccumulator* group;
  if (it != index_.end()) {
    group = &groups_[it->second];
  } else {
    absl::StatusOr<char*> key_copy = arena_.Allocate(key_.size());
    if (!key_copy.ok()) return key_copy.status();
    if (!key_.empty()) std::memcpy(*key_copy, key_.data(), key_.size());
    absl::StatusOr<RowView> first = arena_.Copy(row);
    if (!first.ok()) return first.status();
    // The group's fixed state and its hash slot (the table doubles as it grows).
    size_t fixed = sizeof(GroupAccumulator) + plan_->aggregates().size() * 160 +
                   2 * (sizeof(absl::string_view) + sizeof(uint32_t) + 1);
    absl::Status s = table_charge_.Add(fixed);
    if (!s.ok()) return s;
    groups_.emplace_back(plan_.get());
    group = &groups_.back();
    group->Reset(*first);
    index_.emplace(absl::string_view(*key_copy, key_.size()),
                   static_cast<uint32_t>(groups_.size() - 1));
  }
  absl::StatusOr<size_t> grown = group->Add(row);
  if (!grown.ok()) return grown.status();
  if (*grown > 0) return table_charge_.Add(*grown);
  return absl::OkStatus();
}

void HashAggregateStream::PrepareOutput() {
  if (groups_.empty() && plan_->scalar()) {
    groups_.emplace_back(plan_.get());
    groups_.back().Reset(RowView(null_row_));
  }
  order_.resize(groups_.size());
  for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<uint32_t>(i);
  if (plan_->spec().sort_groups && !plan_->scalar()) {
    std::stable_sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
      return plan_->CompareGroups(groups_[a].first_row(), groups_[b].first_row()) < 0;
    });
  }
}

StreamState HashAggregateStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  if (!consumed_) {
    absl::optional<StreamState> stop =
        DrainInput(*input_, [this](RowView in) { return Consume(in); });
    if (stop.has_value()) return *stop;
    consumed_ = true;
    PrepareOutput();
  }
  while (next_ < order_.size()) {
    absl::StatusOr<bool> keep = output_.Emit(*plan_, groups_[order_[next_++]]);
    if (!keep.ok()) return Finish(keep.status());
    if (*keep) {
      *row = output_.row();
      return StreamState::kHaveRow;
    }
  }
  return Finish();
}

}  // namespace shardproxy
