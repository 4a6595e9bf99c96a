// How the loader makes sharding algorithms (internal to config/). An `algorithms:` entry is parsed
// once into an AlgorithmDefinition (its properties checked, with located errors); each strategy
// that names it then binds it to that table's columns and targets, which checks that the algorithm
// only ever picks targets that exist.
#ifndef SHARDPROXY_CONFIG_ALGORITHM_DEFINITION_H_
#define SHARDPROXY_CONFIG_ALGORITHM_DEFINITION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/config_errors.h"
#include "config/sharding_algorithm.h"
#include "config/yaml_tree.h"

namespace shardproxy {

class AlgorithmDefinition {
 public:
  explicit AlgorithmDefinition(AlgorithmSpec spec) : spec_(std::move(spec)) {}
  virtual ~AlgorithmDefinition() = default;

  const AlgorithmSpec& spec() const { return spec_; }
  // complex_inline takes several columns; every other type exactly one.
  virtual bool multi_column() const { return false; }
  // The algorithm for one strategy. An error (unlocated; the caller adds where) explains why the
  // algorithm does not fit: a value it maps to a target that is not in data_nodes, an expression
  // naming another column.
  virtual absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const = 0;

 private:
  AlgorithmSpec spec_;
};

// Parses one `algorithms:` entry (`name: { type: ..., ... }`). Returns nullptr after recording
// errors.
std::unique_ptr<AlgorithmDefinition> ParseAlgorithmDefinition(const YamlNode& name_node,
                                                              const YamlNode& node,
                                                              ConfigErrors* errors);

// The known algorithm types, for messages.
inline constexpr absl::string_view kAlgorithmTypes[] = {
    "mod", "hash_mod", "range", "volume_range", "interval", "inline", "complex_inline"};

// Per type (one file each). `spec` has name and type filled; each parser checks its own keys.
std::unique_ptr<AlgorithmDefinition> ParseModAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                       ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseHashModAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                           ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseRangeAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                         ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseVolumeRangeAlgorithm(AlgorithmSpec spec,
                                                               const YamlNode& node,
                                                               ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseIntervalAlgorithm(AlgorithmSpec spec,
                                                            const YamlNode& node,
                                                            ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseInlineAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                          ConfigErrors* errors);
std::unique_ptr<AlgorithmDefinition> ParseComplexInlineAlgorithm(AlgorithmSpec spec,
                                                                 const YamlNode& node,
                                                                 ConfigErrors* errors);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_ALGORITHM_DEFINITION_H_
