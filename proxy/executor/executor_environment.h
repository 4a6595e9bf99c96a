// What every executor of one worker shares: the worker's loop and backend pools, and the XA
// machinery of the process. Owned by the worker; outlives its sessions' executors.
#ifndef SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_
#define SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "merger/memory_budget.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/event_loop.h"
#include "xa/decision_log.h"
#include "xa/fault_points.h"
#include "xa/transaction_type.h"
#include "xa/xid.h"

namespace shardproxy {

// This worker's pool for each data source, by the data source's configured name.
using DataSourcePools = absl::flat_hash_map<std::string, BackendPool*>;

struct ExecutorEnvironment {
  EventLoop* loop = nullptr;
  // May be replaced between statements (config reload); never while a statement runs.
  const DataSourcePools* pools = nullptr;
  // The config's transaction.type; a session may override it for its own transactions.
  TransactionType default_transaction_type = TransactionType::kXa;
  // Process-wide, thread-safe. Required for XA transactions that write on two or more data
  // sources (without a log such a COMMIT fails with 1399 rather than commit unsafely).
  XaDecisionLog* decision_log = nullptr;
  GtridGenerator* gtrids = nullptr;
  // Tests only: crash points inside two-phase commit.
  FaultPoints* fault_points = nullptr;
  // Null: each merge gets a fresh budget with the default limit.
  std::shared_ptr<MemoryBudget> merge_budget;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_
