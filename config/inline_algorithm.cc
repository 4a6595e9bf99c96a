// inline and complex_inline: the target's name is computed by a sharding expression
// (inline_expression.h) over one column (inline) or several (complex_inline):
//   t_order_inline: { type: inline, expression: "t_order_${order_id % 2}" }
//   t_mix:          { type: complex_inline, expression: "t_${user_id % 2}_${order_id % 2}" }
// The strategy names the columns (`column:` or `columns: [...]`). When bound, the expression is
// tried on sample keys 0, 1, 2, ...: a name it produces that is not a target is a config error.
#include <array>
#include <cmath>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/algorithm_definition.h"
#include "config/config_errors.h"
#include "config/inline_expression.h"
#include "config/partition_targets.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

// A range narrower than this is answered by evaluating each integer in it.
constexpr int64_t kMaxRangeWalk = 4096;
// Sample keys tried per column when binding (their product for complex_inline is capped too).
constexpr int64_t kSamples = 64;
constexpr int64_t kMaxSampleCombinations = 4096;

class InlineAlgorithm : public ShardingAlgorithm {
 public:
  InlineAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                  std::vector<std::string> targets, BindContext context,
                  ShardingExpression expression)
      : ShardingAlgorithm(spec, std::move(columns), std::move(targets), std::move(context)),
        expression_(std::move(expression)) {
    for (size_t i = 0; i < this->targets().size(); ++i) {
      const std::string& name = this->targets()[i];
      by_name_.emplace(name, static_cast<int>(i));
      if (!expression_.has_integer_form()) continue;
      // prefix + canonical decimal + suffix: reachable through the integer fast path.
      const std::string& prefix = expression_.prefix();
      const std::string& suffix = expression_.suffix();
      if (name.size() <= prefix.size() + suffix.size() || !absl::StartsWith(name, prefix) ||
          !absl::EndsWith(name, suffix)) {
        continue;
      }
      const absl::string_view middle(name.data() + prefix.size(),
                                     name.size() - prefix.size() - suffix.size());
      int64_t n = 0;
      if (absl::SimpleAtoi(middle, &n) && absl::StrCat(n) == middle) {
        by_number_.emplace(n, static_cast<int>(i));
      }
    }
  }

  int Shard(absl::Span<const ShardingValue> values) const override {
    if (values.size() != columns().size()) return kUnplaced;
    if (expression_.has_integer_form()) {
      int64_t n = 0;
      if (expression_.EvaluateInteger(values, &n)) {
        auto it = by_number_.find(n);
        return it == by_number_.end() ? kUnplaced : it->second;
      }
      // Not an integer: the full evaluation decides (it may still produce a name, e.g. t_abc).
    }
    std::string name;
    if (!expression_.Evaluate(values, &name).ok()) return kUnplaced;
    auto it = by_name_.find(name);
    return it == by_name_.end() ? kUnplaced : it->second;
  }

  TargetSet ShardRange(const ShardingRange& range) const override {
    // Only an expression that places integer keys alone can be walked: any key it placed is an
    // integer, so the integers of the range are every key that can match.
    if (columns().size() != 1 || !expression_.numeric_only()) return TargetSet::All();
    int64_t low = 0;
    int64_t high = 0;
    if (!range.low.has_value() || !range.high.has_value() ||
        !IntegerRangeBounds(range, &low, &high)) {
      return TargetSet::All();
    }
    if (low > high) return TargetSet();
    if (static_cast<__int128>(high) - low >= kMaxRangeWalk) return TargetSet::All();
    TargetSet set;
    const int target_count = static_cast<int>(targets().size());
    for (int64_t v = low;; ++v) {
      const ShardingValue value = ShardingValue::Integer(v);
      const int target = Shard(absl::MakeConstSpan(&value, 1));
      if (target != kUnplaced) set.Add(target);
      if (v == high || static_cast<int>(set.indices().size()) == target_count) break;
    }
    set.Normalize(target_count);
    return set;
  }
  bool NarrowsRanges() const override {
    return columns().size() == 1 && expression_.numeric_only();
  }

 protected:
  std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const override {
    std::string name;
    absl::Status status = expression_.Evaluate(values, &name);
    if (!status.ok()) return absl::StrCat(expression_.text(), ": ", status.message());
    return absl::StrCat(expression_.text(), " gives '", name, "', which is not a ",
                        context().TargetKind(), " in data_nodes of table ", context().table,
                        HintForNegative(values));
  }

 private:
  static std::string HintForNegative(absl::Span<const ShardingValue> values) {
    for (const ShardingValue& value : values) {
      if (value.IsNegativeInteger()) {
        return " (% keeps the sign of a negative key, as in MySQL: use abs() to place negative "
               "keys)";
      }
    }
    return "";
  }

  ShardingExpression expression_;
  absl::flat_hash_map<std::string, int> by_name_;
  absl::flat_hash_map<int64_t, int> by_number_;
};

class InlineDefinition : public AlgorithmDefinition {
 public:
  InlineDefinition(AlgorithmSpec spec, std::string expression, bool complex)
      : AlgorithmDefinition(std::move(spec)),
        expression_(std::move(expression)),
        complex_(complex) {}

  bool multi_column() const override { return complex_; }

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    absl::StatusOr<ShardingExpression> expression =
        ShardingExpression::Compile(expression_, columns);
    if (!expression.ok()) {
      return ConfigError(absl::StrCat("algorithm ", spec().name, ": ",
                                      expression.status().message(), " in '", expression_, "'"));
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!expression->UsesColumn(i)) {
        return ConfigError(absl::StrCat("algorithm ", spec().name, " does not use sharding column ",
                                        columns[i], " of table ", context.table, " in '",
                                        expression_, "'"));
      }
    }
    const bool check_samples = expression->numeric_only();
    auto algorithm = std::make_shared<InlineAlgorithm>(spec(), columns, targets, context,
                                                       *std::move(expression));
    if (check_samples) {
      if (absl::Status status = CheckSamples(*algorithm, columns, context); !status.ok()) {
        return status;
      }
    }
    return algorithm;
  }

 private:
  // Every combination of small non-negative keys must name a target.
  absl::Status CheckSamples(const InlineAlgorithm& algorithm,
                            const std::vector<std::string>& columns,
                            const BindContext& context) const {
    int64_t per_column = kSamples;
    while (per_column > 2 && std::pow(static_cast<double>(per_column), columns.size()) >
                                 static_cast<double>(kMaxSampleCombinations)) {
      per_column /= 2;
    }
    std::vector<int64_t> sample(columns.size(), 0);
    std::vector<ShardingValue> values(columns.size());
    while (true) {
      for (size_t i = 0; i < columns.size(); ++i) values[i] = ShardingValue::Integer(sample[i]);
      if (algorithm.Shard(values) == ShardingAlgorithm::kUnplaced) {
        std::string name;
        const absl::Status status =
            ShardingExpression::Compile(expression_, columns)->Evaluate(values, &name);
        std::string assignments;
        for (size_t i = 0; i < columns.size(); ++i) {
          absl::StrAppend(&assignments, i == 0 ? "" : ", ", columns[i], " = ", sample[i]);
        }
        if (!status.ok()) {
          return ConfigError(absl::StrCat("algorithm ", spec().name, " fails for ", assignments,
                                          ": ", status.message()));
        }
        return ConfigError(absl::StrCat("algorithm ", spec().name, " maps ", assignments, " to ",
                                        name, ", which is not a ", context.TargetKind(),
                                        " in data_nodes of table ", context.table,
                                        " (there: ", ListTargets(algorithm.targets()), ")"));
      }
      size_t i = 0;
      while (i < sample.size() && ++sample[i] == per_column) sample[i++] = 0;
      if (i == sample.size()) break;
    }
    return absl::OkStatus();
  }

  std::string expression_;
  bool complex_;
};

std::unique_ptr<AlgorithmDefinition> Parse(AlgorithmSpec spec, const YamlNode& node,
                                           ConfigErrors* errors, bool complex) {
  constexpr std::array<absl::string_view, 2> kKeys = {"type", "expression"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  const YamlNode* expression_node = RequireKey(node, "expression", context, errors);
  std::string expression;
  if (expression_node == nullptr ||
      !ReadString(*expression_node, absl::StrCat("expression of ", context), errors, &expression)) {
    return nullptr;
  }
  // Syntax is checked here, where the error can point into the expression; column names are
  // checked per strategy, which says which columns there are.
  size_t offset = 0;
  absl::StatusOr<ShardingExpression> compiled =
      ShardingExpression::Compile(expression, {}, &offset);
  if (!compiled.ok() && !absl::StartsWith(compiled.status().message(), "unknown column")) {
    const int quote = expression_node->quoted ? 1 : 0;
    errors->AddAt(expression_node->line, expression_node->column + quote + static_cast<int>(offset),
                  absl::StrCat(compiled.status().message(), " in expression of ", context));
    return nullptr;
  }
  return std::make_unique<InlineDefinition>(std::move(spec), std::move(expression), complex);
}

}  // namespace

std::unique_ptr<AlgorithmDefinition> ParseInlineAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                          ConfigErrors* errors) {
  return Parse(std::move(spec), node, errors, false);
}

std::unique_ptr<AlgorithmDefinition> ParseComplexInlineAlgorithm(AlgorithmSpec spec,
                                                                 const YamlNode& node,
                                                                 ConfigErrors* errors) {
  return Parse(std::move(spec), node, errors, true);
}

}  // namespace shardproxy
