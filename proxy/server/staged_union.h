// UNION [ALL] of SELECTs over different sharded tables (or a sharded and an unsharded one),
// which no node can run whole: each branch runs on its own — routed, merged or staged like any
// SELECT — and the session combines their rows as one server would (merger/union_stream.h):
// each column typed as MariaDB types a UNION (INT with BIGINT is BIGINT, DATE with DATETIME is
// DATETIME, a number with a string is a string, values rewritten where their text changes),
// UNION drops rows equal to an earlier one under the column's collation (first appearance
// kept), then the union's ORDER BY (columns by position or by the first branch's names) and
// LIMIT.
#ifndef SHARDPROXY_PROXY_SERVER_STAGED_UNION_H_
#define SHARDPROXY_PROXY_SERVER_STAGED_UNION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "parser/bound_statement.h"
#include "proxy/server/local_result.h"

namespace shardproxy {

struct StagedUnion {
  std::vector<std::string> branches;  // each branch's SELECT text
  bool distinct = true;               // UNION [DISTINCT]; false for UNION ALL
  struct OrderKey {
    int position = -1;  // 0-based column, or -1: by `name`
    std::string name;
    bool desc = false;
  };
  std::vector<OrderKey> order_by;
  uint64_t offset = 0;
  absl::optional<uint64_t> limit;
};

// The plan for a SELECT that is a UNION of plain SELECT blocks (no INTERSECT / EXCEPT, one
// quantifier throughout, no ORDER BY or LIMIT inside a branch, ORDER BY columns only); nullopt
// for anything else.
absl::optional<StagedUnion> PlanStagedUnion(const sql::BoundStatement& statement);

// One branch's answer.
struct UnionBranch {
  std::vector<ColumnDefinition> columns;
  std::vector<std::vector<absl::optional<std::string>>> rows;
};

// The union's answer from its branches' (in order). 1222 when their widths differ, 1235 for a
// pair of column types the merger cannot combine as the server does (TIME with DATETIME, a
// number with a date, GEOMETRY, ...), 1054 for an ORDER BY name no column has.
absl::StatusOr<LocalResult> CombineStagedUnion(const StagedUnion& plan,
                                               std::vector<UnionBranch> branches);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_STAGED_UNION_H_
