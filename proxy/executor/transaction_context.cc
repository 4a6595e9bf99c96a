#include "proxy/executor/transaction_context.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_error.h"
#include "proxy/executor/statement_runner.h"

namespace shardproxy {
namespace {

bool IsConnectionLoss(const absl::Status& status) {
  return IsConnectionFatal(ToMysqlError(status).code);
}

// Answers to XA ROLLBACK that mean the branch is gone already: XAER_NOTA and the XA_RB* family.
bool IsBranchGone(const absl::Status& status) {
  uint16_t code = ToMysqlError(status).code;
  return code == mysql_errc::kXaerNota || code == mysql_errc::kXaRbrollback || code == 1613 ||
         code == 1614;
}

// `status` with the data source in front of its message unless the message names it already.
absl::Status Named(const absl::Status& status, absl::string_view data_source) {
  MysqlError error = ToMysqlError(status);
  if (absl::StrContains(error.message, absl::StrCat("'", data_source, "'"))) return status;
  return MysqlStatus(error.code, error.sqlstate,
                     absl::StrCat("data source '", data_source, "': ", error.message));
}

}  // namespace

bool AbortsTransaction(const absl::Status& status) {
  if (status.ok()) return false;
  uint16_t code = ToMysqlError(status).code;
  return code == mysql_errc::kLockDeadlock || code == mysql_errc::kXaRbrollback || code == 1613 ||
         code == 1614 || IsConnectionFatal(code);
}

TransactionContext::TransactionContext(const ExecutorEnvironment* environment,
                                       ConnectionOptions options)
    : environment_(environment), options_(options) {}

TransactionContext::~TransactionContext() {
  *alive_ = false;
  for (auto& branch : branches_) branch->connection.Discard();
}

void TransactionContext::Begin(TransactionType type, bool implicit) {
  active_ = true;
  implicit_ = implicit;
  type_ = type;
  gtrid_.clear();
  abort_cause_ = absl::OkStatus();
  prepared_ = committed_ = 0;
}

std::vector<std::string> TransactionContext::DataSources() const {
  std::vector<std::string> out;
  for (const auto& branch : branches_) out.push_back(branch->data_source);
  return out;
}

TransactionContext::Branch* TransactionContext::Find(absl::string_view data_source) const {
  for (const auto& branch : branches_) {
    if (branch->data_source == data_source) return branch.get();
  }
  return nullptr;
}

BackendConnection* TransactionContext::ConnectionFor(absl::string_view data_source) const {
  Branch* branch = Find(data_source);
  return branch != nullptr && branch->state == BranchState::kActive ? branch->connection.get()
                                                                    : nullptr;
}

Xid TransactionContext::XidFor(const Branch& branch) const {
  return Xid{kXidFormatId, gtrid_, branch.data_source};
}

std::string TransactionContext::StartSql(const Branch& branch) const {
  if (type_ == TransactionType::kLocal) return "START TRANSACTION";
  return XaStatementSql(XaVerb::kStart, XidFor(branch));
}

void TransactionContext::Join(const std::string& data_source, BackendPool* pool,
                              const SessionState& state, JoinCallback done) {
  if (Find(data_source) != nullptr || !active_) {
    environment_->loop->AddTimer(absl::ZeroDuration(), [done = std::move(done)]() mutable {
      done(InternalError("executor: data source joined twice or outside a transaction"));
    });
    return;
  }
  if (type_ == TransactionType::kXa && gtrid_.empty()) {
    if (environment_->gtrids == nullptr) {
      environment_->loop->AddTimer(absl::ZeroDuration(), [done = std::move(done)]() mutable {
        done(XaFailure("XA transactions need a gtrid generator (no decision log configured)"));
      });
      return;
    }
    gtrid_ = environment_->gtrids->Next();
  }
  auto owned = std::make_unique<Branch>();
  Branch* branch = owned.get();
  branch->data_source = data_source;
  branches_.push_back(std::move(owned));
  auto remove = [this](Branch* gone) {
    for (auto it = branches_.begin(); it != branches_.end(); ++it) {
      if (it->get() == gone) {
        branches_.erase(it);
        return;
      }
    }
  };
  std::weak_ptr<bool> alive = alive_;
  pool->Acquire(options_, [this, alive, branch, remove, state, done = std::move(done)](
                              absl::StatusOr<PooledConnection> connection) mutable {
    if (alive.expired()) return;
    if (!connection.ok()) {
      remove(branch);
      return done(connection.status());
    }
    branch->connection = std::move(*connection);
    RunStatement(branch->connection.get(), &state, StartSql(*branch),
                 [this, alive, branch, remove,
                  done = std::move(done)](absl::StatusOr<StatementOutcome> result) mutable {
                   if (alive.expired()) return;
                   if (!result.ok()) {
                     // No branch exists on the server after a failed start, but a lost answer
                     // leaves that unknown: only a clean, idle connection goes back.
                     BackendConnection* c = branch->connection.get();
                     if (c->is_ready() && !c->in_transaction()) {
                       branch->connection.Release();
                     } else {
                       branch->connection.Discard();
                     }
                     remove(branch);
                     return done(result.status());
                   }
                   branch->state = BranchState::kActive;
                   done(branch->connection.get());
                 });
  });
}

void TransactionContext::MarkWrites(absl::string_view data_source) {
  if (Branch* branch = Find(data_source)) branch->writes = true;
}

void TransactionContext::LoseBranch(absl::string_view data_source, absl::Status why) {
  Branch* branch = Find(data_source);
  if (branch == nullptr) return;
  branch->connection.Discard();
  branch->state = BranchState::kEnded;
  if (abort_cause_.ok()) abort_cause_ = Named(why, data_source);
}

void TransactionContext::Send(Branch* branch, std::string sql, BranchCallback done) {
  std::weak_ptr<bool> alive = alive_;
  RunStatement(
      branch->connection.get(), nullptr, sql,
      [alive, branch, done = std::move(done)](absl::StatusOr<StatementOutcome> result) mutable {
        if (alive.expired()) return;
        done(branch, result.status());
      });
}

void TransactionContext::SendAll(std::vector<Branch*> branches,
                                 absl::AnyInvocable<std::string(const Branch&)> sql_for,
                                 BranchCallback each, absl::AnyInvocable<void()> all) {
  struct Round {
    size_t pending;
    BranchCallback each;
    absl::AnyInvocable<void()> all;
  };
  if (branches.empty()) {
    environment_->loop->AddTimer(absl::ZeroDuration(), std::move(all));
    return;
  }
  auto round = std::make_shared<Round>(Round{branches.size(), std::move(each), std::move(all)});
  for (Branch* branch : branches) {
    Send(branch, sql_for(*branch), [round](Branch* b, absl::Status status) {
      round->each(b, std::move(status));
      if (--round->pending == 0) round->all();
    });
  }
}

void TransactionContext::Hit(FaultPoint point, int count) {
  if (environment_->fault_points != nullptr) environment_->fault_points->Hit(point, count);
}

void TransactionContext::Commit(DoneCallback done) {
  done_ = std::move(done);
  if (must_roll_back()) {
    return RollbackAll(MysqlStatus(
        mysql_errc::kXaRbrollback, "XA100",
        absl::StrCat("Transaction branch was rolled back: ", ToMysqlError(abort_cause_).message)));
  }
  std::vector<Branch*> live;
  for (auto& branch : branches_) {
    if (branch->state == BranchState::kActive) live.push_back(branch.get());
  }
  if (type_ == TransactionType::kLocal) {
    auto first_error = std::make_shared<absl::Status>();
    SendAll(
        live, [](const Branch&) { return std::string("COMMIT"); },
        [first_error](Branch* b, absl::Status status) {
          b->state = BranchState::kEnded;
          if (!status.ok()) {
            b->connection.Discard();
            if (first_error->ok()) *first_error = Named(status, b->data_source);
          }
        },
        [this, first_error] {
          ++stats_.one_phase_commits;
          Finish(*first_error);
        });
    return;
  }
  CommitXa();
}

void TransactionContext::CommitXa() {
  std::vector<Branch*> live;
  for (auto& branch : branches_) {
    if (branch->state == BranchState::kActive) live.push_back(branch.get());
  }
  SendAll(
      live, [this](const Branch& b) { return XaStatementSql(XaVerb::kEnd, XidFor(b)); },
      [](Branch* b, absl::Status status) {
        if (status.ok()) {
          b->state = BranchState::kIdle;
        } else {
          b->failed = true;
          b->error = Named(status, b->data_source);
        }
      },
      [this] { AfterEnds(); });
}

void TransactionContext::AfterEnds() {
  std::vector<Branch*> idle;
  std::vector<Branch*> writers;
  for (auto& branch : branches_) {
    if (branch->failed) {
      return RollbackAll(MysqlStatus(mysql_errc::kXaRbrollback, "XA100",
                                     absl::StrCat("Transaction branch was rolled back: ",
                                                  ToMysqlError(branch->error).message)));
    }
    if (branch->state != BranchState::kIdle) continue;
    idle.push_back(branch.get());
    if (branch->writes) writers.push_back(branch.get());
  }
  if (writers.size() <= 1) {
    // A single writer decides alone: one phase, no decision record.
    auto first_error = std::make_shared<absl::Status>();
    SendAll(
        idle,
        [this](const Branch& b) { return XaStatementSql(XaVerb::kCommitOnePhase, XidFor(b)); },
        [first_error](Branch* b, absl::Status status) {
          b->state = BranchState::kEnded;
          if (!status.ok()) {
            b->connection.Discard();
            // A reader's failed commit loses nothing; a writer's is the transaction's outcome.
            if (b->writes && first_error->ok()) *first_error = Named(status, b->data_source);
          }
        },
        [this, first_error] {
          ++stats_.one_phase_commits;
          Finish(*first_error);
        });
    return;
  }
  if (environment_->decision_log == nullptr) {
    return RollbackAll(
        XaFailure("a transaction that wrote on two or more data sources needs the XA decision log "
                  "(transaction.log_dir); it was rolled back"));
  }
  prepared_ = 0;
  SendAll(
      writers, [this](const Branch& b) { return XaStatementSql(XaVerb::kPrepare, XidFor(b)); },
      [this](Branch* b, absl::Status status) {
        if (status.ok()) {
          b->state = BranchState::kPrepared;
          Hit(FaultPoint::kAfterSomePrepares, ++prepared_);
        } else {
          b->failed = true;
          b->error = Named(status, b->data_source);
          // Lost answer: the branch may be prepared; only recovery can tell.
          if (IsConnectionLoss(status)) b->state = BranchState::kPrepared;
        }
      },
      [this] { AfterPrepares(); });
}

void TransactionContext::AfterPrepares() {
  std::vector<std::string> participants;
  for (auto& branch : branches_) {
    if (branch->failed) {
      MysqlError cause = ToMysqlError(branch->error);
      absl::Status result =
          cause.code == mysql_errc::kLockDeadlock || cause.code == mysql_errc::kLockWaitTimeout
              ? branch->error
              : MysqlStatus(mysql_errc::kXaRbrollback, "XA100",
                            absl::StrCat("Transaction branch was rolled back: ", cause.message));
      return RollbackAll(result);
    }
    if (branch->state == BranchState::kPrepared) participants.push_back(branch->data_source);
  }
  Hit(FaultPoint::kBeforeDecision, 1);
  std::weak_ptr<bool> alive = alive_;
  EventLoop* loop = environment_->loop;
  environment_->decision_log->LogCommitDecision(
      gtrid_, std::move(participants), [this, alive, loop](DecisionWriteResult result) {
        // On the log's writer thread: hand over to the worker.
        loop->Post([this, alive, result = std::move(result)]() mutable {
          if (alive.expired()) return;
          AfterDecision(std::move(result));
        });
      });
}

void TransactionContext::AfterDecision(DecisionWriteResult result) {
  if (result.durability == DecisionDurability::kNotWritten) {
    return RollbackAll(XaFailure(
        absl::StrCat("the XA commit decision could not be written, transaction rolled back: ",
                     result.error.message())));
  }
  if (result.durability == DecisionDurability::kUnknown) {
    // Whether the decision reached the disk is unknown: the prepared branches must wait for
    // recovery, which decides from what the log holds after a restart.
    for (auto& branch : branches_) {
      if (branch->state == BranchState::kPrepared) {
        branch->connection.Discard();
        branch->state = BranchState::kEnded;
        ++stats_.branches_left_to_recovery;
      }
    }
    return RollbackAll(XaFailure(
        absl::StrCat("the XA commit decision may not be durable (", result.error.message(),
                     "); the outcome of transaction ", gtrid_, " is left to recovery")));
  }
  Hit(FaultPoint::kAfterDecision, 1);
  ++stats_.two_phase_commits;
  std::vector<Branch*> rest;
  for (auto& branch : branches_) {
    if (branch->state == BranchState::kPrepared || branch->state == BranchState::kIdle) {
      rest.push_back(branch.get());
    }
  }
  committed_ = 0;
  auto all_committed = std::make_shared<bool>(true);
  SendAll(
      rest,
      [this](const Branch& b) {
        return XaStatementSql(
            b.state == BranchState::kPrepared ? XaVerb::kCommit : XaVerb::kCommitOnePhase,
            XidFor(b));
      },
      [this, all_committed](Branch* b, absl::Status status) {
        bool prepared = b->state == BranchState::kPrepared;
        b->state = BranchState::kEnded;
        if (status.ok()) {
          if (prepared) Hit(FaultPoint::kAfterSomeCommits, ++committed_);
          return;
        }
        // Committed by decision: a prepared branch that did not answer is recovery's job.
        b->connection.Discard();
        if (prepared) {
          *all_committed = false;
          ++stats_.branches_left_to_recovery;
          SP_LOG(kWarning, "xa", "XA COMMIT of ", gtrid_, " on ", b->data_source,
                 " failed, left to recovery: ", status.message());
        }
      },
      [this, all_committed] {
        if (*all_committed) environment_->decision_log->LogResolved(gtrid_);
        Finish(absl::OkStatus());
      });
}

void TransactionContext::Rollback(DoneCallback done) {
  done_ = std::move(done);
  RollbackAll(absl::OkStatus());
}

void TransactionContext::RollbackAll(absl::Status result) {
  ++stats_.rollbacks;
  pending_error_ = std::move(result);
  std::vector<Branch*> targets;
  for (auto& branch : branches_) {
    if (branch->state != BranchState::kEnded) targets.push_back(branch.get());
  }
  if (type_ == TransactionType::kLocal) {
    SendAll(
        targets, [](const Branch&) { return std::string("ROLLBACK"); },
        [](Branch* b, absl::Status status) {
          b->state = BranchState::kEnded;
          if (!status.ok()) b->connection.Discard();  // closing rolls back
        },
        [this] { Finish(pending_error_); });
    return;
  }
  // From ACTIVE a branch needs XA END first; its error is ignored (a branch left ROLLBACK ONLY
  // by a deadlock refuses XA END but accepts XA ROLLBACK).
  std::vector<Branch*> active;
  for (Branch* b : targets) {
    if (b->state == BranchState::kActive) active.push_back(b);
  }
  SendAll(
      active, [this](const Branch& b) { return XaStatementSql(XaVerb::kEnd, XidFor(b)); },
      [](Branch* b, absl::Status status) {
        if (status.ok()) b->state = BranchState::kIdle;
      },
      [this, targets] {
        SendAll(
            targets,
            [this](const Branch& b) { return XaStatementSql(XaVerb::kRollback, XidFor(b)); },
            [this](Branch* b, absl::Status status) {
              bool was_prepared = b->state == BranchState::kPrepared;
              b->state = BranchState::kEnded;
              if (status.ok() || IsBranchGone(status)) {
                if (!status.ok()) b->connection.Discard();
                return;
              }
              // Closing the connection rolls back a branch that was not prepared; a prepared
              // one stays for recovery, which rolls it back (no commit decision exists).
              b->connection.Discard();
              if (was_prepared) ++stats_.branches_left_to_recovery;
            },
            [this] { Finish(pending_error_); });
      });
}

void TransactionContext::Finish(absl::Status status) {
  for (auto& branch : branches_) {
    if (!branch->connection) continue;
    if (branch->state == BranchState::kEnded && branch->connection->is_ready() &&
        !branch->connection->in_transaction()) {
      branch->connection.Release();
    } else {
      branch->connection.Discard();
    }
  }
  branches_.clear();
  active_ = false;
  implicit_ = false;
  gtrid_.clear();
  abort_cause_ = absl::OkStatus();
  DoneCallback done = std::move(done_);
  if (done) done(std::move(status));
}

}  // namespace shardproxy
