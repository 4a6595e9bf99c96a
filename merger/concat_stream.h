// Plain concatenation of shard results (no ORDER BY): rows in whatever order they arrive.
//
// It keeps taking rows from one input while that input has them and moves on when it blocks or
// ends, so a slow shard never holds back rows another shard has ready; it blocks only when every
// unfinished input is blocked.
#ifndef SHARDPROXY_MERGER_CONCAT_STREAM_H_
#define SHARDPROXY_MERGER_CONCAT_STREAM_H_

#include <memory>
#include <vector>

#include "merger/merge_operator.h"

namespace shardproxy {

class ConcatStream : public MergeOperator {
 public:
  // All inputs have the shape of `columns` (usually inputs[0]->columns()). `in_order`: all rows
  // of input 0, then of input 1... (UNION ALL keeps its branches' order) instead of whatever
  // input has rows ready.
  ConcatStream(std::vector<std::unique_ptr<RowStream>> inputs,
               std::vector<ColumnDefinition> columns, bool in_order = false);

  StreamState Next(RowView* row) override;

 private:
  std::vector<std::unique_ptr<RowStream>> inputs_;
  std::vector<bool> done_;
  size_t remaining_;
  size_t current_ = 0;
  size_t blocked_streak_ = 0;  // consecutive inputs that answered kBlocked
  bool in_order_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_CONCAT_STREAM_H_
