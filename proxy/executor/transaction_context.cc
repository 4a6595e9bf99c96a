#include "proxy/executor/transaction_context.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/mysql_error.h"
#include "parser/literal.h"

namespace shardproxy {

TransactionContext::TransactionContext(const ExecutorEnvironment* environment,
                                       ConnectionOptions options, uint64_t session,
                                       std::function<void()> on_deadlock_victim)
    : environment_(environment),
      options_(options),
      session_(session),
      on_deadlock_victim_(std::move(on_deadlock_victim)) {}

TransactionContext::~TransactionContext() {
  *alive_ = false;
  // Closing rolls back every branch that was not prepared; none is prepared outside Commit,
  // which the session lets finish before it destroys the executor.
  for (auto& branch : branches_) {
    StopWatching(branch.get());
    branch->participant->Abandon();
  }
  if (victim_registered_) environment_->deadlock_victims->Unregister(session_, this);
}

void TransactionContext::WatchForDeadlocks(Branch* branch) {
  BackendConnection* connection = branch->participant->connection();
  if (environment_->deadlock_detector == nullptr || connection == nullptr) return;
  branch->server_thread_id = connection->server_thread_id();
  environment_->deadlock_detector->AddConnection(branch->participant->data_source(),
                                                 branch->server_thread_id, session_, started_at_);
  if (victim_registered_ || environment_->deadlock_victims == nullptr || !on_deadlock_victim_) {
    return;
  }
  victim_registered_ = true;
  // The verdict arrives on the detector's thread; the transaction lives on this loop.
  std::weak_ptr<bool> alive = alive_;
  environment_->deadlock_victims->Register(
      session_, this, [alive, this, runner = environment_->runner] {
        runner->Post([alive, this] {
          if (!alive.expired() && active_) on_deadlock_victim_();
        });
      });
}

void TransactionContext::StopWatching(Branch* branch) {
  if (branch->server_thread_id == 0) return;
  environment_->deadlock_detector->RemoveConnection(branch->participant->data_source(),
                                                    branch->server_thread_id);
  branch->server_thread_id = 0;
}

void TransactionContext::Begin(TransactionType type, bool implicit) {
  started_at_ = static_cast<uint64_t>(absl::GetCurrentTimeNanos());
  active_ = true;
  implicit_ = implicit;
  savepoints_.clear();
  lost_branch_ = false;
  type_ = type;
  transaction_ = environment_->coordinator->Begin(type, environment_->runner);
}

std::vector<std::string> TransactionContext::DataSources() const {
  std::vector<std::string> out;
  for (const auto& branch : branches_) out.push_back(branch->participant->data_source());
  return out;
}

TransactionContext::Branch* TransactionContext::Find(absl::string_view data_source) const {
  for (const auto& branch : branches_) {
    if (branch->participant->data_source() == data_source) return branch.get();
  }
  return nullptr;
}

BackendConnection* TransactionContext::ConnectionFor(absl::string_view data_source) const {
  Branch* branch = Find(data_source);
  return branch != nullptr ? branch->participant->connection() : nullptr;
}

bool TransactionContext::must_roll_back() const {
  return lost_branch_ || (transaction_ && transaction_->must_roll_back());
}

void TransactionContext::Join(std::vector<std::pair<std::string, BackendPool*>> data_sources,
                              const SessionState& state, DoneCallback done) {
  struct Joining {
    size_t pending;
    std::vector<std::unique_ptr<PooledXaParticipant>> participants;
    absl::Status error;
    SessionState state;
    DoneCallback done;
  };
  auto joining = std::make_shared<Joining>();
  joining->pending = data_sources.size();
  joining->state = state;
  joining->done = std::move(done);
  std::weak_ptr<bool> alive = alive_;
  auto all_acquired = [this, alive, joining] {
    if (alive.expired()) return;
    if (!joining->error.ok()) {
      joining->participants.clear();  // back to their pools, untouched
      return joining->done(joining->error);
    }
    std::vector<XaParticipant*> raw;
    for (auto& participant : joining->participants) {
      // The session's schema is the logical one; each data source has its own database.
      SessionState state = joining->state;
      const std::string& database = participant->connection()->endpoint().database;
      if (!database.empty()) state.schema = database;
      participant->SyncBeforeNextStatement(std::move(state));
      raw.push_back(participant.get());
      auto branch = std::make_unique<Branch>();
      branch->participant = std::move(participant);
      WatchForDeadlocks(branch.get());
      branches_.push_back(std::move(branch));
    }
    std::vector<PooledXaParticipant*> joined;
    for (size_t i = branches_.size() - raw.size(); i < branches_.size(); ++i) {
      joined.push_back(branches_[i]->participant.get());
    }
    transaction_->Join(std::move(raw), [this, alive, joining,
                                        joined = std::move(joined)](absl::Status status) mutable {
      if (alive.expired()) return;
      if (!status.ok() || savepoints_.empty()) return joining->done(std::move(status));
      std::vector<std::string> set;
      for (const std::string& name : savepoints_) {
        std::string sql = "SAVEPOINT ";
        sql::AppendQuotedIdentifier(name, &sql);
        set.push_back(std::move(sql));
      }
      RunOnBranches(std::move(joined), std::move(set), std::move(joining->done));
    });
  };
  for (auto& [name, pool] : data_sources) {
    pool->Acquire(options_, [alive, joining, all_acquired, name = name, loop = environment_->loop](
                                absl::StatusOr<PooledConnection> connection) mutable {
      if (alive.expired()) return;
      if (connection.ok()) {
        joining->participants.push_back(
            std::make_unique<PooledXaParticipant>(loop, std::move(name), std::move(*connection)));
      } else if (joining->error.ok()) {
        joining->error = connection.status();
      }
      if (--joining->pending == 0) all_acquired();
    });
  }
}

void TransactionContext::Savepoint(SavepointCommand command, absl::string_view name,
                                   DoneCallback done) {
  auto known = std::find_if(savepoints_.begin(), savepoints_.end(), [name](const std::string& s) {
    return absl::EqualsIgnoreCase(s, name);
  });
  std::string sql;
  switch (command) {
    case SavepointCommand::kSet:
      // Setting a name again moves it: the old one is gone, as in MariaDB.
      if (known != savepoints_.end()) savepoints_.erase(known);
      savepoints_.emplace_back(name);
      sql = "SAVEPOINT ";
      break;
    case SavepointCommand::kRollbackTo:
    case SavepointCommand::kRelease:
      if (known == savepoints_.end()) {
        absl::Status unknown = MysqlStatus(mysql_errc::kSpDoesNotExist, "42000",
                                           absl::StrCat("SAVEPOINT ", name, " does not exist"));
        std::weak_ptr<bool> alive = alive_;
        environment_->loop->AddTimer(absl::ZeroDuration(),
                                     [alive, done = std::move(done), unknown]() mutable {
                                       if (!alive.expired()) done(unknown);
                                     });
        return;
      }
      // Later savepoints go; ROLLBACK TO keeps its own, RELEASE drops it too.
      savepoints_.erase(command == SavepointCommand::kRelease ? known : known + 1,
                        savepoints_.end());
      sql = command == SavepointCommand::kRelease ? "RELEASE SAVEPOINT " : "ROLLBACK TO SAVEPOINT ";
      break;
  }
  sql::AppendQuotedIdentifier(name, &sql);
  std::vector<PooledXaParticipant*> participants;
  for (auto& branch : branches_) {
    if (!branch->participant->abandoned()) participants.push_back(branch->participant.get());
  }
  RunOnBranches(std::move(participants), {std::move(sql)}, std::move(done));
}

void TransactionContext::RunOnBranches(std::vector<PooledXaParticipant*> participants,
                                       std::vector<std::string> statements, DoneCallback done) {
  auto run = std::make_shared<BranchRun>();
  run->pending = participants.size();
  run->statements = std::move(statements);
  run->done = std::move(done);
  if (participants.empty() || run->statements.empty()) {
    std::weak_ptr<bool> alive = alive_;
    environment_->loop->AddTimer(absl::ZeroDuration(), [alive, run] {
      if (!alive.expired()) run->done(absl::OkStatus());
    });
    return;
  }
  for (PooledXaParticipant* participant : participants) RunOnBranch(run, participant, 0);
}

void TransactionContext::RunOnBranch(std::shared_ptr<BranchRun> run,
                                     PooledXaParticipant* participant, size_t index) {
  std::weak_ptr<bool> alive = alive_;
  participant->Execute(run->statements[index],
                       [this, alive, run, participant, index](absl::StatusOr<SqlResult> result) {
                         if (alive.expired()) return;
                         if (!result.ok()) {
                           if (run->error.ok()) run->error = result.status();
                           LoseBranch(participant->data_source(), result.status());
                         } else if (index + 1 < run->statements.size()) {
                           return RunOnBranch(run, participant, index + 1);
                         }
                         if (--run->pending == 0) run->done(run->error);
                       });
}

void TransactionContext::MarkWrites(absl::string_view data_source) {
  Branch* branch = Find(data_source);
  if (branch == nullptr) return;
  branch->writes = true;
  transaction_->MarkWrites(branch->participant.get());
}

void TransactionContext::LoseBranch(absl::string_view data_source, absl::Status why) {
  Branch* branch = Find(data_source);
  if (branch == nullptr) return;
  // Not prepared (statements run only before COMMIT): closing the connection rolls it back;
  // the coordinator's later XA END/ROLLBACK there find the connection gone.
  StopWatching(branch);
  branch->participant->Abandon();
  lost_branch_ = true;
}

void TransactionContext::Commit(DoneCallback done) {
  int writers = 0;
  for (auto& branch : branches_) writers += branch->writes ? 1 : 0;
  if (must_roll_back()) {
    return Rollback([this, done = std::move(done)](absl::Status) mutable {
      done(MysqlStatus(mysql_errc::kXaRbrollback, "XA100",
                       "Transaction branch was rolled back: a data source of the transaction "
                       "failed or lost its connection"));
    });
  }
  std::weak_ptr<bool> alive = alive_;
  transaction_->Commit([this, alive, writers, done = std::move(done)](absl::Status status) mutable {
    if (alive.expired()) return;
    Finish(status, status.ok(), writers);
    done(std::move(status));
  });
}

void TransactionContext::Rollback(DoneCallback done) {
  std::weak_ptr<bool> alive = alive_;
  transaction_->Rollback([this, alive, done = std::move(done)](absl::Status status) mutable {
    if (alive.expired()) return;
    ++stats_.rollbacks;
    Finish(absl::OkStatus(), false, 0);
    done(std::move(status));
  });
}

void TransactionContext::Finish(absl::Status status, bool committed, int writers) {
  if (type_ == TransactionType::kXa) {
    ops::Counter* outcome = committed ? environment_->xa_commits : environment_->xa_rollbacks;
    if (outcome != nullptr) outcome->Add(environment_->worker_index);
  }
  if (committed) {
    if (writers >= 2 && type_ == TransactionType::kXa) {
      ++stats_.two_phase_commits;
    } else {
      ++stats_.one_phase_commits;
    }
  }
  for (auto& branch : branches_) {
    StopWatching(branch.get());
    if (branch->participant->abandoned() && !lost_branch_) ++stats_.branches_left_to_recovery;
    branch->participant->Finish();
  }
  branches_.clear();
  savepoints_.clear();
  if (victim_registered_) {
    environment_->deadlock_victims->Unregister(session_, this);
    victim_registered_ = false;
  }
  transaction_.reset();
  active_ = false;
  implicit_ = false;
  lost_branch_ = false;
}

}  // namespace shardproxy
