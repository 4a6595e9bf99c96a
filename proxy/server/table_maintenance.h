// ANALYZE / CHECK / CHECKSUM / OPTIMIZE / REPAIR TABLE over logical tables in sharded sessions.
// One MariaDB answers one row set per listed table, naming it `db.table`; through the proxy a
// sharded table is every one of its actual tables and a broadcast table every copy. The session
// runs the statement once per actual table (PlanTableMaintenance), one after another, and answers
// with the rows merged (MergeTableMaintenance): each named after the logical table, a row that
// several nodes gave alike once, and CHECKSUM's per-node checksums added up modulo 2^32 — which is
// how MariaDB itself combines its rows' checksums, so a sharded table's checksum equals one
// server's over the same rows (checked on 10.11).
#ifndef SHARDPROXY_PROXY_SERVER_TABLE_MAINTENANCE_H_
#define SHARDPROXY_PROXY_SERVER_TABLE_MAINTENANCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "config/config.h"
#include "parser/bound_statement.h"
#include "proxy/server/local_result.h"

namespace shardproxy {

struct TableMaintenance {
  bool checksum = false;  // CHECKSUM TABLE: one row per table, the checksums added up
  // Whether MariaDB commits the session's transaction first (all of them but CHECKSUM).
  bool implicit_commit = false;
  // The Table column of each listed table, in order ("shop.t_user").
  std::vector<std::string> tables;
  struct Node {
    std::string data_source;
    std::string sql;     // the statement for this one actual table
    size_t table = 0;    // index into `tables`
    bool counts = true;  // CHECKSUM: this node's rows are part of the table's (not a copy's)
  };
  std::vector<Node> nodes;  // grouped by table, in list order
};

// The plan for an ANALYZE / CHECK / CHECKSUM / OPTIMIZE / REPAIR TABLE statement; nullopt for
// any other statement. 1046 for an unqualified table without a current database.
absl::StatusOr<absl::optional<TableMaintenance>> PlanTableMaintenance(
    const sql::BoundStatement& statement, const Config& config, absl::string_view current_database);

// The client's answer from every node's rows (`rows[i]` are those of plan.nodes[i]) under the
// first node's columns.
LocalResult MergeTableMaintenance(
    const TableMaintenance& plan, std::vector<ColumnDefinition> columns,
    const std::vector<std::vector<std::vector<absl::optional<std::string>>>>& rows);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_TABLE_MAINTENANCE_H_
