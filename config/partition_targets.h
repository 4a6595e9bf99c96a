// Partition-numbered algorithms (mod, hash_mod, range, volume_range) compute a partition number
// p; the target for p is the one whose name ends with the number p: ds1, t_order_1 (leading zeros
// ignored, so t_order_01 is 1 too). This is ShardingSphere's convention, made exact: "ds10" ends
// with 10, not with 0.
#ifndef SHARDPROXY_CONFIG_PARTITION_TARGETS_H_
#define SHARDPROXY_CONFIG_PARTITION_TARGETS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/sharding_algorithm.h"

namespace shardproxy {

// The number `name` ends with, or -1 when it does not end with a digit (or the number is huge).
int64_t TrailingNumber(absl::string_view name);

// target index for each partition 0..count-1. Errors (unlocated) name a sample value for the
// first partition without a target ("algorithm db_mod maps user_id = 2 to partition 2, but no
// data source in data_nodes of table t_order ends with 2 (there: ds0, ds1)") and targets that
// share a number.
absl::StatusOr<std::vector<int>> MapPartitionsToTargets(
    int64_t count, const std::vector<std::string>& targets, const BindContext& context,
    const AlgorithmSpec& spec, const std::function<std::string(int64_t)>& sample_for_partition);

// The integers a range of numeric literals covers: *low is the smallest integer above the low
// bound (or equal when inclusive), *high the largest below the high bound; a missing bound gives
// INT64_MIN / INT64_MAX. False when a bound is not a numeric literal (kInteger or kDecimal) or
// lies outside int64: a string bound means a string comparison on a string column, whose matches
// ('10' between '1' and '3') stepping through integers would miss.
bool IntegerRangeBounds(const ShardingRange& range, int64_t* low, int64_t* high);

// "ds0, ds1, ..." (first 8) for messages.
std::string ListTargets(const std::vector<std::string>& targets);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_PARTITION_TARGETS_H_
