// One client session's transaction across data sources: which data sources it reached, the
// connection it holds on each (pinned from the first statement there until COMMIT/ROLLBACK), and
// how it ends — by the xa/ coordinator (xa/coordinator.h), over the session's pinned connections
// as XaParticipants.
//
// Type kXa: each data source the transaction reaches becomes an XA branch (XA START with the
// transaction's gtrid, bqual = the data source); COMMIT is one phase when at most one branch
// wrote, two-phase with a durable decision otherwise; ROLLBACK rolls every branch back (see
// xa/transaction_machine.h). Type kLocal: START TRANSACTION / COMMIT per data source (not atomic).
//
// Connections go back to their pool only once their branch has ended for certain; a connection
// whose branch may still exist (a lost answer, a command cut short, a branch left to recovery)
// is closed, which makes the server roll back a branch that was not prepared. So the pool never
// hands out a connection with an open branch.
//
// Cross-shard deadlocks: while the transaction holds connections, each is registered with the
// environment's DeadlockDetector (data source, server thread id, session) and the session with
// DeadlockVictims; a verdict naming the session reaches `on_deadlock_victim` on this loop.
//
// Single-threaded: the worker's loop. Callbacks never run inside the call that started them.
#ifndef SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_
#define SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/session_state.h"
#include "proxy/executor/executor_environment.h"
#include "proxy/executor/pooled_xa_participant.h"
#include "xa/coordinator.h"
#include "xa/transaction_type.h"
#include "xa/xa_errors.h"  // AbortsTransaction

namespace shardproxy {

class TransactionContext {
 public:
  using DoneCallback = absl::AnyInvocable<void(absl::Status)>;

  // `session`: the client session's id (deadlock verdicts name it). `on_deadlock_victim` runs on
  // this loop when the detector chose this session's transaction as a deadlock victim.
  TransactionContext(const ExecutorEnvironment* environment, ConnectionOptions options,
                     uint64_t session = 0, std::function<void()> on_deadlock_victim = {});
  // Closes every connection still held (the servers roll back what was not prepared).
  ~TransactionContext();

  TransactionContext(const TransactionContext&) = delete;
  TransactionContext& operator=(const TransactionContext&) = delete;

  // Opens a transaction; nothing is sent until a data source is joined. `implicit`: a single
  // autocommit statement runs inside it.
  void Begin(TransactionType type, bool implicit);
  bool active() const { return active_; }
  bool implicit() const { return implicit_; }
  TransactionType type() const { return type_; }
  // Empty before Begin and for the local type.
  std::string gtrid() const { return transaction_ ? transaction_->gtrid() : std::string(); }
  // Data sources joined so far, in join order.
  std::vector<std::string> DataSources() const;

  // The connection the transaction holds on `data_source`, or nullptr before it was joined.
  BackendConnection* ConnectionFor(absl::string_view data_source) const;
  // Acquires a connection on each (data source, pool) not joined yet, in parallel, brings each
  // to `state` and starts the branches (one coordinator Join). A connection that cannot be had
  // fails the call and leaves the transaction as it was; a failed start leaves it able only to
  // roll back (must_roll_back()).
  void Join(std::vector<std::pair<std::string, BackendPool*>> data_sources,
            const SessionState& state, DoneCallback done);
  // A statement that may write runs on `data_source` (decides who must prepare).
  void MarkWrites(absl::string_view data_source);
  // A branch's connection was left in an unknown state (a statement cut short, a lost
  // connection): it is closed now and the transaction can only roll back.
  void LoseBranch(absl::string_view data_source, absl::Status why);
  bool must_roll_back() const;

  // SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT: run on every branch. A branch that
  // joins later sets the transaction's savepoints first, right after its start, so rolling back
  // to one undoes what that branch did since, too. Names compare ignoring case; an unknown one
  // is 1305 as in MariaDB. A branch that fails the command is lost (the transaction can then
  // only roll back): the branches would no longer agree on what the savepoint holds.
  enum class SavepointCommand : uint8_t { kSet, kRollbackTo, kRelease };
  void Savepoint(SavepointCommand command, absl::string_view name, DoneCallback done);

  // End the transaction; afterwards active() is false and no connection is held. Commit of a
  // transaction that must roll back rolls back and fails.
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
  struct Branch {
    std::unique_ptr<PooledXaParticipant> participant;
    bool writes = false;
    uint64_t server_thread_id = 0;  // registered with the deadlock detector while non-zero
  };

  Branch* Find(absl::string_view data_source) const;
  void WatchForDeadlocks(Branch* branch);
  void StopWatching(Branch* branch);
  void Finish(absl::Status status, bool committed, int writers);
  // Runs `statements` one after another on each participant (the participants side by side);
  // a participant that fails one is lost. `done` gets the first failure.
  struct BranchRun {
    size_t pending = 0;  // participants still running
    std::vector<std::string> statements;
    absl::Status error;
    DoneCallback done;
  };
  void RunOnBranches(std::vector<PooledXaParticipant*> participants,
                     std::vector<std::string> statements, DoneCallback done);
  void RunOnBranch(std::shared_ptr<BranchRun> run, PooledXaParticipant* participant, size_t index);

  const ExecutorEnvironment* const environment_;
  const ConnectionOptions options_;
  const uint64_t session_;
  const std::function<void()> on_deadlock_victim_;
  uint64_t started_at_ = 0;  // orders deadlock victims: the youngest transaction is chosen
  bool victim_registered_ = false;
  bool active_ = false;
  bool implicit_ = false;
  bool lost_branch_ = false;
  TransactionType type_ = TransactionType::kXa;
  std::shared_ptr<XaTransaction> transaction_;
  std::vector<std::unique_ptr<Branch>> branches_;
  std::vector<std::string> savepoints_;  // the transaction's, oldest first
  Stats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_TRANSACTION_CONTEXT_H_
