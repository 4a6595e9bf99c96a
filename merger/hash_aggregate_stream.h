// GROUP BY over input in no particular order: groups live in a hash table keyed by the group
// keys' equality keys (collation weights, canonical numbers), so 'abc' and 'ABC ' meet in one
// group under utf8mb4_general_ci. The whole input is consumed before the first group comes out;
// then groups are emitted in group-key order (MariaDB's implicit GROUP BY order) unless the spec
// says order does not matter.
//
// Everything kept — group keys, first rows, aggregate state, DISTINCT sets — is charged to the
// memory budget; past the limit the stream ends with ER_OUT_OF_RESOURCES instead of growing.
#ifndef SHARDPROXY_MERGER_HASH_AGGREGATE_STREAM_H_
#define SHARDPROXY_MERGER_HASH_AGGREGATE_STREAM_H_

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "merger/aggregator.h"
#include "merger/memory_budget.h"
#include "merger/merge_operator.h"
#include "merger/row_store.h"

namespace shardproxy {

class HashAggregateStream : public MergeOperator {
 public:
  HashAggregateStream(std::unique_ptr<RowStream> input, std::shared_ptr<const AggregationPlan> plan,
                      std::shared_ptr<MemoryBudget> budget);

  StreamState Next(RowView* row) override;

 private:
  absl::Status Consume(RowView row);
  void PrepareOutput();

  std::unique_ptr<RowStream> input_;
  std::shared_ptr<const AggregationPlan> plan_;
  std::shared_ptr<MemoryBudget> budget_;
  RowArena arena_;
  MemoryCharge table_charge_;
  absl::flat_hash_map<absl::string_view, uint32_t> index_;
  std::deque<GroupAccumulator> groups_;
  std::string key_;
  bool consumed_ = false;
  std::vector<uint32_t> order_;
  size_t next_ = 0;
  std::vector<Cell> null_row_;
  GroupOutput output_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_HASH_AGGREGATE_STREAM_H_
