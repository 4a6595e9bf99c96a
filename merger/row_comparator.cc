#include "merger/row_comparator.h"

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::StatusOr<RowComparator> RowComparator::Make(absl::Span<const SortKey> keys,
                                                  absl::Span<const ColumnDefinition> columns) {
  RowComparator r;
  for (const SortKey& key : keys) {
    if (key.column < 0 || key.column >= static_cast<int>(columns.size())) {
      return InternalError(absl::StrCat("invalid merge spec: sort key on column ", key.column,
                                        " of a ", columns.size(), "-column row"));
    }
    const ColumnDefinition& column = columns[static_cast<size_t>(key.column)];
    if ((column.flags & (column_flag::kEnum | column_flag::kSet)) != 0) {
      return UnsupportedError(absl::StrCat("shardproxy cannot merge ORDER BY on ENUM/SET column '",
                                           column.name,
                                           "' across shards (MySQL orders it by member position)"));
    }
    absl::StatusOr<CellComparator> c = CellComparator::ForColumn(column, key.collation);
    if (!c.ok()) return c.status();
    r.keys_.push_back(key);
    r.comparators_.push_back(*c);
  }
  return r;
}

}  // namespace shardproxy
