// Cross-node joins executed in the proxy: a SELECT joining tables that the router cannot run
// node by node (different sharding layouts, sharded with unsharded outside the default data
// source, a sharded self-join across nodes). Joins chain left-deep: in `a JOIN b ON … JOIN c ON
// …` the join of a and b is one side (a statement routed on its own: node by node for a binding
// pair, or a cross-node join in turn) and c the other.
//
//   SELECT o.order_id, r.stars FROM t_order o LEFT JOIN t_review r ON r.user_id = o.user_id
//   WHERE o.total > 50 AND r.stars IS NULL ORDER BY o.order_id LIMIT 10
//
// becomes two side statements, each routed and merged on its own:
//   first:  SELECT * FROM t_order o WHERE (o.total > 50)
//   second: SELECT * FROM t_review r WHERE (r.user_id IN (<the first side's keys>))
// whose results are hash-joined in the proxy (merger/hash_join_stream.h); what remains of WHERE
// (here r.stars IS NULL, which must see the NULL-extended rows) is evaluated over the joined
// row, and the select list, DISTINCT, GROUP BY with simple aggregates, ORDER BY and LIMIT by the
// merger. The keys of the side fetched first are pushed into the other side as IN lists
// (batched lookup), so a key that is the other table's sharding column even narrows its routing.
//
// Conditions go where MySQL's semantics allow: for an INNER join, a WHERE or ON conjunct over one
// side's columns is pushed to that side; for LEFT (RIGHT) joins, WHERE conjuncts of the preserved
// side and ON conjuncts of the NULL-extended side are pushed, ON conjuncts over the preserved
// side stay in the join condition, WHERE conjuncts over the NULL-extended side are evaluated
// after the join. Qualified columns (alias.col) are attributed to a side at planning time;
// conditions naming unqualified ones wait until each side's columns are known (`SELECT * …
// LIMIT 0` of each side, PlaceUnqualifiedConditions) and are then placed the same way; a column
// both sides have is 1052, one neither has 1054, as in MySQL.
//
// Refused with 1235 (the message says what): a parenthesized join on the right, comma lists of
// more than two tables, USING / NATURAL, derived tables, joins without
// an equality between the two sides, NATURAL / USING joins, expressions other than columns and
// COUNT/SUM/MIN/MAX/AVG over columns in the select list, HAVING, window functions, subqueries,
// and conditions the proxy cannot evaluate that cannot be pushed to one side.
#ifndef SHARDPROXY_ROUTER_JOIN_PLANNER_H_
#define SHARDPROXY_ROUTER_JOIN_PLANNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/hash_join_stream.h"
#include "merger/memory_row_stream.h"
#include "merger/merge_expr.h"
#include "merger/merge_spec.h"
#include "parser/bound_statement.h"
#include "router/router.h"

namespace shardproxy::router {

struct JoinSidePlan {
  // How the statement names the side's columns: alias, else table name — one per table of the
  // side (the left side may itself be a join: `a JOIN b ON … JOIN c ON …` joins (a JOIN b)
  // with c, and (a JOIN b) runs as one side statement, routed like any other).
  std::vector<std::string> qualifiers;
  std::string table;  // the table reference(s) as written (names, aliases, index hints, ON)
  std::vector<std::string> pushed;  // conjuncts over this side only
  // This side's join key expressions (qualified), in JoinPlan::keys order.
  std::vector<std::string> keys;

  // The side statement; `lookup` (an IN condition on the keys, or "0") is added when not empty.
  std::string Sql(absl::string_view lookup = {}) const;
  // The side's columns without rows: what an unqualified column of a condition belongs to.
  std::string ProbeSql() const;
  bool Names(absl::string_view qualifier) const;
};

struct JoinPlan {
  JoinType type = JoinType::kInner;
  JoinSidePlan left;
  JoinSidePlan right;
  // The side fetched first, whose keys the other side's statement receives as IN lists: the
  // preserved side of an outer join, the left side of an inner one.
  bool left_first = true;

  // What ResolveJoinMerge() resolves against the sides' columns. Pointers into the statement's
  // AST, valid while the BoundStatement lives.
  struct Key {
    const sql::Expr* left;
    const sql::Expr* right;
    bool null_safe;
  };
  std::vector<Key> keys;
  std::vector<const sql::Expr*> on_residual;     // the join's residual ON condition
  std::vector<const sql::Expr*> where_residual;  // evaluated over the joined row
  // Conditions naming unqualified columns: placed by PlaceUnqualifiedConditions() once the
  // sides' columns are known (ProbeSql() of each), before the sides are fetched.
  struct Pending {
    const sql::Expr* condition;
    bool from_on;
  };
  std::vector<Pending> unresolved;
};

// Errors: 1235 when the statement is not a join the proxy can execute.
absl::StatusOr<JoinPlan> PlanCrossNodeJoin(const sql::BoundStatement& statement,
                                           const RouteContext& context);

struct JoinExecution {
  HashJoinSpec join;
  absl::optional<MergeExpr> filter;        // WHERE residual over the joined row
  std::shared_ptr<const MergeSpec> merge;  // over the (filtered) joined row
};

// Places `plan->unresolved` as if their columns had been qualified: a column found in exactly one
// side's columns belongs to it (in both or neither: left for the proxy to report 1052 / 1054).
// Errors: 1235 when the join still has no equality between the sides.
absl::Status PlaceUnqualifiedConditions(const sql::BoundStatement& statement,
                                        const RouteContext& context, JoinPlan* plan,
                                        absl::Span<const ColumnDefinition> left,
                                        absl::Span<const ColumnDefinition> right);

// The condition restricting the side fetched second to the keys the first side returned
// (batched lookup): "r.k IN (1,2)" or "(r.a, r.b) IN ((1,'x'),(2,'y'))"; "0" when the first side
// has no non-NULL key (nothing can match); empty when not worth it — more than `max_keys`
// distinct keys, or a null-safe key (IN lists never match NULL). Errors: 1054 for a key column
// the first side lacks.
absl::StatusOr<std::string> JoinLookupCondition(const JoinPlan& plan,
                                                absl::Span<const ColumnDefinition> first_columns,
                                                const OwnedRows& first_rows, size_t max_keys,
                                                bool no_backslash_escapes = false);

// The join, filter and merge for side results with these columns. Errors: 1054 / 1052 for
// unknown or ambiguous columns, 1235 for what the merger cannot evaluate.
absl::StatusOr<JoinExecution> ResolveJoinExecution(const sql::BoundStatement& statement,
                                                   const JoinPlan& plan,
                                                   absl::Span<const ColumnDefinition> left,
                                                   absl::Span<const ColumnDefinition> right,
                                                   const RouteContext& context);

// Derived tables spanning data nodes, finished in the proxy the same way:
//
//   SELECT city, COUNT(*) FROM (SELECT u.city FROM t_user u WHERE u.score > 10) AS d
//   WHERE city IS NOT NULL GROUP BY city ORDER BY city
//
// runs the inner query (routed and merged on its own), then evaluates the outer block over its
// rows: WHERE (conditions the proxy can evaluate), select list of columns and COUNT/SUM/MIN/MAX/
// AVG, DISTINCT, GROUP BY, ORDER BY, LIMIT. The outer block must read only the derived table.
struct DerivedTablePlan {
  std::string sql;        // the inner query as a statement of its own
  std::string qualifier;  // the derived table's alias
  // MariaDB merges a simple derived table into the outer query, which shows in the result
  // metadata (table and org_table are the alias, schema the database); a materialised one
  // reports the inner table as org_table, no schema, and the derived column name as org_name.
  bool mergeable = false;
  const sql::Expr* where = nullptr;  // the outer WHERE, evaluated by the proxy
};

// Errors: 1235 when the statement is not such a query.
absl::StatusOr<DerivedTablePlan> PlanDerivedTable(const sql::BoundStatement& statement,
                                                  const RouteContext& context);

// The filter and merge for inner results with these columns (`join` is unused). Also fixes the
// inner columns' table metadata as MariaDB reports columns of a derived table.
absl::StatusOr<JoinExecution> ResolveDerivedExecution(const sql::BoundStatement& statement,
                                                      const DerivedTablePlan& plan,
                                                      std::vector<ColumnDefinition>* columns,
                                                      const RouteContext& context);

// The 1235 for what neither the router nor the proxy can run: "a join of tables on different
// data nodes with <what> is not supported" (join_planner.cc and join_execution.cc).
absl::Status RefuseInProxy(absl::string_view what);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_JOIN_PLANNER_H_
