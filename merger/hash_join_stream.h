// A cross-node join executed in the proxy: INNER, LEFT or RIGHT join of two row streams on
// equality keys, by hashing one side.
//
// The build side (the right input for INNER and LEFT, the left input for RIGHT) is read whole
// into a hash table — copied and charged to the memory budget, with ER_OUT_OF_RESOURCES past the
// limit — then the other side streams through it. Keys compare as MySQL compares them: an INT
// key meets a VARCHAR key as doubles ('1.0' = 1), an INT meets a DECIMAL exactly, strings by
// collation (trailing spaces ignored under PAD SPACE), a DATE meets a DATETIME at midnight, and
// NULL never equals anything unless the key is null-safe (<=>).
//
// Output rows are the left columns followed by the right columns; the outer join's NULL-extended
// side reports its columns as nullable. An optional residual condition (the rest of the ON
// clause, over that joined row) decides matches, so a LEFT JOIN still NULL-extends a left row
// whose key matched but whose condition did not.
#ifndef SHARDPROXY_MERGER_HASH_JOIN_STREAM_H_
#define SHARDPROXY_MERGER_HASH_JOIN_STREAM_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "merger/memory_budget.h"
#include "merger/merge_expr.h"
#include "merger/merge_operator.h"
#include "merger/row_store.h"
#include "merger/value/cell_comparator.h"

namespace shardproxy {

enum class JoinType : uint8_t { kInner, kLeft, kRight };

struct JoinKey {
  int left_column = 0;
  int right_column = 0;
  bool null_safe = false;              // <=> instead of =
  absl::optional<uint16_t> collation;  // for string keys: the comparison's collation
};

struct HashJoinSpec {
  JoinType type = JoinType::kInner;
  std::vector<JoinKey> keys;            // at least one
  absl::optional<MergeExpr> condition;  // over the joined row (left columns, then right)
  int div_precision_increment = 4;
};

class HashJoinStream : public MergeOperator {
 public:
  // Errors: keys out of range or absent (1105), keys the merger cannot compare (1235).
  static absl::StatusOr<std::unique_ptr<HashJoinStream>> Make(std::unique_ptr<RowStream> left,
                                                              std::unique_ptr<RowStream> right,
                                                              HashJoinSpec spec,
                                                              std::shared_ptr<MemoryBudget> budget);

  StreamState Next(RowView* row) override;

 private:
  HashJoinStream(std::vector<ColumnDefinition> columns, std::unique_ptr<RowStream> left,
                 std::unique_ptr<RowStream> right, HashJoinSpec spec,
                 std::shared_ptr<MemoryBudget> budget);

  bool build_is_left() const { return spec_.type == JoinType::kRight; }
  // Key of a row of the given side; false if it has a NULL in a non-null-safe key.
  bool Key(RowView row, bool left_side, std::string* key) const;
  absl::Status Build(RowView row);
  // Fills cells_ with the joined row (build row may be empty: NULL-extended).
  void Join(RowView probe, const RowView* build);

  std::unique_ptr<RowStream> left_;
  std::unique_ptr<RowStream> right_;
  HashJoinSpec spec_;
  std::shared_ptr<MemoryBudget> budget_;
  std::vector<CellComparator> left_keys_;
  std::vector<CellComparator> right_keys_;
  std::vector<CellComparator> output_comparators_;  // for the residual condition
  size_t left_width_;
  size_t right_width_;

  RowArena arena_;
  MemoryCharge table_charge_;
  absl::flat_hash_map<absl::string_view, uint32_t> heads_;  // key -> first build row
  std::vector<RowView> build_rows_;
  std::vector<uint32_t> next_;  // chain of rows with the same key
  bool built_ = false;

  // Probe state, kept across Next() calls.
  bool have_probe_ = false;
  RowView probe_;
  uint32_t chain_ = UINT32_MAX;
  bool matched_ = false;
  std::string key_;
  std::vector<Cell> cells_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_HASH_JOIN_STREAM_H_
