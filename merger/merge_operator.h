// What every merge operator shares: it is a RowStream over other RowStreams that finishes with
// the first error it meets (its own or an input's) and then stays finished.
#ifndef SHARDPROXY_MERGER_MERGE_OPERATOR_H_
#define SHARDPROXY_MERGER_MERGE_OPERATOR_H_

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "merger/row_stream.h"

namespace shardproxy {

class MergeOperator : public RowStream {
 public:
  absl::Span<const ColumnDefinition> columns() const override { return columns_; }
  absl::Status status() const override { return status_; }

 protected:
  explicit MergeOperator(std::vector<ColumnDefinition> columns) : columns_(std::move(columns)) {}

  StreamState Finish(absl::Status status = absl::OkStatus()) {
    if (status_.ok()) status_ = std::move(status);
    finished_ = true;
    return StreamState::kFinished;
  }
  bool finished() const { return finished_; }

 private:
  std::vector<ColumnDefinition> columns_;
  absl::Status status_;
  bool finished_ = false;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MERGE_OPERATOR_H_
