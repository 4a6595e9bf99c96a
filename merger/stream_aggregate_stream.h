// GROUP BY over one input sorted by the group keys (shard results merged by OrderByMergeStream
// on those keys): a group ends where the keys change, so it holds one group at a time and
// streams. Without GROUP BY keys (scalar aggregates) the whole input is one group and exactly one
// row comes out, also for no input at all (COUNT 0, SUM NULL), as in MySQL.
//
// HAVING is evaluated here, with the aggregates' exact values (MariaDB compares AVG's unrounded
// quotient, not the printed one).
#ifndef SHARDPROXY_MERGER_STREAM_AGGREGATE_STREAM_H_
#define SHARDPROXY_MERGER_STREAM_AGGREGATE_STREAM_H_

#include <memory>
#include <string>
#include <vector>

#include "merger/aggregator.h"
#include "merger/merge_operator.h"
#include "merger/row_store.h"

namespace shardproxy {

class StreamAggregateStream : public MergeOperator {
 public:
  StreamAggregateStream(std::unique_ptr<RowStream> input,
                        std::shared_ptr<const AggregationPlan> plan);

  StreamState Next(RowView* row) override;

 private:
  // Finishes the open group into the output row; false if HAVING rejects it (or failed).
  bool EmitGroup(RowView* row);
  void StartGroup(RowView first);

  std::unique_ptr<RowStream> input_;
  std::shared_ptr<const AggregationPlan> plan_;
  GroupAccumulator group_;
  OwnedRow group_first_;
  bool group_open_ = false;
  bool any_group_ = false;
  bool input_done_ = false;
  std::vector<Cell> null_row_;
  GroupOutput output_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_STREAM_AGGREGATE_STREAM_H_
