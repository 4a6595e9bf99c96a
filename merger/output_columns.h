// The column definitions of a merged result: what MariaDB itself reports for the same query, so
// a client cannot tell the proxy from one server (types, lengths, decimals, charset, flags).
//
// Most come straight from the shards: a shard that ran SUM(x) reports exactly the definition a
// single server reports for SUM(x). The rest are derived from the argument's definition by
// MariaDB's rules, each checked against a real server in output_columns_mariadb_test.cc:
//   COUNT            BIGINT(21), NOT NULL, binary
//   SUM(int/decimal) DECIMAL(min(p + 22, 65), s)       SUM(float/double/string) DOUBLE
//   AVG(int/decimal) DECIMAL(p + 4, min(s + 4, 38))    AVG(float/double) DOUBLE, s + 4 decimals
//   MIN/MAX          the argument's type, nullable; strings report 39 decimals
//   BIT_AND/OR/XOR   BIGINT UNSIGNED(21), NOT NULL
//   GROUP_CONCAT     VARCHAR(max_len) up to group_concat_max_len 512, BLOB beyond
// (4 is div_precision_increment; p is the argument's precision.)
#ifndef SHARDPROXY_MERGER_OUTPUT_COLUMNS_H_
#define SHARDPROXY_MERGER_OUTPUT_COLUMNS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/merge_spec.h"

namespace shardproxy {

ColumnDefinition CountResultColumn();
ColumnDefinition BitResultColumn();
absl::StatusOr<ColumnDefinition> SumResultColumn(const ColumnDefinition& argument);
absl::StatusOr<ColumnDefinition> AvgResultColumn(const ColumnDefinition& argument,
                                                 int div_precision_increment);
// AVG's definition from the definition of the SUM of the same argument (what a partial AVG has
// at hand). Exact for integer and DECIMAL arguments up to 42 digits; for DOUBLE/FLOAT arguments
// the length is an estimate (a SUM of FLOAT and of DOUBLE look alike) — set
// AggregateSpec::type_column to the shard's own AVG when that matters.
absl::StatusOr<ColumnDefinition> AvgResultColumnFromSum(const ColumnDefinition& sum,
                                                        int div_precision_increment);
ColumnDefinition MinMaxResultColumn(const ColumnDefinition& argument);
// A scalar subquery `(SELECT x …)` as a select item, from x's definition: no table, nullable
// (no row gives NULL), flags UNSIGNED and BINARY only (BINARY for binary character sets too),
// strings with 39 decimals where x is a table's column; an ENUM or SET becomes a VARCHAR, a
// text or blob column the type of its size with its length once more times the character
// set's bytes per character, a ZEROFILL integer its type's full length.
ColumnDefinition ScalarSubqueryColumn(const ColumnDefinition& selected);
// `connection_collation`: the character set of results when no argument is a string.
ColumnDefinition GroupConcatResultColumn(absl::Span<const ColumnDefinition> arguments,
                                         uint64_t group_concat_max_len,
                                         uint16_t connection_collation);

// The result definition of spec.aggregates[index] over shards returning `shard_columns`.
absl::StatusOr<ColumnDefinition> AggregateResultColumn(
    const MergeSpec& spec, int index, absl::Span<const ColumnDefinition> shard_columns);

// Every merged column's definition (hidden ones included), in merged-row order.
absl::StatusOr<std::vector<ColumnDefinition>> MergedColumns(
    const MergeSpec& spec, absl::Span<const ColumnDefinition> shard_columns);

// The maximum bytes per character of the character set of `collation_id` (1 if unknown).
int MaxBytesPerChar(uint16_t collation_id);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_OUTPUT_COLUMNS_H_
