// Reads and validates the `sharding:` section into ShardingRules.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/algorithm_definition.h"
#include "config/config_loader.h"
#include "config/inline_expression.h"
#include "config/partition_targets.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

constexpr std::array<absl::string_view, 4> kShardingKeys = {"tables", "binding_tables",
                                                            "broadcast_tables", "algorithms"};
constexpr std::array<absl::string_view, 4> kTableKeys = {"data_nodes", "database_strategy",
                                                         "table_strategy", "key_generator"};
constexpr std::array<absl::string_view, 3> kStrategyKeys = {"column", "columns", "algorithm"};
constexpr std::array<absl::string_view, 3> kKeyGeneratorKeys = {"column", "type", "worker_id"};
// The node matrix of a table is data sources x actual tables; beyond this the layout is absurd.
constexpr size_t kMaxNodeMatrix = size_t{1} << 22;
// Integer keys tried when checking that binding tables route alike.
constexpr int64_t kBindingSamples = 64;

// Splits "ds0.t_a, ds1.t_b" at commas outside ${...}, brackets and quotes. Offsets are byte
// offsets of each trimmed piece.
std::vector<std::pair<size_t, absl::string_view>> SplitTopLevelCommas(absl::string_view text) {
  std::vector<std::pair<size_t, absl::string_view>> pieces;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  auto add = [&](size_t end) {
    size_t begin = start;
    while (begin < end && text[begin] == ' ') ++begin;
    while (end > begin && text[end - 1] == ' ') --end;
    pieces.emplace_back(begin, text.substr(begin, end - begin));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (depth > 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if ((c == '}' || c == ']' || c == ')') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      add(i);
      start = i + 1;
    }
  }
  add(text.size());
  return pieces;
}

}  // namespace

class ShardingRulesBuilder {
 public:
  ShardingRulesBuilder(const Config& config, ConfigErrors* errors, ShardingRules* rules)
      : config_(config), errors_(errors), rules_(rules) {}

  void Load(const YamlNode& sharding) {
    if (!CheckMap(sharding, "sharding", kShardingKeys, errors_)) return;
    if (const YamlNode* algorithms = sharding.Find("algorithms")) LoadAlgorithms(*algorithms);
    if (const YamlNode* broadcast = sharding.Find("broadcast_tables")) LoadBroadcast(*broadcast);
    if (const YamlNode* tables = sharding.Find("tables")) LoadTables(*tables);
    if (const YamlNode* binding = sharding.Find("binding_tables")) LoadBindingGroups(*binding);
  }

 private:
  void LoadAlgorithms(const YamlNode& node) {
    if (!node.IsMap()) {
      errors_->Add(node, absl::StrCat("expected a map of algorithms (name: { type: ..., ... }) "
                                      "for algorithms, found ",
                                      node.KindName()));
      return;
    }
    for (const auto& [key, value] : node.entries) {
      if (!key.IsScalar()) {
        errors_->Add(key, "expected an algorithm name");
        continue;
      }
      if (definitions_.contains(key.scalar) || failed_algorithms_.contains(key.scalar)) {
        errors_->Add(key, absl::StrCat("duplicate algorithm '", key.scalar, "'"));
        continue;
      }
      algorithm_names_.push_back(key.scalar);
      std::unique_ptr<AlgorithmDefinition> definition =
          ParseAlgorithmDefinition(key, value, errors_);
      if (definition == nullptr) {
        failed_algorithms_.insert(key.scalar);
        continue;
      }
      rules_->algorithms_.push_back(definition->spec());
      definitions_.emplace(key.scalar, std::move(definition));
    }
  }

  void LoadBroadcast(const YamlNode& node) {
    if (!node.IsSequence()) {
      errors_->Add(node, absl::StrCat("expected a list of table names for broadcast_tables, "
                                      "found ",
                                      node.KindName()));
      return;
    }
    for (const YamlNode& item : node.items) {
      std::string name;
      if (!ReadName(item, "broadcast table name", errors_, &name)) continue;
      if (rules_->broadcast_index_.contains(name)) {
        errors_->Add(item, absl::StrCat("duplicate broadcast table '", name, "'"));
        continue;
      }
      rules_->broadcast_index_.emplace(name, static_cast<int>(rules_->broadcast_tables_.size()));
      rules_->broadcast_tables_.push_back(name);
      broadcast_nodes_.emplace(name, &item);
    }
  }

  void LoadTables(const YamlNode& node) {
    if (!node.IsMap()) {
      errors_->Add(node, absl::StrCat("expected a map of tables (t_order: { data_nodes: ..., "
                                      "... }) for tables, found ",
                                      node.KindName()));
      return;
    }
    for (const auto& [key, value] : node.entries) {
      std::string name;
      if (!ReadName(key, "table name", errors_, &name)) continue;
      if (rules_->table_index_.contains(name) || failed_tables_.contains(name)) {
        errors_->Add(key, absl::StrCat("duplicate table '", name, "' in tables"));
        continue;
      }
      if (auto it = broadcast_nodes_.find(name); it != broadcast_nodes_.end()) {
        errors_->Add(key, absl::StrCat("table ", name,
                                       " is both sharded (tables) and broadcast "
                                       "(broadcast_tables, line ",
                                       it->second->line, ")"));
        failed_tables_.insert(name);
        continue;
      }
      TableRule rule;
      rule.name_ = name;
      if (!LoadTable(key, value, &rule)) {
        failed_tables_.insert(name);
        continue;
      }
      rules_->table_index_.emplace(name, static_cast<int>(rules_->tables_.size()));
      rules_->tables_.push_back(std::move(rule));
      table_nodes_.push_back(&key);
    }
  }

  bool LoadTable(const YamlNode& key, const YamlNode& value, TableRule* rule) {
    const std::string context = absl::StrCat("table ", rule->name_);
    if (!CheckMap(value, context, kTableKeys, errors_)) return false;
    const size_t errors_before = errors_->count();
    const YamlNode* data_nodes = RequireKey(value, "data_nodes", context, errors_);
    if (data_nodes == nullptr || !LoadDataNodes(*data_nodes, rule)) return false;
    bool ok = errors_->count() == errors_before;
    if (const YamlNode* strategy = value.Find("database_strategy")) {
      ok &= LoadStrategy(*strategy, true, rule, &rule->database_strategy_);
      rule->has_database_strategy_ = ok;
    }
    if (const YamlNode* strategy = value.Find("table_strategy")) {
      const bool loaded = LoadStrategy(*strategy, false, rule, &rule->table_strategy_);
      rule->has_table_strategy_ = loaded;
      ok &= loaded;
    }
    if (const YamlNode* generator = value.Find("key_generator")) {
      ok &= LoadKeyGenerator(*generator, rule);
    }
    if (!ok) return false;
    return CheckLevelsResolvable(key, value, *rule);
  }

  bool LoadDataNodes(const YamlNode& node, TableRule* rule) {
    const std::string context = absl::StrCat("data_nodes of table ", rule->name_);
    std::vector<const YamlNode*> items;
    if (node.IsScalar()) {
      items.push_back(&node);
    } else if (node.IsSequence() && !node.items.empty()) {
      for (const YamlNode& item : node.items) items.push_back(&item);
    } else {
      errors_->Add(node, absl::StrCat("expected DATA_SOURCE.TABLE expressions (ds${0..1}.t_${0..1}"
                                      " or a list of them) for ",
                                      context, ", found ",
                                      node.IsSequence() ? "an empty list" : node.KindName()));
      return false;
    }
    bool ok = true;
    absl::flat_hash_set<std::string> seen;
    absl::flat_hash_map<std::string, int> ds_index;
    absl::flat_hash_map<std::string, int> table_index;
    for (const YamlNode* item : items) {
      if (!item->IsScalar()) {
        errors_->Add(*item, absl::StrCat("expected a DATA_SOURCE.TABLE expression in ", context,
                                         ", found ", item->KindName()));
        ok = false;
        continue;
      }
      const int quote = item->quoted ? 1 : 0;
      for (const auto& [offset, piece] : SplitTopLevelCommas(item->scalar)) {
        const int column = item->column + quote + static_cast<int>(offset);
        size_t error_offset = 0;
        absl::StatusOr<std::vector<std::string>> names =
            ExpandInlineExpression(piece, &error_offset);
        if (!names.ok()) {
          errors_->AddAt(item->line, column + static_cast<int>(error_offset),
                         absl::StrCat(names.status().message(), " in ", context));
          ok = false;
          continue;
        }
        for (const std::string& name : *names) {
          const size_t dot = name.find('.');
          if (dot == std::string::npos) {
            errors_->AddAt(
                item->line, column,
                absl::StrCat("expected DATA_SOURCE.TABLE in ", context, ", found '", name, "'"));
            ok = false;
            break;
          }
          DataNode data_node;
          data_node.data_source = name.substr(0, dot);
          data_node.table = name.substr(dot + 1);
          if (config_.FindDataSource(data_node.data_source) == nullptr) {
            std::vector<absl::string_view> known;
            for (const DataSourceConfig& ds : config_.data_sources) known.push_back(ds.name);
            errors_->AddAt(item->line, column,
                           absl::StrCat("unknown data source '", data_node.data_source, "' in ",
                                        context, DidYouMean(data_node.data_source, known)));
            ok = false;
            break;
          }
          if (!IsValidName(data_node.table)) {
            errors_->AddAt(item->line, column,
                           absl::StrCat("invalid table name in ", context, ": '", data_node.table,
                                        "' is not 1 to 64 letters, digits, '_' or '$'"));
            ok = false;
            break;
          }
          if (!seen.insert(name).second) {
            errors_->AddAt(item->line, column,
                           absl::StrCat("duplicate data node ", name, " in ", context));
            ok = false;
            break;
          }
          auto [ds, ds_new] = ds_index.emplace(data_node.data_source,
                                               static_cast<int>(rule->data_source_targets_.size()));
          if (ds_new) rule->data_source_targets_.push_back(data_node.data_source);
          auto [table, table_new] =
              table_index.emplace(data_node.table, static_cast<int>(rule->table_targets_.size()));
          if (table_new) rule->table_targets_.push_back(data_node.table);
          data_node.data_source_target = ds->second;
          data_node.table_target = table->second;
          rule->data_nodes_.push_back(std::move(data_node));
        }
      }
    }
    if (!ok) return false;
    const size_t matrix = rule->data_source_targets_.size() * rule->table_targets_.size();
    if (matrix > kMaxNodeMatrix) {
      errors_->Add(node, absl::StrCat(context, " spans ", rule->data_source_targets_.size(),
                                      " data sources and ", rule->table_targets_.size(),
                                      " table names: too many to index"));
      return false;
    }
    rule->node_matrix_.assign(matrix, -1);
    for (size_t i = 0; i < rule->data_nodes_.size(); ++i) {
      const DataNode& n = rule->data_nodes_[i];
      rule->node_matrix_[static_cast<size_t>(n.data_source_target) * rule->table_targets_.size() +
                         n.table_target] = static_cast<int>(i);
    }
    return true;
  }

  bool LoadStrategy(const YamlNode& node, bool database_level, TableRule* rule,
                    ShardingStrategy* strategy) {
    const std::string context = absl::StrCat(
        database_level ? "database_strategy" : "table_strategy", " of table ", rule->name_);
    if (!CheckMap(node, context, kStrategyKeys, errors_)) return false;
    const YamlNode* column = node.Find("column");
    const YamlNode* columns = node.Find("columns");
    bool ok = true;
    if (column != nullptr && columns != nullptr) {
      errors_->Add(*columns,
                   absl::StrCat("give either column or columns in ", context, ", not both"));
      return false;
    }
    if (column != nullptr) {
      std::string name;
      ok &= ReadName(*column, absl::StrCat("column of ", context), errors_, &name);
      strategy->columns = {name};
    } else if (columns != nullptr) {
      if (!columns->IsSequence() || columns->items.empty()) {
        errors_->Add(*columns, absl::StrCat("expected a list of column names for columns of ",
                                            context, ", found ", columns->KindName()));
        return false;
      }
      for (const YamlNode& item : columns->items) {
        std::string name;
        if (!ReadName(item, absl::StrCat("column of ", context), errors_, &name)) {
          ok = false;
          continue;
        }
        for (const std::string& existing : strategy->columns) {
          if (absl::EqualsIgnoreCase(existing, name)) {
            errors_->Add(item, absl::StrCat("duplicate column '", name, "' in ", context));
            ok = false;
          }
        }
        strategy->columns.push_back(name);
      }
    } else {
      errors_->Add(node, absl::StrCat("missing 'column' in ", context));
      ok = false;
    }
    const YamlNode* algorithm = RequireKey(node, "algorithm", context, errors_);
    if (algorithm == nullptr) return false;
    if (!ReadName(*algorithm, absl::StrCat("algorithm of ", context), errors_,
                  &strategy->algorithm_name) ||
        !ok) {
      return false;
    }
    if (failed_algorithms_.contains(strategy->algorithm_name)) return false;  // reported already
    auto it = definitions_.find(strategy->algorithm_name);
    if (it == definitions_.end()) {
      std::vector<absl::string_view> known(algorithm_names_.begin(), algorithm_names_.end());
      errors_->Add(*algorithm,
                   absl::StrCat("unknown algorithm '", strategy->algorithm_name, "' in ", context,
                                DidYouMean(strategy->algorithm_name, known)));
      return false;
    }
    const AlgorithmDefinition& definition = *it->second;
    if (strategy->columns.size() > 1 && !definition.multi_column()) {
      errors_->Add(*columns, absl::StrCat("algorithm ", strategy->algorithm_name, " (",
                                          definition.spec().type, ") in ", context,
                                          " takes one column; use complex_inline for several"));
      return false;
    }
    BindContext bind_context{rule->name_, database_level};
    absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> bound = definition.Bind(
        strategy->columns, database_level ? rule->data_source_targets_ : rule->table_targets_,
        bind_context);
    if (!bound.ok()) {
      errors_->Add(*algorithm, absl::StrCat(bound.status().message(), " (in ", context, ")"));
      return false;
    }
    strategy->algorithm = *std::move(bound);
    return true;
  }

  bool LoadKeyGenerator(const YamlNode& node, TableRule* rule) {
    const std::string context = absl::StrCat("key_generator of table ", rule->name_);
    if (!CheckMap(node, context, kKeyGeneratorKeys, errors_)) return false;
    KeyGeneratorConfig& generator = rule->key_generator_;
    const YamlNode* column = RequireKey(node, "column", context, errors_);
    bool ok = column != nullptr &&
              ReadName(*column, absl::StrCat("column of ", context), errors_, &generator.column);
    if (const YamlNode* type = node.Find("type")) {
      if (ReadString(*type, absl::StrCat("type of ", context), errors_, &generator.type) &&
          generator.type != "snowflake") {
        constexpr std::array<absl::string_view, 1> kTypes = {"snowflake"};
        errors_->Add(*type,
                     absl::StrCat("unknown key generator type '", generator.type, "' in ", context,
                                  ": expected snowflake", DidYouMean(generator.type, kTypes)));
        ok = false;
      }
    }
    if (const YamlNode* worker = node.Find("worker_id")) {
      ok &= ReadInt(*worker, absl::StrCat("worker_id of ", context), 0,
                    SnowflakeKeyGenerator::kMaxWorkerId, errors_, &generator.worker_id);
    }
    if (!ok) return false;
    generator.generator = SnowflakeKeyGenerator::ForWorker(generator.worker_id);
    rule->has_key_generator_ = true;
    return true;
  }

  // A level without a strategy must leave one node for each row.
  bool CheckLevelsResolvable(const YamlNode& key, const YamlNode& value, const TableRule& rule) {
    if (rule.data_nodes_.size() <= 1) return true;
    if (!rule.has_database_strategy_) {
      // Every actual table must live in one data source, so the table strategy alone decides.
      std::vector<std::vector<std::string>> sources(rule.table_targets_.size());
      for (const DataNode& node : rule.data_nodes_)
        sources[node.table_target].push_back(node.data_source);
      for (size_t t = 0; t < sources.size(); ++t) {
        if (sources[t].size() > 1 || !rule.has_table_strategy_) {
          if (!rule.has_table_strategy_ && sources[t].size() <= 1) {
            errors_->Add(key, absl::StrCat("table ", rule.name_, " has ", rule.data_nodes_.size(),
                                           " data nodes but no database_strategy or "
                                           "table_strategy to choose between them"));
          } else {
            errors_->Add(key, absl::StrCat("table ", rule.name_, " has actual table ",
                                           rule.table_targets_[t], " in data sources ",
                                           absl::StrJoin(sources[t], ", "),
                                           " but no database_strategy to choose between them"));
          }
          return false;
        }
      }
    }
    if (!rule.has_table_strategy_) {
      std::vector<std::vector<std::string>> tables(rule.data_source_targets_.size());
      for (const DataNode& node : rule.data_nodes_)
        tables[node.data_source_target].push_back(node.table);
      for (size_t d = 0; d < tables.size(); ++d) {
        if (tables[d].size() > 1) {
          errors_->Add(key, absl::StrCat("table ", rule.name_, " has ", tables[d].size(),
                                         " actual tables in data source ",
                                         rule.data_source_targets_[d], " (", ListTargets(tables[d]),
                                         ") but no table_strategy to choose between them"));
          return false;
        }
      }
    }
    return true;
  }

  void LoadBindingGroups(const YamlNode& node) {
    if (!node.IsSequence()) {
      errors_->Add(node, absl::StrCat("expected a list of table lists ([[t_order, t_order_item]])"
                                      " for binding_tables, found ",
                                      node.KindName()));
      return;
    }
    for (const YamlNode& group_node : node.items) {
      if (!group_node.IsSequence() || group_node.items.size() < 2) {
        errors_->Add(group_node, absl::StrCat("expected a list of two or more sharded tables in "
                                              "binding_tables, found ",
                                              group_node.IsSequence() ? "a shorter list"
                                                                      : group_node.KindName()));
        continue;
      }
      const int group = static_cast<int>(rules_->binding_groups_.size());
      std::vector<std::string> names;
      std::vector<int> members;
      bool ok = true;
      for (const YamlNode& item : group_node.items) {
        std::string name;
        if (!ReadName(item, "binding table name", errors_, &name)) {
          ok = false;
          continue;
        }
        auto it = rules_->table_index_.find(name);
        if (it == rules_->table_index_.end()) {
          if (failed_tables_.contains(name)) {
            ok = false;
            continue;
          }
          if (rules_->broadcast_index_.contains(name)) {
            errors_->Add(item, absl::StrCat("broadcast table ", name,
                                            " cannot be in binding_tables: only sharded tables "
                                            "bind"));
          } else {
            std::vector<absl::string_view> known;
            for (const TableRule& rule : rules_->tables_) known.push_back(rule.name_);
            errors_->Add(item, absl::StrCat("unknown table '", name,
                                            "' in binding_tables: expected a table of "
                                            "sharding.tables",
                                            DidYouMean(name, known)));
          }
          ok = false;
          continue;
        }
        TableRule& rule = rules_->tables_[it->second];
        if (rule.binding_group_ >= 0 ||
            std::find(members.begin(), members.end(), it->second) != members.end()) {
          errors_->Add(item, absl::StrCat("table ", name, " is in more than one binding group"));
          ok = false;
          continue;
        }
        if (!members.empty() && !CheckBindingPair(rules_->tables_[members.front()], rule, item)) {
          ok = false;
          continue;
        }
        members.push_back(it->second);
        names.push_back(name);
      }
      if (!ok) continue;
      for (int member : members) rules_->tables_[member].binding_group_ = group;
      rules_->binding_groups_.push_back(std::move(names));
    }
  }

  // b must be laid out like a and route equal keys to the same positions.
  bool CheckBindingPair(const TableRule& a, const TableRule& b, const YamlNode& at) {
    const std::string pair = absl::StrCat("binding tables ", a.name_, " and ", b.name_);
    if (a.data_nodes_.size() != b.data_nodes_.size()) {
      errors_->Add(at, absl::StrCat(pair, " have different layouts: ", a.name_, " has ",
                                    a.data_nodes_.size(), " data nodes, ", b.name_, " has ",
                                    b.data_nodes_.size()));
      return false;
    }
    for (size_t i = 0; i < a.data_nodes_.size(); ++i) {
      const DataNode& x = a.data_nodes_[i];
      const DataNode& y = b.data_nodes_[i];
      if (x.data_source != y.data_source || x.table_target != y.table_target ||
          x.data_source_target != y.data_source_target) {
        errors_->Add(at, absl::StrCat(pair, " have different layouts: data node ", i + 1, " is ",
                                      x.data_source, ".", x.table, " for ", a.name_, " but ",
                                      y.data_source, ".", y.table, " for ", b.name_));
        return false;
      }
    }
    for (bool database_level : {true, false}) {
      const ShardingStrategy* sa = database_level ? a.database_strategy() : a.table_strategy();
      const ShardingStrategy* sb = database_level ? b.database_strategy() : b.table_strategy();
      const absl::string_view level = database_level ? "database_strategy" : "table_strategy";
      if ((sa == nullptr) != (sb == nullptr)) {
        errors_->Add(at, absl::StrCat(pair, " route differently: ",
                                      sa != nullptr ? a.name_ : b.name_, " has a ", level, ", ",
                                      sa != nullptr ? b.name_ : a.name_, " has none"));
        return false;
      }
      if (sa == nullptr) continue;
      if (sa->columns.size() != sb->columns.size()) {
        errors_->Add(at, absl::StrCat(pair, " route differently: their ", level,
                                      " use different numbers of columns"));
        return false;
      }
      std::vector<ShardingValue> values(sa->columns.size());
      for (int64_t v = 0; v < kBindingSamples; ++v) {
        for (ShardingValue& value : values) value = ShardingValue::Integer(v);
        const int ta = sa->algorithm->Shard(values);
        const int tb = sb->algorithm->Shard(values);
        if (ta == ShardingAlgorithm::kUnplaced || tb == ShardingAlgorithm::kUnplaced || ta == tb) {
          continue;
        }
        const std::vector<std::string>& targets_a =
            database_level ? a.data_source_targets_ : a.table_targets_;
        const std::vector<std::string>& targets_b =
            database_level ? b.data_source_targets_ : b.table_targets_;
        errors_->Add(at, absl::StrCat(pair, " route differently: ", sa->columns[0], " = ", v,
                                      " goes to ", targets_a[ta], " for ", a.name_, " but to ",
                                      targets_b[tb], " for ", b.name_));
        return false;
      }
    }
    return true;
  }

  const Config& config_;
  ConfigErrors* errors_;
  ShardingRules* rules_;
  absl::flat_hash_map<std::string, std::unique_ptr<AlgorithmDefinition>> definitions_;
  absl::flat_hash_set<std::string> failed_algorithms_;
  std::vector<std::string> algorithm_names_;
  absl::flat_hash_set<std::string> failed_tables_;
  absl::flat_hash_map<std::string, const YamlNode*> broadcast_nodes_;
  std::vector<const YamlNode*> table_nodes_;
};

void LoadShardingRules(const YamlNode& sharding, const Config& config, ConfigErrors* errors,
                       ShardingRules* rules) {
  ShardingRulesBuilder(config, errors, rules).Load(sharding);
}

}  // namespace shardproxy
