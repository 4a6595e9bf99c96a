// The router: a parsed statement and the current rules in, a RoutePlan out (route_plan.h).
//
//   RouteContext context{.config = config.get(), .current_database = session.database()};
//   absl::StatusOr<RoutePlan> plan = Router::Route(bound_statement, context);
//   if (!plan.ok()) → send ToMysqlError(plan.status()) (1235 for what cannot be routed
//                      correctly, 1046 without a current database, 1105 for INSERT keys with
//                      no node); else run plan->statements, merge reads with
//                      MergeSpecFor(*plan, shard columns) and fix result metadata with
//                      RestoreLogicalNames().
//
// Pure and cheap: no I/O, no locks; the rules snapshot is only read. What the router handles
// (Router::Handles): SELECT, INSERT/REPLACE, UPDATE, DELETE, CREATE/ALTER/DROP/TRUNCATE TABLE,
// CREATE/DROP INDEX, SHOW COLUMNS/INDEX/CREATE TABLE, DESCRIBE, and other statements that name
// no sharded table (passed through to the default data source). Session statements (SET, USE,
// BEGIN/COMMIT/ROLLBACK, savepoints, XA, KILL, LOCK/UNLOCK TABLES) are the session's, as are
// SHOW TABLES and LAST_INSERT_ID(), which need the session's state rather than a route.
//
// Databases: unqualified tables belong to the session's current database; tables qualified with
// the config's logical database are the logical tables (the qualifier is dropped in node SQL, as
// each data source connection already uses its own schema). A statement whose tables all belong
// to another database (information_schema, mysql, …) passes through to the default data source
// unchanged; mixing such tables with sharded ones is refused (1235).
#ifndef SHARDPROXY_ROUTER_ROUTER_H_
#define SHARDPROXY_ROUTER_ROUTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "config/config.h"
#include "merger/merge_spec.h"
#include "parser/bound_statement.h"
#include "router/column_collations.h"
#include "router/route_plan.h"

namespace shardproxy::router {

struct RouteContext {
  const Config* config = nullptr;  // the rules snapshot the statement runs under
  // The session's current database (USE / handshake); empty when none is selected.
  absl::string_view current_database;
  // Session settings merged results depend on (copied into MergeSpec).
  uint16_t connection_collation = collation_id::kUtf8mb4GeneralCi;
  int div_precision_increment = 4;
  uint64_t group_concat_max_len = 1048576;
  // Picks the data source a read of broadcast tables goes to (e.g. the session id), so reads
  // spread across copies while one session keeps reading the same one.
  uint64_t broadcast_read_choice = 0;
  // Only the values of the answer matter, not its column types (SET @x = (SELECT …), SELECT …
  // INTO @x): a subquery in the select list may be evaluated first and bound as a literal,
  // which a client would otherwise see as a different column type.
  bool values_only = false;
  // Collations of logical tables' string columns (column_collations.h), for merged string keys;
  // null: each compares in the collation its result metadata names. A table a merge needed
  // that `collations` does not know is appended to `*collations_missing` (when set), so the
  // caller can load it and route again.
  const ColumnCollations* collations = nullptr;
  std::vector<std::string>* collations_missing = nullptr;
};

class Router {
 public:
  // Whether statements of `kind` are routed (see the file comment).
  static bool Handles(sql::StatementKind kind);

  static absl::StatusOr<RoutePlan> Route(const sql::BoundStatement& statement,
                                         const RouteContext& context);
};

// The MergeSpec to merge `plan`'s results whose shard columns are `shard_columns` (only
// `SELECT *` with hidden columns needs the width; otherwise plan.merge itself).
absl::StatusOr<std::shared_ptr<const MergeSpec>> MergeSpecFor(
    const RoutePlan& plan, absl::Span<const ColumnDefinition> shard_columns);

// Maps physical table and database names in result column definitions back to the logical ones.
void RestoreLogicalNames(const RoutePlan& plan, const Config& config,
                         absl::Span<ColumnDefinition> columns);

// Maps physical database and table names in a data source's message (an error, a warning) back
// to the logical ones, as one server would name them: "Table 'shop_0.nosuch' doesn't exist" →
// "Table 'shop.nosuch' ...", "Unknown column 't_order_1.x'" → "'t_order.x'". Only names quoted
// as part of a qualified name ('db.table', 'table.column') are touched, so a value in a message
// ("Duplicate entry 'shop_0'") stays as it is. `bare_tables`: an actual table name quoted alone
// ("Table 't_order_0' already exists") is mapped too — for DDL's messages, which name tables so
// and carry no values.
std::string RestoreLogicalNamesInMessage(const Config& config, absl::string_view message,
                                         bool bare_tables = false);

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_ROUTER_H_
