// INSERT / REPLACE: each row goes to the node its sharding values choose; a multi-row INSERT is
// split into one INSERT per node holding that node's rows (in their original order). A table
// with a key generator gets the key column added to the column list and a generated key appended
// to every row when the statement leaves it out; the first key is the plan's
// generated_insert_id (MySQL's LAST_INSERT_ID for a multi-row INSERT is the first row's).
// Broadcast tables are written on every data source, others on the default one.
#ifndef SHARDPROXY_ROUTER_INSERT_PLANNER_H_
#define SHARDPROXY_ROUTER_INSERT_PLANNER_H_

#include "absl/status/statusor.h"
#include "parser/ast/statement.h"
#include "parser/bound_statement.h"
#include "router/route_plan.h"
#include "router/router.h"
#include "router/statement_tables.h"

namespace shardproxy::router {

absl::StatusOr<RoutePlan> RouteInsert(const sql::BoundStatement& statement,
                                      const sql::InsertStatement& insert,
                                      const RouteContext& context, StatementTables& tables);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_INSERT_PLANNER_H_
