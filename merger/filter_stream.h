// HAVING without GROUP BY (MySQL allows it over the select list): keeps the rows for which a
// condition is true. With aggregation, HAVING runs inside the aggregate operators instead.
#ifndef SHARDPROXY_MERGER_FILTER_STREAM_H_
#define SHARDPROXY_MERGER_FILTER_STREAM_H_

#include <memory>
#include <vector>

#include "merger/merge_expr.h"
#include "merger/merge_operator.h"
#include "merger/value/cell_comparator.h"

namespace shardproxy {

class FilterStream : public MergeOperator {
 public:
  // `comparators`: one per column, giving string columns their collation.
  FilterStream(std::unique_ptr<RowStream> input, MergeExpr condition,
               std::vector<CellComparator> comparators, int div_precision_increment);

  StreamState Next(RowView* row) override;

 private:
  std::unique_ptr<RowStream> input_;
  MergeExpr condition_;
  std::vector<CellComparator> comparators_;
  int div_precision_increment_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_FILTER_STREAM_H_
