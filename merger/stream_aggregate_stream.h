// GROUP BY over one input sorted by the group keys (shard results merged by OrderByMergeStream
// on those keys): a group ends where the keys change, so it holds one group at a time and
// streams. Without GROUP BY keys (scalar aggregates) the whole input is one group and exactly one
// row comes out, also for no input at all (COUNT 0, SUM NULL), as in MySQL.
//
// HAVING is evaluated here, with the aggregates' exact values (MariaDB compares AVG's unrounded
// quotient, not the printed one).
//
// WITH ROLLUP (MergeSpec::rollup): beside the open group, one accumulator per key prefix takes
// the same rows; where a group ends, so do the prefixes its successor does not share, and their
// rows follow the group's (deepest first), the grand total after the last group.
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
  // WITH ROLLUP: finishes the prefixes of length `keep` and more into pending_.
  void CloseLevels(size_t keep);
  // The next pending super-aggregate row, if any.
  bool NextPending(RowView* row);

  // A key prefix's rows under WITH ROLLUP: its first row with the keys after the prefix NULL.
  struct Level {
    explicit Level(const AggregationPlan* plan) : rows(plan) {}
    OwnedRow first;
    GroupAccumulator rows;
    bool open = false;
  };

  std::unique_ptr<RowStream> input_;
  std::shared_ptr<const AggregationPlan> plan_;
  GroupAccumulator group_;
  OwnedRow group_first_;
  bool group_open_ = false;
  bool any_group_ = false;
  bool input_done_ = false;
  std::vector<Cell> null_row_;
  GroupOutput output_;
  std::vector<std::unique_ptr<Level>> levels_;  // by prefix length; none without WITH ROLLUP
  GroupOutput level_output_;       // not output_: the group's row is still being returned
  std::vector<OwnedRow> pending_;  // finished prefix rows, in the order they are returned
  size_t next_pending_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_STREAM_AGGREGATE_STREAM_H_
