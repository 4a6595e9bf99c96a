// The contract between the router (which builds plans) and the executor (which runs them).
//
// A RoutePlan says, for one client statement, which statements run on which data sources and
// what the merger must do with their results. It holds no connection, no session and no I/O; the
// executor (proxy/executor/) runs it on the session's backend connections, inside a transaction
// (XA or local, xa/) when the plan or the session asks for one, and feeds the results to
// merger/BuildMergePipeline.
//
// Shapes the executor handles:
//   reads  (kind kRead):  one result set per NodeStatement. With `merge` set, all of them go
//                         through BuildMergePipeline(merge, streams in statement order); without
//                         it there is exactly one NodeStatement and its result goes to the client
//                         unchanged (metadata and all).
//   writes (kind kWrite): every NodeStatement runs; the client gets one OK whose affected rows
//                         are the sum (one copy's count when `replicated`), whose last insert id is
//                         `generated_insert_id` if set, else the first non-zero one reported, and
//                         whose warnings are summed. Statements on the same data source run one
//                         after another on the same connection, in plan order.
//   DDL    (kind kDdl):   like writes, but never inside XA (DDL commits implicitly in MySQL);
//                         run on every node, the first error is returned after all have run.
// Statements that are not routed at all (SET, USE, BEGIN/COMMIT/ROLLBACK, SHOW of proxy state)
// are the session's business and never reach the router.
#ifndef SHARDPROXY_ROUTER_ROUTE_PLAN_H_
#define SHARDPROXY_ROUTER_ROUTE_PLAN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/optional.h"
#include "merger/merge_spec.h"

namespace shardproxy::router {

// One statement for one data source: the SQL is final (logical names rewritten to actual ones,
// parameters of a prepared statement already bound as SQL literals).
struct NodeStatement {
  std::string data_source;  // a key of Config::data_sources
  std::string sql;
};

enum class PlanKind : uint8_t { kRead, kWrite, kDdl };

struct RoutePlan {
  PlanKind kind = PlanKind::kRead;
  std::vector<NodeStatement> statements;  // never empty

  // Reads only: how to combine the results; null means "exactly one statement, pass it through".
  std::shared_ptr<const MergeSpec> merge;

  // INSERTs whose table has a key generator and that omitted the key column: the key generated
  // for the first row, which MySQL reports as the OK packet's last insert id.
  absl::optional<uint64_t> generated_insert_id;

  // Writes of broadcast tables: every statement applies the same change to its own copy, so the
  // OK reports the first statement's affected rows (what one server would say), not the sum.
  bool replicated = false;

  // Writes with MariaDB's RETURNING (INSERT / REPLACE / DELETE … RETURNING): every statement
  // answers the rows it wrote, and the client gets them as one result set instead of the OK,
  // once the write (and its implicit transaction) succeeded — one copy's for a replicated write.
  // `returning_order`: for an INSERT whose rows were split over several statements, the
  // statement each row of the VALUES went to, in VALUES order (the rows come back in the order
  // they were written, as on one server); empty: statement after statement.
  bool returns_rows = false;
  std::vector<int> returning_order;

  // A statement passed to its data source without the proxy knowing what it does (CALL, DO,
  // CHECK TABLE, …): its result is passed through like a read's, but inside a transaction its
  // data source counts as written, so a distributed commit prepares it rather than assuming a
  // reader.
  bool may_write = false;

  // A statement MariaDB commits the session's transaction before (as DDL; ANALYZE / CHECK /
  // OPTIMIZE / REPAIR TABLE) that still answers rows: the executor commits first, and it does
  // not open a transaction when autocommit is off.
  bool implicit_commit = false;

  // UPDATE / DELETE … LIMIT n (one table, no ORDER BY) over several nodes: every statement
  // ends in "LIMIT n", and `write_limit_count` is the logical `SELECT COUNT(*) FROM <table>
  // [WHERE …]` of the rows it matches. The session counts them node by node (routed like any
  // SELECT, its statements in the same order) and gives each node its share of n, in order, so
  // that n rows are changed in all, as on one server.
  absl::optional<uint64_t> write_limit;
  std::string write_limit_count;

  // Locking reads (FOR UPDATE / LOCK IN SHARE MODE) must run on the transaction's connections.
  bool locking_read = false;

  // Result column definitions name physical tables (t_order_1) and databases (shop_0); the
  // executor calls RestoreLogicalNames() (router.h) so clients see logical ones. Pairs of
  // (actual table, logical table); empty when they are the same.
  std::vector<std::pair<std::string, std::string>> result_tables;

  // `SELECT *` merged with hidden ORDER BY columns appended: the number of those trailing hidden
  // columns. `merge` is then completed for the shards' width by MergeSpecFor() (router.h), which
  // the executor calls for every merged plan.
  int merge_hidden_tail = 0;

  // The statement names a table. As in MySQL, such a statement starts the session's list of
  // conditions (SHOW WARNINGS) afresh even when it has none; one without tables (SELECT 1) keeps
  // the previous statement's unless it has its own.
  bool names_tables = false;

  // How many distinct data sources the statements touch; a write touching two or more in
  // autocommit mode runs as an implicit distributed transaction so it never half-applies.
  int DataSourceCount() const;
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_ROUTE_PLAN_H_
