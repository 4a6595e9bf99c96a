#include "merger/sort_stream.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace shardproxy {
namespace {
constexpr absl::string_view kWhat = "ORDER BY";
}  // namespace

SortStream::SortStream(std::unique_ptr<RowStream> input, RowComparator order,
                       absl::optional<uint64_t> keep_first, std::shared_ptr<MemoryBudget> budget)
    : MergeOperator(
          std::vector<ColumnDefinition>(input->columns().begin(), input->columns().end())),
      input_(std::move(input)),
      order_(std::move(order)),
      keep_first_(keep_first),
      top_n_(keep_first.has_value() && *keep_first <= kMaxTopN),
      budget_(std::move(budget)),
      arena_(budget_.get(), kWhat),
      charge_(budget_.get(), kWhat) {}

bool SortStream::Worse(size_t a, size_t b) const {
  int r = order_.Compare(slots_[a].view(), slots_[b].view());
  return r != 0 ? r > 0 : seq_[a] > seq_[b];
}

void SortStream::SiftUp(size_t i) {
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!Worse(heap_[i], heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

void SortStream::SiftDown(size_t i) {
  while (true) {
    size_t l = 2 * i + 1, r = l + 1, worst = i;
    if (l < heap_.size() && Worse(heap_[l], heap_[worst])) worst = l;
    if (r < heap_.size() && Worse(heap_[r], heap_[worst])) worst = r;
    if (worst == i) return;
    std::swap(heap_[i], heap_[worst]);
    i = worst;
  }
}

absl::Status SortStream::Take(RowView row) {
  uint64_t seq = arrived_++;
  if (!top_n_) {
    absl::StatusOr<RowView> copy = arena_.Copy(row);
    if (!copy.ok()) return copy.status();
    absl::Status s = charge_.Set(rows_.capacity() * sizeof(RowView));
    if (!s.ok()) return s;
    rows_.push_back(*copy);
    return absl::OkStatus();
  }
  size_t slot;
  if (slots_.size() < *keep_first_) {
    slot = slots_.size();
    slots_.emplace_back();
    seq_.push_back(seq);
  } else {
    // Full: the new row replaces the worst kept row if it sorts before it.
    size_t worst = heap_[0];
    if (order_.Compare(row, slots_[worst].view()) >= 0) return absl::OkStatus();
    slot = worst;
    seq_[slot] = seq;
  }
  size_t before = slots_[slot].capacity_bytes();
  slots_[slot].Assign(row);
  size_t after = slots_[slot].capacity_bytes();
  if (after > before) {
    absl::Status s = charge_.Add(after - before + (slot == heap_.size() ? sizeof(OwnedRow) : 0));
    if (!s.ok()) return s;
  }
  if (slot == heap_.size()) {
    heap_.push_back(slot);
    SiftUp(heap_.size() - 1);
  } else {
    SiftDown(0);
  }
  return absl::OkStatus();
}

void SortStream::PrepareOutput() {
  if (!top_n_) {
    std::stable_sort(rows_.begin(), rows_.end(),
                     [this](RowView a, RowView b) { return order_.Compare(a, b) < 0; });
    output_ = std::move(rows_);
    return;
  }
  std::vector<size_t> idx(slots_.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [this](size_t a, size_t b) { return Worse(b, a); });
  for (size_t i : idx) output_.push_back(slots_[i].view());
}

StreamState SortStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  if (keep_first_.has_value() && *keep_first_ == 0) return Finish();
  if (!consumed_) {
    absl::optional<StreamState> stop = DrainInput(*input_, [this](RowView in) { return Take(in); });
    if (stop.has_value()) return *stop;
    consumed_ = true;
    PrepareOutput();
  }
  if (next_ >= output_.size()) return Finish();
  *row = output_[next_++];
  return StreamState::kHaveRow;
}

}  // namespace shardproxy
