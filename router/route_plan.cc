#include "router/route_plan.h"

#include "absl/container/flat_hash_set.h"

namespace shardproxy::router {

int RoutePlan::DataSourceCount() const {
  if (statements.size() == 1) return 1;
  absl::flat_hash_set<absl::string_view> seen;
  for (const NodeStatement& statement : statements) seen.insert(statement.data_source);
  return static_cast<int>(seen.size());
}

}  // namespace shardproxy::router
