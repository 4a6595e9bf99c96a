// LIMIT offset, count after the merge. Once `count` rows are out it finishes without pulling its
// input again, so the shards' remaining rows are never read (the executor can cancel them).
#ifndef SHARDPROXY_MERGER_LIMIT_STREAM_H_
#define SHARDPROXY_MERGER_LIMIT_STREAM_H_

#include <memory>

#include "absl/types/optional.h"
#include "merger/merge_operator.h"

namespace shardproxy {

class LimitStream : public MergeOperator {
 public:
  LimitStream(std::unique_ptr<RowStream> input, uint64_t offset, absl::optional<uint64_t> count);

  StreamState Next(RowView* row) override;

 private:
  std::unique_ptr<RowStream> input_;
  uint64_t to_skip_;
  absl::optional<uint64_t> remaining_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_LIMIT_STREAM_H_
