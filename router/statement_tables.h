// The tables a statement names, classified by the rules: sharded (grouped into routing units —
// one per binding group or table — whose node-aligned layouts let them run node by node),
// broadcast (a copy in every data source), unsharded (the default data source) and foreign (of
// another database: passed through). Also where their names must be rewritten.
#ifndef SHARDPROXY_ROUTER_STATEMENT_TABLES_H_
#define SHARDPROXY_ROUTER_STATEMENT_TABLES_H_

#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/config.h"
#include "parser/bound_statement.h"
#include "router/route_plan.h"
#include "router/sharding_condition.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {

class StatementTables {
 public:
  StatementTables(const sql::BoundStatement& statement, const Config& config,
                  absl::string_view current_database);

  // Errors: 1046 for an unqualified table without a current database.
  absl::Status Analyze();

  bool has_sharded() const { return !sharded_.empty(); }
  bool has_broadcast() const { return first_broadcast_ >= 0; }
  bool has_unsharded() const { return first_unsharded_ >= 0; }
  bool has_foreign() const { return first_foreign_ >= 0; }
  // A sharded table is read outside the outermost FROM (subquery, derived table).
  bool sharded_in_subquery() const { return sharded_in_subquery_; }
  // A broadcast table is the target of a write or DDL.
  bool BroadcastIsWritten() const { return broadcast_written_; }

  absl::string_view FirstShardedName() const;
  absl::string_view FirstBroadcastName() const;
  absl::string_view FirstUnshardedName() const;
  absl::string_view FirstForeignName() const;

  int unit_count() const { return static_cast<int>(units_.size()); }
  const TableRule* unit_rule(int unit) const { return units_[static_cast<size_t>(unit)].rule; }
  std::string UnitNames() const;  // "'t_order', 't_user'" for messages
  absl::Span<const ShardedOccurrence> occurrences() const { return sharded_; }

  // Table slots (one per table occurrence): their logical names, and the actual names on node
  // `node` of unit `unit`.
  using Names = absl::InlinedVector<absl::string_view, 4>;
  Names DefaultNames() const;
  void NamesForNode(int unit, int node, Names* names) const;
  // The occurrence slot of a sharded occurrence.
  int SlotOfSharded(int occurrence) const { return sharded_slot_[static_cast<size_t>(occurrence)]; }

  // Registers every table-name rewrite with `splicer` (repeating it is harmless).
  void AddRenames(SqlSplicer* splicer);
  // Fills plan->result_tables for the sharded tables whose actual names differ.
  void ResultTables(RoutePlan* plan) const;

  // Units whose tables the FROM clause of `block` names directly.
  std::vector<int> UnitsOfBlock(const sql::SelectNode& block) const;
  // Per sharded occurrence: whether the FROM clause of `block` names it directly.
  absl::InlinedVector<bool, 8> VisibleInBlock(const sql::SelectNode& block) const;

  // The sharded occurrence for a table occurrence index, or -1; and the reverse.
  int ShardedOfTable(int table) const;
  int TableOfSharded(int occurrence) const {
    return sharded_table_[static_cast<size_t>(occurrence)];
  }

 private:
  // kAliasRef: a multi-table DELETE target naming another occurrence (`DELETE o FROM t o …`).
  enum class Class : uint8_t { kSharded, kBroadcast, kUnsharded, kForeign, kCte, kAliasRef };
  struct Unit {
    const TableRule* rule;
    int binding_group;
    // Tables in the unit, with the UNION branch naming them (-1: a subquery, never shared).
    absl::InlinedVector<std::pair<absl::string_view, int>, 2> names;
  };
  void MarkTopLevel();
  // Tables of one binding group run node by node only where the statement joins them on every
  // sharding column (`ON i.user_id = o.user_id AND i.order_id = o.order_id`): otherwise a row's
  // partners may sit on another node, or in the other table of its node. Occurrences a SELECT
  // block (or a multi-table UPDATE / DELETE) does not join so to the first of their unit get
  // units of their own (a cross-node join, or 1235).
  void SeparateUnjoinedBindingTables();
  void SeparateUnjoinedInBlock(const std::vector<sql::TableRefPtr>& from, const sql::Expr* where);

  const sql::BoundStatement& statement_;
  const Config& config_;
  absl::string_view current_database_;
  absl::InlinedVector<Class, 4> classes_;  // per statement().tables entry
  absl::InlinedVector<int, 4> alias_of_;   // kAliasRef: the occurrence it names
  absl::InlinedVector<ShardedOccurrence, 2> sharded_;
  absl::InlinedVector<int, 2> sharded_table_;  // sharded occurrence -> tables index
  absl::InlinedVector<int, 2> sharded_slot_;   // sharded occurrence -> slot (= tables index)
  absl::InlinedVector<Unit, 2> units_;
  int first_broadcast_ = -1;
  int first_unsharded_ = -1;
  int first_foreign_ = -1;
  bool sharded_in_subquery_ = false;
  bool broadcast_written_ = false;
};

// The sharding columns of a rule, database strategy first (a column both strategies use appears
// twice).
std::vector<std::string> ShardingColumns(const TableRule& rule);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_STATEMENT_TABLES_H_
