// ORDER BY over rows that do not arrive sorted: after GROUP BY (ORDER BY SUM(x) DESC), or over
// shards that could not sort for us. Materializes its input, charged to the memory budget —
// except with a LIMIT, where only the best offset+count rows are kept (a bounded heap of reused
// row buffers), so ORDER BY ... LIMIT 10 over any number of groups holds ten rows.
// Ties keep arrival order.
#ifndef SHARDPROXY_MERGER_SORT_STREAM_H_
#define SHARDPROXY_MERGER_SORT_STREAM_H_

#include <memory>
#include <vector>

#include "absl/types/optional.h"
#include "merger/memory_budget.h"
#include "merger/merge_operator.h"
#include "merger/row_comparator.h"
#include "merger/row_store.h"

namespace shardproxy {

class SortStream : public MergeOperator {
 public:
  // `keep_first`: only this many leading rows will be read downstream (LIMIT offset + count).
  SortStream(std::unique_ptr<RowStream> input, RowComparator order,
             absl::optional<uint64_t> keep_first, std::shared_ptr<MemoryBudget> budget);

  StreamState Next(RowView* row) override;

 private:
  static constexpr uint64_t kMaxTopN = 65536;

  absl::Status Take(RowView row);
  bool Worse(size_t a, size_t b) const;  // top-N slots: a sorts after b
  void SiftDown(size_t i);
  void SiftUp(size_t i);
  void PrepareOutput();

  std::unique_ptr<RowStream> input_;
  RowComparator order_;
  absl::optional<uint64_t> keep_first_;
  bool top_n_;
  std::shared_ptr<MemoryBudget> budget_;
  RowArena arena_;
  MemoryCharge charge_;
  std::vector<RowView> rows_;    // full sort
  std::vector<OwnedRow> slots_;  // top-N: one reused buffer per kept row
  std::vector<uint64_t> seq_;    // arrival number of each slot's row
  std::vector<size_t> heap_;     // top-N: slot indices, worst on top
  uint64_t arrived_ = 0;
  bool consumed_ = false;
  std::vector<RowView> output_;
  size_t next_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_SORT_STREAM_H_
