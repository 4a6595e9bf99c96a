// UNION [ALL | DISTINCT] of result streams that may differ in column types (SELECT int_col ...
// UNION SELECT decimal_col ...): the result columns are typed the way MariaDB types a UNION, and
// values are rewritten where MariaDB's text for the result type differs from the branch's
// (an INT in a DECIMAL(12,2) column prints "1.00", a DATE in a DATETIME(3) column
// "2020-01-01 00:00:00.000", a DECIMAL in a DOUBLE column "5.5").
//
// Type pairs the merger cannot reproduce exactly (TIME with DATETIME — MariaDB adds the current
// date —, GEOMETRY, ...) are refused with 1235 rather than answered differently. Known limit: a
// FLOAT meeting a DOUBLE is re-read from the FLOAT's 6-digit text, so floats that print rounded
// (16777217 → "16777200") come out as that rounded value.
//
// Branch rows come out in branch order (all of branch 1, then branch 2, ...). UNION DISTINCT
// removes duplicates under the result columns' collations; ORDER BY / LIMIT on the union follow.
#ifndef SHARDPROXY_MERGER_UNION_STREAM_H_
#define SHARDPROXY_MERGER_UNION_STREAM_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "merger/memory_budget.h"
#include "merger/merge_spec.h"
#include "merger/row_stream.h"

namespace shardproxy {

struct UnionSpec {
  bool distinct = true;           // UNION is UNION DISTINCT
  std::vector<SortKey> order_by;  // over the result columns
  LimitSpec limit;
};

// The column MariaDB reports for a UNION of columns a and b (names from a). 1235 if unsupported.
absl::StatusOr<ColumnDefinition> UnionColumn(const ColumnDefinition& a, const ColumnDefinition& b);

absl::StatusOr<std::unique_ptr<RowStream>> MakeUnion(
    std::vector<std::unique_ptr<RowStream>> branches, const UnionSpec& spec,
    std::shared_ptr<MemoryBudget> budget = nullptr);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_UNION_STREAM_H_
