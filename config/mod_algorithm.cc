// mod: partition = key mod count, as a non-negative (Euclidean) remainder, so a negative key
// still lands on a real target: -3 mod 2 = 1 (MySQL's -3 % 2 would be -1). Keys are integers of
// any size in any spelling MySQL compares equal (5, '5', 5.0, 18446744073709551615).
#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "config/algorithm_definition.h"
#include "config/exact_number.h"
#include "config/partition_targets.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

// Beyond this a range is answered "all targets" rather than walked value by value.
constexpr int64_t kMaxCount = 100000;

// key mod count in [0, count), or false when the value is not an integer.
bool Remainder(const ShardingValue& value, int64_t count, int64_t* out) {
  if (value.type() == ShardingValue::Type::kInteger) {
    if (value.is_unsigned()) {
      *out = static_cast<int64_t>(value.uint_value() % static_cast<uint64_t>(count));
    } else {
      int64_t r = value.int_value() % count;
      *out = r < 0 ? r + count : r;
    }
    return true;
  }
  ExactNumber number;
  if (!ExactNumber::FromValue(value, &number) || !number.is_integer()) return false;
  const int64_t r = static_cast<int64_t>(number.AbsIntegerPartMod(static_cast<uint64_t>(count)));
  *out = number.negative() && r != 0 ? count - r : r;
  return true;
}

class ModAlgorithm : public ShardingAlgorithm {
 public:
  ModAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
               std::vector<std::string> targets, BindContext context, int64_t count,
               std::vector<int> partition_targets)
      : ShardingAlgorithm(spec, std::move(columns), std::move(targets), std::move(context)),
        count_(count),
        partition_targets_(std::move(partition_targets)) {}

  int Shard(absl::Span<const ShardingValue> values) const override {
    int64_t r = 0;
    if (values.empty() || !Remainder(values[0], count_, &r)) return kUnplaced;
    return partition_targets_[r];
  }

  TargetSet ShardRange(const ShardingRange& range) const override {
    int64_t low = 0;
    int64_t high = 0;
    if (!IntegerRangeBounds(range, &low, &high)) return TargetSet::All();
    if (low > high) return TargetSet();
    if (static_cast<unsigned __int128>(static_cast<__int128>(high) - low) + 1 >=
        static_cast<unsigned __int128>(count_)) {
      return TargetSet::All();
    }
    TargetSet set;
    for (int64_t v = low;; ++v) {
      int64_t r = v % count_;
      if (r < 0) r += count_;
      set.Add(partition_targets_[r]);
      if (v == high) break;
    }
    set.Normalize(static_cast<int>(targets().size()));
    return set;
  }
  bool NarrowsRanges() const override { return true; }

 protected:
  std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const override {
    if (values.empty() || values[0].is_null()) return "NULL has no remainder";
    return "mod needs an integer value";
  }

 private:
  int64_t count_;
  std::vector<int> partition_targets_;
};

class ModDefinition : public AlgorithmDefinition {
 public:
  ModDefinition(AlgorithmSpec spec, int64_t count)
      : AlgorithmDefinition(std::move(spec)), count_(count) {}

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    absl::StatusOr<std::vector<int>> partitions =
        MapPartitionsToTargets(count_, targets, context, spec(),
                               [&](int64_t p) { return absl::StrCat(columns[0], " = ", p); });
    if (!partitions.ok()) return partitions.status();
    return std::make_shared<ModAlgorithm>(spec(), columns, targets, context, count_,
                                          *std::move(partitions));
  }

 private:
  int64_t count_;
};

}  // namespace

std::unique_ptr<AlgorithmDefinition> ParseModAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                       ConfigErrors* errors) {
  constexpr std::array<absl::string_view, 2> kKeys = {"type", "count"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  const YamlNode* count_node = RequireKey(node, "count", context, errors);
  int64_t count = 0;
  if (count_node == nullptr || !ReadInt(*count_node, absl::StrCat("count of ", context), int64_t{1},
                                        kMaxCount, errors, &count)) {
    return nullptr;
  }
  return std::make_unique<ModDefinition>(std::move(spec), count);
}

}  // namespace shardproxy
