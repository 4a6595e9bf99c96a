// k-way merge of shard results that each arrive sorted by the same ORDER BY (the router puts the
// ORDER BY, with LIMIT offset+count, into every shard's SQL).
//
// A binary heap holds the current head row of each input; nothing is copied: a head stays valid
// because its input is not pulled again until that head has been handed out. So a cross-shard
// ORDER BY ... LIMIT 10 over millions of rows holds k rows and reads ~10 + k.
//
// Each input's order is checked as rows arrive: a shard that sorted by another collation than
// the merger was told would otherwise produce a silently misordered result, so a row that sorts
// before its predecessor ends the stream with an error (1105) naming the shard. The check keeps
// the previous row's key cells per input in a reused buffer (no allocation once warm).
#ifndef SHARDPROXY_MERGER_ORDER_BY_MERGE_STREAM_H_
#define SHARDPROXY_MERGER_ORDER_BY_MERGE_STREAM_H_

#include <memory>
#include <vector>

#include "merger/merge_operator.h"
#include "merger/row_comparator.h"
#include "merger/row_store.h"

namespace shardproxy {

class OrderByMergeStream : public MergeOperator {
 public:
  OrderByMergeStream(std::vector<std::unique_ptr<RowStream>> inputs, RowComparator order,
                     std::vector<ColumnDefinition> columns);

  StreamState Next(RowView* row) override;

 private:
  bool Less(int a, int b) const;
  void Push(int input);
  int Pop();
  // Takes input i's new head; false (and the stream finished) if it is out of order.
  bool Accept(int input, RowView row);

  std::vector<std::unique_ptr<RowStream>> inputs_;
  RowComparator order_;
  std::vector<RowView> heads_;
  std::vector<int> heap_;
  std::vector<int> unprimed_;        // inputs whose first row has not arrived yet
  int advance_ = -1;                 // input whose head was handed out and must be pulled next
  std::vector<OwnedRow> last_keys_;  // per input: key cells of its previous row
  std::vector<Cell> key_scratch_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_ORDER_BY_MERGE_STREAM_H_
