// SELECT SQL_CALC_FOUND_ROWS … LIMIT n over sharded tables. One server counts the rows the query
// would give without its LIMIT while it runs; through the proxy no node sees them all, so the
// statement becomes two: the count — the query without SQL_CALC_FOUND_ROWS and LIMIT as a derived
// table, `SELECT COUNT(*) FROM (…) AS found_rows`, routed and merged like any — and the query
// itself without SQL_CALC_FOUND_ROWS, whose rows the client gets. FOUND_ROWS() then answers the
// count.
#ifndef SHARDPROXY_ROUTER_FOUND_ROWS_H_
#define SHARDPROXY_ROUTER_FOUND_ROWS_H_

#include <string>

#include "absl/types/optional.h"
#include "parser/bound_statement.h"

namespace shardproxy::router {

struct FoundRowsQueries {
  std::string count;  // SELECT COUNT(*) FROM (<query without LIMIT>) AS found_rows
  std::string rows;   // the query without SQL_CALC_FOUND_ROWS
};

// nullopt unless the statement is one SELECT block with SQL_CALC_FOUND_ROWS and no INTO or
// locking clause.
absl::optional<FoundRowsQueries> SplitCalcFoundRows(const sql::BoundStatement& statement);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_FOUND_ROWS_H_
