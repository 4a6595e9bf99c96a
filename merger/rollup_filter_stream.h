// Drops the super-aggregate rows of a shard that ran GROUP BY … WITH ROLLUP, keeping its plain
// groups. The shards roll up only so that they describe the result's columns as MariaDB
// describes a rollup's (not as a plain GROUP BY's, which may go through a temporary table); the
// merger computes the rollup rows itself over the merged groups (StreamAggregateStream).
//
// With ascending keys a rollup's rows come in key order, each prefix's row right after the
// prefix's last group, with that group's prefix values and NULL for the keys after it. A plain
// group never looks so: NULL sorts first, so a group with that prefix and those NULLs would have
// come before the group it follows, and groups are distinct. A row whose keys are the last kept
// group's up to a run of NULLs that ends the keys is therefore a super-aggregate row.
// Only for ascending keys (a DESC key puts NULL last).
#ifndef SHARDPROXY_MERGER_ROLLUP_FILTER_STREAM_H_
#define SHARDPROXY_MERGER_ROLLUP_FILTER_STREAM_H_

#include <memory>
#include <vector>

#include "merger/merge_operator.h"
#include "merger/row_store.h"

namespace shardproxy {

class RollupFilterStream : public MergeOperator {
 public:
  // `keys`: the shard's GROUP BY columns, in order.
  RollupFilterStream(std::unique_ptr<RowStream> input, std::vector<int> keys);

  StreamState Next(RowView* row) override;

 private:
  bool IsSuperAggregate(RowView row) const;

  std::unique_ptr<RowStream> input_;
  std::vector<int> keys_;
  OwnedRow last_;  // the last group kept
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_ROLLUP_FILTER_STREAM_H_
