// What every executor of one worker shares: the worker's loop and backend pools, and the XA
// machinery of the process. Owned by the worker; outlives its sessions' executors.
#ifndef SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_
#define SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "config/config.h"
#include "merger/memory_budget.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/event_loop.h"
#include "proxy/executor/column_collation_cache.h"
#include "proxy/executor/deadlock_victims.h"
#include "proxy/executor/pooled_xa_participant.h"
#include "proxy/ops/metrics.h"
#include "xa/coordinator.h"
#include "xa/deadlock_detector.h"
#include "xa/participant.h"
#include "xa/transaction_type.h"

namespace shardproxy {

struct ExecutorEnvironment {
  EventLoop* loop = nullptr;
  // The rules snapshot the plans were made from: result metadata gets logical names back.
  const Config* config = nullptr;
  // May be replaced between statements (config reload); never while a statement runs.
  const DataSourcePools* pools = nullptr;
  // The config's transaction.type; a session may override it for its own transactions.
  TransactionType default_transaction_type = TransactionType::kXa;
  // Process-wide (xa/coordinator.h): gtrids, the decision log, the registry recovery consults,
  // fault points. Required for transactions.
  XaCoordinator* coordinator = nullptr;
  // This worker's loop as the coordinator's TaskRunner (EventLoopTaskRunner).
  TaskRunner* runner = nullptr;
  // Cross-shard deadlocks (process-wide; null: not detected, e.g. in tests): transactions
  // register their pinned connections with the detector and their session with `victims`, and
  // a victim's waiting statement is stopped with KILL QUERY over `side_connections` (this
  // worker's pools).
  DeadlockDetector* deadlock_detector = nullptr;
  DeadlockVictims* deadlock_victims = nullptr;
  XaConnector* side_connections = nullptr;
  // Null: each merge gets a fresh budget with the default limit.
  std::shared_ptr<MemoryBudget> merge_budget;
  // XA transactions finished, by outcome, for the metrics endpoint (null: not counted); the
  // worker's cell is `worker_index`.
  ops::Counter* xa_commits = nullptr;
  ops::Counter* xa_rollbacks = nullptr;
  int worker_index = 0;
  // This worker's column collations (null: merged string keys compare in the collation their
  // result metadata names).
  ColumnCollationCache* column_collations = nullptr;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_EXECUTOR_ENVIRONMENT_H_
