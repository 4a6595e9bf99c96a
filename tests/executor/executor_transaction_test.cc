// Transactions through SessionExecutor: explicit and implicit XA across data sources, the local
// type, rollback on disconnect, failures at prepare and a data source killed between the commit
// decision and its XA COMMIT.
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "proxy/backend/backend_faults.h"
#include "tests/executor/executor_fixture.h"
#include "xa/recovery.h"

namespace shardproxy::testing {
namespace {

using router::PlanKind;
using ::testing::HasSubstr;

class ExecutorTransactionTest : public ExecutorTest {
 protected:
  std::shared_ptr<router::RoutePlan> InsertOn(int ds, int id) {
    return Plan(PlanKind::kWrite,
                {{ds, absl::StrCat("INSERT INTO t_order VALUES (", id, ", 1, 1, 'x')")}});
  }
  std::string Count(int ds) { return Sql(ds, "SELECT COUNT(*) FROM t_order"); }
  // One pass of xa/recovery over connections from this test's pools.
  XaRecoveryReport Recover() {
    PoolXaConnector connector(loop_.get(), &pools_);
    XaRecoveryOptions options;
    options.connector = &connector;
    options.log = decision_log_.get();
    options.registry = &registry_;
    options.runner = runner_.get();
    options.data_sources = {"ds0", "ds1", "ds2"};
    auto recovery = XaRecovery::Create(options);
    bool done = false;
    XaRecoveryReport report;
    recovery->RunOnce([&](XaRecoveryReport r) {
      report = std::move(r);
      done = true;
    });
    EXPECT_TRUE(RunUntil(loop_.get(), [&] { return done; }));
    return report;
  }
  // InnoDB transactions open on `instance` right now. information_schema.innodb_trx is a
  // snapshot InnoDB refreshes only when the previous read is at least 0.1 s old
  // (CACHE_MIN_IDLE_TIME_US in trx0i_s.cc): read sooner and a transaction committed since is
  // still listed. So a read waits out that window after this instance's previous one.
  std::string OpenTransactions(int instance) {
    absl::Time& last = last_trx_read_[instance];
    absl::Duration wait = last + absl::Milliseconds(150) - absl::Now();
    if (wait > absl::ZeroDuration()) absl::SleepFor(wait);
    auto trx = cluster_->Sql(instance, "SELECT COUNT(*) FROM information_schema.innodb_trx");
    last = absl::Now();
    EXPECT_TRUE(trx.ok()) << trx.status();
    if (!trx.ok()) return "<error>";
    std::string out = *trx;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  // No transaction of any session left on the server, no XA branch anywhere.
  void ExpectNothingOpen() {
    for (int instance = 0; instance < 2; ++instance) {
      EXPECT_EQ(OpenTransactions(instance), "0") << "open transactions on instance " << instance;
      auto xa = cluster_->Sql(instance, "XA RECOVER");
      ASSERT_TRUE(xa.ok());
      EXPECT_EQ(*xa, "") << "XA branches on instance " << instance;
    }
  }

  // Static: the servers (and InnoDB's snapshot) outlive each test, so the previous test's last
  // read counts too.
  static inline absl::Time last_trx_read_[2] = {absl::InfinitePast(), absl::InfinitePast()};
};

TEST_F(ExecutorTransactionTest, CommitAcrossDataSourcesIsTwoPhase) {
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  EXPECT_TRUE(executor->in_transaction());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 3)).error.ok());
  // A read inside the transaction sees its own writes (same connections).
  auto spec = std::make_shared<MergeSpec>();
  RecordingSink read = Run(*executor, Plan(PlanKind::kRead,
                                           {{0, "SELECT id FROM t_order"},
                                            {1, "SELECT id FROM t_order"},
                                            {0, "SELECT id + 100 FROM t_order"}},
                                           spec));
  ASSERT_TRUE(read.error.ok()) << read.error;
  EXPECT_EQ(read.rows.size(), 5u);
  EXPECT_TRUE(read.end_flags & server_status::kInTransaction);
  // Not visible outside before COMMIT.
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(executor->transaction().DataSources().size(), 2u);
  RecordingSink commit = Control(*executor, &SessionExecutor::Commit);
  ASSERT_TRUE(commit.error.ok()) << commit.error;
  EXPECT_FALSE(commit.oks[0].status_flags & server_status::kInTransaction);
  EXPECT_EQ(Count(0), "2");
  EXPECT_EQ(Count(1), "1");
  EXPECT_EQ(executor->transaction().stats().two_phase_commits, 1u);
  EXPECT_FALSE(executor->in_transaction());
  ExpectNothingOpen();
  // The decision was logged and then resolved.
  decision_log_->Flush();
  EXPECT_EQ(decision_log_->stats().commit_records, 1u);
  EXPECT_TRUE(decision_log_->Snapshot().committed.empty());
}

TEST_F(ExecutorTransactionTest, OneWriterCommitsInOnePhase) {
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(
      Run(*executor, Plan(PlanKind::kRead, {{1, "SELECT COUNT(*) FROM t_order"}})).error.ok());
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Commit).error.ok());
  EXPECT_EQ(Count(0), "1");
  EXPECT_EQ(executor->transaction().stats().one_phase_commits, 1u);
  EXPECT_EQ(executor->transaction().stats().two_phase_commits, 0u);
  decision_log_->Flush();
  EXPECT_EQ(decision_log_->stats().commit_records, 0u);
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, RollbackUndoesEveryBranch) {
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(2, 3)).error.ok());
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Rollback).error.ok());
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(1), "0");
  EXPECT_EQ(Count(2), "0");
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, DisconnectRollsBackAndPoolNeverHandsOutOpenBranches) {
  // One connection per data source, so the next session must get the very same connections.
  for (int ds = 0; ds < 3; ++ds) {
    PoolOptions options;
    options.max_connections = 1;
    AddPool(ds, cluster_->instance(InstanceOf(ds)).port, options);
  }
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  bool aborted = false;
  executor->Abort([&] { aborted = true; });
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return aborted; }));
  executor.reset();
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(1), "0");
  // The next session gets the same connections, with no branch or transaction on them: an XA
  // START there works (it would fail with 1399 inside an open branch).
  auto next = NewExecutor();
  for (int ds = 0; ds < 2; ++ds) {
    RecordingSink sink =
        Run(*next, Plan(PlanKind::kRead, {{ds, "SELECT @@in_transaction, COUNT(*) FROM t_order"}}));
    ASSERT_TRUE(sink.error.ok()) << sink.error;
    EXPECT_EQ(sink.rows[0], "0|0");
  }
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, DisconnectMidStatementClosesTheBranches) {
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  RecordingSink sink;
  executor->Execute(
      Plan(PlanKind::kWrite, {{1, "INSERT INTO t_order SELECT 2, SLEEP(0.3), 1, 'x'"}}), &state_,
      &sink);
  RunFor(loop_.get(), absl::Milliseconds(50));
  bool aborted = false;
  executor->Abort([&] { aborted = true; });
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return aborted; }));
  EXPECT_FALSE(sink.done) << "no answer after Abort";
  executor.reset();
  RunFor(loop_.get(), absl::Milliseconds(500));
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(1), "0");
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, FailedPrepareRollsBackEverything) {
  ScriptedFaults faults;
  faults.AddStatementFault("ds1", "XA PREPARE",
                           Fault::Error(1401, "XAE03", "XAER_RMERR: injected"));
  PoolOptions options;
  options.faults = &faults;
  AddPool(1, cluster_->instance(1).port, options);
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  RecordingSink commit = Control(*executor, &SessionExecutor::Commit);
  MysqlError error = ToMysqlError(commit.error);
  EXPECT_EQ(error.code, 1402);
  EXPECT_EQ(error.sqlstate, "XA100");
  EXPECT_THAT(error.message, HasSubstr("ds1"));
  EXPECT_EQ(faults.fired(), 1);
  EXPECT_EQ(Count(0), "0");
  EXPECT_EQ(Count(1), "0");
  EXPECT_FALSE(executor->in_transaction());
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, StatementDeadlockAbortsTheWholeTransaction) {
  ScriptedFaults faults;
  faults.AddStatementFault("ds1", "VALUES (4,",
                           Fault::Error(1213, "40001", "Deadlock found when trying to get lock"));
  PoolOptions options;
  options.faults = &faults;
  AddPool(1, cluster_->instance(1).port, options);
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  RecordingSink failed = Run(*executor, InsertOn(1, 4));
  EXPECT_EQ(ToMysqlError(failed.error).code, 1213);
  EXPECT_FALSE(executor->in_transaction()) << "a deadlock ends the transaction, as in MySQL";
  EXPECT_EQ(Count(0), "0");
  ExpectNothingOpen();
}

TEST_F(ExecutorTransactionTest, LocalTypeUsesPlainTransactions) {
  auto executor = NewExecutor();
  ASSERT_TRUE(executor->SetTransactionType(TransactionType::kLocal).ok());
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  EXPECT_EQ(ToMysqlError(executor->SetTransactionType(TransactionType::kXa)).code, 1568);
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  EXPECT_EQ(OpenTransactions(InstanceOf(0)), "1");
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Commit).error.ok());
  EXPECT_EQ(Count(0), "1");
  EXPECT_EQ(Count(1), "1");
  decision_log_->Flush();
  EXPECT_EQ(decision_log_->stats().commit_records, 0u);
  ExpectNothingOpen();
}

// Kill the data source between the durable decision and its XA COMMIT: the client still gets
// OK (the transaction is committed by the decision), the branch survives the crash prepared,
// and committing what the decision log lists (recovery's rule) completes the transaction.
TEST_F(ExecutorTransactionTest, ShardKilledAfterDecisionIsCommittedByRecovery) {
  FaultRule rule;
  rule.point = FaultPoint::kAfterDecision;
  rule.action = FaultAction::kCallback;
  rule.callback = [] { ASSERT_TRUE(cluster_->Kill(1).ok()); };
  fault_points_.Add(std::move(rule));
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  std::string gtrid = executor->transaction().gtrid();
  RecordingSink commit = Control(*executor, &SessionExecutor::Commit);
  EXPECT_TRUE(commit.error.ok()) << commit.error;
  EXPECT_EQ(executor->transaction().stats().branches_left_to_recovery, 1u);
  EXPECT_EQ(Count(0), "1");
  ASSERT_TRUE(cluster_->Restart(1).ok());
  // The branch is in doubt on ds1 and the log still holds the decision.
  std::string recover = Sql(1, "XA RECOVER");
  EXPECT_THAT(recover, HasSubstr(gtrid));
  decision_log_->Flush();
  auto snapshot = decision_log_->Snapshot();
  ASSERT_TRUE(snapshot.committed.contains(gtrid));
  EXPECT_THAT(snapshot.committed[gtrid], ::testing::UnorderedElementsAre("ds0", "ds1"));
  // Recovery commits it, since the decision exists, and drops the decision.
  XaRecoveryReport report = Recover();
  EXPECT_EQ(report.committed, 1);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(Count(1), "1");
  ExpectNothingOpen();
}

// Kill the data source as soon as the first XA PREPARE answered. Which branch answered first
// is up to the servers: if it was ds1's, both prepared, the decision is written and ds1's branch
// is committed by recovery; if it was ds0's, ds1's prepare is lost, every branch is rolled back
// and recovery rolls back ds1's branch if it did prepare (presumed abort). Either way the
// transaction is all or nothing, the client's answer says which, and nothing stays in doubt.
TEST_F(ExecutorTransactionTest, ShardKilledDuringPrepareIsAllOrNothing) {
  FaultRule rule;
  rule.point = FaultPoint::kAfterSomePrepares;
  rule.count = 1;
  rule.action = FaultAction::kCallback;
  rule.callback = [] { ASSERT_TRUE(cluster_->Kill(1).ok()); };
  fault_points_.Add(std::move(rule));
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(0, 1)).error.ok());
  ASSERT_TRUE(Run(*executor, InsertOn(1, 2)).error.ok());
  std::string gtrid = executor->transaction().gtrid();
  RecordingSink commit = Control(*executor, &SessionExecutor::Commit);
  ASSERT_TRUE(cluster_->Restart(1).ok());
  decision_log_->Flush();
  bool decided = decision_log_->IsCommitted(gtrid);
  XaRecoveryReport report = Recover();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(commit.error.ok(), decided);
  EXPECT_EQ(Count(0), decided ? "1" : "0");
  EXPECT_EQ(Count(1), decided ? "1" : "0");
  ExpectNothingOpen();
}

}  // namespace
}  // namespace shardproxy::testing

namespace shardproxy::testing {
namespace {

// The autocommit form: a multi-row INSERT split over two data sources runs as an implicit XA
// transaction; ds1 dies after the decision. The client gets OK, and once ds1 is back recovery
// completes the statement: never half applied.
TEST_F(ExecutorTransactionTest, SplitInsertSurvivesShardCrashAfterDecision) {
  FaultRule rule;
  rule.point = FaultPoint::kAfterDecision;
  rule.action = FaultAction::kCallback;
  rule.callback = [] { ASSERT_TRUE(cluster_->Kill(1).ok()); };
  fault_points_.Add(std::move(rule));
  auto executor = NewExecutor();
  RecordingSink insert = Run(
      *executor,
      Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (1, 1, 1, 'a'), (3, 1, 1, 'a')"},
                              {1, "INSERT INTO t_order VALUES (2, 1, 1, 'b'), (4, 1, 1, 'b')"}}));
  ASSERT_TRUE(insert.error.ok()) << insert.error;
  EXPECT_EQ(insert.oks[0].affected_rows, 4u);
  EXPECT_EQ(Count(0), "2");
  ASSERT_TRUE(cluster_->Restart(1).ok());
  EXPECT_EQ(Count(1), "0") << "ds1's branch is prepared, not yet committed";
  XaRecoveryReport report = Recover();
  EXPECT_EQ(report.committed, 1);
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(Count(1), "2");
  ExpectNothingOpen();
}

}  // namespace
}  // namespace shardproxy::testing
