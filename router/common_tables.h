// WITH common table expressions as derived tables. A non-recursive CTE that the statement reads
// once means what `FROM (its query) AS name` means, and the proxy runs derived tables spanning
// data nodes in stages (proxy/executor/cross_node_runner.h) but refuses WITH over them; so a
// SELECT whose WITH clause spans nodes is rewritten and routed again.
#ifndef SHARDPROXY_ROUTER_COMMON_TABLES_H_
#define SHARDPROXY_ROUTER_COMMON_TABLES_H_

#include <string>

#include "absl/types/optional.h"
#include "parser/bound_statement.h"

namespace shardproxy::router {

// The SELECT's text with its top-level WITH clause removed and each CTE's one reference replaced
// by `(query) AS name` (the reference's own alias kept). nullopt unless the statement is a SELECT
// with a non-recursive WITH whose CTEs have no column list, are each read exactly once outside the
// WITH clause, and read no other CTE.
absl::optional<std::string> CommonTablesAsDerived(const sql::BoundStatement& statement);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_COMMON_TABLES_H_
