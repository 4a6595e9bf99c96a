#include "config/sharding_algorithm.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "config/algorithm_definition.h"
#include "config/yaml_reader.h"

namespace shardproxy {

bool TargetSet::Contains(int target) const {
  return all_ || std::binary_search(indices_.begin(), indices_.end(), target);
}

void TargetSet::Add(int target) {
  if (all_) return;
  auto it = std::lower_bound(indices_.begin(), indices_.end(), target);
  if (it == indices_.end() || *it != target) indices_.insert(it, target);
}

void TargetSet::AddAll(const TargetSet& other) {
  if (other.all_) {
    SetAll();
    return;
  }
  for (int target : other.indices_) Add(target);
}

void TargetSet::Normalize(int target_count) {
  if (!all_ && static_cast<int>(indices_.size()) == target_count && target_count > 0) SetAll();
}

std::string AlgorithmSpec::PropertiesText() const {
  return absl::StrJoin(properties, ", ", [](std::string* out, const auto& property) {
    absl::StrAppend(out, property.first, "=", property.second);
  });
}

absl::StatusOr<int> ShardingAlgorithm::ShardForInsert(
    absl::Span<const ShardingValue> values) const {
  const int target = Shard(values);
  if (target != kUnplaced) return target;
  std::string assignments;
  for (size_t i = 0; i < columns_.size() && i < values.size(); ++i) {
    absl::StrAppend(&assignments, i == 0 ? "" : ", ", columns_[i], " = ", values[i].ToString());
  }
  return MysqlStatus(
      mysql_errc::kUnknownError, "HY000",
      absl::StrCat("no ", context_.TargetKind(), " of table ", context_.table, " for ", assignments,
                   " (algorithm ", spec_.name, ", ", spec_.type, "): ", ExplainUnplaced(values)));
}

std::unique_ptr<AlgorithmDefinition> ParseAlgorithmDefinition(const YamlNode& name_node,
                                                              const YamlNode& node,
                                                              ConfigErrors* errors) {
  AlgorithmSpec spec;
  if (!ReadName(name_node, "algorithm name", errors, &spec.name)) return nullptr;
  const std::string context = absl::StrCat("algorithm ", spec.name);
  if (!node.IsMap()) {
    errors->Add(node, absl::StrCat("expected a map ({ type: ..., ... }) for ", context, ", found ",
                                   node.KindName()));
    return nullptr;
  }
  const YamlNode* type = RequireKey(node, "type", context, errors);
  if (type == nullptr ||
      !ReadString(*type, absl::StrCat("type of ", context), errors, &spec.type)) {
    return nullptr;
  }
  for (const auto& [key, value] : node.entries) {
    if (key.IsScalar() && key.scalar != "type") {
      spec.properties.emplace_back(
          key.scalar, value.IsScalar() ? value.scalar
                      : value.IsSequence()
                          ? absl::StrCat("[",
                                         absl::StrJoin(value.items, ", ",
                                                       [](std::string* out, const YamlNode& item) {
                                                         out->append(item.scalar);
                                                       }),
                                         "]")
                          : std::string(value.KindName()));
    }
  }
  const std::string& t = spec.type;
  if (t == "mod") return ParseModAlgorithm(std::move(spec), node, errors);
  if (t == "hash_mod") return ParseHashModAlgorithm(std::move(spec), node, errors);
  if (t == "range") return ParseRangeAlgorithm(std::move(spec), node, errors);
  if (t == "volume_range") return ParseVolumeRangeAlgorithm(std::move(spec), node, errors);
  if (t == "interval") return ParseIntervalAlgorithm(std::move(spec), node, errors);
  if (t == "inline") return ParseInlineAlgorithm(std::move(spec), node, errors);
  if (t == "complex_inline") return ParseComplexInlineAlgorithm(std::move(spec), node, errors);
  errors->Add(*type,
              absl::StrCat("unknown algorithm type '", t, "' for ", context, ": expected ",
                           absl::StrJoin(kAlgorithmTypes, ", "), DidYouMean(t, kAlgorithmTypes)));
  return nullptr;
}

}  // namespace shardproxy
