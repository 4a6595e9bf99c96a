// One client session's transaction across data sources: which data sources it reached, the
// connection it holds on each (pinned from the first statement there until COMMIT/ROLLBACK), and
// how it ends.
//
// Type kXa: each data source the transaction reaches gets an XA branch (XA START with the
// transaction's gtrid from xa/xid.h, bqual = the data source), so a transaction that later
// reaches a second data source is still atomic. COMMIT:
//   - XA END on every branch (in parallel);
//   - at most one branch wrote: XA COMMIT ... ONE PHASE everywhere — no prepare, no decision
//     record (a one-shard transaction costs what a plain COMMIT costs, plus XA END);
//   - two or more wrote: XA PREPARE on the writers in parallel; all prepared -> the commit
//     decision is made durable in the XaDecisionLog -> XA COMMIT on the writers, XA COMMIT ...
//     ONE PHASE on the read-only branches; a prepare failed -> XA ROLLBACK everywhere and the
//     error. Once the decision is durable the transaction is committed: a branch whose XA COMMIT
//     fails stays prepared for recovery (its connection is closed, never reset or reused).
// ROLLBACK: XA END (error ignored) + XA ROLLBACK on every branch.
// Type kLocal: START TRANSACTION / COMMIT / ROLLBACK per data source, committed independently
// (not atomic, see xa/transaction_type.h).
//
// Connections go back to their pool only once their branch has ended for certain; a connection
// whose branch state is unknown (a lost answer, a command cut short) is closed, which makes the
// server roll back a branch that was not prepared. So the pool never hands out a connection with
// an open branch.
//
// Single-threaded: the worker's loop. Callbacks never run inside the call that started them.
#ifndef SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_
#define SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/session_state.h"
#include "proxy/executor/executor_environment.h"
#include "xa/transaction_type.h"
#include "xa/xid.h"

namespace shardproxy {

class TransactionContext {
 public:
  using DoneCallback = absl::AnyInvocable<void(absl::Status)>;
  using JoinCallback = absl::AnyInvocable<void(absl::StatusOr<BackendConnection*>)>;

  TransactionContext(const ExecutorEnvironment* environment, ConnectionOptions options);
  // Closes every connection still held (the servers roll back what was not prepared).
  ~TransactionContext();

  TransactionContext(const TransactionContext&) = delete;
  TransactionContext& operator=(const TransactionContext&) = delete;

  // Opens a transaction; nothing is sent until a data source is joined. `implicit`: a single
  // autocommit statement runs inside it (reported by implicit()).
  void Begin(TransactionType type, bool implicit);
  bool active() const { return active_; }
  bool implicit() const { return implicit_; }
  TransactionType type() const { return type_; }
  const std::string& gtrid() const { return gtrid_; }
  // Data sources joined so far, in join order.
  std::vector<std::string> DataSources() const;

  // The connection the transaction holds on `data_source`, or nullptr before it was joined.
  BackendConnection* ConnectionFor(absl::string_view data_source) const;
  // Acquires a connection from `pool`, brings it to `state` and starts the branch there. On
  // failure the transaction has no branch on `data_source` (and stays usable).
  void Join(const std::string& data_source, BackendPool* pool, const SessionState& state,
            JoinCallback done);
  // A statement that may write runs on `data_source` (decides who must prepare).
  void MarkWrites(absl::string_view data_source);
  // A branch's connection was left in an unknown state (a statement cut short, a lost
  // connection): it is closed now and the transaction can only roll back.
  void LoseBranch(absl::string_view data_source, absl::Status why);
  // True when the transaction cannot commit any more (a branch was lost).
  bool must_roll_back() const { return !abort_cause_.ok(); }

  // End the transaction; afterwards active() is false and no connection is held. Commit of a
  // transaction that must roll back rolls back and fails with the cause.
  void Commit(DoneCallback done);
  void Rollback(DoneCallback done);

  // Counters for tests and SHOW statements.
  struct Stats {
    uint64_t one_phase_commits = 0;
    uint64_t two_phase_commits = 0;
    uint64_t rollbacks = 0;
    uint64_t branches_left_to_recovery = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  enum class BranchState { kJoining, kActive, kIdle, kPrepared, kEnded };
  struct Branch {
    std::string data_source;
    PooledConnection connection;
    BranchState state = BranchState::kJoining;
    bool writes = false;
    bool failed = false;  // the last command on it failed
    absl::Status error;
  };
  using BranchCallback = absl::AnyInvocable<void(Branch*, absl::Status)>;

  Branch* Find(absl::string_view data_source) const;
  Xid XidFor(const Branch& branch) const;
  std::string StartSql(const Branch& branch) const;
  // Sends `sql_for(branch)` to each of `branches` in parallel; `each` after every answer, `all`
  // once all answered.
  void SendAll(std::vector<Branch*> branches,
               absl::AnyInvocable<std::string(const Branch&)> sql_for, BranchCallback each,
               absl::AnyInvocable<void()> all);
  void Send(Branch* branch, std::string sql, BranchCallback done);

  void CommitXa();
  void AfterEnds();
  void AfterPrepares();
  void AfterDecision(DecisionWriteResult result);
  void RollbackAll(absl::Status result);
  // The end of Commit/Rollback: hands back connections whose branch ended, closes the others.
  void Finish(absl::Status status);
  void Hit(FaultPoint point, int count);

  const ExecutorEnvironment* const environment_;
  const ConnectionOptions options_;
  bool active_ = false;
  bool implicit_ = false;
  TransactionType type_ = TransactionType::kXa;
  std::string gtrid_;
  std::vector<std::unique_ptr<Branch>> branches_;
  absl::Status abort_cause_;
  DoneCallback done_;
  absl::Status pending_error_;  // a rollback's result once every branch answered
  int prepared_ = 0;
  int committed_ = 0;
  Stats stats_;
  // Callbacks that may outlive this object (the decision log's) check it.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// True when `status`, from a statement inside a transaction, means the data source already
// rolled back (deadlock, XA_RB*) or lost its branch (lost connection): the executor must then
// roll back the whole transaction.
bool AbortsTransaction(const absl::Status& status);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_
