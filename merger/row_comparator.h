// Orders rows by a list of sort keys (ORDER BY a DESC, b): each key a column, a direction and a
// CellComparator resolved from the column's definition and the key's collation.
#ifndef SHARDPROXY_MERGER_ROW_COMPARATOR_H_
#define SHARDPROXY_MERGER_ROW_COMPARATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "merger/merge_spec.h"
#include "merger/value/cell_comparator.h"

namespace shardproxy {

class RowComparator {
 public:
  // Errors: a key out of range (a router bug), an unsupported collation, or an ENUM/SET column
  // (MySQL orders those by their position in the type, which result rows do not carry — sort by
  // a hidden `col+0` column instead).
  static absl::StatusOr<RowComparator> Make(absl::Span<const SortKey> keys,
                                            absl::Span<const ColumnDefinition> columns);

  RowComparator() = default;

  // <0, 0, >0 with directions applied; NULLs first in ASC, last in DESC.
  int Compare(RowView a, RowView b) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      size_t col = static_cast<size_t>(keys_[i].column);
      int r = comparators_[i].Compare(a[col], b[col]);
      if (r != 0) return keys_[i].order == SortOrder::kDesc ? -r : r;
    }
    return 0;
  }

  // `key_cells` holds only the key columns, in key order (see CopyKeys).
  int CompareKeysToRow(RowView key_cells, RowView row) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      int r = comparators_[i].Compare(key_cells[i], row[static_cast<size_t>(keys_[i].column)]);
      if (r != 0) return keys_[i].order == SortOrder::kDesc ? -r : r;
    }
    return 0;
  }

  const std::vector<SortKey>& keys() const { return keys_; }
  size_t size() const { return keys_.size(); }

 private:
  std::vector<SortKey> keys_;
  std::vector<CellComparator> comparators_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_ROW_COMPARATOR_H_
