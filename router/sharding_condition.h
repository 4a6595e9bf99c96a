// Sharding conditions: which data nodes of each sharded table a WHERE (or inner-join ON) clause
// lets rows come from.
//
// `=`, `<=>`, `IN (…)`, `BETWEEN`, `<`, `<=`, `>`, `>=` between a sharding column and a constant
// (a literal, a bound parameter, or integer arithmetic over them, folded here) give points and
// ranges that the table's algorithms answer; AND intersects, OR unites, and range bounds on one
// column under one AND are merged first (`id >= 10 AND id < 20` is one range). Everything else —
// NOT, functions of the column, non-constant operands, unplaced values — is "any node": a
// condition can only ever narrow what it understands, so the answer errs towards more nodes,
// never fewer.
//
// Tables in one routing unit (a binding group, or a table alone) have node-aligned layouts: node i
// of one corresponds to node i of the other, and the unit's node set is the intersection of what
// each member's conditions allow.
#ifndef SHARDPROXY_ROUTER_SHARDING_CONDITION_H_
#define SHARDPROXY_ROUTER_SHARDING_CONDITION_H_

#include <list>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/sharding_rules.h"
#include "parser/ast/expression.h"
#include "parser/bound_statement.h"

namespace shardproxy::router {

// Owns the decoded text of string literals while their ShardingValues are in use.
// A list: no allocation until a string literal needs decoding, and stable addresses.
using ValueArena = std::list<std::string>;

// The ShardingValue of a literal as written (or a bound parameter); false if it has none (an
// unbound parameter, a hex literal).
bool LiteralToShardingValue(const sql::LiteralValue& literal, ValueArena* arena,
                            ShardingValue* out);
// The value of a constant expression: literals, parameters, signs, integer + - *. False for
// anything else.
bool FoldConstant(const sql::BoundStatement& statement, const sql::Expr& expr, ValueArena* arena,
                  ShardingValue* out);

// A sharded table as a query block names it.
struct ShardedOccurrence {
  const TableRule* rule = nullptr;
  absl::string_view name;   // logical table name
  absl::string_view alias;  // empty when none
  int unit = 0;             // routing unit
};

using NodeSets = absl::InlinedVector<TargetSet, 2>;

TargetSet IntersectTargets(const TargetSet& a, const TargetSet& b);
TargetSet UniteTargets(const TargetSet& a, const TargetSet& b);

class ShardingConditionEvaluator {
 public:
  // `visible[o]` false hides occurrence o from column resolution (a table of another UNION
  // branch or of a subquery); empty means all are visible.
  ShardingConditionEvaluator(const sql::BoundStatement& statement,
                             absl::Span<const ShardedOccurrence> occurrences, int unit_count,
                             absl::InlinedVector<bool, 8> visible = {});

  // Node sets per unit (indices into a member's data_nodes()) that rows satisfying `condition`
  // can live on; All() where the condition says nothing. A null condition says nothing.
  NodeSets Evaluate(const sql::Expr* condition);

  // The occurrence a column reference names, or -1 (unknown or ambiguous across units).
  int ResolveColumn(const sql::ColumnRefExpr& column) const;

 private:
  struct RangeAccumulator;
  NodeSets AllNodes() const;
  NodeSets Only(int occurrence, TargetSet nodes) const;
  NodeSets EvaluateAnd(const sql::Expr& expr);
  NodeSets Point(int occurrence, absl::string_view column,
                 absl::Span<const ShardingValue> values) const;
  NodeSets Range(int occurrence, absl::string_view column, const ShardingRange& range) const;
  // A column of a sharded occurrence (resolved), or -1.
  int ColumnOperand(const sql::Expr& expr, absl::string_view* column) const;

  const sql::BoundStatement& statement_;
  absl::Span<const ShardedOccurrence> occurrences_;
  int unit_count_;
  absl::InlinedVector<bool, 8> visible_;
  ValueArena arena_;
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_SHARDING_CONDITION_H_
