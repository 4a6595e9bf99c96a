// range and volume_range: numeric keys split into consecutive partitions by boundaries.
//
//   range:         boundaries: [b1, b2, ..., bn]  (strictly ascending integers)
//                  partition 0 = (-inf, b1), 1 = [b1, b2), ..., n = [bn, +inf)
//   volume_range:  lower: L, upper: U, volume: V
//                  partition 0 = (-inf, L), then slices of V: 1 = [L, L+V), 2 = [L+V, L+2V), ...
//                  up to U (the last slice may be shorter), then k+1 = [U, +inf)
//
// Keys are numbers in any spelling (DECIMAL keys too: 150.5 is in [100, 200)). Both answer
// ranges: the partitions from the low bound's to the high bound's.
#include <algorithm>
#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/algorithm_definition.h"
#include "config/exact_number.h"
#include "config/partition_targets.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

constexpr int64_t kMaxPartitions = 100000;

// floor(number), saturated to int64.
int64_t SaturatedFloor(const ExactNumber& number) {
  int64_t floor = 0;
  if (number.Floor(&floor)) return floor;
  return number.negative() ? INT64_MIN : INT64_MAX;
}

bool NumericLiteral(const ShardingValue& value, ExactNumber* out) {
  return (value.type() == ShardingValue::Type::kInteger ||
          value.type() == ShardingValue::Type::kDecimal) &&
         ExactNumber::FromValue(value, out);
}

// Shared by both: partition numbers from a monotonic PartitionOf(floor(key)).
class BoundaryAlgorithm : public ShardingAlgorithm {
 public:
  BoundaryAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                    std::vector<std::string> targets, BindContext context,
                    std::vector<int> partition_targets)
      : ShardingAlgorithm(spec, std::move(columns), std::move(targets), std::move(context)),
        partition_targets_(std::move(partition_targets)) {}

  int Shard(absl::Span<const ShardingValue> values) const override {
    if (values.empty()) return kUnplaced;
    if (values[0].type() == ShardingValue::Type::kInteger && !values[0].is_unsigned()) {
      return partition_targets_[PartitionOf(values[0].int_value())];
    }
    ExactNumber number;
    if (!ExactNumber::FromValue(values[0], &number)) return kUnplaced;
    return partition_targets_[PartitionOf(SaturatedFloor(number))];
  }

  TargetSet ShardRange(const ShardingRange& range) const override {
    int64_t first = 0;
    int64_t last = static_cast<int64_t>(partition_targets_.size()) - 1;
    if (range.low.has_value()) {
      ExactNumber low;
      if (!NumericLiteral(range.low->value, &low)) return TargetSet::All();
      first = PartitionOf(SaturatedFloor(low));
    }
    if (range.high.has_value()) {
      ExactNumber high;
      if (!NumericLiteral(range.high->value, &high)) return TargetSet::All();
      int64_t floor = SaturatedFloor(high);
      // Keys below an exclusive integer bound x have floor <= x - 1.
      if (!range.high->inclusive && high.is_integer() && floor != INT64_MIN) --floor;
      last = PartitionOf(floor);
    }
    TargetSet set;
    for (int64_t p = first; p <= last; ++p) set.Add(partition_targets_[p]);
    set.Normalize(static_cast<int>(targets().size()));
    return set;
  }
  bool NarrowsRanges() const override { return true; }

 protected:
  virtual int64_t PartitionOf(int64_t floor) const = 0;

  std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const override {
    if (values.empty() || values[0].is_null()) return "NULL is in no range";
    return absl::StrCat(spec().type, " needs a number");
  }

 private:
  std::vector<int> partition_targets_;
};

class RangeAlgorithm : public BoundaryAlgorithm {
 public:
  RangeAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                 std::vector<std::string> targets, BindContext context,
                 std::vector<int> partition_targets, std::vector<int64_t> boundaries)
      : BoundaryAlgorithm(spec, std::move(columns), std::move(targets), std::move(context),
                          std::move(partition_targets)),
        boundaries_(std::move(boundaries)) {}

 protected:
  int64_t PartitionOf(int64_t floor) const override {
    return std::upper_bound(boundaries_.begin(), boundaries_.end(), floor) - boundaries_.begin();
  }

 private:
  std::vector<int64_t> boundaries_;
};

class VolumeRangeAlgorithm : public BoundaryAlgorithm {
 public:
  VolumeRangeAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                       std::vector<std::string> targets, BindContext context,
                       std::vector<int> partition_targets, int64_t lower, int64_t upper,
                       int64_t volume)
      : BoundaryAlgorithm(spec, std::move(columns), std::move(targets), std::move(context),
                          std::move(partition_targets)),
        lower_(lower),
        upper_(upper),
        volume_(volume) {}

  static int64_t SliceCount(int64_t lower, int64_t upper, int64_t volume) {
    const __int128 width = static_cast<__int128>(upper) - lower;
    return static_cast<int64_t>((width + volume - 1) / volume);
  }

 protected:
  int64_t PartitionOf(int64_t floor) const override {
    if (floor < lower_) return 0;
    if (floor >= upper_) return SliceCount(lower_, upper_, volume_) + 1;
    return 1 + static_cast<int64_t>((static_cast<__int128>(floor) - lower_) / volume_);
  }

 private:
  int64_t lower_;
  int64_t upper_;
  int64_t volume_;
};

// A sample key for each partition, for binding messages.
std::string SampleFor(const std::string& column, int64_t value) {
  return absl::StrCat(column, " = ", value);
}

class RangeDefinition : public AlgorithmDefinition {
 public:
  RangeDefinition(AlgorithmSpec spec, std::vector<int64_t> boundaries)
      : AlgorithmDefinition(std::move(spec)), boundaries_(std::move(boundaries)) {}

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    const int64_t count = static_cast<int64_t>(boundaries_.size()) + 1;
    absl::StatusOr<std::vector<int>> partitions =
        MapPartitionsToTargets(count, targets, context, spec(), [&](int64_t p) {
          return SampleFor(columns[0], p == 0 ? boundaries_[0] - 1 : boundaries_[p - 1]);
        });
    if (!partitions.ok()) return partitions.status();
    return std::make_shared<RangeAlgorithm>(spec(), columns, targets, context,
                                            *std::move(partitions), boundaries_);
  }

 private:
  std::vector<int64_t> boundaries_;
};

class VolumeRangeDefinition : public AlgorithmDefinition {
 public:
  VolumeRangeDefinition(AlgorithmSpec spec, int64_t lower, int64_t upper, int64_t volume)
      : AlgorithmDefinition(std::move(spec)), lower_(lower), upper_(upper), volume_(volume) {}

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    const int64_t slices = VolumeRangeAlgorithm::SliceCount(lower_, upper_, volume_);
    absl::StatusOr<std::vector<int>> partitions =
        MapPartitionsToTargets(slices + 2, targets, context, spec(), [&](int64_t p) {
          if (p == 0) return SampleFor(columns[0], lower_ - 1);
          if (p == slices + 1) return SampleFor(columns[0], upper_);
          return SampleFor(columns[0], lower_ + (p - 1) * volume_);
        });
    if (!partitions.ok()) return partitions.status();
    return std::make_shared<VolumeRangeAlgorithm>(spec(), columns, targets, context,
                                                  *std::move(partitions), lower_, upper_, volume_);
  }

 private:
  int64_t lower_;
  int64_t upper_;
  int64_t volume_;
};

// Keeps boundaries away from the ends of int64 so samples and slice arithmetic cannot overflow.
constexpr int64_t kBoundaryLimit = int64_t{1} << 62;

}  // namespace

std::unique_ptr<AlgorithmDefinition> ParseRangeAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                         ConfigErrors* errors) {
  constexpr std::array<absl::string_view, 2> kKeys = {"type", "boundaries"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  const YamlNode* list = RequireKey(node, "boundaries", context, errors);
  if (list == nullptr) return nullptr;
  if (!list->IsSequence() || list->items.empty()) {
    errors->Add(*list, absl::StrCat("boundaries of ", context,
                                    " must be a non-empty list of ascending integers, found ",
                                    list->KindName()));
    return nullptr;
  }
  if (list->items.size() >= kMaxPartitions) {
    errors->Add(*list, absl::StrCat("boundaries of ", context, " has more than ",
                                    kMaxPartitions - 1, " entries"));
    return nullptr;
  }
  std::vector<int64_t> boundaries;
  for (const YamlNode& item : list->items) {
    int64_t value = 0;
    if (!ReadInt(item, absl::StrCat("a boundary of ", context), -kBoundaryLimit, kBoundaryLimit,
                 errors, &value)) {
      return nullptr;
    }
    if (!boundaries.empty() && value <= boundaries.back()) {
      errors->Add(item, absl::StrCat("boundaries of ", context, " must be strictly ascending, but ",
                                     value, " follows ", boundaries.back()));
      return nullptr;
    }
    boundaries.push_back(value);
  }
  return std::make_unique<RangeDefinition>(std::move(spec), std::move(boundaries));
}

std::unique_ptr<AlgorithmDefinition> ParseVolumeRangeAlgorithm(AlgorithmSpec spec,
                                                               const YamlNode& node,
                                                               ConfigErrors* errors) {
  constexpr std::array<absl::string_view, 4> kKeys = {"type", "lower", "upper", "volume"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  int64_t lower = 0, upper = 0, volume = 0;
  const YamlNode* lower_node = RequireKey(node, "lower", context, errors);
  const YamlNode* upper_node = RequireKey(node, "upper", context, errors);
  const YamlNode* volume_node = RequireKey(node, "volume", context, errors);
  if (lower_node == nullptr || upper_node == nullptr || volume_node == nullptr) return nullptr;
  bool ok = ReadInt(*lower_node, absl::StrCat("lower of ", context), -kBoundaryLimit,
                    kBoundaryLimit, errors, &lower);
  ok &= ReadInt(*upper_node, absl::StrCat("upper of ", context), -kBoundaryLimit, kBoundaryLimit,
                errors, &upper);
  ok &= ReadInt(*volume_node, absl::StrCat("volume of ", context), int64_t{1}, kBoundaryLimit,
                errors, &volume);
  if (!ok) return nullptr;
  if (upper <= lower) {
    errors->Add(*upper_node, absl::StrCat("upper of ", context, " (", upper,
                                          ") must be greater than lower (", lower, ")"));
    return nullptr;
  }
  if (VolumeRangeAlgorithm::SliceCount(lower, upper, volume) + 2 > kMaxPartitions) {
    errors->Add(*volume_node, absl::StrCat(context, " makes more than ", kMaxPartitions,
                                           " partitions: use a larger volume"));
    return nullptr;
  }
  return std::make_unique<VolumeRangeDefinition>(std::move(spec), lower, upper, volume);
}

}  // namespace shardproxy
