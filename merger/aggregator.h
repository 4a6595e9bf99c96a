// The GROUP BY machinery shared by the streaming and the hashing aggregate operators: the
// aggregation part of a MergeSpec resolved against the shard columns (AggregationPlan, immutable,
// built once per pipeline) and the running state of one group (GroupAccumulator).
//
// Results are printed as MariaDB prints them: exact sums at the argument's scale, AVG rounded
// half up to decimals + div_precision_increment after MariaDB's truncating division, doubles
// through the same formatter as the server, MIN/MAX as the original text, GROUP_CONCAT cut at
// group_concat_max_len bytes on a character boundary.
#ifndef SHARDPROXY_MERGER_AGGREGATOR_H_
#define SHARDPROXY_MERGER_AGGREGATOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/merge_expr.h"
#include "merger/merge_spec.h"
#include "merger/row_stream.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/decimal.h"

namespace shardproxy {

class AggregationPlan {
 public:
  struct Aggregate {
    AggregateSpec spec;
    ColumnDefinition result;
    // Arguments as the aggregate reads them (MIN/MAX order, DISTINCT keys).
    std::vector<CellComparator> argument_comparators;
    std::vector<ColumnDefinition> argument_columns;
    // SUM/AVG accumulate exactly (integers, DECIMAL, temporals) or as doubles.
    bool exact = true;
    int sum_scale = 0;
    std::vector<CellComparator> order_comparators;  // GROUP_CONCAT ORDER BY
  };

  static absl::StatusOr<std::shared_ptr<const AggregationPlan>> Make(
      std::shared_ptr<const MergeSpec> spec, absl::Span<const ColumnDefinition> shard_columns);

  const MergeSpec& spec() const { return *spec_; }
  const std::vector<ColumnDefinition>& merged_columns() const { return merged_columns_; }
  const std::vector<Aggregate>& aggregates() const { return aggregates_; }
  size_t shard_width() const { return shard_width_; }
  bool scalar() const { return spec_->group_by.empty(); }

  // Group keys over shard rows, with their directions applied.
  int CompareGroups(RowView a, RowView b) const;
  bool SameGroup(RowView a, RowView b) const;
  // The first group key on which `a` and `b` differ; the number of keys when none does.
  size_t FirstDifferentKey(RowView a, RowView b) const;
  void AppendGroupKey(RowView row, std::string* key) const;

  // Merged-column comparators (for DISTINCT, ORDER BY on the merged row).
  const std::vector<CellComparator>& merged_comparators() const { return merged_comparators_; }

 private:
  AggregationPlan() = default;

  std::shared_ptr<const MergeSpec> spec_;
  size_t shard_width_ = 0;
  std::vector<ColumnDefinition> merged_columns_;
  std::vector<CellComparator> merged_comparators_;
  std::vector<CellComparator> group_comparators_;
  std::vector<Aggregate> aggregates_;
};

// The running state of one group.
class GroupAccumulator {
 public:
  explicit GroupAccumulator(const AggregationPlan* plan);
  GroupAccumulator(GroupAccumulator&&) = default;
  GroupAccumulator& operator=(GroupAccumulator&&) = default;
  ~GroupAccumulator();

  // Forgets the previous group; `first_row` (kept alive by the caller) gives the merged row's
  // shard-column values. A scalar aggregate over no rows uses an all-NULL row.
  void Reset(RowView first_row);
  // Adds one shard row of the group. Returns the bytes the state grew by (DISTINCT sets,
  // GROUP_CONCAT buffers, MIN/MAX texts), for memory accounting.
  absl::StatusOr<size_t> Add(RowView row);

  // Writes the merged row: cells into *cells, their bytes into *text (both cleared first).
  void Finish(std::string* text, std::vector<Cell>* cells) const;
  // The exact value of merged column `index` as HAVING sees it (AVG unrounded, as MariaDB).
  Value ColumnValue(int index, RowView finished_row) const;

  RowView first_row() const { return first_row_; }
  // Bytes held besides the fixed part.
  size_t dynamic_bytes() const { return dynamic_bytes_; }

 private:
  struct State;
  void FinishAggregate(size_t i, std::string* text, bool* is_null) const;

  const AggregationPlan* plan_;
  RowView first_row_;
  std::vector<State> states_;
  size_t dynamic_bytes_ = 0;
};

// HAVING over a finished merged row of a group.
class GroupRow : public ExprRow {
 public:
  GroupRow(const GroupAccumulator* group, RowView row) : group_(group), row_(row) {}
  Value ColumnValue(int index) const override { return group_->ColumnValue(index, row_); }

 private:
  const GroupAccumulator* group_;
  RowView row_;
};

// The merged row an aggregate operator emits for a finished group, with HAVING applied: what
// the streaming and the hashing operators share once a group is complete. The buffers are
// reused from group to group, so emitting allocates only while they grow.
class GroupOutput {
 public:
  // Writes `group`'s merged row into row() and says whether HAVING keeps it (always, without
  // HAVING). HAVING sees the aggregates' exact values (MariaDB compares AVG's unrounded
  // quotient, not the printed one). An error is HAVING's own (BIGINT overflow, a comparison the
  // merger cannot do).
  absl::StatusOr<bool> Emit(const AggregationPlan& plan, const GroupAccumulator& group);
  // Valid until the next Emit().
  RowView row() const { return cells_; }

 private:
  std::string text_;
  std::vector<Cell> cells_;
  std::vector<std::string> computed_;  // the cells of expression columns
};

// HAVING (or any condition) over a plain merged row of text cells.
class TextRow : public ExprRow {
 public:
  TextRow(absl::Span<const ColumnDefinition> columns, absl::Span<const CellComparator> comparators,
          RowView row)
      : columns_(columns), comparators_(comparators), row_(row) {}
  Value ColumnValue(int index) const override;

 private:
  absl::Span<const ColumnDefinition> columns_;
  absl::Span<const CellComparator> comparators_;
  RowView row_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_AGGREGATOR_H_
