#include "merger/merger.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/aggregator.h"
#include "merger/concat_stream.h"
#include "merger/distinct_stream.h"
#include "merger/filter_stream.h"
#include "merger/hash_aggregate_stream.h"
#include "merger/limit_stream.h"
#include "merger/order_by_merge_stream.h"
#include "merger/output_columns.h"
#include "merger/projection_stream.h"
#include "merger/rollup_filter_stream.h"
#include "merger/row_comparator.h"
#include "merger/sort_stream.h"
#include "merger/stream_aggregate_stream.h"

namespace shardproxy {
namespace {

absl::Status BadSpec(absl::string_view what) {
  return InternalError(absl::StrCat("invalid merge spec: ", what));
}

// The collation a merged column compares with under DISTINCT / ORDER BY when the key does not
// name one: the OutputColumn's, else the group key's or aggregate's it comes from.
absl::optional<uint16_t> MergedCollation(const MergeSpec& spec, int column) {
  if (spec.columns.empty()) return absl::nullopt;
  const OutputColumn& oc = spec.columns[static_cast<size_t>(column)];
  if (oc.collation.has_value()) return oc.collation;
  if (oc.source == OutputColumn::Source::kShardColumn) {
    for (const SortKey& k : spec.group_by) {
      if (k.column == oc.index && k.collation.has_value()) return k.collation;
    }
  } else if (oc.index >= 0 && oc.index < static_cast<int>(spec.aggregates.size())) {
    return spec.aggregates[static_cast<size_t>(oc.index)].collation;
  }
  return absl::nullopt;
}

// ORDER BY keys with their collations filled in from the merged columns' sources.
std::vector<SortKey> ResolvedOrderBy(const MergeSpec& spec) {
  std::vector<SortKey> keys = spec.order_by;
  int width = static_cast<int>(spec.columns.size());
  for (SortKey& k : keys) {
    if (!k.collation.has_value() && k.column >= 0 && k.column < width) {
      k.collation = MergedCollation(spec, k.column);
    }
  }
  return keys;
}

// Groups already come out in this ORDER BY's order: each key is the corresponding group key's
// column, in the same direction and collation.
bool OrderFollowsGroups(const MergeSpec& spec, const std::vector<SortKey>& order_by) {
  if (order_by.size() > spec.group_by.size()) return false;
  for (size_t i = 0; i < order_by.size(); ++i) {
    const SortKey& o = order_by[i];
    const SortKey& g = spec.group_by[i];
    if (o.column < 0 || o.column >= static_cast<int>(spec.columns.size())) return false;
    const OutputColumn& oc = spec.columns[static_cast<size_t>(o.column)];
    if (oc.source != OutputColumn::Source::kShardColumn || oc.index != g.column ||
        o.order != g.order || o.collation != g.collation) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RowStream>> BuildMergePipeline(
    std::shared_ptr<const MergeSpec> spec_ptr, std::vector<std::unique_ptr<RowStream>> shards,
    MergeOptions options) {
  if (shards.empty()) return InternalError("merge of zero shard results");
  if (spec_ptr->has_aggregation() && spec_ptr->columns.empty() && spec_ptr->aggregates.empty()) {
    // GROUP BY without aggregates (a DISTINCT in disguise): the merged row is the shard row.
    auto normalized = std::make_shared<MergeSpec>(*spec_ptr);
    for (size_t i = 0; i < shards[0]->columns().size(); ++i) {
      normalized->columns.push_back(OutputColumn::Shard(static_cast<int>(i)));
    }
    spec_ptr = std::move(normalized);
  }
  const MergeSpec& spec = *spec_ptr;
  std::shared_ptr<MemoryBudget> budget =
      options.budget != nullptr ? options.budget : std::make_shared<MemoryBudget>();
  std::vector<ColumnDefinition> shard_columns(shards[0]->columns().begin(),
                                              shards[0]->columns().end());
  for (size_t i = 1; i < shards.size(); ++i) {
    if (shards[i]->columns().size() != shard_columns.size()) {
      return InternalError(absl::StrCat("shard results differ in shape: ", shard_columns.size(),
                                        " columns from shard 0, ", shards[i]->columns().size(),
                                        " from shard ", i));
    }
  }

  std::unique_ptr<RowStream> current;
  std::vector<ColumnDefinition> merged_columns;
  std::vector<CellComparator> merged_comparators;
  bool sorted_by_order = false;
  std::vector<SortKey> order_by = ResolvedOrderBy(spec);

  if (spec.rollup && (spec.group_by.empty() || !spec.shards_sorted_by_group || spec.distinct ||
                      !spec.order_by.empty())) {
    return BadSpec(
        "WITH ROLLUP needs GROUP BY keys the shards sort by, without DISTINCT or ORDER BY");
  }
  if (spec.has_aggregation()) {
    absl::StatusOr<std::shared_ptr<const AggregationPlan>> plan =
        AggregationPlan::Make(spec_ptr, shard_columns);
    if (!plan.ok()) return plan.status();
    merged_columns = (*plan)->merged_columns();
    merged_comparators = (*plan)->merged_comparators();
    if (spec.having.has_value()) {
      absl::Status s = spec.having->Validate(static_cast<int>(merged_columns.size()));
      if (!s.ok()) return s;
    }
    if (!spec.group_by.empty() && spec.shards_sorted_by_group) {
      if (!spec.shard_rollup_keys.empty()) {
        for (auto& shard : shards) {
          shard = std::make_unique<RollupFilterStream>(std::move(shard), spec.shard_rollup_keys);
        }
      }
      absl::StatusOr<RowComparator> by_group = RowComparator::Make(spec.group_by, shard_columns);
      if (!by_group.ok()) return by_group.status();
      auto merged = std::make_unique<OrderByMergeStream>(std::move(shards), *std::move(by_group),
                                                         shard_columns);
      current = std::make_unique<StreamAggregateStream>(std::move(merged), *plan);
      sorted_by_order = OrderFollowsGroups(spec, order_by);
    } else if (spec.group_by.empty()) {
      auto all = std::make_unique<ConcatStream>(std::move(shards), shard_columns);
      current = std::make_unique<StreamAggregateStream>(std::move(all), *plan);
      sorted_by_order = true;  // one row
    } else {
      auto all = std::make_unique<ConcatStream>(std::move(shards), shard_columns);
      current = std::make_unique<HashAggregateStream>(std::move(all), *plan, budget);
      sorted_by_order = spec.sort_groups && OrderFollowsGroups(spec, order_by);
    }
  } else {
    // Without aggregation the merged row is the shard row, or a projection of it taken on each
    // shard before merging (so ORDER BY keys read merged columns throughout).
    if (!spec.columns.empty()) {
      std::vector<int> keep;
      for (const OutputColumn& oc : spec.columns) {
        if (oc.source != OutputColumn::Source::kShardColumn) {
          return BadSpec("an aggregate column without aggregates");
        }
        keep.push_back(oc.index);
      }
      absl::StatusOr<std::vector<ColumnDefinition>> defs = MergedColumns(spec, shard_columns);
      if (!defs.ok()) return defs.status();
      merged_columns = *std::move(defs);
      for (auto& shard : shards) {
        shard = std::make_unique<ProjectionStream>(std::move(shard), keep, merged_columns);
      }
    } else {
      merged_columns = shard_columns;
    }
    for (size_t i = 0; i < merged_columns.size(); ++i) {
      absl::optional<uint16_t> collation = MergedCollation(spec, static_cast<int>(i));
      absl::StatusOr<CellComparator> c = CellComparator::ForColumn(merged_columns[i], collation);
      if (!c.ok()) {
        ColumnDefinition binary = merged_columns[i];
        binary.character_set = collation_id::kBinary;
        c = CellComparator::ForColumn(binary);
      }
      merged_comparators.push_back(*c);
    }
    if (!order_by.empty() && spec.shards_sorted_by_order) {
      absl::StatusOr<RowComparator> order = RowComparator::Make(order_by, merged_columns);
      if (!order.ok()) return order.status();
      current = std::make_unique<OrderByMergeStream>(std::move(shards), *std::move(order),
                                                     merged_columns);
      sorted_by_order = true;
    } else {
      current = std::make_unique<ConcatStream>(std::move(shards), merged_columns);
    }
    if (spec.having.has_value()) {
      absl::Status s = spec.having->Validate(static_cast<int>(merged_columns.size()));
      if (!s.ok()) return s;
      current = std::make_unique<FilterStream>(std::move(current), *spec.having, merged_comparators,
                                               spec.div_precision_increment);
    }
  }

  std::vector<int> visible;
  for (size_t i = 0; i < merged_columns.size(); ++i) {
    if (spec.columns.empty() || !spec.columns[i].hidden) visible.push_back(static_cast<int>(i));
  }

  if (spec.distinct) {
    std::vector<CellComparator> comparators;
    for (int i : visible) {
      absl::StatusOr<CellComparator> c = CellComparator::ForColumn(
          merged_columns[static_cast<size_t>(i)], MergedCollation(spec, i));
      if (!c.ok()) return c.status();
      comparators.push_back(*c);
    }
    current = std::make_unique<DistinctStream>(std::move(current), visible, std::move(comparators),
                                               budget);
  }

  if (!order_by.empty() && !sorted_by_order) {
    absl::StatusOr<RowComparator> order = RowComparator::Make(order_by, merged_columns);
    if (!order.ok()) return order.status();
    absl::optional<uint64_t> keep_first;
    if (spec.limit.count.has_value()) {
      uint64_t n = *spec.limit.count + spec.limit.offset;
      keep_first = n < *spec.limit.count ? UINT64_MAX : n;  // saturate
    }
    current =
        std::make_unique<SortStream>(std::move(current), *std::move(order), keep_first, budget);
  }

  if (spec.limit.offset > 0 || spec.limit.count.has_value()) {
    current =
        std::make_unique<LimitStream>(std::move(current), spec.limit.offset, spec.limit.count);
  }

  if (visible.size() != merged_columns.size()) {
    std::vector<ColumnDefinition> defs;
    for (int i : visible) defs.push_back(merged_columns[static_cast<size_t>(i)]);
    current = std::make_unique<ProjectionStream>(std::move(current), visible, std::move(defs));
  }
  return current;
}

}  // namespace shardproxy
