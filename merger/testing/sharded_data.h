// The data set and the checking machinery shared by the merger's differential tests: one
// deterministic e-commerce-like table (mixed-case and accented strings, trailing spaces, NULLs,
// negative numbers, DECIMAL, doubles, dates, times, BIGINT UNSIGNED) loaded into a reference
// database `ref` and split over shard databases s0..s2 (by id % 3) plus an empty s3.
//
// A DiffCase runs its query on the reference, its hand-rewritten shard SQL on every shard,
// merges the real shard results with its MergeSpec (what the router will build), and requires
// the same rows — in order where the query orders totally — and the same column definitions as
// the reference server. Where MySQL itself may return any member of a group (GROUP BY, DISTINCT,
// MIN over 'Berlin' and 'berlin' under a _ci collation) the case names those columns and they
// are compared by collation equality rather than bytes.
#ifndef SHARDPROXY_MERGER_TESTING_SHARDED_DATA_H_
#define SHARDPROXY_MERGER_TESTING_SHARDED_DATA_H_

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "merger/memory_row_stream.h"
#include "merger/merge_spec.h"
#include "merger/testing/mariadb_oracle.h"

namespace shardproxy::testing {

inline constexpr int kDataShards = 4;  // s0..s2 hold rows, s3 is empty

// Loads the data set (once per process; later calls return the first outcome).
absl::Status LoadShardedData(MariaDbOracle& db);

struct DiffCase {
  std::string name;
  std::string reference;  // {t} is the table
  std::string shard;      // {t} is each shard's table
  std::function<MergeSpec()> spec;
  bool ordered = true;  // rows compared in order (the query orders totally)
  // Columns compared by equality under a collation (column, collation id).
  std::vector<std::pair<int, uint16_t>> by_collation;
  std::vector<int> list_columns;  // comma lists compared as sorted multisets
  std::string session;            // SET statements run first (on reference and shards)

  friend void PrintTo(const DiffCase& c, std::ostream* os) { *os << c.name; }
};

// Runs the case; failures are reported through gtest.
void CheckMergeCase(MariaDbOracle& db, const DiffCase& c);

// Rows as text, with the case's normalizations, sorted when `sort`.
std::string Normalize(const OwnedRows& rows, const DiffCase& c, bool sort);
// A definition's client-visible fields, for comparisons.
std::string Describe(const ColumnDefinition& c);
// Clears what MariaDB sets depending on the plan rather than the query: NUM and BINARY on
// numeric and temporal columns (a GROUP BY through a temporary table reports COUNT(*) as
// NOT_NULL only, without one as NOT_NULL|BINARY), and the physical database name.
void ClearPlanDependentFields(ColumnDefinition* ours, ColumnDefinition* theirs);

// Spec helpers.
MergeSpec Sorted(std::vector<SortKey> keys, LimitSpec limit = {});
inline SortKey Asc(int c) { return {.column = c}; }
inline SortKey Desc(int c) { return {.column = c, .order = SortOrder::kDesc}; }

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_MERGER_TESTING_SHARDED_DATA_H_
