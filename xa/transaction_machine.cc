#include "xa/transaction_machine.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "xa/xa_errors.h"

namespace shardproxy {
namespace {

bool IsConnectionLoss(const absl::Status& status) {
  uint16_t code = ToMysqlError(status).code;
  return code == xa_errc::kServerLost || code == xa_errc::kServerGone ||
         code == mysql_errc::kCannotConnectToDataSource;
}

}  // namespace

absl::string_view BranchStateName(BranchState state) {
  switch (state) {
    case BranchState::kNew:
      return "new";
    case BranchState::kStarting:
      return "starting";
    case BranchState::kActive:
      return "active";
    case BranchState::kFailedStart:
      return "failed start";
    case BranchState::kEnding:
      return "ending";
    case BranchState::kIdle:
      return "idle";
    case BranchState::kPreparing:
      return "preparing";
    case BranchState::kPrepared:
      return "prepared";
    case BranchState::kPrepareFailed:
      return "prepare failed";
    case BranchState::kCommitting:
      return "committing";
    case BranchState::kCommitted:
      return "committed";
    case BranchState::kCommitFailed:
      return "commit failed";
    case BranchState::kRollbackEnding:
      return "ending for rollback";
    case BranchState::kRollingBack:
      return "rolling back";
    case BranchState::kRolledBack:
      return "rolled back";
    case BranchState::kLeftToRecovery:
      return "left to recovery";
  }
  return "?";
}

absl::string_view TransactionPhaseName(TransactionPhase phase) {
  switch (phase) {
    case TransactionPhase::kActive:
      return "active";
    case TransactionPhase::kStarting:
      return "starting";
    case TransactionPhase::kEnding:
      return "ending";
    case TransactionPhase::kPreparing:
      return "preparing";
    case TransactionPhase::kDeciding:
      return "deciding";
    case TransactionPhase::kCommitting:
      return "committing";
    case TransactionPhase::kRollingBack:
      return "rolling back";
    case TransactionPhase::kFinished:
      return "finished";
  }
  return "?";
}

absl::string_view TransactionOutcomeName(TransactionOutcome outcome) {
  switch (outcome) {
    case TransactionOutcome::kOpen:
      return "open";
    case TransactionOutcome::kCommitted:
      return "committed";
    case TransactionOutcome::kCommittedPendingRecovery:
      return "committed, pending recovery";
    case TransactionOutcome::kRolledBack:
      return "rolled back";
    case TransactionOutcome::kPartlyCommitted:
      return "partly committed";
    case TransactionOutcome::kOutcomeUnknown:
      return "outcome unknown";
  }
  return "?";
}

int XaTransactionMachine::AddBranch(std::string data_source, bool writes) {
  branches_.push_back(Branch{std::move(data_source), writes});
  return static_cast<int>(branches_.size()) - 1;
}

int XaTransactionMachine::FindBranch(absl::string_view data_source) const {
  for (size_t i = 0; i < branches_.size(); ++i) {
    if (branches_[i].data_source == data_source) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> XaTransactionMachine::DecisionParticipants() const {
  std::vector<std::string> out;
  for (const Branch& b : branches_) {
    if (b.writes && b.prepare_sent) out.push_back(b.data_source);
  }
  return out;
}

bool XaTransactionMachine::AnyIn(BranchState state) const {
  for (const Branch& b : branches_) {
    if (b.state == state) return true;
  }
  return false;
}

void XaTransactionMachine::Send(XaActions* actions, int branch, BranchCommand command,
                                BranchState next) {
  branches_[branch].state = next;
  if (command == BranchCommand::kXaPrepare) branches_[branch].prepare_sent = true;
  XaAction action{XaAction::Kind::kSend, branch};
  action.command = command;
  actions->push_back(std::move(action));
}

XaActions XaTransactionMachine::Handle(const XaEvent& event) {
  switch (event.kind) {
    case XaEvent::Kind::kJoin:
      if (phase_ != TransactionPhase::kActive) return {};
      return OnJoin();
    case XaEvent::Kind::kCommit:
      if (phase_ != TransactionPhase::kActive) return {};
      return OnCommit();
    case XaEvent::Kind::kRollback:
      if (phase_ != TransactionPhase::kActive) return {};
      return StartRollback(absl::OkStatus());
    case XaEvent::Kind::kBranchDone:
      if (event.branch < 0 || event.branch >= static_cast<int>(branches_.size())) return {};
      return OnBranchDone(event.branch, event.status);
    case XaEvent::Kind::kDecisionWritten:
      if (phase_ != TransactionPhase::kDeciding) return {};
      return OnDecision(event.decision);
  }
  return {};
}

XaActions XaTransactionMachine::OnJoin() {
  XaActions actions;
  if (must_roll_back()) {
    XaAction done{XaAction::Kind::kFinishJoin};
    done.status = abort_cause_;
    actions.push_back(std::move(done));
    return actions;
  }
  join_error_ = absl::OkStatus();
  BranchCommand start =
      type_ == TransactionType::kXa ? BranchCommand::kXaStart : BranchCommand::kLocalBegin;
  for (size_t i = 0; i < branches_.size(); ++i) {
    if (branches_[i].state == BranchState::kNew) {
      Send(&actions, static_cast<int>(i), start, BranchState::kStarting);
    }
  }
  if (actions.empty()) {
    actions.push_back({XaAction::Kind::kFinishJoin});
    return actions;
  }
  phase_ = TransactionPhase::kStarting;
  return actions;
}

XaActions XaTransactionMachine::OnCommit() {
  if (must_roll_back()) {
    return StartRollback(RolledBackError(
        abort_cause_,
        absl::StrCat("an earlier error aborted the transaction: ", abort_cause_.message())));
  }
  XaActions actions;
  for (size_t i = 0; i < branches_.size(); ++i) {
    if (branches_[i].state != BranchState::kActive) continue;
    if (type_ == TransactionType::kXa) {
      Send(&actions, static_cast<int>(i), BranchCommand::kXaEnd, BranchState::kEnding);
    } else {
      Send(&actions, static_cast<int>(i), BranchCommand::kLocalCommit, BranchState::kCommitting);
    }
  }
  if (actions.empty()) return Finish(TransactionOutcome::kCommitted, absl::OkStatus());
  phase_ =
      type_ == TransactionType::kXa ? TransactionPhase::kEnding : TransactionPhase::kCommitting;
  return actions;
}

XaActions XaTransactionMachine::OnBranchDone(int index, const absl::Status& status) {
  Branch& branch = branches_[index];
  if (!status.ok() && branch.error.ok()) branch.error = NameDataSource(status, branch.data_source);
  XaActions actions;
  switch (branch.state) {
    case BranchState::kStarting:
      branch.state = status.ok() ? BranchState::kActive : BranchState::kFailedStart;
      if (!status.ok() && join_error_.ok()) join_error_ = branch.error;
      if (!AnyIn(BranchState::kStarting)) return AfterStarts();
      return actions;

    case BranchState::kEnding:
      branch.state = BranchState::kIdle;  // on failure, its error leads to a rollback
      if (!AnyIn(BranchState::kEnding)) return AfterEnds();
      return actions;

    case BranchState::kPreparing:
      if (status.ok()) {
        branch.state = BranchState::kPrepared;
        ++prepared_;
        XaAction hit{XaAction::Kind::kFaultPoint};
        hit.point = FaultPoint::kAfterSomePrepares;
        hit.count = prepared_;
        actions.push_back(std::move(hit));
      } else {
        branch.state = BranchState::kPrepareFailed;
      }
      if (!AnyIn(BranchState::kPreparing)) {
        for (XaAction& a : AfterPrepares()) actions.push_back(std::move(a));
      }
      return actions;

    case BranchState::kCommitting:
      if (status.ok()) {
        branch.state = BranchState::kCommitted;
        if (two_phase_ && branch.writes) {
          ++committed_writers_;
          XaAction hit{XaAction::Kind::kFaultPoint};
          hit.point = FaultPoint::kAfterSomeCommits;
          hit.count = committed_writers_;
          actions.push_back(std::move(hit));
        }
      } else {
        // A prepared writer whose XA COMMIT failed stays prepared: recovery commits it. Any
        // other failed commit (one phase, local) is not prepared: if it did not commit, the
        // server rolls it back when the abandoned connection closes.
        branch.state =
            two_phase_ && branch.writes ? BranchState::kLeftToRecovery : BranchState::kCommitFailed;
        actions.push_back({XaAction::Kind::kAbandon, index});
      }
      if (!AnyIn(BranchState::kCommitting)) {
        for (XaAction& a : AfterCommits()) actions.push_back(std::move(a));
      }
      return actions;

    case BranchState::kRollbackEnding:
      // Whatever XA END said (ROLLBACK ONLY after a deadlock refuses it), XA ROLLBACK decides.
      Send(&actions, index, BranchCommand::kXaRollback, BranchState::kRollingBack);
      return actions;

    case BranchState::kRollingBack:
      if (status.ok() || IsBranchGoneOrRolledBack(status)) {
        branch.state = BranchState::kRolledBack;
      } else {
        // A branch that may be prepared waits for recovery (no decision: it rolls back); one
        // that was never prepared is rolled back by the server when the connection closes.
        branch.state =
            branch.prepare_sent ? BranchState::kLeftToRecovery : BranchState::kRolledBack;
        actions.push_back({XaAction::Kind::kAbandon, index});
      }
      if (!AnyIn(BranchState::kRollingBack) && !AnyIn(BranchState::kRollbackEnding)) {
        for (XaAction& a : Finish(finish_outcome_, finish_status_)) actions.push_back(std::move(a));
      }
      return actions;

    default:
      return actions;  // not waiting for this branch
  }
}

XaActions XaTransactionMachine::AfterStarts() {
  phase_ = TransactionPhase::kActive;
  XaAction done{XaAction::Kind::kFinishJoin};
  if (!join_error_.ok()) {
    // The statement cannot run where it should: the transaction is over (the executor rolls
    // it back; a COMMIT would roll back too).
    abort_cause_ = join_error_;
    done.status = join_error_;
  }
  XaActions actions;
  actions.push_back(std::move(done));
  return actions;
}

XaActions XaTransactionMachine::AfterEnds() {
  for (const Branch& b : branches_) {
    if (!b.error.ok()) {
      return StartRollback(
          RolledBackError(b.error, absl::StrCat("XA END failed on data source '", b.data_source,
                                                "': ", ToMysqlError(b.error).message)));
    }
  }
  int writers = 0;
  for (const Branch& b : branches_) {
    if (b.state == BranchState::kIdle && b.writes) ++writers;
  }
  XaActions actions;
  two_phase_ = writers >= 2;
  for (size_t i = 0; i < branches_.size(); ++i) {
    const Branch& b = branches_[i];
    if (b.state != BranchState::kIdle) continue;
    if (!two_phase_) {
      Send(&actions, static_cast<int>(i), BranchCommand::kXaCommitOnePhase,
           BranchState::kCommitting);
    } else if (b.writes) {
      Send(&actions, static_cast<int>(i), BranchCommand::kXaPrepare, BranchState::kPreparing);
    }
  }
  phase_ = two_phase_ ? TransactionPhase::kPreparing : TransactionPhase::kCommitting;
  if (actions.empty()) return Finish(TransactionOutcome::kCommitted, absl::OkStatus());
  return actions;
}

XaActions XaTransactionMachine::AfterPrepares() {
  for (const Branch& b : branches_) {
    if (b.state == BranchState::kPrepareFailed) {
      return StartRollback(RolledBackError(
          b.error,
          absl::StrCat("XA PREPARE failed on data source '", b.data_source, "' (",
                       ToMysqlError(b.error).message, "); rolled back on every data source")));
    }
  }
  XaActions actions;
  XaAction hit{XaAction::Kind::kFaultPoint};
  hit.point = FaultPoint::kBeforeDecision;
  hit.count = 1;
  actions.push_back(std::move(hit));
  actions.push_back({XaAction::Kind::kWriteDecision});
  phase_ = TransactionPhase::kDeciding;
  return actions;
}

XaActions XaTransactionMachine::OnDecision(const DecisionWriteResult& decision) {
  switch (decision.durability) {
    case DecisionDurability::kDurable: {
      XaActions actions;
      XaAction hit{XaAction::Kind::kFaultPoint};
      hit.point = FaultPoint::kAfterDecision;
      hit.count = 1;
      actions.push_back(std::move(hit));
      for (size_t i = 0; i < branches_.size(); ++i) {
        const Branch& b = branches_[i];
        if (b.state == BranchState::kPrepared) {
          Send(&actions, static_cast<int>(i), BranchCommand::kXaCommit, BranchState::kCommitting);
        } else if (b.state == BranchState::kIdle) {
          Send(&actions, static_cast<int>(i), BranchCommand::kXaCommitOnePhase,
               BranchState::kCommitting);
        }
      }
      phase_ = TransactionPhase::kCommitting;
      return actions;
    }
    case DecisionDurability::kNotWritten:
      return StartRollback(RolledBackError(
          decision.error,
          absl::StrCat("the commit decision could not be logged (", decision.error.message(),
                       "); rolled back on every data source")));
    case DecisionDurability::kUnknown: {
      XaActions actions;
      for (size_t i = 0; i < branches_.size(); ++i) {
        if (branches_[i].state == BranchState::kPrepared) {
          branches_[i].state = BranchState::kLeftToRecovery;
          actions.push_back({XaAction::Kind::kAbandon, static_cast<int>(i)});
        }
      }
      for (XaAction& a : StartRollback(
               XaFailure(absl::StrCat(
                   "the outcome of this transaction is unknown: the decision log failed (",
                   decision.error.message(),
                   "); its prepared branches stay in doubt until recovery after a restart of the "
                   "proxy decides them")),
               /*only_readers=*/true)) {
        actions.push_back(std::move(a));
      }
      return actions;
    }
  }
  return {};
}

XaActions XaTransactionMachine::AfterCommits() {
  if (type_ == TransactionType::kLocal) {
    std::vector<std::string> committed;
    const Branch* failed = nullptr;
    for (const Branch& b : branches_) {
      if (b.state == BranchState::kCommitted) committed.push_back(b.data_source);
      if (b.state == BranchState::kCommitFailed && failed == nullptr) failed = &b;
    }
    if (failed == nullptr) return Finish(TransactionOutcome::kCommitted, absl::OkStatus());
    if (committed.empty()) {
      return Finish(IsConnectionLoss(failed->error) ? TransactionOutcome::kOutcomeUnknown
                                                    : TransactionOutcome::kRolledBack,
                    failed->error);
    }
    MysqlError error = ToMysqlError(failed->error);
    return Finish(TransactionOutcome::kPartlyCommitted,
                  MysqlStatus(error.code, error.sqlstate,
                              absl::StrCat(error.message, "; COMMIT succeeded on ",
                                           absl::StrJoin(committed, ", "),
                                           " (transaction_type local is not atomic)")));
  }
  if (two_phase_) {
    if (AnyIn(BranchState::kLeftToRecovery)) {
      return Finish(TransactionOutcome::kCommittedPendingRecovery, absl::OkStatus());
    }
    XaActions actions;
    actions.push_back({XaAction::Kind::kLogResolved});
    for (XaAction& a : Finish(TransactionOutcome::kCommitted, absl::OkStatus())) {
      actions.push_back(std::move(a));
    }
    return actions;
  }
  // One phase: the single writer (if any) decided; read-only branches' failures change nothing.
  for (const Branch& b : branches_) {
    if (b.writes && b.state == BranchState::kCommitFailed) {
      return Finish(IsConnectionLoss(b.error) ? TransactionOutcome::kOutcomeUnknown
                                              : TransactionOutcome::kRolledBack,
                    b.error);
    }
  }
  return Finish(TransactionOutcome::kCommitted, absl::OkStatus());
}

XaActions XaTransactionMachine::StartRollback(absl::Status result, bool only_readers) {
  finish_status_ = std::move(result);
  finish_outcome_ =
      only_readers ? TransactionOutcome::kOutcomeUnknown : TransactionOutcome::kRolledBack;
  phase_ = TransactionPhase::kRollingBack;
  XaActions actions;
  for (size_t i = 0; i < branches_.size(); ++i) {
    Branch& b = branches_[i];
    int index = static_cast<int>(i);
    if (only_readers && b.writes) continue;
    switch (b.state) {
      case BranchState::kActive:
        if (type_ == TransactionType::kXa) {
          Send(&actions, index, BranchCommand::kXaEnd, BranchState::kRollbackEnding);
        } else {
          Send(&actions, index, BranchCommand::kLocalRollback, BranchState::kRollingBack);
        }
        break;
      case BranchState::kIdle:
      case BranchState::kPrepared:
      case BranchState::kPrepareFailed:
        Send(&actions, index, BranchCommand::kXaRollback, BranchState::kRollingBack);
        break;
      case BranchState::kNew:
        b.state = BranchState::kRolledBack;
        break;
      default:
        break;
    }
  }
  if (actions.empty()) return Finish(finish_outcome_, finish_status_);
  return actions;
}

XaActions XaTransactionMachine::Finish(TransactionOutcome outcome, absl::Status status) {
  phase_ = TransactionPhase::kFinished;
  outcome_ = outcome;
  XaActions actions;
  XaAction done{XaAction::Kind::kFinish};
  done.status = std::move(status);
  actions.push_back(std::move(done));
  return actions;
}

}  // namespace shardproxy
