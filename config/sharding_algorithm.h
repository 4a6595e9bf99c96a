// Sharding algorithms: given the value(s) of a table's sharding column(s), which target holds the
// row. An algorithm object is bound to one strategy of one table: its targets are that table's
// data sources (database strategy) or actual tables (table strategy), in data_nodes order, and the
// answers are indices into targets(). Objects are immutable and thread-safe.
//
// Point answer: Shard(values) -> the index of the one target that can hold rows whose sharding
// columns equal `values`, or kUnplaced when the algorithm cannot place such a value (NULL, a
// string for `mod`, a date outside the `interval` bounds, an expression that fails). No row with an
// unplaced value can have been inserted through the proxy, so a read may skip targets only when
// the answer is placed: the router scans every target for kUnplaced, and an INSERT with such a
// value fails with ShardForInsert()'s message. Shard() does not allocate for integer keys.
//
// Range answer: ShardRange(range) -> the targets that can hold rows with the column in `range`,
// or TargetSet::All() when the algorithm's math cannot narrow it (hash of a wide range, strings).
// An empty set means no row can match.
//
// How each algorithm reads values (config/README.md has the full reference):
//  - numeric algorithms (mod, hash_mod on numbers, range, volume_range) take integers in any
//    spelling MySQL compares equal: 5, '5', ' 05', 5.0, 5e0; any size for mod. 5.5 is unplaced.
//  - interval takes DATE/DATETIME literals, date strings and YYYYMMDD[HHMMSS] integers.
//  - inline/complex_inline: see inline_expression.h.
#ifndef SHARDPROXY_CONFIG_SHARDING_ALGORITHM_H_
#define SHARDPROXY_CONFIG_SHARDING_ALGORITHM_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/sharding_value.h"

namespace shardproxy {

// A set of target indices, or "all targets".
class TargetSet {
 public:
  TargetSet() = default;  // empty
  static TargetSet All() {
    TargetSet set;
    set.all_ = true;
    return set;
  }
  static TargetSet Of(int target) {
    TargetSet set;
    set.indices_.push_back(target);
    return set;
  }

  bool is_all() const { return all_; }
  bool empty() const { return !all_ && indices_.empty(); }
  // Sorted, without duplicates. Meaningless when is_all().
  absl::Span<const int> indices() const { return indices_; }
  bool Contains(int target) const;
  void Add(int target);
  void AddAll(const TargetSet& other);
  void SetAll() {
    all_ = true;
    indices_.clear();
  }
  // Replaces an explicit list that names every one of `target_count` targets by All().
  void Normalize(int target_count);

  bool operator==(const TargetSet& other) const {
    return all_ == other.all_ && indices_ == other.indices_;
  }

 private:
  bool all_ = false;
  absl::InlinedVector<int, 8> indices_;
};

// An algorithm as written in the file, for summaries and SHOW SHARDING TABLE.
struct AlgorithmSpec {
  std::string name;
  std::string type;
  // Properties in file order, values as displayable text.
  std::vector<std::pair<std::string, std::string>> properties;
  // "count=2, expression=t_order_${order_id % 2}"
  std::string PropertiesText() const;
};

// Where an algorithm object is used: which table, and whether it picks data sources (database
// strategy) or actual tables (table strategy).
struct BindContext {
  std::string table;  // logical table
  bool database_level = true;
  absl::string_view TargetKind() const { return database_level ? "data source" : "table"; }
};

class ShardingAlgorithm {
 public:
  static constexpr int kUnplaced = -1;

  ShardingAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                    std::vector<std::string> targets, BindContext context)
      : spec_(spec),
        columns_(std::move(columns)),
        targets_(std::move(targets)),
        context_(std::move(context)) {}
  virtual ~ShardingAlgorithm() = default;
  ShardingAlgorithm(const ShardingAlgorithm&) = delete;
  ShardingAlgorithm& operator=(const ShardingAlgorithm&) = delete;

  const AlgorithmSpec& spec() const { return spec_; }
  // The sharding columns, as written in the strategy; values are passed in this order.
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::string>& targets() const { return targets_; }
  const BindContext& context() const { return context_; }

  // Point answer (see the file comment). values.size() == columns().size().
  virtual int Shard(absl::Span<const ShardingValue> values) const = 0;
  int Shard(const ShardingValue& value) const { return Shard(absl::MakeConstSpan(&value, 1)); }

  // Range answer for single-column algorithms (see the file comment).
  virtual TargetSet ShardRange(const ShardingRange& range) const { return TargetSet::All(); }
  // Whether ShardRange can ever narrow (for summaries).
  virtual bool NarrowsRanges() const { return false; }

  // The target for an INSERT, or an error (1105/HY000) naming the column, the value and why it
  // has no target.
  absl::StatusOr<int> ShardForInsert(absl::Span<const ShardingValue> values) const;

 protected:
  // Why Shard(values) is kUnplaced: "mod needs an integer", "t_order_-1 is not a table in
  // data_nodes". Only called on the error path.
  virtual std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const = 0;

 private:
  AlgorithmSpec spec_;
  std::vector<std::string> columns_;
  std::vector<std::string> targets_;
  BindContext context_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_SHARDING_ALGORITHM_H_
