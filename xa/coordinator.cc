#include "xa/coordinator.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

std::string CommandSql(BranchCommand command, const Xid& xid) {
  switch (command) {
    case BranchCommand::kXaStart:
      return XaStatementSql(XaVerb::kStart, xid);
    case BranchCommand::kXaEnd:
      return XaStatementSql(XaVerb::kEnd, xid);
    case BranchCommand::kXaPrepare:
      return XaStatementSql(XaVerb::kPrepare, xid);
    case BranchCommand::kXaCommit:
      return XaStatementSql(XaVerb::kCommit, xid);
    case BranchCommand::kXaCommitOnePhase:
      return XaStatementSql(XaVerb::kCommitOnePhase, xid);
    case BranchCommand::kXaRollback:
      return XaStatementSql(XaVerb::kRollback, xid);
    case BranchCommand::kLocalBegin:
      return "START TRANSACTION";
    case BranchCommand::kLocalCommit:
      return "COMMIT";
    case BranchCommand::kLocalRollback:
      return "ROLLBACK";
  }
  return "";
}

}  // namespace

XaCoordinator::XaCoordinator(XaCoordinatorOptions options)
    : options_(options),
      gtrids_(options.log != nullptr ? options.log->instance_id() : "nolog",
              options.log != nullptr ? options.log->epoch() : 0) {}

std::shared_ptr<XaTransaction> XaCoordinator::Begin(TransactionType type, TaskRunner* runner) {
  std::string gtrid = type == TransactionType::kXa ? gtrids_.Next() : std::string();
  return std::shared_ptr<XaTransaction>(new XaTransaction(this, type, std::move(gtrid), runner));
}

XaTransaction::XaTransaction(XaCoordinator* coordinator, TransactionType type, std::string gtrid,
                             TaskRunner* runner)
    : coordinator_(coordinator), runner_(runner), gtrid_(std::move(gtrid)), machine_(type) {}

XaTransaction::~XaTransaction() {
  // A transaction dropped while open (the executor lost track of it) must not stay "live":
  // recovery would never settle its branches.
  if (registered_) {
    coordinator_->registry()->End(gtrid_, std::string(TransactionOutcomeName(outcome())),
                                  phase() == TransactionPhase::kFinished ? "" : "abandoned open");
  }
}

void XaTransaction::Register() {
  if (registered_ || type() != TransactionType::kXa || coordinator_->registry() == nullptr) {
    return;
  }
  registered_ = true;
  std::vector<std::string> data_sources;
  for (const auto& b : machine_.branches()) data_sources.push_back(b.data_source);
  coordinator_->registry()->Begin(gtrid_, std::move(data_sources));
}

void XaTransaction::Join(std::vector<XaParticipant*> participants, Callback done) {
  if (machine_.phase() != TransactionPhase::kActive || join_done_ != nullptr) {
    done(XaFailure(absl::StrCat("cannot add a data source to transaction ", gtrid_, " while it is ",
                                TransactionPhaseName(machine_.phase()))));
    return;
  }
  for (XaParticipant* p : participants) {
    if (machine_.FindBranch(p->data_source()) >= 0) continue;
    machine_.AddBranch(p->data_source(), /*writes=*/false);
    participants_.push_back(p);
  }
  // Registered before the first XA START goes out: from then on recovery may see a branch.
  Register();
  if (registered_) {
    std::vector<std::string> data_sources;
    for (const auto& b : machine_.branches()) data_sources.push_back(b.data_source);
    coordinator_->registry()->SetState(gtrid_, "active", std::move(data_sources));
  }
  join_done_ = std::move(done);
  Dispatch(XaEvent::Join());
}

void XaTransaction::MarkWrites(const XaParticipant* participant) {
  int branch = machine_.FindBranch(participant->data_source());
  if (branch >= 0) machine_.MarkWrites(branch);
}

void XaTransaction::Commit(Callback done) {
  End(XaEvent::Commit(), "committing", std::move(done));
}

void XaTransaction::Rollback(Callback done) {
  End(XaEvent::Rollback(), "rolling back", std::move(done));
}

void XaTransaction::End(XaEvent event, absl::string_view registry_state, Callback done) {
  if (end_done_ != nullptr || machine_.phase() == TransactionPhase::kFinished) {
    done(XaFailure(absl::StrCat("transaction ", gtrid_, " is already ",
                                TransactionPhaseName(machine_.phase()))));
    return;
  }
  end_done_ = std::move(done);
  if (join_done_ != nullptr) {
    pending_end_ = event;  // runs once the join in progress has finished
    return;
  }
  if (registered_) coordinator_->registry()->SetState(gtrid_, std::string(registry_state), {});
  Dispatch(event);
}

void XaTransaction::Dispatch(const XaEvent& event) { Perform(machine_.Handle(event)); }

void XaTransaction::Perform(XaActions actions) {
  // Keeps the transaction alive while a callback below drops the caller's last reference.
  std::shared_ptr<XaTransaction> self = shared_from_this();
  for (XaAction& action : actions) {
    switch (action.kind) {
      case XaAction::Kind::kSend:
        SendCommand(action.branch, action.command);
        break;
      case XaAction::Kind::kWriteDecision:
        WriteDecision();
        break;
      case XaAction::Kind::kLogResolved:
        coordinator_->log()->LogResolved(gtrid_);
        break;
      case XaAction::Kind::kAbandon:
        participants_[action.branch]->Abandon();
        break;
      case XaAction::Kind::kFaultPoint:
        if (coordinator_->fault_points() != nullptr) {
          coordinator_->fault_points()->Hit(action.point, action.count);
        }
        break;
      case XaAction::Kind::kFinishJoin: {
        Callback done = std::move(join_done_);
        join_done_ = nullptr;
        if (pending_end_.has_value()) {
          XaEvent end = *pending_end_;
          pending_end_.reset();
          if (done != nullptr) done(action.status);
          Dispatch(end);
          return;  // the join was the last action of its batch
        }
        if (done != nullptr) done(action.status);
        break;
      }
      case XaAction::Kind::kFinish: {
        if (registered_) {
          std::string note;
          if (!action.status.ok()) note = ToMysqlError(action.status).message;
          coordinator_->registry()->End(gtrid_, std::string(TransactionOutcomeName(outcome())),
                                        std::move(note));
          registered_ = false;
        }
        if (!action.status.ok() && outcome() != TransactionOutcome::kRolledBack) {
          SP_LOG(kWarning, "xa", "transaction ", gtrid_, ": ", TransactionOutcomeName(outcome()),
                 " (", ToMysqlError(action.status).message, ")");
        }
        Callback done = std::move(end_done_);
        end_done_ = nullptr;
        if (done != nullptr) done(action.status);
        return;  // always the last action
      }
    }
  }
}

void XaTransaction::SendCommand(int branch, BranchCommand command) {
  Xid xid{kXidFormatId, gtrid_, participants_[branch]->data_source()};
  std::shared_ptr<XaTransaction> self = shared_from_this();
  participants_[branch]->Execute(CommandSql(command, xid),
                                 [self, branch](absl::StatusOr<SqlResult> result) {
                                   self->Dispatch(XaEvent::BranchDone(branch, result.status()));
                                 });
}

void XaTransaction::WriteDecision() {
  if (registered_) {
    coordinator_->registry()->SetState(gtrid_, "deciding", machine_.DecisionParticipants());
  }
  std::shared_ptr<XaTransaction> self = shared_from_this();
  if (coordinator_->log() == nullptr) {
    runner_->Post([self]() {
      self->Dispatch(XaEvent::DecisionWritten(
          {DecisionDurability::kNotWritten, XaFailure("no XA decision log is configured")}));
    });
    return;
  }
  coordinator_->log()->LogCommitDecision(
      gtrid_, machine_.DecisionParticipants(), [self](DecisionWriteResult result) {
        // The log's writer thread: hop back to the transaction's own thread.
        self->runner_->Post([self, result = std::move(result)]() {
          self->Dispatch(XaEvent::DecisionWritten(result));
        });
      });
}

}  // namespace shardproxy
