#include "config/partition_targets.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "config/config_errors.h"
#include "config/exact_number.h"

namespace shardproxy {

int64_t TrailingNumber(absl::string_view name) {
  size_t start = name.size();
  while (start > 0 && absl::ascii_isdigit(static_cast<unsigned char>(name[start - 1]))) --start;
  if (start == name.size()) return -1;
  int64_t value = 0;
  for (size_t i = start; i < name.size(); ++i) {
    if (value > (int64_t{1} << 58)) return -1;
    value = value * 10 + (name[i] - '0');
  }
  return value;
}

namespace {

bool NumericBound(const ShardingValue& value, ExactNumber* out) {
  if (value.type() != ShardingValue::Type::kInteger &&
      value.type() != ShardingValue::Type::kDecimal) {
    return false;
  }
  return ExactNumber::FromValue(value, out);
}

}  // namespace

bool IntegerRangeBounds(const ShardingRange& range, int64_t* low, int64_t* high) {
  *low = INT64_MIN;
  *high = INT64_MAX;
  if (range.low.has_value()) {
    ExactNumber a;
    if (!NumericBound(range.low->value, &a) || !a.Ceil(low)) return false;
    if (!range.low->inclusive && a.is_integer()) {
      if (*low == INT64_MAX) return false;
      ++*low;
    }
  }
  if (range.high.has_value()) {
    ExactNumber b;
    if (!NumericBound(range.high->value, &b) || !b.Floor(high)) return false;
    if (!range.high->inclusive && b.is_integer()) {
      if (*high == INT64_MIN) return false;
      --*high;
    }
  }
  return true;
}

std::string ListTargets(const std::vector<std::string>& targets) {
  constexpr size_t kShown = 8;
  if (targets.size() <= kShown) return absl::StrJoin(targets, ", ");
  return absl::StrCat(absl::StrJoin(targets.begin(), targets.begin() + kShown, ", "), ", ... (",
                      targets.size(), " in all)");
}

absl::StatusOr<std::vector<int>> MapPartitionsToTargets(
    int64_t count, const std::vector<std::string>& targets, const BindContext& context,
    const AlgorithmSpec& spec, const std::function<std::string(int64_t)>& sample_for_partition) {
  absl::flat_hash_map<int64_t, int> by_number;
  for (size_t i = 0; i < targets.size(); ++i) {
    const int64_t number = TrailingNumber(targets[i]);
    if (number < 0) continue;
    auto [it, inserted] = by_number.emplace(number, static_cast<int>(i));
    if (!inserted) {
      return ConfigError(absl::StrCat("algorithm ", spec.name, " (", spec.type, ") picks ",
                                      context.TargetKind(),
                                      "s by the number their name ends "
                                      "with, but ",
                                      targets[it->second], " and ", targets[i], " of table ",
                                      context.table, " both end with ", number));
    }
  }
  std::vector<int> result(static_cast<size_t>(count));
  for (int64_t p = 0; p < count; ++p) {
    auto it = by_number.find(p);
    if (it == by_number.end()) {
      return ConfigError(absl::StrCat("algorithm ", spec.name, " maps ", sample_for_partition(p),
                                      " to partition ", p, ", but no ", context.TargetKind(),
                                      " in data_nodes of table ", context.table, " ends with ", p,
                                      " (there: ", ListTargets(targets), ")"));
    }
    result[p] = it->second;
  }
  return result;
}

}  // namespace shardproxy
