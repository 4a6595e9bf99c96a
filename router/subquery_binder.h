// Uncorrelated subqueries whose tables span data nodes, evaluated before their statement.
//
// A statement such as
//   SELECT * FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE total > 50)
// cannot run node by node: each node would only see its own t_order rows. The router refuses it
// (1235); the executor then asks FindStagedSubqueries() for the subqueries it can evaluate first,
// runs each one through the full route + merge path (so it may itself be merged, or staged
// again), feeds its result to a SubqueryResultBinder, and routes the statement rewritten by
// BindSubqueryResults() — where the subquery now is a literal, so a bound IN list on a sharding
// key even narrows the routing:
//
//   x [NOT] IN (SELECT …)   →  (x [NOT] IN (v1, v2, …)); no rows → (0) for IN, (1) for NOT IN
//                              (MySQL: x IN (empty set) is false even for a NULL x); a NULL in
//                              the result stays a NULL in the list, which gives NOT IN its
//                              three-valued answer exactly as the subquery would.
//   EXISTS (SELECT …)       →  1 or 0 (the subquery is asked for LIMIT 1 when it has none)
//   (SELECT …) as a value   →  (v), (NULL) for no row; more than one row is 1242, like MySQL
//   EXISTS (SELECT … WHERE v.a = outer.x AND …), correlated by such equalities only
//                           →  ((outer.x IN (a1, a2, …)) IS TRUE), 0 for no key: the subquery
//                              without the equalities gives the keys (SELECT DISTINCT v.a …),
//                              NULL keys dropped (they equal nothing)
//   (SELECT COUNT(*) | SUM | MIN | MAX | AVG(…) … WHERE v.a = outer.x AND …), correlated so
//                           →  (CASE outer.x WHEN a1 THEN n1 … ELSE 0 END) (ELSE NULL but for
//                              COUNT): the aggregate per key read first (… GROUP BY v.a)
//
// Only subqueries in the WHERE, HAVING or join ON clauses of the statement's outermost SELECT
// blocks (or the SET values and WHERE of an UPDATE, the WHERE of a DELETE), and in their select
// list, are staged, and only
// those reading a sharded or unsharded table (broadcast tables are read wherever the outer query
// runs). In the select list a bound literal would be described otherwise than the subquery (type,
// length, nullability, name), so unless only the answer's values matter
// (RouteContext::values_only) only an item of one SELECT block that is a whole subquery is staged:
// `(SELECT …)`, whose column the executor then describes as MariaDB describes a scalar subquery
// (StagedSubquery::result_column, merger's ScalarSubqueryColumn), and `[NOT] EXISTS (SELECT …)`
// (or AND / OR of such), which MariaDB describes as it describes the literal 1 (Laravel's
// `select exists(…) as exists`).
// An item without an alias keeps its name by one (`1 AS ``EXISTS(…)``). For a write this means the
// subquery is read before the write runs, not within it: the same as MariaDB under READ COMMITTED,
// and within an explicit transaction on the transaction's connections. A subquery naming a table
// qualifier it does not declare refers to the outer query (correlated): it cannot run first, and is
// refused with 1235 — unless it is an EXISTS or a scalar aggregate whose only outer references
// are equalities of columns (kExistsByKeys and kAggregateByKeys above: Laravel's whereHas and
// withCount, Django's Exists(OuterRef(…))). Unqualified
// outer references are only found by the backend (1054), which the executor reports as a possibly
// correlated subquery.
//
// Bound results are capped (SubqueryLimits): past the limit the statement fails with 1235 naming
// the limit, never runs with part of the result.
#ifndef SHARDPROXY_ROUTER_SUBQUERY_BINDER_H_
#define SHARDPROXY_ROUTER_SUBQUERY_BINDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"
#include "parser/bound_statement.h"
#include "router/router.h"

namespace shardproxy::router {

enum class SubqueryUse : uint8_t {
  kIn,
  kNotIn,
  kExists,
  kScalar,
  kExistsByKeys,     // a correlated EXISTS, by its keys
  kAggregateByKeys,  // a correlated scalar aggregate, by key
};

struct StagedSubquery {
  SubqueryUse use = SubqueryUse::kIn;
  // The inner query as a statement of its own (logical table names, parameters as literals).
  std::string sql;
  // Tokens of the outer statement the bound result replaces: the whole IN / EXISTS / scalar
  // subquery expression.
  int32_t begin = -1;
  int32_t end = -1;
  // kIn / kNotIn: the operand's text (rendered) and how many columns it has ((a, b) IN …);
  // kExistsByKeys, kAggregateByKeys: the outer columns the keys are compared with, as such an
  // operand.
  std::string operand;
  int operand_width = 1;
  // kAggregateByKeys: the subquery's value for an outer row no key matches (0 for COUNT).
  std::string otherwise;
  // A scalar subquery that is a whole select item: its column of the statement's answer, counted
  // from the first (or back from the last, 0 the last, when a `*` item comes before it); -1 when
  // the subquery is not a select item or only values matter.
  int32_t result_column = -1;
  bool result_column_from_end = false;
  // A select item without an alias that is the subquery (or logic of EXISTS, on its last
  // subquery): the item's name as MariaDB gives it, kept as an alias after the item, before
  // token `item_end`.
  int32_t item_end = -1;
  std::string item_name;
};

// The subqueries to evaluate before `statement`, in source order; empty when there is none.
// Errors: 1235 for a correlated subquery over sharded tables.
absl::StatusOr<std::vector<StagedSubquery>> FindStagedSubqueries(
    const sql::BoundStatement& statement, const RouteContext& context);

struct SubqueryLimits {
  size_t max_rows = 10000;             // distinct values of an IN list / rows read
  size_t max_bytes = 4 * 1024 * 1024;  // literal text bound into the statement
};

// Turns one subquery's result into the text that replaces it.
class SubqueryResultBinder {
 public:
  SubqueryResultBinder(const StagedSubquery& staged, SubqueryLimits limits,
                       bool no_backslash_escapes = false);

  // Errors: 1241 (21000) when the width does not fit the use.
  absl::Status SetColumns(absl::Span<const ColumnDefinition> columns);
  // Errors: 1242 (21000) for a second row of a scalar subquery; 1235 past the limits.
  absl::Status AddRow(RowView row);
  // The replacement text, after every row was added.
  std::string Replacement() const;
  // The subquery's columns, as its answer described them.
  absl::Span<const ColumnDefinition> columns() const { return columns_; }

 private:
  const StagedSubquery& staged_;
  SubqueryLimits limits_;
  bool no_backslash_escapes_;
  // Columns [begin, end) of `row` as literals, a tuple for several.
  void AppendLiterals(RowView row, size_t begin, size_t end, std::string* out) const;

  std::vector<ColumnDefinition> columns_;
  size_t rows_ = 0;
  size_t bytes_ = 0;
  std::vector<std::string> values_;  // rendered literals (tuples for several columns)
  absl::flat_hash_set<std::string> seen_;
};

// The statement's text with each staged subquery replaced by its `replacements` entry, table
// names logical, bound parameters as literals: a statement to parse and route again.
std::string BindSubqueries(const sql::BoundStatement& statement,
                           absl::Span<const StagedSubquery> staged,
                           absl::Span<const std::string> replacements);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_SUBQUERY_BINDER_H_
