// The two-phase-commit coordinator: runs one session's transaction across its data sources by
// performing XaTransactionMachine's actions over XaParticipants (the session's pinned backend
// connections), with the decision log in between. xa/README.md walks through how the executor
// uses it.
//
//   XaCoordinator (one per proxy, shared by workers)       XaTransaction (one per transaction)
//     Begin(type, runner) ───────────────────────────────►  Join(participants, done)
//                                                            MarkWrites(participant)
//                                                            Commit(done) / Rollback(done)
//
// Threading: an XaTransaction lives on one worker (its TaskRunner): call its methods there; its
// callbacks run there, never from inside the call that started the work. Callbacks hold a
// reference to the transaction, so dropping the caller's shared_ptr mid-commit is safe; the
// participants are borrowed and must stay alive until the Commit/Rollback callback ran.
#ifndef SHARDPROXY_XA_COORDINATOR_H_
#define SHARDPROXY_XA_COORDINATOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "xa/decision_log.h"
#include "xa/fault_points.h"
#include "xa/participant.h"
#include "xa/transaction_machine.h"
#include "xa/transaction_registry.h"
#include "xa/transaction_type.h"
#include "xa/xid.h"

namespace shardproxy {

class XaTransaction;

struct XaCoordinatorOptions {
  // Required for two-phase commits. Its instance id and epoch make the gtrids.
  XaDecisionLog* log = nullptr;
  // Required: live transactions are what recovery must not touch.
  XaTransactionRegistry* registry = nullptr;
  // Test-only crash points (xa/fault_points.h); nullptr in production.
  FaultPoints* fault_points = nullptr;
};

class XaCoordinator {
 public:
  explicit XaCoordinator(XaCoordinatorOptions options);
  XaCoordinator(const XaCoordinator&) = delete;
  XaCoordinator& operator=(const XaCoordinator&) = delete;

  // A new transaction of `type`, driven on `runner`'s thread. Thread-safe. The coordinator must
  // outlive it.
  std::shared_ptr<XaTransaction> Begin(TransactionType type, TaskRunner* runner);

  XaDecisionLog* log() const { return options_.log; }
  XaTransactionRegistry* registry() const { return options_.registry; }
  FaultPoints* fault_points() const { return options_.fault_points; }

 private:
  const XaCoordinatorOptions options_;
  GtridGenerator gtrids_;
};

class XaTransaction : public std::enable_shared_from_this<XaTransaction> {
 public:
  using Callback = absl::AnyInvocable<void(absl::Status)>;

  // The global transaction id (every branch's gtrid; bqual = data source name).
  const std::string& gtrid() const { return gtrid_; }
  TransactionType type() const { return machine_.type(); }
  TransactionPhase phase() const { return machine_.phase(); }
  TransactionOutcome outcome() const { return machine_.outcome(); }
  // True after a failed Join: the only way on is Rollback (Commit rolls back and fails).
  bool must_roll_back() const { return machine_.must_roll_back(); }
  bool HasBranch(absl::string_view data_source) const {
    return machine_.FindBranch(data_source) >= 0;
  }

  // Makes each participant a branch of the transaction (XA START, or START TRANSACTION for the
  // local type; in parallel), skipping data sources already in it; `done(OK)` once every branch
  // is started, so the statement may run on them. On error (naming the data source) the
  // transaction must be rolled back. One Join at a time; only while the transaction is open.
  void Join(std::vector<XaParticipant*> participants, Callback done);
  // Before running a statement that may write on `participant`'s branch. Only writers are
  // prepared; a branch never marked is committed in one phase after the decision.
  void MarkWrites(const XaParticipant* participant);

  // COMMIT: `done(OK)` when committed (possibly with some XA COMMITs left to recovery: the
  // decision is durable, so the transaction is committed); an error when rolled back (1402, or
  // 1213/1205 when a data source's deadlock or lock wait caused it) or when the outcome is
  // unknown (1399). Requested during a Join, it runs when the Join finishes.
  void Commit(Callback done);
  // ROLLBACK / disconnect / an error that aborts the transaction. `done(OK)` once every branch is
  // rolled back or left (abandoned) to recovery.
  void Rollback(Callback done);

  ~XaTransaction();

 private:
  friend class XaCoordinator;
  XaTransaction(XaCoordinator* coordinator, TransactionType type, std::string gtrid,
                TaskRunner* runner);

  // Commit and Rollback: refused when an end is already under way or done; deferred while a
  // join is in progress.
  void End(XaEvent event, absl::string_view registry_state, Callback done);
  void Dispatch(const XaEvent& event);
  void Perform(XaActions actions);
  void SendCommand(int branch, BranchCommand command);
  void WriteDecision();
  void Register();

  XaCoordinator* const coordinator_;
  TaskRunner* const runner_;
  const std::string gtrid_;
  XaTransactionMachine machine_;
  std::vector<XaParticipant*> participants_;  // by branch index
  bool registered_ = false;
  Callback join_done_;
  Callback end_done_;
  // A Commit/Rollback asked for while a Join was running.
  absl::optional<XaEvent> pending_end_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_COORDINATOR_H_
