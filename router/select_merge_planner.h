// Cross-shard SELECT: rewrites the statement each node runs and builds the MergeSpec that turns
// the nodes' results into the one result a single server would give (merger/merge_spec.h).
//
//   ORDER BY … LIMIT o, n   nodes sort the same way and return o+n rows; the merger k-way merges
//                           and applies LIMIT o, n.
//   GROUP BY / aggregates   nodes group by the same keys (ORDER BY the keys, no LIMIT, no
//                           HAVING); COUNT/SUM/MIN/MAX/BIT_*/GROUP_CONCAT are re-aggregated,
//                           AVG(x) becomes SUM(x), COUNT(x) (plus AVG(x) for its metadata),
//                           DISTINCT aggregates ship their argument values (grouped by them).
//   HAVING                  evaluated by the merger over the merged row.
//   ORDER BY/GROUP BY/HAVING expressions not in the select list become hidden columns.
//   DISTINCT                nodes return distinct rows; the merger removes duplicates across.
#ifndef SHARDPROXY_ROUTER_SELECT_MERGE_PLANNER_H_
#define SHARDPROXY_ROUTER_SELECT_MERGE_PLANNER_H_

#include "absl/status/status.h"
#include "merger/merge_spec.h"
#include "parser/ast/statement.h"
#include "parser/bound_statement.h"
#include "router/router.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {

// Adds the node rewrite to `splicer` and fills `spec`. `hidden_tail` gets the number of hidden
// columns appended after a `*` (see RoutePlan::merge_hidden_tail). `windows_on_nodes`: every
// window function's partitions hold rows of one node only (the caller checked), so each node
// computes them exactly and they merge as plain columns. `groups_on_nodes`: likewise every GROUP
// BY group, so aggregates and HAVING stay on the nodes and the groups merge as plain rows, in
// the group keys' order unless ORDER BY says otherwise (MariaDB's GROUP BY sorts). Errors: 1235
// naming what cannot be merged exactly.
absl::Status PlanSelectMerge(const sql::BoundStatement& statement, const sql::SelectNode& select,
                             const RouteContext& context, SqlSplicer* splicer, MergeSpec* spec,
                             int* hidden_tail, bool windows_on_nodes = false,
                             bool groups_on_nodes = false);

// UNION [ALL] whose every branch reads the plan's one routing unit: each node runs the whole
// UNION over its tables (a union of per-node unions is the union), the merger removes duplicates
// across nodes for UNION DISTINCT and applies the union's ORDER BY and LIMIT.
absl::Status PlanUnionMerge(const sql::BoundStatement& statement,
                            const sql::SetOperationNode& query, const RouteContext& context,
                            SqlSplicer* splicer, MergeSpec* spec);

// `ORDER BY NULL`: MySQL's way of asking for no order at all, not even the groups'.
bool OrdersByNull(const sql::SelectNode& select);

// The name MySQL gives an unaliased select item: its text as written.
absl::string_view ItemText(const SqlSplicer& splicer, const sql::SelectItem& item);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_SELECT_MERGE_PLANNER_H_
