// Chooses and reorders columns: drops the hidden columns the router added for ORDER BY, HAVING
// or AVG before the client sees a row.
#ifndef SHARDPROXY_MERGER_PROJECTION_STREAM_H_
#define SHARDPROXY_MERGER_PROJECTION_STREAM_H_

#include <memory>
#include <vector>

#include "merger/merge_operator.h"

namespace shardproxy {

class ProjectionStream : public MergeOperator {
 public:
  // `keep`: input column indexes, in output order; `columns`: their (possibly renamed)
  // definitions.
  ProjectionStream(std::unique_ptr<RowStream> input, std::vector<int> keep,
                   std::vector<ColumnDefinition> columns);

  StreamState Next(RowView* row) override;

 private:
  std::unique_ptr<RowStream> input_;
  std::vector<int> keep_;
  std::vector<Cell> cells_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_PROJECTION_STREAM_H_
