#include "config/sharding_rules.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "config/config_errors.h"

namespace shardproxy {
namespace {

// Stands for "no strategy at this level": any target, resolved by the layout.
constexpr int kAnyTarget = -2;

}  // namespace

int ShardingStrategy::ColumnIndex(absl::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (absl::EqualsIgnoreCase(columns[i], column)) return static_cast<int>(i);
  }
  return -1;
}

bool TableRule::IsShardingColumn(absl::string_view column) const {
  return (has_database_strategy_ && database_strategy_.ColumnIndex(column) >= 0) ||
         (has_table_strategy_ && table_strategy_.ColumnIndex(column) >= 0);
}

int TableRule::NodeAt(int data_source_target, int table_target) const {
  if (data_source_target < 0 || table_target < 0 ||
      data_source_target >= static_cast<int>(data_source_targets_.size()) ||
      table_target >= static_cast<int>(table_targets_.size())) {
    return -1;
  }
  return node_matrix_[static_cast<size_t>(data_source_target) * table_targets_.size() +
                      table_target];
}

std::vector<int> TableRule::NodesFor(const TargetSet& data_source_targets,
                                     const TargetSet& table_targets) const {
  std::vector<int> nodes;
  for (size_t i = 0; i < data_nodes_.size(); ++i) {
    if (data_source_targets.Contains(data_nodes_[i].data_source_target) &&
        table_targets.Contains(data_nodes_[i].table_target)) {
      nodes.push_back(static_cast<int>(i));
    }
  }
  return nodes;
}

int TableRule::NodeFor(absl::Span<const ShardingValue> database_values,
                       absl::Span<const ShardingValue> table_values) const {
  int ds = kAnyTarget;
  if (has_database_strategy_) {
    ds = database_strategy_.algorithm->Shard(database_values);
  } else if (data_source_targets_.size() == 1) {
    ds = 0;
  }
  if (ds == ShardingAlgorithm::kUnplaced) return ShardingAlgorithm::kUnplaced;
  int table = kAnyTarget;
  if (has_table_strategy_) {
    table = table_strategy_.algorithm->Shard(table_values);
  } else if (table_targets_.size() == 1) {
    table = 0;
  }
  if (table == ShardingAlgorithm::kUnplaced) return ShardingAlgorithm::kUnplaced;
  if (ds != kAnyTarget && table != kAnyTarget) {
    const int node = NodeAt(ds, table);
    return node < 0 ? ShardingAlgorithm::kUnplaced : node;
  }
  // A level without a strategy: the layout leaves at most one node (checked when loading).
  int found = ShardingAlgorithm::kUnplaced;
  for (size_t i = 0; i < data_nodes_.size(); ++i) {
    const DataNode& node = data_nodes_[i];
    if ((ds == kAnyTarget || node.data_source_target == ds) &&
        (table == kAnyTarget || node.table_target == table)) {
      if (found != ShardingAlgorithm::kUnplaced) return ShardingAlgorithm::kUnplaced;
      found = static_cast<int>(i);
    }
  }
  return found;
}

absl::StatusOr<int> TableRule::NodeForInsert(absl::Span<const ShardingValue> database_values,
                                             absl::Span<const ShardingValue> table_values) const {
  const int node = NodeFor(database_values, table_values);
  if (node != ShardingAlgorithm::kUnplaced) return node;
  int ds = -1;
  if (has_database_strategy_) {
    absl::StatusOr<int> target = database_strategy_.algorithm->ShardForInsert(database_values);
    if (!target.ok()) return target.status();
    ds = *target;
  }
  int table = -1;
  if (has_table_strategy_) {
    absl::StatusOr<int> target = table_strategy_.algorithm->ShardForInsert(table_values);
    if (!target.ok()) return target.status();
    table = *target;
  }
  if (ds >= 0 && table >= 0) {
    return ConfigError(absl::StrCat("no data node of table ", name_,
                                    " for this row: it belongs in ", data_source_targets_[ds], ".",
                                    table_targets_[table], ", which is not in data_nodes"));
  }
  return ConfigError(absl::StrCat("cannot choose one data node of table ", name_,
                                  " for this row: give values for its sharding columns"));
}

const TableRule* ShardingRules::FindTable(absl::string_view name) const {
  auto it = table_index_.find(name);
  return it == table_index_.end() ? nullptr : &tables_[it->second];
}

bool ShardingRules::IsBroadcast(absl::string_view table) const {
  return broadcast_index_.contains(table);
}

const std::vector<std::string>* ShardingRules::BindingGroupOf(absl::string_view table) const {
  const TableRule* rule = FindTable(table);
  if (rule == nullptr || rule->binding_group() < 0) return nullptr;
  return &binding_groups_[rule->binding_group()];
}

bool ShardingRules::AreBound(absl::string_view a, absl::string_view b) const {
  const TableRule* rule_a = FindTable(a);
  const TableRule* rule_b = FindTable(b);
  return rule_a != nullptr && rule_b != nullptr && rule_a->binding_group() >= 0 &&
         rule_a->binding_group() == rule_b->binding_group();
}

}  // namespace shardproxy
