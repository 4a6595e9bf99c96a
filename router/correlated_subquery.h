// Correlated subqueries that may run node by node with their outer query.
//
// A subquery over sharded tables is normally refused on a multi-node SELECT: each node would
// evaluate it over its own rows only. That is exactly right when the subquery is correlated to
// an outer table of the same routing unit (the same table or its binding group) on every
// sharding column:
//
//   SELECT * FROM t_order o WHERE EXISTS (SELECT 1 FROM t_order_item i
//                                         WHERE i.user_id = o.user_id AND i.order_id = o.order_id)
//
// every inner row an outer row can see lives on that outer row's node. Only equalities between
// qualified columns in the subquery's WHERE (top-level AND) count; anything else stays refused.
#ifndef SHARDPROXY_ROUTER_CORRELATED_SUBQUERY_H_
#define SHARDPROXY_ROUTER_CORRELATED_SUBQUERY_H_

#include "parser/bound_statement.h"
#include "router/statement_tables.h"

namespace shardproxy::router {

// Whether every subquery (and derived table) of the SELECT that reads a sharded table is
// correlated as described above, so that node-by-node execution gives MySQL's answer.
bool SubqueriesStayOnTheirNodes(const sql::BoundStatement& statement,
                                const StatementTables& tables);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_CORRELATED_SUBQUERY_H_
