// SELECT DISTINCT (and UNION DISTINCT): passes the first row of each distinct combination of the
// chosen columns, in input order, so a sorted input stays sorted. Equality is MySQL's: strings by
// collation with trailing spaces ignored under PAD SPACE, numbers by value. Seen keys are charged
// to the memory budget.
#ifndef SHARDPROXY_MERGER_DISTINCT_STREAM_H_
#define SHARDPROXY_MERGER_DISTINCT_STREAM_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "merger/memory_budget.h"
#include "merger/merge_operator.h"
#include "merger/value/cell_comparator.h"

namespace shardproxy {

class DistinctStream : public MergeOperator {
 public:
  // `columns_to_compare` index the input row; `comparators` parallel them.
  DistinctStream(std::unique_ptr<RowStream> input, std::vector<int> columns_to_compare,
                 std::vector<CellComparator> comparators, std::shared_ptr<MemoryBudget> budget);

  StreamState Next(RowView* row) override;

 private:
  std::unique_ptr<RowStream> input_;
  std::vector<int> compared_;
  std::vector<CellComparator> comparators_;
  std::shared_ptr<MemoryBudget> budget_;
  MemoryCharge charge_;
  absl::flat_hash_set<std::string> seen_;
  std::string key_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_DISTINCT_STREAM_H_
