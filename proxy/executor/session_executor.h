// Runs a client session's statements — RoutePlans from the router, and the transaction-control
// statements the session parses itself — on the worker's backend pools, without ever blocking
// the worker's EventLoop. One per client session; one statement at a time.
//
//   SessionExecutor executor(&worker_environment, {.found_rows = client_found_rows});
//   executor.Execute(plan, &session_state, &sink);   // the answer goes to the sink
//   executor.Begin(&sink); executor.Commit(&sink); executor.Rollback(&sink);
//   executor.ResumeOutput();                         // after the sink refused a row
//   executor.Abort([] { /* every branch rolled back; destroy the executor now */ });
//
// Each call answers through the sink with exactly one terminal call (WriteOk, WriteError or
// WriteEnd, see result_sink.h); when it is made the executor is idle again and takes the next
// call. The terminal call never happens inside the call that started the statement.
//
// Reads: one connection per NodeStatement (the transaction's connection on that data source
// inside a transaction, where statements on one data source run one after another and all but
// the last are materialised), all running in parallel; the results go through
// BuildMergePipeline(plan.merge) or, without a merge, straight to the client with their own
// metadata. Rows are pulled only as fast as the sink takes them. A shard's error ends the answer
// with that error (after rows already sent, in place of the rest); the other shards' results are
// dropped: outside a transaction their connections are closed by the pool (no draining of a
// result of unknown size), inside one they are read to their end, because the connection holds
// the transaction.
// Writes: every statement runs, statements on one data source in plan order on one connection;
// one OK with the summed affected rows and warnings, the plan's generated insert id or else the
// first non-zero one. An autocommit write on two or more data sources runs as an implicit XA
// transaction (type xa): committed atomically or rolled back with the error.
// Conditions: when a data source reports warnings for its part of a statement, its connection is
// asked SHOW WARNINGS before it goes back to the pool (it is the only one that knows them, and the
// next statement on it, anybody's, replaces them); the conditions of every data source, in plan
// order, are the statement's (TakeConditions). A statement without warnings costs nothing extra.
// DDL: never inside a transaction — an open one is committed first, as MySQL does implicitly.
#ifndef SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_H_
#define SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "merger/row_stream.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/session_state.h"
#include "proxy/executor/executor_environment.h"
#include "proxy/executor/result_sink.h"
#include "proxy/executor/statement_runner.h"
#include "proxy/executor/transaction_context.h"
#include "router/route_plan.h"

namespace shardproxy {

class SessionExecutor {
 public:
  // `environment` is the worker's and outlives the executor. `options`: the client's
  // CLIENT_FOUND_ROWS. `session`: the client session's id, unique in the process (cross-shard
  // deadlock verdicts name it).
  SessionExecutor(const ExecutorEnvironment* environment, ConnectionOptions options,
                  uint64_t session = 0);
  // Must be idle (after a terminal sink call, or after Abort's callback). Connections still
  // held are closed, which rolls back anything open on them.
  ~SessionExecutor();

  SessionExecutor(const SessionExecutor&) = delete;
  SessionExecutor& operator=(const SessionExecutor&) = delete;

  // Runs `plan`. `state` is the session's SessionState: every connection is brought to it before
  // its statement runs, and changes the backend reports (SET, USE in a passthrough) are adopted
  // into it. `state` and `sink` must stay valid until the terminal call.
  void Execute(std::shared_ptr<const router::RoutePlan> plan, SessionState* state,
               PlanResultSink* sink);

  // BEGIN / START TRANSACTION (an open transaction is committed first, as in MySQL).
  void Begin(PlanResultSink* sink);
  // COMMIT / ROLLBACK. Without a transaction: OK.
  void Commit(PlanResultSink* sink);
  void Rollback(PlanResultSink* sink);
  // SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT (TransactionContext::Savepoint).
  // Outside a transaction in autocommit mode, as in MariaDB: SAVEPOINT is kept by nothing (OK)
  // and the others find no savepoint (1305); with autocommit off SAVEPOINT opens the
  // transaction like any statement.
  void Savepoint(TransactionContext::SavepointCommand command, absl::string_view name,
                 PlanResultSink* sink);
  // SET autocommit. Off: every statement outside a transaction starts one (BEGIN implied), which
  // lasts until COMMIT/ROLLBACK/DDL, as in MySQL; backend connections themselves always stay in
  // autocommit mode, every transaction being the executor's. On: an open transaction is
  // committed first, as MySQL does.
  void SetAutocommit(bool on, PlanResultSink* sink);
  bool autocommit() const { return autocommit_; }
  // The client went away: stop whatever runs, roll back every branch, give back or close every
  // connection; then `done`. No sink call is made after Abort.
  void Abort(absl::AnyInvocable<void()> done);

  // The sink can take rows again.
  void ResumeOutput();
  // The statement timeout (max_execution_time) expired: KILL QUERY on every data source where
  // the running statement has a command out (over each pool's side connection). The killed
  // statements end with their ERR as usual; the caller chooses what the client sees. Returns
  // how many KILLs were sent.
  int Interrupt();

  // `SET shardproxy.transaction_type`: 1568 inside a transaction.
  absl::Status SetTransactionType(TransactionType type);
  TransactionType transaction_type() const { return transaction_type_; }
  bool in_transaction() const { return transaction_->active() && !transaction_->implicit(); }
  const TransactionContext& transaction() const { return *transaction_; }

  // After a statement that ran through Execute and succeeded: the conditions its data sources
  // reported (empty when none had any), once; nullopt after anything else.
  absl::optional<std::vector<Condition>> TakeConditions();

  // Status flags for an OK/EOF the executor writes: autocommit and in-transaction.
  uint16_t StatusFlags() const;

  // For the slow-statement log: the data sources the last statement ran on and how long each
  // took to answer ("ds0 3 ms, ds1 812 ms"); empty unless timeouts.slow_statement_ms is set.
  std::string DescribeLastNodeTimes() const;

 private:
  struct Execution;
  struct Lane;

  // Runs `fn` on the loop soon (never inside the caller), unless the executor is gone by then.
  void Defer(absl::AnyInvocable<void()> fn);
  // Wraps a callback so that it does nothing once its execution (or lane) is over.
  template <typename F>
  auto Guard(Lane* lane, F fn);

  void Start();
  void RunLane(Lane* lane);
  const SessionState& DesiredFor(Lane* lane);
  bool KeepGoing(const Lane* lane) const;
  void RunNextStatement(Lane* lane);
  void OnLiveResult(Lane* lane, int index, absl::Status status);
  void OnMaterialized(Lane* lane, int index, absl::StatusOr<StatementOutcome> outcome);
  void OnPassthroughResult(Lane* lane, absl::Status status);
  void PumpPassthrough(Lane* lane);
  void MaybeStartOutput();
  void Pump();
  void WriteClientColumns(absl::Span<const ColumnDefinition> columns);
  void OnWake(Lane* lane);
  void Fail(absl::Status status, int statement_index);
  void AbandonLane(Lane* lane);
  void MaybeFinish();
  bool DrainLanes();
  // Runs SHOW WARNINGS on every lane whose data source reported warnings; true when some are
  // out (Complete runs again once all have answered).
  bool ReadConditions();
  void Complete();
  void Answer(absl::Status status);
  // A write with RETURNING: its rows as the answer (RoutePlan::returns_rows).
  void WriteReturnedRows(Execution& e, uint16_t status_flags, uint16_t warnings);
  void AdoptSessionState(Lane* lane);
  void ReleaseLanes();
  void AfterTransactionCommand(PlanResultSink* sink, absl::Status status);
  bool timing_nodes() const;
  void NoteAnswer(Lane* lane);
  std::unique_ptr<TransactionContext> NewTransactionContext();
  // The deadlock detector chose this session's transaction: stop its waiting statement.
  void OnDeadlockVictim();
  void KillQuery(const std::string& data_source, uint64_t server_thread_id);

  const ExecutorEnvironment* const environment_;
  const ConnectionOptions options_;
  const uint64_t session_;
  TransactionType transaction_type_;
  bool autocommit_ = true;
  std::unique_ptr<TransactionContext> transaction_;
  bool transaction_busy_ = false;  // a COMMIT/ROLLBACK is on its way
  absl::AnyInvocable<void()> abort_done_;
  std::shared_ptr<Execution> execution_;
  uint64_t next_execution_id_ = 1;
  // The conditions of the last statement that succeeded, until taken.
  absl::optional<std::vector<Condition>> conditions_;
  // The last statement's data sources and answer times (kept only while the slow log is on).
  std::vector<std::pair<std::string, absl::Duration>> last_node_times_;
  // Outside transactions: connections that hold session state only they have (user
  // variables, temporary tables, GET_LOCK...), kept for this session by data source.
  absl::flat_hash_map<std::string, PooledConnection> held_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_H_
