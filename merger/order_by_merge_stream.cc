#include "merger/order_by_merge_stream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

OrderByMergeStream::OrderByMergeStream(std::vector<std::unique_ptr<RowStream>> inputs,
                                       RowComparator order, std::vector<ColumnDefinition> columns)
    : MergeOperator(std::move(columns)),
      inputs_(std::move(inputs)),
      order_(std::move(order)),
      heads_(inputs_.size()),
      last_keys_(inputs_.size()) {
  heap_.reserve(inputs_.size());
  for (size_t i = 0; i < inputs_.size(); ++i) unprimed_.push_back(static_cast<int>(i));
  key_scratch_.resize(order_.size());
}

bool OrderByMergeStream::Less(int a, int b) const {
  int r = order_.Compare(heads_[static_cast<size_t>(a)], heads_[static_cast<size_t>(b)]);
  return r != 0 ? r < 0 : a < b;  // ties: lower input first, for a deterministic order
}

void OrderByMergeStream::Push(int input) {
  heap_.push_back(input);
  size_t i = heap_.size() - 1;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!Less(heap_[i], heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

int OrderByMergeStream::Pop() {
  int top = heap_[0];
  heap_[0] = heap_.back();
  heap_.pop_back();
  size_t i = 0;
  while (true) {
    size_t l = 2 * i + 1, r = l + 1, best = i;
    if (l < heap_.size() && Less(heap_[l], heap_[best])) best = l;
    if (r < heap_.size() && Less(heap_[r], heap_[best])) best = r;
    if (best == i) break;
    std::swap(heap_[i], heap_[best]);
    i = best;
  }
  return top;
}

bool OrderByMergeStream::Accept(int input, RowView row) {
  size_t in = static_cast<size_t>(input);
  OwnedRow& last = last_keys_[in];
  if (!last.empty() && order_.CompareKeysToRow(last.view(), row) > 0) {
    Finish(InternalError(absl::StrCat(
        "shard result ", input, " is not in the order the merge expects (",
        "a row arrived after one that sorts later; collation or ORDER BY mismatch between "
        "the shard SQL and the merge spec)")));
    return false;
  }
  for (size_t k = 0; k < order_.size(); ++k) {
    key_scratch_[k] = row[static_cast<size_t>(order_.keys()[k].column)];
  }
  last.Assign(key_scratch_);
  heads_[in] = row;
  Push(input);
  return true;
}

StreamState OrderByMergeStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  if (advance_ >= 0) {
    RowStream& input = *inputs_[static_cast<size_t>(advance_)];
    RowView next;
    switch (input.Next(&next)) {
      case StreamState::kBlocked:
        return StreamState::kBlocked;
      case StreamState::kFinished:
        if (!input.status().ok()) return Finish(input.status());
        break;
      case StreamState::kHaveRow:
        if (!Accept(advance_, next)) return StreamState::kFinished;
        break;
    }
    advance_ = -1;
  }
  for (size_t i = 0; i < unprimed_.size();) {
    int index = unprimed_[i];
    RowStream& input = *inputs_[static_cast<size_t>(index)];
    RowView first;
    switch (input.Next(&first)) {
      case StreamState::kBlocked:
        ++i;
        continue;
      case StreamState::kFinished:
        if (!input.status().ok()) return Finish(input.status());
        break;
      case StreamState::kHaveRow:
        if (!Accept(index, first)) return StreamState::kFinished;
        break;
    }
    unprimed_.erase(unprimed_.begin() + static_cast<std::ptrdiff_t>(i));
  }
  // Nothing may be handed out before every input has shown its first row.
  if (!unprimed_.empty()) return StreamState::kBlocked;
  if (heap_.empty()) return Finish();
  advance_ = Pop();
  *row = heads_[static_cast<size_t>(advance_)];
  return StreamState::kHaveRow;
}

}  // namespace shardproxy
