// The sharding rules of a Config: sharded tables (data nodes, strategies, key generators), binding
// groups and broadcast tables. Immutable once loaded and safe to read from any thread; the router
// reads it per statement.
//
// Table names are compared case-sensitively, like MySQL on Linux with lower_case_table_names=0
// (its default there): `t_order` and `T_ORDER` are different tables. Column names are compared
// case-insensitively, as MySQL always does.
//
// Routing a row or a condition of a sharded table:
//   const TableRule* rule = rules.FindTable("t_order");
//   // point: user_id = 7 AND order_id = 1001
//   int node = rule->NodeFor({ShardingValue::Integer(7)}, {ShardingValue::Integer(1001)});
//   // node is an index into rule->data_nodes(), or ShardingAlgorithm::kUnplaced
//   // sets: database targets and table targets from Shard()/ShardRange() of each strategy
//   std::vector<int> nodes = rule->NodesFor(db_targets, table_targets);
// Unsharded tables that are not broadcast live in Config::default_data_source; broadcast tables
// have a full copy in every data source of the Config.
#ifndef SHARDPROXY_CONFIG_SHARDING_RULES_H_
#define SHARDPROXY_CONFIG_SHARDING_RULES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/key_generator.h"
#include "config/sharding_algorithm.h"
#include "config/sharding_value.h"

namespace shardproxy {

// One physical table: `table` in data source `data_source`.
struct DataNode {
  std::string data_source;
  std::string table;
  int data_source_target = 0;  // index into TableRule::data_source_targets()
  int table_target = 0;        // index into TableRule::table_targets()
};

// Which column(s) choose the data source (database strategy) or the actual table (table strategy),
// and the algorithm, bound to this table's targets at that level.
struct ShardingStrategy {
  std::vector<std::string> columns;  // as written; one unless the algorithm is complex_inline
  std::string algorithm_name;
  std::shared_ptr<const ShardingAlgorithm> algorithm;

  // Position of `column` in `columns` (case-insensitive), or -1.
  int ColumnIndex(absl::string_view column) const;
};

struct KeyGeneratorConfig {
  std::string column;
  std::string type = "snowflake";
  int worker_id = 0;
  std::shared_ptr<KeyGenerator> generator;
};

class TableRule {
 public:
  const std::string& name() const { return name_; }
  // Expanded from data_nodes, in file order.
  const std::vector<DataNode>& data_nodes() const { return data_nodes_; }
  // Distinct data sources / actual table names of data_nodes, in first-appearance order: the
  // targets of the database / table strategy.
  const std::vector<std::string>& data_source_targets() const { return data_source_targets_; }
  const std::vector<std::string>& table_targets() const { return table_targets_; }
  // nullptr: no strategy at that level (every data source / every table of the chosen data
  // source can hold a row; the loader ensures that leaves one node for a row when needed).
  const ShardingStrategy* database_strategy() const {
    return has_database_strategy_ ? &database_strategy_ : nullptr;
  }
  const ShardingStrategy* table_strategy() const {
    return has_table_strategy_ ? &table_strategy_ : nullptr;
  }
  const KeyGeneratorConfig* key_generator() const {
    return has_key_generator_ ? &key_generator_ : nullptr;
  }
  // Index into ShardingRules::binding_groups(), or -1.
  int binding_group() const { return binding_group_; }

  // Whether `column` is a sharding column of either strategy (case-insensitive).
  bool IsShardingColumn(absl::string_view column) const;

  // The data node at (data source target, table target), or -1 when the layout has none there.
  int NodeAt(int data_source_target, int table_target) const;

  // Data nodes that can hold rows given the targets each strategy allows (TargetSet::All() for a
  // level without a condition or without a strategy), in data_nodes order.
  std::vector<int> NodesFor(const TargetSet& data_source_targets,
                            const TargetSet& table_targets) const;

  // The one node for a row whose database-strategy columns have `database_values` and
  // table-strategy columns `table_values` (each in its strategy's columns() order; empty for a
  // level without a strategy), or ShardingAlgorithm::kUnplaced. No allocation for integer keys.
  int NodeFor(absl::Span<const ShardingValue> database_values,
              absl::Span<const ShardingValue> table_values) const;
  // Same for an INSERT: an error (1105/HY000) says which value has no node and why.
  absl::StatusOr<int> NodeForInsert(absl::Span<const ShardingValue> database_values,
                                    absl::Span<const ShardingValue> table_values) const;

 private:
  friend class ShardingRulesBuilder;

  std::string name_;
  std::vector<DataNode> data_nodes_;
  std::vector<std::string> data_source_targets_;
  std::vector<std::string> table_targets_;
  bool has_database_strategy_ = false;
  bool has_table_strategy_ = false;
  bool has_key_generator_ = false;
  ShardingStrategy database_strategy_;
  ShardingStrategy table_strategy_;
  KeyGeneratorConfig key_generator_;
  int binding_group_ = -1;
  // node index by data_source_target * table_targets_.size() + table_target; -1 for none.
  std::vector<int> node_matrix_;
};

class ShardingRules {
 public:
  // No sharded and no broadcast tables: every statement goes to the default data source.
  bool empty() const { return tables_.empty() && broadcast_tables_.empty(); }

  // Sharded tables in file order.
  const std::vector<TableRule>& tables() const { return tables_; }
  // The rule of sharded table `name` (case-sensitive), or nullptr.
  const TableRule* FindTable(absl::string_view name) const;

  const std::vector<std::string>& broadcast_tables() const { return broadcast_tables_; }
  bool IsBroadcast(absl::string_view table) const;

  // Each group lists tables whose rows with equal sharding keys live on corresponding nodes, so a
  // join between them on those keys runs node by node.
  const std::vector<std::vector<std::string>>& binding_groups() const { return binding_groups_; }
  // The group of `table`, or nullptr.
  const std::vector<std::string>* BindingGroupOf(absl::string_view table) const;
  // Both tables are in the same binding group.
  bool AreBound(absl::string_view a, absl::string_view b) const;

  // The `algorithms:` section as written, in file order.
  const std::vector<AlgorithmSpec>& algorithms() const { return algorithms_; }

 private:
  friend class ShardingRulesBuilder;

  std::vector<TableRule> tables_;
  absl::flat_hash_map<std::string, int> table_index_;
  std::vector<std::string> broadcast_tables_;
  absl::flat_hash_map<std::string, int> broadcast_index_;
  std::vector<std::vector<std::string>> binding_groups_;
  std::vector<AlgorithmSpec> algorithms_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_SHARDING_RULES_H_
