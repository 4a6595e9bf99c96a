// MergeSpec: what to do with N shard results of the same shape to get the one result a single
// MySQL server would return. The router builds it once per statement shape; it is immutable and
// may be cached with the plan (all per-execution state lives in the operators built from it).
//
// Three row layouts appear:
//   shard row   what each backend returns for the rewritten SQL (ColumnDefinitions included);
//   merged row  after GROUP BY aggregation: one column per `columns` entry (a shard column's
//               value, or an aggregate's result); without aggregation and with `columns` empty,
//               the merged row is the shard row;
//   output row  the merged row without its hidden columns — what the client sees.
// group_by keys and aggregate arguments index the shard row; having, order_by and distinct
// work on the merged row.
//
// Example: SELECT city, SUM(amount), AVG(amount) FROM orders GROUP BY city ORDER BY 2 DESC
// LIMIT 10, rewritten per shard as
//   SELECT city, SUM(amount), SUM(amount), COUNT(amount) FROM orders_N GROUP BY city
//   ORDER BY city
// is merged by
//   MergeSpec spec;
//   spec.group_by = {{.column = 0}};
//   spec.shards_sorted_by_group = true;
//   spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
//                      AggregateSpec::PartialAvg(2, 3)};
//   spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "SUM(amount)"),
//                   OutputColumn::Aggregate(1, "AVG(amount)")};
//   spec.order_by = {{.column = 1, .order = SortOrder::kDesc}};
//   spec.limit = {.offset = 0, .count = 10};
#ifndef SHARDPROXY_MERGER_MERGE_SPEC_H_
#define SHARDPROXY_MERGER_MERGE_SPEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/merge_expr.h"

namespace shardproxy {

enum class SortOrder : uint8_t { kAsc, kDesc };

// One ORDER BY / GROUP BY key. NULLs come first in ASC and last in DESC, as in MySQL.
struct SortKey {
  int column = 0;
  SortOrder order = SortOrder::kAsc;
  // The collation of a string column (id). Backends report the *connection's* collation in
  // result metadata, so a column declared utf8mb4_unicode_ci shows up as utf8mb4_general_ci:
  // the router must say so here, or shards sorted by one collation get merged by another.
  // Without it: the column definition's collation, or its charset's _bin one if it is flagged
  // BINARY (how a utf8mb4_bin column shows up).
  absl::optional<uint16_t> collation;
};

enum class AggregateFunction : uint8_t {
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kBitAnd,
  kBitOr,
  kBitXor,
  kGroupConcat,
};

enum class AggregateInput : uint8_t {
  // Each shard row carries the aggregate computed by the shard over part of a group: COUNT →
  // counts to add, SUM → sums to add, MIN/MAX/BIT_* → the shard's result, AVG → a SUM and a
  // COUNT column, GROUP_CONCAT → partial concatenations to join with the separator.
  kPartial,
  // Each shard row is one input row of the aggregate: `arguments` are the argument values. For
  // what shards cannot pre-aggregate: COUNT/SUM/AVG/GROUP_CONCAT(DISTINCT ...) and
  // GROUP_CONCAT(... ORDER BY ...). COUNT(*) has no arguments.
  kRaw,
};

struct LimitSpec {
  uint64_t offset = 0;
  absl::optional<uint64_t> count;  // nullopt: no LIMIT
};

struct AggregateSpec {
  AggregateFunction function = AggregateFunction::kCount;
  AggregateInput input = AggregateInput::kPartial;
  bool distinct = false;  // only with kRaw
  // Shard columns: kPartial — the partial result (for AVG, the partial SUM); kRaw — the
  // argument values (GROUP_CONCAT concatenates several; COUNT(DISTINCT a, b) counts tuples).
  std::vector<int> arguments;
  int avg_count_column = -1;  // kPartial AVG: the partial COUNT of the same argument
  // For string arguments of MIN/MAX and DISTINCT: the argument's real collation (see SortKey).
  absl::optional<uint16_t> collation;
  // GROUP_CONCAT: separator, ORDER BY (keys over shard columns) and MariaDB's LIMIT of the
  // values it concatenates (kRaw only for both).
  std::string separator = ",";
  std::vector<SortKey> order_by;
  absl::optional<LimitSpec> limit;
  // How the result column is described. By default: for kPartial COUNT/SUM/MIN/MAX/BIT_*/
  // GROUP_CONCAT, the shard's own column (it ran the same aggregate); otherwise derived from the
  // argument's definition by MariaDB's rules (output_columns.cc). `type_column` copies a shard
  // column's definition instead (e.g. the shard's own AVG(x), computed only for its metadata);
  // `result_definition` states it outright.
  int type_column = -1;
  absl::optional<ColumnDefinition> result_definition;

  static AggregateSpec Partial(AggregateFunction function, int column);
  static AggregateSpec PartialAvg(int sum_column, int count_column);
  static AggregateSpec Raw(AggregateFunction function, std::vector<int> arguments,
                           bool distinct = false);
};

// One column of the merged row.
struct OutputColumn {
  enum class Source : uint8_t {
    kShardColumn,  // the value of a shard column (a group key, or any value of the group)
    kAggregate,    // the result of aggregates[index]
  };
  Source source = Source::kShardColumn;
  int index = 0;
  // What the client sees as the column name; empty: the source's name.
  std::string name;
  // Dropped before the client sees the row (ORDER BY / HAVING helpers the router added).
  bool hidden = false;
  // A full definition to report instead of the derived one (the name above still applies).
  absl::optional<ColumnDefinition> definition;
  // For string columns under DISTINCT: the real collation (see SortKey).
  absl::optional<uint16_t> collation;
  // With aggregation: the value is this expression over the merged row's other columns (a
  // select item over aggregates, `SUM(a) / COUNT(*)`), printed as the kShardColumn `index`
  // describes it — the nodes compute the same expression over their part of each group, so its
  // definition is the one a single server gives; its value is not used.
  absl::optional<MergeExpr> expression;

  static OutputColumn Shard(int column, std::string name = "", bool hidden = false);
  static OutputColumn Aggregate(int aggregate, std::string name = "", bool hidden = false);
};

struct MergeSpec {
  // The merged row. Empty: the shard row, unchanged (only valid without aggregates).
  std::vector<OutputColumn> columns;

  // GROUP BY keys over shard columns. Aggregation happens when group_by or aggregates is
  // non-empty; with aggregates and no group_by there is exactly one result row, even for no
  // input rows (COUNT 0, SUM NULL), as in MySQL.
  std::vector<SortKey> group_by;
  std::vector<AggregateSpec> aggregates;
  // Shard rows arrive ordered by group_by (the router added ORDER BY to the shard SQL): groups
  // are merged in a streaming pass. Otherwise they are hashed, within the memory limit.
  bool shards_sorted_by_group = false;
  // MariaDB returns GROUP BY results in group order unless told ORDER BY NULL; so does the merger
  // unless this is false.
  bool sort_groups = true;
  // GROUP BY … WITH ROLLUP: after the last group of each key prefix, that prefix's row (the keys
  // after it NULL, the aggregates over the prefix's rows, HAVING applied), the grand total last.
  // Needs shards_sorted_by_group; no DISTINCT, no ORDER BY (MariaDB refuses it, 1221).
  bool rollup = false;
  // The shards ran GROUP BY … WITH ROLLUP over these shard columns (ascending), for their
  // result's description: their super-aggregate rows are dropped (rollup_filter_stream.h).
  std::vector<int> shard_rollup_keys;

  // HAVING over the merged row (may read hidden columns).
  absl::optional<MergeExpr> having;

  // ORDER BY over the merged row.
  std::vector<SortKey> order_by;
  // Without aggregation: shard rows arrive ordered by order_by, so a k-way merge streams them.
  // Otherwise the merger sorts (top offset+count rows only when there is a LIMIT).
  bool shards_sorted_by_order = false;

  // SELECT DISTINCT: over the visible merged columns.
  bool distinct = false;

  // Applied after merging, grouping, HAVING, DISTINCT and ordering.
  LimitSpec limit;

  // Session settings the result depends on.
  int div_precision_increment = 4;
  uint64_t group_concat_max_len = 1048576;
  // The collation of the backend connections' character_set_results: the character set of
  // derived string results that have no string argument (GROUP_CONCAT of numbers).
  uint16_t connection_collation = collation_id::kUtf8mb4GeneralCi;

  bool has_aggregation() const { return !group_by.empty() || !aggregates.empty(); }
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MERGE_SPEC_H_
