// The state machine of one distributed transaction, as data: explicit states, and one transition
// function that takes an event and returns the actions to perform (send this statement to that
// branch, write the decision, hit a fault point, finish). It does no I/O, so every path of the
// protocol is unit-tested without a server (transaction_machine_test.cc); XaCoordinator
// (coordinator.h) performs the actions and feeds the answers back.
//
// The protocol (type kXa):
//   join      XA START on each data source the transaction reaches (branch = data source)
//   COMMIT    XA END on every branch (in parallel), then
//             - at most one branch wrote: XA COMMIT ... ONE PHASE on every branch — no prepare,
//               no decision record (a single writer decides alone);
//             - two or more wrote: XA PREPARE on the writers (in parallel); all prepared ->
//               decision record (durable) -> XA COMMIT on the writers and XA COMMIT ... ONE
//               PHASE on the read-only branches; any prepare failed -> XA ROLLBACK everywhere.
//   ROLLBACK  XA END (from ACTIVE; its error ignored: a branch left ROLLBACK ONLY by a deadlock
//             refuses XA END but accepts XA ROLLBACK), then XA ROLLBACK on every branch.
// Read-only branches are never prepared: MariaDB 10.11 really prepares a read-only branch (it
// appears in XA RECOVER and needs a second round trip), and a branch that wrote nothing cannot
// make the outcome inconsistent, so it commits in one phase — after the decision, so that a
// branch wrongly classified as read-only still commits only if everything else does.
// Type kLocal: START TRANSACTION / COMMIT / ROLLBACK on each branch, commits independent.
//
// After the decision is durable the transaction is committed: a branch whose XA COMMIT fails is
// left prepared for recovery (its connection abandoned) and the client gets OK.
#ifndef SHARDPROXY_XA_TRANSACTION_MACHINE_H_
#define SHARDPROXY_XA_TRANSACTION_MACHINE_H_

#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "xa/decision_log.h"
#include "xa/fault_points.h"
#include "xa/transaction_type.h"

namespace shardproxy {

enum class BranchState : uint8_t {
  kNew,             // added by a join, start not sent yet
  kStarting,        // XA START / START TRANSACTION sent
  kActive,          // statements may run on it
  kFailedStart,     // the start failed: no branch exists on the server
  kEnding,          // XA END sent (commit path)
  kIdle,            // ended
  kPreparing,       // XA PREPARE sent
  kPrepared,        //
  kPrepareFailed,   // XA PREPARE failed: the branch may or may not be prepared
  kCommitting,      // XA COMMIT [ONE PHASE] / COMMIT sent
  kCommitted,       //
  kCommitFailed,    // a one-phase or local commit failed (a lost connection: outcome unknown)
  kRollbackEnding,  // XA END sent on the way to XA ROLLBACK
  kRollingBack,     // XA ROLLBACK / ROLLBACK sent
  kRolledBack,      //
  kLeftToRecovery,  // possibly prepared; its connection was abandoned; recovery settles it
};
absl::string_view BranchStateName(BranchState state);

enum class TransactionPhase : uint8_t {
  kActive,       // open: joins and statements
  kStarting,     // a join's starts are out
  kEnding,       // COMMIT: XA END on every branch
  kPreparing,    // COMMIT: XA PREPARE on the writers
  kDeciding,     // COMMIT: waiting for the decision log
  kCommitting,   // COMMIT: XA COMMIT / one phase / local COMMIT
  kRollingBack,  // ROLLBACK, or a COMMIT that failed before the decision
  kFinished,
};
absl::string_view TransactionPhaseName(TransactionPhase phase);

enum class TransactionOutcome : uint8_t {
  kOpen,
  kCommitted,
  kCommittedPendingRecovery,  // decision durable; some XA COMMITs left to recovery
  kRolledBack,
  kPartlyCommitted,  // local type: some data sources committed, others failed
  kOutcomeUnknown,   // decision durability unknown (log failure) or one-phase lost
};
absl::string_view TransactionOutcomeName(TransactionOutcome outcome);

// The statements a branch is sent. The coordinator turns them into SQL.
enum class BranchCommand : uint8_t {
  kXaStart,
  kXaEnd,
  kXaPrepare,
  kXaCommit,
  kXaCommitOnePhase,
  kXaRollback,
  kLocalBegin,
  kLocalCommit,
  kLocalRollback,
};

struct XaEvent {
  enum class Kind : uint8_t {
    kJoin,             // branches were added with AddBranch; start them
    kCommit,           // the client's COMMIT (or the end of an autocommit statement)
    kRollback,         // ROLLBACK, disconnect, or an error that aborts the transaction
    kBranchDone,       // a statement sent to `branch` answered `status`
    kDecisionWritten,  // the decision log answered `decision`
  };
  Kind kind;
  int branch = -1;
  absl::Status status;
  DecisionWriteResult decision;

  static XaEvent Join() { return {Kind::kJoin}; }
  static XaEvent Commit() { return {Kind::kCommit}; }
  static XaEvent Rollback() { return {Kind::kRollback}; }
  static XaEvent BranchDone(int branch, absl::Status status) {
    return {Kind::kBranchDone, branch, std::move(status)};
  }
  static XaEvent DecisionWritten(DecisionWriteResult decision) {
    XaEvent e{Kind::kDecisionWritten};
    e.decision = std::move(decision);
    return e;
  }
};

struct XaAction {
  enum class Kind : uint8_t {
    kSend,           // send `command` to `branch`
    kWriteDecision,  // log the commit decision (participants: the writers) and report back
    kLogResolved,    // every branch committed: the decision may go
    kAbandon,        // `branch`'s connection must be closed, never reused
    kFaultPoint,     // `point`, with `count`
    kFinishJoin,     // the join is complete with `status`
    kFinish,         // the COMMIT / ROLLBACK is complete with `status` (always the last action)
  };
  Kind kind;
  int branch = -1;
  BranchCommand command = BranchCommand::kXaStart;
  FaultPoint point = FaultPoint::kBeforeDecision;
  int count = 0;
  absl::Status status;
};
using XaActions = absl::InlinedVector<XaAction, 4>;

class XaTransactionMachine {
 public:
  struct Branch {
    std::string data_source;
    bool writes = false;
    BranchState state = BranchState::kNew;
    bool prepare_sent = false;  // from then on the branch may be prepared on the server
    absl::Status error;         // the first failure on this branch
  };

  explicit XaTransactionMachine(TransactionType type) : type_(type) {}

  // In kActive: a new branch (state kNew) for a data source the transaction has not reached.
  // Follow with Handle(XaEvent::Join()).
  int AddBranch(std::string data_source, bool writes);
  // A statement that may write is about to run on `branch`.
  void MarkWrites(int branch) { branches_[branch].writes = true; }
  // -1 when the transaction has no branch there.
  int FindBranch(absl::string_view data_source) const;

  // The transition function.
  XaActions Handle(const XaEvent& event);

  TransactionType type() const { return type_; }
  TransactionPhase phase() const { return phase_; }
  TransactionOutcome outcome() const { return outcome_; }
  const std::vector<Branch>& branches() const { return branches_; }
  // Writers' data sources: the participants of the decision record.
  std::vector<std::string> DecisionParticipants() const;
  // A join failed earlier: the only way on is a rollback (Commit rolls back and fails).
  bool must_roll_back() const { return !abort_cause_.ok(); }

 private:
  XaActions OnJoin();
  XaActions OnCommit();
  XaActions OnBranchDone(int branch, const absl::Status& status);
  XaActions OnDecision(const DecisionWriteResult& decision);
  // Sends the rollback statements (`only_readers`: leave the writers, which stay prepared).
  XaActions StartRollback(absl::Status result, bool only_readers = false);
  XaActions AfterStarts();
  XaActions AfterEnds();
  XaActions AfterPrepares();
  XaActions AfterCommits();
  XaActions Finish(TransactionOutcome outcome, absl::Status status);
  bool AnyIn(BranchState state) const;
  void Send(XaActions* actions, int branch, BranchCommand command, BranchState next);

  const TransactionType type_;
  TransactionPhase phase_ = TransactionPhase::kActive;
  TransactionOutcome outcome_ = TransactionOutcome::kOpen;
  std::vector<Branch> branches_;
  bool two_phase_ = false;
  int prepared_ = 0;
  int committed_writers_ = 0;
  absl::Status join_error_;     // the current join's first failed start
  absl::Status abort_cause_;    // set by a failed join
  absl::Status finish_status_;  // what kFinish will report once the branches answered
  TransactionOutcome finish_outcome_ = TransactionOutcome::kRolledBack;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_TRANSACTION_MACHINE_H_
