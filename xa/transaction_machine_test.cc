#include "xa/transaction_machine.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "xa/xa_errors.h"

namespace shardproxy {
namespace {

absl::Status Lost() { return MysqlStatus(2013, "HY000", "Lost connection to server during query"); }
absl::Status Deadlock() {
  return MysqlStatus(1213, "40001", "Deadlock found when trying to get lock");
}
absl::Status RbDeadlock() {
  return MysqlStatus(1614, "XA102", "Transaction branch was rolled back: deadlock was detected");
}
absl::Status Nota() { return MysqlStatus(1397, "XAE04", "XAER_NOTA: Unknown XID"); }

// A sent statement, as "branch:command".
std::string Describe(const XaAction& a) {
  static const char* kNames[] = {
      "xa start",    "xa end", "xa prepare", "xa commit", "xa commit one phase",
      "xa rollback", "begin",  "commit",     "rollback"};
  return absl::StrCat(a.branch, ":", kNames[static_cast<int>(a.command)]);
}

std::vector<std::string> Sends(const XaActions& actions) {
  std::vector<std::string> out;
  for (const XaAction& a : actions) {
    if (a.kind == XaAction::Kind::kSend) out.push_back(Describe(a));
  }
  return out;
}

bool Has(const XaActions& actions, XaAction::Kind kind) {
  for (const XaAction& a : actions) {
    if (a.kind == kind) return true;
  }
  return false;
}

const XaAction* Find(const XaActions& actions, XaAction::Kind kind) {
  for (const XaAction& a : actions) {
    if (a.kind == kind) return &a;
  }
  return nullptr;
}

using Strings = std::vector<std::string>;

// Starts a transaction on `writers.size()` branches ds0, ds1, ... (all starts OK).
XaTransactionMachine Started(TransactionType type, std::vector<bool> writers) {
  XaTransactionMachine m(type);
  for (size_t i = 0; i < writers.size(); ++i) m.AddBranch(absl::StrCat("ds", i), writers[i]);
  XaActions a = m.Handle(XaEvent::Join());
  for (size_t i = 0; i < writers.size(); ++i) {
    a = m.Handle(XaEvent::BranchDone(static_cast<int>(i), absl::OkStatus()));
  }
  EXPECT_TRUE(Has(a, XaAction::Kind::kFinishJoin));
  EXPECT_EQ(m.phase(), TransactionPhase::kActive);
  return m;
}

TEST(TransactionMachineTest, JoinStartsEveryNewBranchInParallel) {
  XaTransactionMachine m(TransactionType::kXa);
  m.AddBranch("ds0", false);
  m.AddBranch("ds1", true);
  XaActions a = m.Handle(XaEvent::Join());
  EXPECT_EQ(Sends(a), (Strings{"0:xa start", "1:xa start"}));
  EXPECT_EQ(m.phase(), TransactionPhase::kStarting);
  EXPECT_TRUE(m.Handle(XaEvent::BranchDone(1, absl::OkStatus())).empty());
  a = m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFinishJoin);
  EXPECT_TRUE(a[0].status.ok());
  // A later join starts only the new branch.
  m.AddBranch("ds2", false);
  EXPECT_EQ(Sends(m.Handle(XaEvent::Join())), (Strings{"2:xa start"}));
  EXPECT_EQ(m.FindBranch("ds2"), 2);
  EXPECT_EQ(m.FindBranch("ds9"), -1);
}

TEST(TransactionMachineTest, JoinWithNothingNewFinishesAtOnce) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true});
  XaActions a = m.Handle(XaEvent::Join());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFinishJoin);
}

TEST(TransactionMachineTest, FailedStartAbortsTheTransactionAndCommitRollsBack) {
  XaTransactionMachine m(TransactionType::kXa);
  m.AddBranch("ds0", true);
  m.AddBranch("ds1", true);
  m.Handle(XaEvent::Join());
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  XaActions a = m.Handle(XaEvent::BranchDone(1, Lost()));
  const XaAction* done = Find(a, XaAction::Kind::kFinishJoin);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(ToMysqlError(done->status).code, 2013);
  EXPECT_NE(ToMysqlError(done->status).message.find("data source 'ds1'"), std::string::npos);
  EXPECT_TRUE(m.must_roll_back());
  // Joining again is refused with the same cause.
  m.AddBranch("ds2", true);
  a = m.Handle(XaEvent::Join());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_FALSE(a[0].status.ok());
  // COMMIT rolls back the started branch only (ds1 has no branch, ds2 was never started).
  a = m.Handle(XaEvent::Commit());
  EXPECT_EQ(Sends(a), (Strings{"0:xa end"}));
  a = m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  EXPECT_EQ(Sends(a), (Strings{"0:xa rollback"}));
  a = m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  done = Find(a, XaAction::Kind::kFinish);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(ToMysqlError(done->status).code, 1402);
  EXPECT_EQ(m.outcome(), TransactionOutcome::kRolledBack);
}

TEST(TransactionMachineTest, TwoWritersCommitInTwoPhasesReadersInOne) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, false, true});
  XaActions a = m.Handle(XaEvent::Commit());
  EXPECT_EQ(Sends(a), (Strings{"0:xa end", "1:xa end", "2:xa end"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(2, absl::OkStatus()));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_EQ(Sends(a), (Strings{"0:xa prepare", "2:xa prepare"}));  // the reader is not prepared
  EXPECT_EQ(m.phase(), TransactionPhase::kPreparing);
  a = m.Handle(XaEvent::BranchDone(2, absl::OkStatus()));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFaultPoint);
  EXPECT_EQ(a[0].point, FaultPoint::kAfterSomePrepares);
  EXPECT_EQ(a[0].count, 1);
  a = m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].point, FaultPoint::kAfterSomePrepares);
  EXPECT_EQ(a[0].count, 2);
  EXPECT_EQ(a[1].point, FaultPoint::kBeforeDecision);
  EXPECT_EQ(a[2].kind, XaAction::Kind::kWriteDecision);
  EXPECT_EQ(m.phase(), TransactionPhase::kDeciding);
  EXPECT_EQ(m.DecisionParticipants(), (Strings{"ds0", "ds2"}));
  // Nothing commits before the decision is durable.
  EXPECT_TRUE(m.Handle(XaEvent::Commit()).empty());
  a = m.Handle(XaEvent::DecisionWritten({DecisionDurability::kDurable}));
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFaultPoint);
  EXPECT_EQ(a[0].point, FaultPoint::kAfterDecision);
  EXPECT_EQ(Sends(a), (Strings{"0:xa commit", "1:xa commit one phase", "2:xa commit"}));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_TRUE(a.empty());  // a reader's commit is not a fault point
  a = m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  EXPECT_EQ(a[0].point, FaultPoint::kAfterSomeCommits);
  a = m.Handle(XaEvent::BranchDone(2, absl::OkStatus()));
  EXPECT_EQ(a[0].point, FaultPoint::kAfterSomeCommits);
  EXPECT_EQ(a[0].count, 2);
  EXPECT_EQ(a[1].kind, XaAction::Kind::kLogResolved);
  EXPECT_EQ(a[2].kind, XaAction::Kind::kFinish);
  EXPECT_TRUE(a[2].status.ok());
  EXPECT_EQ(m.outcome(), TransactionOutcome::kCommitted);
  EXPECT_EQ(m.phase(), TransactionPhase::kFinished);
}

TEST(TransactionMachineTest, OneWriterCommitsInOnePhaseWithoutDecision) {
  XaTransactionMachine m = Started(TransactionType::kXa, {false, true});
  m.Handle(XaEvent::Commit());
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  XaActions a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_EQ(Sends(a), (Strings{"0:xa commit one phase", "1:xa commit one phase"}));
  EXPECT_FALSE(Has(a, XaAction::Kind::kWriteDecision));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_FALSE(Has(a, XaAction::Kind::kLogResolved));
  ASSERT_TRUE(Has(a, XaAction::Kind::kFinish));
  EXPECT_EQ(m.outcome(), TransactionOutcome::kCommitted);
}

TEST(TransactionMachineTest, OnePhaseWriterFailureIsTheAnswerReaderFailureIsNot) {
  {
    XaTransactionMachine m = Started(TransactionType::kXa, {false, true});
    m.Handle(XaEvent::Commit());
    m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
    m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
    XaActions a = m.Handle(XaEvent::BranchDone(0, Lost()));  // reader
    EXPECT_TRUE(Has(a, XaAction::Kind::kAbandon));
    a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
    ASSERT_TRUE(Has(a, XaAction::Kind::kFinish));
    EXPECT_TRUE(Find(a, XaAction::Kind::kFinish)->status.ok());
  }
  {
    XaTransactionMachine m = Started(TransactionType::kXa, {false, true});
    m.Handle(XaEvent::Commit());
    m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
    m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
    m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
    XaActions a = m.Handle(XaEvent::BranchDone(1, Lost()));  // the writer: outcome unknown
    const XaAction* done = Find(a, XaAction::Kind::kFinish);
    ASSERT_NE(done, nullptr);
    EXPECT_EQ(ToMysqlError(done->status).code, 2013);
    EXPECT_EQ(m.outcome(), TransactionOutcome::kOutcomeUnknown);
  }
}

TEST(TransactionMachineTest, PrepareFailureRollsBackEveryBranch) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true, false});
  m.Handle(XaEvent::Commit());
  for (int i = 0; i < 3; ++i) m.Handle(XaEvent::BranchDone(i, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  XaActions a = m.Handle(XaEvent::BranchDone(1, Deadlock()));
  EXPECT_FALSE(Has(a, XaAction::Kind::kWriteDecision));
  EXPECT_EQ(Sends(a), (Strings{"0:xa rollback", "1:xa rollback", "2:xa rollback"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(1, Nota()));  // the failed prepare left nothing: fine
  a = m.Handle(XaEvent::BranchDone(2, absl::OkStatus()));
  const XaAction* done = Find(a, XaAction::Kind::kFinish);
  ASSERT_NE(done, nullptr);
  MysqlError e = ToMysqlError(done->status);
  EXPECT_EQ(e.code, 1213);  // retryable, as from one MySQL
  EXPECT_NE(e.message.find("XA PREPARE failed on data source 'ds1'"), std::string::npos)
      << e.message;
  EXPECT_EQ(m.outcome(), TransactionOutcome::kRolledBack);
  EXPECT_FALSE(Has(a, XaAction::Kind::kAbandon));
}

TEST(TransactionMachineTest, RollbackAfterLostPrepareLeavesBranchToRecovery) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true});
  m.Handle(XaEvent::Commit());
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(1, Lost()));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  XaActions a = m.Handle(XaEvent::BranchDone(1, Lost()));
  EXPECT_TRUE(Has(a, XaAction::Kind::kAbandon));
  EXPECT_EQ(m.branches()[1].state, BranchState::kLeftToRecovery);
  EXPECT_EQ(m.outcome(), TransactionOutcome::kRolledBack);
}

TEST(TransactionMachineTest, XaEndFailureOnCommitRollsBackWithRetryableCode) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true});
  m.Handle(XaEvent::Commit());
  m.Handle(XaEvent::BranchDone(0, RbDeadlock()));
  XaActions a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_EQ(Sends(a), (Strings{"0:xa rollback", "1:xa rollback"}));
  m.Handle(XaEvent::BranchDone(0, RbDeadlock()));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_EQ(ToMysqlError(Find(a, XaAction::Kind::kFinish)->status).code, 1213);
}

TEST(TransactionMachineTest, DecisionNotWrittenRollsBack) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true});
  m.Handle(XaEvent::Commit());
  for (int round = 0; round < 2; ++round) {
    m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
    m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  }
  XaActions a = m.Handle(XaEvent::DecisionWritten(
      {DecisionDurability::kNotWritten, absl::UnavailableError("disk full")}));
  EXPECT_EQ(Sends(a), (Strings{"0:xa rollback", "1:xa rollback"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  MysqlError e = ToMysqlError(Find(a, XaAction::Kind::kFinish)->status);
  EXPECT_EQ(e.code, 1402);
  EXPECT_NE(e.message.find("disk full"), std::string::npos);
}

TEST(TransactionMachineTest, DecisionUnknownLeavesPreparedWritersAndRollsBackReaders) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true, false});
  m.Handle(XaEvent::Commit());
  for (int i = 0; i < 3; ++i) m.Handle(XaEvent::BranchDone(i, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  XaActions a = m.Handle(
      XaEvent::DecisionWritten({DecisionDurability::kUnknown, absl::DataLossError("fsync")}));
  EXPECT_EQ(Sends(a), (Strings{"2:xa rollback"}));
  int abandoned = 0;
  for (const XaAction& x : a) abandoned += x.kind == XaAction::Kind::kAbandon;
  EXPECT_EQ(abandoned, 2);
  a = m.Handle(XaEvent::BranchDone(2, absl::OkStatus()));
  MysqlError e = ToMysqlError(Find(a, XaAction::Kind::kFinish)->status);
  EXPECT_EQ(e.code, 1399);
  EXPECT_EQ(m.outcome(), TransactionOutcome::kOutcomeUnknown);
}

TEST(TransactionMachineTest, CommitFailureAfterDecisionIsStillCommitted) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, true});
  m.Handle(XaEvent::Commit());
  for (int round = 0; round < 2; ++round) {
    m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
    m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  }
  m.Handle(XaEvent::DecisionWritten({DecisionDurability::kDurable}));
  XaActions a = m.Handle(XaEvent::BranchDone(0, Lost()));
  EXPECT_TRUE(Has(a, XaAction::Kind::kAbandon));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_FALSE(Has(a, XaAction::Kind::kLogResolved));  // recovery resolves it
  EXPECT_TRUE(Find(a, XaAction::Kind::kFinish)->status.ok());
  EXPECT_EQ(m.outcome(), TransactionOutcome::kCommittedPendingRecovery);
}

TEST(TransactionMachineTest, ClientRollbackEndsThenRollsBack) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true, false});
  XaActions a = m.Handle(XaEvent::Rollback());
  EXPECT_EQ(Sends(a), (Strings{"0:xa end", "1:xa end"}));
  // A branch left ROLLBACK ONLY refuses XA END: XA ROLLBACK still follows.
  a = m.Handle(XaEvent::BranchDone(0, RbDeadlock()));
  EXPECT_EQ(Sends(a), (Strings{"0:xa rollback"}));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_EQ(Sends(a), (Strings{"1:xa rollback"}));
  m.Handle(XaEvent::BranchDone(0, RbDeadlock()));
  a = m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  EXPECT_TRUE(Find(a, XaAction::Kind::kFinish)->status.ok());
  EXPECT_EQ(m.outcome(), TransactionOutcome::kRolledBack);
}

TEST(TransactionMachineTest, EmptyTransactionCommitsAndRollsBackWithoutStatements) {
  XaTransactionMachine m(TransactionType::kXa);
  XaActions a = m.Handle(XaEvent::Commit());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFinish);
  XaTransactionMachine r(TransactionType::kLocal);
  a = r.Handle(XaEvent::Rollback());
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, XaAction::Kind::kFinish);
}

TEST(TransactionMachineTest, LocalTypeCommitsEachBranchIndependently) {
  XaTransactionMachine m(TransactionType::kLocal);
  m.AddBranch("ds0", true);
  m.AddBranch("ds1", true);
  EXPECT_EQ(Sends(m.Handle(XaEvent::Join())), (Strings{"0:begin", "1:begin"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  m.Handle(XaEvent::BranchDone(1, absl::OkStatus()));
  XaActions a = m.Handle(XaEvent::Commit());
  EXPECT_EQ(Sends(a), (Strings{"0:commit", "1:commit"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  a = m.Handle(XaEvent::BranchDone(1, Lost()));
  MysqlError e = ToMysqlError(Find(a, XaAction::Kind::kFinish)->status);
  EXPECT_EQ(e.code, 2013);
  EXPECT_NE(e.message.find("COMMIT succeeded on ds0"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("not atomic"), std::string::npos);
  EXPECT_EQ(m.outcome(), TransactionOutcome::kPartlyCommitted);
}

TEST(TransactionMachineTest, LocalTypeRollback) {
  XaTransactionMachine m = Started(TransactionType::kLocal, {true, true});
  XaActions a = m.Handle(XaEvent::Rollback());
  EXPECT_EQ(Sends(a), (Strings{"0:rollback", "1:rollback"}));
  m.Handle(XaEvent::BranchDone(0, absl::OkStatus()));
  a = m.Handle(XaEvent::BranchDone(1, Lost()));
  EXPECT_TRUE(Has(a, XaAction::Kind::kAbandon));
  EXPECT_TRUE(Has(a, XaAction::Kind::kFinish));
  EXPECT_EQ(m.outcome(), TransactionOutcome::kRolledBack);
}

TEST(TransactionMachineTest, StrayEventsAreIgnored) {
  XaTransactionMachine m = Started(TransactionType::kXa, {true});
  EXPECT_TRUE(m.Handle(XaEvent::BranchDone(7, absl::OkStatus())).empty());
  EXPECT_TRUE(m.Handle(XaEvent::BranchDone(-1, absl::OkStatus())).empty());
  EXPECT_TRUE(m.Handle(XaEvent::BranchDone(0, absl::OkStatus())).empty());  // nothing sent
  EXPECT_TRUE(m.Handle(XaEvent::DecisionWritten({})).empty());              // not deciding
}

// Exhaustive: every combination of answers (OK, a lost connection, a deadlock rollback) to every
// statement the machine sends, and every decision-log outcome, for 1..3 branches of every writer
// pattern, with answers delivered in send order and in reverse. Checks the atomicity invariants on
// every path.
struct Exploration {
  std::vector<int> choices;  // the path: one choice per choice point
  std::vector<int> arity;    // how many options each choice point had
  size_t next = 0;
  int Choose(int options) {
    if (next == choices.size()) {
      choices.push_back(0);
      arity.push_back(options);
    }
    return choices[next++];
  }
  // Advances to the next path (odometer over the recorded choice points); false when done.
  bool Advance() {
    while (!choices.empty()) {
      if (choices.back() + 1 < arity.back()) {
        ++choices.back();
        next = 0;
        return true;
      }
      choices.pop_back();
      arity.pop_back();
    }
    return false;
  }
};

struct PathResult {
  std::string trace;
  bool finished = false;
};

void RunPath(TransactionType type, const std::vector<bool>& writers, bool client_commits,
             bool reverse, Exploration* x, int* paths) {
  const absl::Status kAnswers[] = {absl::OkStatus(), Lost(), RbDeadlock()};
  const int answer_kinds = 3;
  XaTransactionMachine m(type);
  for (size_t i = 0; i < writers.size(); ++i) m.AddBranch(absl::StrCat("ds", i), writers[i]);
  std::deque<XaAction> in_flight;
  std::string trace;
  int finishes = 0, join_finishes = 0, decisions = 0;
  bool decided_durable = false, decision_requested = false;
  bool writer_committed_2pc = false, writer_rolled_back = false, writer_commit_sent = false;
  absl::Status finish_status;
  std::vector<bool> abandoned(writers.size(), false);

  auto apply = [&](const XaActions& actions) {
    for (size_t k = 0; k < actions.size(); ++k) {
      const XaAction& a = actions[k];
      switch (a.kind) {
        case XaAction::Kind::kSend:
          ASSERT_EQ(finishes, 0) << trace;
          ASSERT_FALSE(abandoned[a.branch]) << "sent on an abandoned connection " << trace;
          for (const XaAction& f : in_flight) {
            ASSERT_NE(f.branch, a.branch) << "two statements at once on a branch " << trace;
          }
          absl::StrAppend(&trace, " send ", Describe(a));
          if (a.command == BranchCommand::kXaCommit) {
            ASSERT_TRUE(decided_durable) << "XA COMMIT before the decision " << trace;
            writer_commit_sent = true;
          }
          if (a.command == BranchCommand::kXaCommitOnePhase && writers[a.branch]) {
            // One phase only for the single writer.
            int w = 0;
            for (bool b : writers) w += b;
            ASSERT_LE(w, 1) << trace;
          }
          if (a.command == BranchCommand::kXaRollback && writers[a.branch] &&
              m.branches()[a.branch].prepare_sent) {
            ASSERT_FALSE(decided_durable)
                << "rollback of a prepared writer after the decision " << trace;
          }
          in_flight.push_back(a);
          break;
        case XaAction::Kind::kWriteDecision:
          ASSERT_FALSE(decision_requested) << trace;
          decision_requested = true;
          ++decisions;
          break;
        case XaAction::Kind::kAbandon:
          abandoned[a.branch] = true;
          absl::StrAppend(&trace, " abandon ", a.branch);
          break;
        case XaAction::Kind::kFinishJoin:
          ++join_finishes;
          break;
        case XaAction::Kind::kFinish:
          ++finishes;
          ASSERT_EQ(k + 1, actions.size()) << "finish is the last action " << trace;
          finish_status = a.status;
          break;
        default:
          break;
      }
    }
  };

  apply(m.Handle(XaEvent::Join()));
  bool commit_sent = false;
  for (int steps = 0; steps < 100 && finishes == 0; ++steps) {
    if (!in_flight.empty()) {
      XaAction a;
      if (reverse) {
        a = in_flight.back();
        in_flight.pop_back();
      } else {
        a = in_flight.front();
        in_flight.pop_front();
      }
      absl::Status answer = kAnswers[x->Choose(answer_kinds)];
      absl::StrAppend(&trace, " ans", answer.ok() ? "" : "!");
      if (answer.ok() && a.command == BranchCommand::kXaCommit) writer_committed_2pc = true;
      if (a.command == BranchCommand::kXaRollback && writers[a.branch]) writer_rolled_back = true;
      apply(m.Handle(XaEvent::BranchDone(a.branch, answer)));
      continue;
    }
    if (decision_requested && m.phase() == TransactionPhase::kDeciding) {
      int d = x->Choose(3);
      DecisionWriteResult r{static_cast<DecisionDurability>(d)};
      if (d != 0) r.error = absl::DataLossError("log");
      decided_durable = d == 0;
      absl::StrAppend(&trace, " decision ", d);
      apply(m.Handle(XaEvent::DecisionWritten(r)));
      continue;
    }
    if (!commit_sent && m.phase() == TransactionPhase::kActive) {
      commit_sent = true;
      for (size_t i = 0; i < writers.size(); ++i) {
        if (writers[i]) m.MarkWrites(static_cast<int>(i));
      }
      apply(m.Handle(client_commits ? XaEvent::Commit() : XaEvent::Rollback()));
      continue;
    }
    break;
  }
  ++*paths;
  ASSERT_EQ(join_finishes, 1) << trace;
  ASSERT_EQ(finishes, 1) << "the transaction must finish " << trace;
  ASSERT_TRUE(in_flight.empty()) << trace;
  ASSERT_LE(decisions, 1);
  ASSERT_EQ(m.phase(), TransactionPhase::kFinished);
  // Atomicity: no writer both committed in two phases and rolled back.
  ASSERT_FALSE(writer_commit_sent && writer_rolled_back) << trace;
  TransactionOutcome o = m.outcome();
  if (finish_status.ok()) {
    ASSERT_TRUE(o == TransactionOutcome::kCommitted ||
                o == TransactionOutcome::kCommittedPendingRecovery ||
                (o == TransactionOutcome::kRolledBack && !client_commits))
        << TransactionOutcomeName(o) << trace;
  } else {
    ASSERT_NE(o, TransactionOutcome::kCommitted) << trace;
    ASSERT_NE(o, TransactionOutcome::kCommittedPendingRecovery) << trace;
  }
  if (writer_committed_2pc) {
    ASSERT_TRUE(finish_status.ok()) << "a committed branch means a committed transaction " << trace;
  }
  if (!client_commits) {
    ASSERT_EQ(decisions, 0);
  }
  for (size_t i = 0; i < writers.size(); ++i) {
    BranchState s = m.branches()[i].state;
    ASSERT_TRUE(s == BranchState::kCommitted || s == BranchState::kRolledBack ||
                s == BranchState::kFailedStart || s == BranchState::kLeftToRecovery ||
                s == BranchState::kCommitFailed)
        << "branch " << i << " ends " << BranchStateName(s) << trace;
    // A branch that may be prepared is either settled or left (abandoned) to recovery.
    if (s == BranchState::kLeftToRecovery) {
      ASSERT_TRUE(abandoned[i]) << trace;
    }
    if (o == TransactionOutcome::kCommitted && writers[i]) {
      EXPECT_EQ(s, BranchState::kCommitted) << trace;
    }
  }
}

TEST(TransactionMachineTest, ExhaustiveAnswersKeepEveryBranchConsistent) {
  int paths = 0;
  for (TransactionType type : {TransactionType::kXa, TransactionType::kLocal}) {
    for (int n = 1; n <= 3; ++n) {
      for (int mask = 0; mask < (1 << n); ++mask) {
        std::vector<bool> writers;
        for (int i = 0; i < n; ++i) writers.push_back((mask >> i) & 1);
        for (bool commit : {true, false}) {
          for (bool reverse : {false, true}) {
            Exploration x;
            do {
              RunPath(type, writers, commit, reverse, &x, &paths);
              if (::testing::Test::HasFatalFailure()) return;
            } while (x.Advance());
          }
        }
      }
    }
  }
  EXPECT_GT(paths, 50000);
  std::printf("explored %d paths\n", paths);
}

}  // namespace
}  // namespace shardproxy
