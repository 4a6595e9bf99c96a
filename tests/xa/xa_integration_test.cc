// Two-phase commit, crash points and recovery against two real MariaDB servers.
//
// Each test moves money between account 1 on ds0 (instance 0) and account 2 on ds1 (instance 1);
// the invariant is the total (200) and, after recovery, no prepared branch left anywhere. A
// proxy crash is a real `kill -9`: a forked child runs the coordinator with a fault point armed
// to SIGKILL itself; the parent then opens the same decision-log directory and runs recovery, as
// a restarted proxy would.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "tests/harness/mariadb_cluster.h"
#include "tests/xa/blocking_participant.h"
#include "xa/coordinator.h"
#include "xa/deadlock_detector.h"
#include "xa/recovery.h"
#include "xa/show_xa_transactions.h"

namespace shardproxy::testing {
namespace {

namespace fs = std::filesystem;

MariaDbCluster* g_cluster = nullptr;

class XaIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cluster = MariaDbCluster::Start(2);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    g_cluster = cluster->release();
  }
  static void TearDownTestSuite() {
    delete g_cluster;
    g_cluster = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(g_cluster, nullptr);
    for (int i = 0; i < 2; ++i) {
      // Leftovers of a failed earlier test must not leak into this one.
      RollBackEveryPreparedBranch(i);
      ASSERT_TRUE(g_cluster
                      ->Sql(i, absl::StrCat("DROP DATABASE IF EXISTS db", i, "; CREATE DATABASE db",
                                            i, "; CREATE TABLE db", i,
                                            ".accounts (id INT PRIMARY KEY, balance INT NOT NULL) "
                                            "ENGINE=InnoDB; INSERT INTO db",
                                            i, ".accounts VALUES (", i + 1, ", 100)"))
                      .ok());
    }
    std::string pattern = (fs::temp_directory_path() / "xa-it-XXXXXX").string();
    log_dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(log_dir_); }

  static void RollBackEveryPreparedBranch(int i) {
    auto out = g_cluster->Sql(i, "XA RECOVER FORMAT='SQL'");
    if (!out.ok()) return;
    for (absl::string_view line : absl::StrSplit(*out, '\n', absl::SkipEmpty())) {
      std::vector<std::string> cells = absl::StrSplit(line, '\t');
      if (cells.size() == 4) (void)g_cluster->Sql(i, absl::StrCat("XA ROLLBACK ", cells[3]));
    }
  }

  static std::map<std::string, DataSourceAddress> Addresses() {
    return {{"ds0", {0, "db0"}}, {"ds1", {1, "db1"}}};
  }

  static int Balance(int i) {
    auto out = g_cluster->Sql(i, absl::StrCat("SELECT balance FROM db", i, ".accounts"));
    EXPECT_TRUE(out.ok()) << out.status();
    int v = -1;
    EXPECT_TRUE(absl::SimpleAtoi(absl::StripAsciiWhitespace(*out), &v)) << *out;
    return v;
  }
  // The XA RECOVER listing of instance i (empty when nothing is prepared).
  static std::string Prepared(int i) {
    auto out = g_cluster->Sql(i, "XA RECOVER");
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : "?";
  }

  // A "proxy": loop, registry, log, coordinator.
  struct Proxy {
    TestLoop loop;
    XaTransactionRegistry registry;
    std::unique_ptr<XaDecisionLog> log;
    std::unique_ptr<FaultPoints> faults = std::make_unique<FaultPoints>();
    std::unique_ptr<XaCoordinator> coordinator;
    std::unique_ptr<ClusterConnector> connector;
    std::shared_ptr<XaRecovery> recovery;
  };
  std::unique_ptr<Proxy> OpenProxy() {
    auto proxy = std::make_unique<Proxy>();
    XaDecisionLogOptions options;
    options.dir = log_dir_;
    auto log = XaDecisionLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status();
    if (!log.ok()) return nullptr;
    proxy->log = std::move(*log);
    proxy->coordinator = std::make_unique<XaCoordinator>(
        XaCoordinatorOptions{proxy->log.get(), &proxy->registry, proxy->faults.get()});
    proxy->connector = std::make_unique<ClusterConnector>(g_cluster, Addresses(), &proxy->loop);
    XaRecoveryOptions recovery;
    recovery.connector = proxy->connector.get();
    recovery.log = proxy->log.get();
    recovery.registry = &proxy->registry;
    recovery.runner = &proxy->loop;
    recovery.data_sources = {"ds0", "ds1"};
    proxy->recovery = XaRecovery::Create(recovery);
    return proxy;
  }

  struct Session {
    std::unique_ptr<BlockingParticipant> p0, p1;
  };
  static Session Connect(Proxy* proxy) {
    Session s;
    s.p0 =
        std::make_unique<BlockingParticipant>(g_cluster->instance(0), "db0", "ds0", &proxy->loop);
    s.p1 =
        std::make_unique<BlockingParticipant>(g_cluster->instance(1), "db1", "ds1", &proxy->loop);
    EXPECT_TRUE(s.p0->ok()) << s.p0->error();
    EXPECT_TRUE(s.p1->ok()) << s.p1->error();
    return s;
  }

  // Moves `amount` from account 1 (ds0) to account 2 (ds1) in one distributed transaction.
  // `before_commit` runs between the updates and COMMIT.
  static absl::Status Transfer(Proxy* proxy, Session* s, int amount,
                               const std::function<void()>& before_commit = nullptr) {
    auto tx = proxy->coordinator->Begin(TransactionType::kXa, &proxy->loop);
    absl::optional<absl::Status> joined;
    tx->Join({s->p0.get(), s->p1.get()}, [&](absl::Status st) { joined = st; });
    EXPECT_TRUE(proxy->loop.RunUntil([&] { return joined.has_value(); }));
    if (!joined->ok()) return *joined;
    tx->MarkWrites(s->p0.get());
    auto r0 = s->p0->Run(
        absl::StrCat("UPDATE accounts SET balance = balance - ", amount, " WHERE id = 1"));
    EXPECT_TRUE(r0.ok()) << r0.status();
    tx->MarkWrites(s->p1.get());
    auto r1 = s->p1->Run(
        absl::StrCat("UPDATE accounts SET balance = balance + ", amount, " WHERE id = 2"));
    EXPECT_TRUE(r1.ok()) << r1.status();
    if (before_commit) before_commit();
    absl::optional<absl::Status> committed;
    tx->Commit([&](absl::Status st) { committed = st; });
    EXPECT_TRUE(proxy->loop.RunUntil([&] { return committed.has_value(); }));
    return committed.value_or(absl::DeadlineExceededError("commit did not finish"));
  }

  static XaRecoveryReport RecoverOnce(Proxy* proxy) {
    absl::optional<XaRecoveryReport> report;
    proxy->recovery->RunOnce([&](XaRecoveryReport r) { report = std::move(r); });
    EXPECT_TRUE(proxy->loop.RunUntil([&] { return report.has_value(); }));
    return report.value_or(XaRecoveryReport{});
  }
  // Passes until clean (a branch whose connection is still closing answers XAER_NOTA once).
  static XaRecoveryReport RecoverUntilClean(Proxy* proxy, int* committed, int* rolled_back) {
    XaRecoveryReport r;
    for (int pass = 0; pass < 20; ++pass) {
      r = RecoverOnce(proxy);
      *committed += r.committed;
      *rolled_back += r.rolled_back;
      if (r.clean()) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return r;
  }

  // Runs a transfer in a forked child whose fault point kills it with SIGKILL at `rule`.
  void TransferInChildKilledAt(const std::string& rule) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto proxy = OpenProxy();
      if (proxy == nullptr) _exit(2);
      auto faults = FaultPoints::Parse(rule);
      if (!faults.ok()) _exit(4);
      proxy->faults = std::move(*faults);
      proxy->coordinator = std::make_unique<XaCoordinator>(
          XaCoordinatorOptions{proxy->log.get(), &proxy->registry, proxy->faults.get()});
      Session s = Connect(proxy.get());
      absl::Status st = Transfer(proxy.get(), &s, 30);
      _exit(st.ok() ? 3 : 5);  // the fault point should have killed us
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    ASSERT_EQ(WTERMSIG(status), SIGKILL);
  }

  void ExpectRecoveredTo(bool committed) {
    auto proxy = OpenProxy();
    ASSERT_NE(proxy, nullptr);
    int commits = 0, rollbacks = 0;
    XaRecoveryReport r = RecoverUntilClean(proxy.get(), &commits, &rollbacks);
    EXPECT_TRUE(r.clean()) << r.in_doubt << " in doubt";
    EXPECT_EQ(Balance(0), committed ? 70 : 100);
    EXPECT_EQ(Balance(1), committed ? 130 : 100);
    EXPECT_EQ(Balance(0) + Balance(1), 200);
    EXPECT_EQ(Prepared(0), "");
    EXPECT_EQ(Prepared(1), "");
    if (committed) {
      EXPECT_GE(commits, 1);
      EXPECT_EQ(rollbacks, 0);
    } else {
      EXPECT_EQ(commits, 0);
    }
    // Every decision is resolved: the log compacts to nothing live.
    proxy->log->Flush();
    EXPECT_TRUE(proxy->log->Snapshot().committed.empty());
    proxy.reset();
    auto reopened = OpenProxy();
    ASSERT_NE(reopened, nullptr);
    EXPECT_EQ(reopened->log->open_report().live_decisions, 0u);
  }

  std::string log_dir_;
};

TEST_F(XaIntegrationTest, TwoPhaseCommitAppliesOnEveryDataSource) {
  auto proxy = OpenProxy();
  Session s = Connect(proxy.get());
  ASSERT_TRUE(Transfer(proxy.get(), &s, 30).ok());
  EXPECT_EQ(Balance(0), 70);
  EXPECT_EQ(Balance(1), 130);
  EXPECT_EQ(Prepared(0), "");
  EXPECT_EQ(Prepared(1), "");
  // The wire protocol really was two-phase on both.
  for (auto* p : {s.p0.get(), s.p1.get()}) {
    bool prepared = false, committed = false;
    for (const std::string& sql : p->log) {
      prepared |= absl::StartsWith(sql, "XA PREPARE");
      committed |= absl::StartsWith(sql, "XA COMMIT") && !absl::StrContains(sql, "ONE PHASE");
    }
    EXPECT_TRUE(prepared && committed);
  }
  proxy->log->Flush();
  EXPECT_EQ(proxy->log->stats().commit_records, 1u);
  EXPECT_TRUE(proxy->log->Snapshot().committed.empty());  // resolved at once
  auto view = proxy->registry.Snapshot();
  ASSERT_EQ(view.recent.size(), 1u);
  EXPECT_EQ(view.recent[0].state, "committed");
  EXPECT_TRUE(view.live.empty());
}

TEST_F(XaIntegrationTest, SingleWriterCommitsInOnePhase) {
  auto proxy = OpenProxy();
  Session s = Connect(proxy.get());
  auto tx = proxy->coordinator->Begin(TransactionType::kXa, &proxy->loop);
  absl::optional<absl::Status> joined, committed;
  tx->Join({s.p0.get(), s.p1.get()}, [&](absl::Status st) { joined = st; });
  ASSERT_TRUE(proxy->loop.RunUntil([&] { return joined.has_value(); }));
  tx->MarkWrites(s.p0.get());
  ASSERT_TRUE(s.p0->Run("UPDATE accounts SET balance = 1 WHERE id = 1").ok());
  ASSERT_TRUE(s.p1->Run("SELECT * FROM accounts").ok());
  tx->Commit([&](absl::Status st) { committed = st; });
  ASSERT_TRUE(proxy->loop.RunUntil([&] { return committed.has_value(); }));
  ASSERT_TRUE(committed->ok()) << *committed;
  EXPECT_EQ(Balance(0), 1);
  EXPECT_EQ(s.p0->log.back().find("ONE PHASE") != std::string::npos, true) << s.p0->log.back();
  proxy->log->Flush();
  EXPECT_EQ(proxy->log->stats().commit_records, 0u);
}

TEST_F(XaIntegrationTest, PrepareFailureRollsBackEverywhere) {
  auto proxy = OpenProxy();
  Session s = Connect(proxy.get());
  unsigned long victim = s.p1->thread_id();
  s.p1->before_statement = [victim](const std::string& sql) {
    if (absl::StartsWith(sql, "XA PREPARE")) {
      ASSERT_TRUE(g_cluster->Sql(1, absl::StrCat("KILL ", victim)).ok());
    }
  };
  absl::Status st = Transfer(proxy.get(), &s, 30);
  ASSERT_FALSE(st.ok());
  MysqlError e = ToMysqlError(st);
  EXPECT_EQ(e.code, 1402) << e.message;
  EXPECT_TRUE(absl::StrContains(e.message, "XA PREPARE failed on data source 'ds1'")) << e.message;
  EXPECT_EQ(Balance(0), 100);
  EXPECT_EQ(Balance(1), 100);
  int commits = 0, rollbacks = 0;
  EXPECT_TRUE(RecoverUntilClean(proxy.get(), &commits, &rollbacks).clean());
  EXPECT_EQ(commits, 0);
  EXPECT_EQ(Prepared(0), "");
  EXPECT_EQ(Prepared(1), "");
}

TEST_F(XaIntegrationTest, ShardDownBeforeCommitRollsBackWithClearError) {
  auto proxy = OpenProxy();
  Session s = Connect(proxy.get());
  absl::Status st = Transfer(proxy.get(), &s, 30, [] { ASSERT_TRUE(g_cluster->Kill(1).ok()); });
  ASSERT_TRUE(g_cluster->Restart(1).ok());
  ASSERT_FALSE(st.ok());
  MysqlError e = ToMysqlError(st);
  EXPECT_TRUE(absl::StrContains(e.message, "data source 'ds1'")) << e.message;
  EXPECT_EQ(Balance(0), 100);
  EXPECT_EQ(Balance(1), 100);
  EXPECT_EQ(Prepared(0), "");
  EXPECT_EQ(Prepared(1), "");
}

TEST_F(XaIntegrationTest, ProxyKilledAfterOnePrepareRollsBack) {
  TransferInChildKilledAt("after_prepares=1:kill");
  ExpectRecoveredTo(/*committed=*/false);
}

TEST_F(XaIntegrationTest, ProxyKilledBeforeDecisionRollsBack) {
  TransferInChildKilledAt("before_decision:kill");
  EXPECT_NE(Prepared(0), "");  // both branches really were prepared
  EXPECT_NE(Prepared(1), "");
  ExpectRecoveredTo(/*committed=*/false);
}

TEST_F(XaIntegrationTest, ProxyKilledAfterDecisionCommits) {
  TransferInChildKilledAt("after_decision:kill");
  EXPECT_NE(Prepared(0), "");
  EXPECT_NE(Prepared(1), "");
  ExpectRecoveredTo(/*committed=*/true);
}

TEST_F(XaIntegrationTest, ProxyKilledMidCommitCommitsTheRest) {
  TransferInChildKilledAt("after_commits=1:kill");
  EXPECT_NE(Prepared(0) + Prepared(1), "");
  ExpectRecoveredTo(/*committed=*/true);
}

TEST_F(XaIntegrationTest, TornLogTailAfterCrashIsIgnoredAndDecisionKept) {
  TransferInChildKilledAt("after_decision:kill");
  {
    // A later batch's frame that never finished: header and part of a payload.
    std::ofstream out(log_dir_ + "/xa_decisions.log", std::ios::binary | std::ios::app);
    out.write("FRM1\x40\x00\x00\x00\x12\x34", 10);
  }
  {
    auto proxy = OpenProxy();
    ASSERT_NE(proxy, nullptr);
    EXPECT_TRUE(proxy->log->open_report().torn_tail);
    EXPECT_EQ(proxy->log->open_report().live_decisions, 1u);
  }
  ExpectRecoveredTo(/*committed=*/true);
}

TEST_F(XaIntegrationTest, ShardKilledAfterDecisionIsCommittedWhenItReturns) {
  auto proxy = OpenProxy();
  FaultRule rule;
  rule.point = FaultPoint::kAfterDecision;
  rule.action = FaultAction::kCallback;
  rule.callback = [] { ASSERT_TRUE(g_cluster->Kill(1).ok()); };
  proxy->faults->Add(std::move(rule));
  Session s = Connect(proxy.get());
  absl::Status st = Transfer(proxy.get(), &s, 30);
  // The decision was durable: the client is told "committed".
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_TRUE(s.p1->abandoned());
  EXPECT_EQ(Balance(0), 70);
  XaRecoveryReport down = RecoverOnce(proxy.get());
  EXPECT_FALSE(down.clean());
  ASSERT_EQ(down.unreachable.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(down.unreachable[0], "ds1")) << down.unreachable[0];
  EXPECT_EQ(proxy->log->Snapshot().committed.size(), 1u);  // kept while ds1 is down
  ASSERT_TRUE(g_cluster->Restart(1).ok());
  EXPECT_NE(Prepared(1), "");  // InnoDB brought the prepared branch back
  int commits = 0, rollbacks = 0;
  EXPECT_TRUE(RecoverUntilClean(proxy.get(), &commits, &rollbacks).clean());
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(Balance(1), 130);
  EXPECT_EQ(Prepared(1), "");
  proxy->log->Flush();
  EXPECT_TRUE(proxy->log->Snapshot().committed.empty());
  bool listed = false;
  for (const auto& row : ShowXaTransactionsRows(proxy->registry.Snapshot())) {
    listed |= row[1] == std::string("recovered: committed") && row[2] == std::string("ds1");
  }
  EXPECT_TRUE(listed);
}

TEST_F(XaIntegrationTest, RecoveryLeavesOtherApplicationsAndInstancesAlone) {
  TransferInChildKilledAt("before_decision:kill");
  // A foreign branch and a branch of another shardproxy instance, both prepared.
  ASSERT_TRUE(g_cluster
                  ->Sql(0,
                        "XA START 'someone-else'; INSERT INTO db0.accounts VALUES (7, 1); "
                        "XA END 'someone-else'; XA PREPARE 'someone-else'")
                  .ok());
  Xid other{kXidFormatId, "sp-otherproxy-1-1", "ds0"};
  ASSERT_TRUE(g_cluster
                  ->Sql(0, absl::StrCat(XaStatementSql(XaVerb::kStart, other),
                                        "; INSERT INTO db0.accounts VALUES (8, 1); ",
                                        XaStatementSql(XaVerb::kEnd, other), "; ",
                                        XaStatementSql(XaVerb::kPrepare, other)))
                  .ok());
  auto proxy = OpenProxy();
  int commits = 0, rollbacks = 0;
  EXPECT_TRUE(RecoverUntilClean(proxy.get(), &commits, &rollbacks).clean());
  EXPECT_EQ(rollbacks, 2);  // our two branches
  std::string left = Prepared(0);
  EXPECT_TRUE(absl::StrContains(left, "someone-else")) << left;
  EXPECT_TRUE(absl::StrContains(left, "sp-otherproxy-1-1")) << left;
  EXPECT_EQ(Prepared(1), "");
  RollBackEveryPreparedBranch(0);
}

TEST_F(XaIntegrationTest, ManyTransfersKeepTheTotal) {
  auto proxy = OpenProxy();
  Session s = Connect(proxy.get());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(Transfer(proxy.get(), &s, i % 2 == 0 ? 1 : -1).ok());
  }
  EXPECT_EQ(Balance(0) + Balance(1), 200);
  proxy->log->Flush();
  EXPECT_EQ(proxy->log->stats().commit_records, 50u);
  EXPECT_TRUE(proxy->log->Snapshot().committed.empty());
}

TEST_F(XaIntegrationTest, CrossShardDeadlockIsFoundAndTheYoungerTransactionIsTheVictim) {
  auto proxy = OpenProxy();
  Session a = Connect(proxy.get());  // session 1, older
  Session b = Connect(proxy.get());  // session 2, younger
  for (auto* p : {a.p0.get(), a.p1.get(), b.p0.get(), b.p1.get()}) {
    ASSERT_TRUE(p->Run("BEGIN").ok());
  }
  ASSERT_TRUE(a.p0->Run("UPDATE accounts SET balance = balance - 10 WHERE id = 1").ok());
  ASSERT_TRUE(b.p1->Run("UPDATE accounts SET balance = balance - 20 WHERE id = 2").ok());
  // Opposite order on the other shard: each waits for the other; neither server sees a cycle.
  absl::StatusOr<SqlResult> a_result, b_result;
  std::thread ta(
      [&] { a_result = a.p1->Run("UPDATE accounts SET balance = balance + 10 WHERE id = 2"); });
  std::thread tb(
      [&] { b_result = b.p0->Run("UPDATE accounts SET balance = balance + 20 WHERE id = 1"); });
  // Whatever the outcome, the waiting statements end and their threads are joined (a failed
  // assertion must not leave a joinable std::thread behind: that aborts the whole binary).
  absl::Cleanup end_waits = [&] {
    if (tb.joinable()) {
      (void)g_cluster->Sql(0, absl::StrCat("KILL QUERY ", b.p0->thread_id()));
      tb.join();
    }
    if (ta.joinable()) {
      (void)g_cluster->Sql(1, absl::StrCat("KILL QUERY ", a.p1->thread_id()));
      ta.join();
    }
  };

  DeadlockDetectorOptions options;
  options.connector = proxy->connector.get();
  options.runner = &proxy->loop;
  auto detector = DeadlockDetector::Create(std::move(options));
  detector->AddConnection("ds0", a.p0->thread_id(), 1, 1);
  detector->AddConnection("ds1", a.p1->thread_id(), 1, 1);
  detector->AddConnection("ds0", b.p0->thread_id(), 2, 2);
  detector->AddConnection("ds1", b.p1->thread_id(), 2, 2);
  std::vector<uint64_t> victims;
  // Generous: on a loaded machine the two lock waits may take seconds to show. InnoDB refreshes
  // what information_schema.INNODB_TRX and INNODB_LOCK_WAITS show only when they were last read
  // more than 0.1 s ago, so scans closer together than that would see the first scan's
  // snapshot (taken before the waits, on a loaded machine) for ever; the proxy scans every
  // 250 ms.
  for (int scan = 0; scan < 100 && victims.empty(); ++scan) {
    bool done = false;
    detector->ScanOnce([&](std::vector<uint64_t> v) {
      victims = std::move(v);
      done = true;
    });
    ASSERT_TRUE(proxy->loop.RunUntil([&] { return done; }));
    if (victims.empty()) absl::SleepFor(absl::Milliseconds(150));
  }
  ASSERT_EQ(victims, (std::vector<uint64_t>{2}));
  // What the executor does with the victim: stop its waiting statement, roll it back.
  ASSERT_TRUE(g_cluster->Sql(0, absl::StrCat("KILL QUERY ", b.p0->thread_id())).ok());
  tb.join();
  EXPECT_FALSE(b_result.ok());
  ASSERT_TRUE(b.p0->Run("ROLLBACK").ok());
  ASSERT_TRUE(b.p1->Run("ROLLBACK").ok());
  ta.join();
  ASSERT_TRUE(a_result.ok()) << a_result.status();
  ASSERT_TRUE(a.p0->Run("COMMIT").ok());
  ASSERT_TRUE(a.p1->Run("COMMIT").ok());
  EXPECT_EQ(Balance(0), 90);
  EXPECT_EQ(Balance(1), 110);
}

TEST_F(XaIntegrationTest, DeadlockScanThatCannotReachADataSourceSaysSo) {
  auto proxy = OpenProxy();
  DeadlockDetectorOptions options;
  options.connector = proxy->connector.get();
  options.runner = &proxy->loop;
  auto detector = DeadlockDetector::Create(std::move(options));
  auto scan = [&] {
    bool done = false;
    detector->ScanOnce([&](std::vector<uint64_t>) { done = true; });
    ASSERT_TRUE(proxy->loop.RunUntil([&] { return done; }));
  };
  detector->AddConnection("ds0", 1001, 1, 1);
  detector->AddConnection("ds_gone", 1002, 2, 2);  // the connector knows no such data source
  scan();
  EXPECT_EQ(detector->FailingDataSources(), std::vector<std::string>{"ds_gone"});
  scan();  // still failing: logged once, listed still
  EXPECT_EQ(detector->FailingDataSources(), std::vector<std::string>{"ds_gone"});
  detector->RemoveConnection("ds_gone", 1002);
  detector->AddConnection("ds1", 1003, 3, 3);
  scan();  // ds0 and ds1 answer; ds_gone is not scanned, so not known to work again
  EXPECT_EQ(detector->FailingDataSources(), std::vector<std::string>{"ds_gone"});
}

// The bank-transfer invariant under a crash with many transactions in flight: 8 sessions move
// money between their own pair of accounts (account 10+i on ds0 and on ds1), transactions
// interleaved on the loop and sharing group-commit batches; the proxy is killed at a fault point
// of the 20th transaction to reach it. After recovery every pair still sums to 200 — each
// transaction applied on both data sources or on neither — and nothing is left prepared.
class XaCrashUnderLoadTest : public XaIntegrationTest,
                             public ::testing::WithParamInterface<const char*> {};

TEST_P(XaCrashUnderLoadTest, EveryPairKeepsItsTotalAfterRecovery) {
  constexpr int kSessions = 8;
  for (int ds = 0; ds < 2; ++ds) {
    std::string values;
    for (int i = 0; i < kSessions; ++i)
      absl::StrAppend(&values, i ? "," : "", "(", 10 + i, ",100)");
    ASSERT_TRUE(
        g_cluster->Sql(ds, absl::StrCat("INSERT INTO db", ds, ".accounts VALUES ", values)).ok());
  }
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto proxy = OpenProxy();
    auto faults = FaultPoints::Parse(GetParam());
    if (proxy == nullptr || !faults.ok()) _exit(2);
    proxy->faults = std::move(*faults);
    proxy->coordinator = std::make_unique<XaCoordinator>(
        XaCoordinatorOptions{proxy->log.get(), &proxy->registry, proxy->faults.get()});
    std::vector<Session> sessions;
    for (int i = 0; i < kSessions; ++i) sessions.push_back(Connect(proxy.get()));
    std::vector<std::shared_ptr<XaTransaction>> open(kSessions);
    std::function<void(int)> next = [&](int i) {
      Session& s = sessions[i];
      auto tx = proxy->coordinator->Begin(TransactionType::kXa, &proxy->loop);
      open[i] = tx;
      tx->Join({s.p0.get(), s.p1.get()}, [&, i, tx](absl::Status st) {
        if (!st.ok()) _exit(6);
        Session& s = sessions[i];
        tx->MarkWrites(s.p0.get());
        tx->MarkWrites(s.p1.get());
        int amount = 1 + i;
        if (!s.p0->Run(absl::StrCat("UPDATE accounts SET balance = balance - ", amount,
                                    " WHERE id = ", 10 + i))
                 .ok() ||
            !s.p1->Run(absl::StrCat("UPDATE accounts SET balance = balance + ", amount,
                                    " WHERE id = ", 10 + i))
                 .ok()) {
          _exit(7);
        }
        tx->Commit([&, i](absl::Status st) {
          if (!st.ok()) _exit(8);
          proxy->loop.Post([&, i] { next(i); });
        });
      });
    };
    for (int i = 0; i < kSessions; ++i) next(i);
    proxy->loop.RunUntil([] { return false; }, absl::Seconds(120));
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  auto proxy = OpenProxy();
  ASSERT_NE(proxy, nullptr);
  int commits = 0, rollbacks = 0;
  EXPECT_TRUE(RecoverUntilClean(proxy.get(), &commits, &rollbacks).clean());
  EXPECT_GT(commits + rollbacks, 0);
  EXPECT_EQ(Prepared(0), "");
  EXPECT_EQ(Prepared(1), "");
  auto left = g_cluster->Sql(0, "SELECT id, balance FROM db0.accounts WHERE id >= 10 ORDER BY id");
  auto right = g_cluster->Sql(1, "SELECT id, balance FROM db1.accounts WHERE id >= 10 ORDER BY id");
  ASSERT_TRUE(left.ok() && right.ok());
  std::vector<std::string> l = absl::StrSplit(*left, '\n', absl::SkipEmpty());
  std::vector<std::string> r = absl::StrSplit(*right, '\n', absl::SkipEmpty());
  ASSERT_EQ(l.size(), static_cast<size_t>(kSessions));
  ASSERT_EQ(r.size(), static_cast<size_t>(kSessions));
  bool moved = false;
  for (int i = 0; i < kSessions; ++i) {
    std::vector<std::string> lc = absl::StrSplit(l[i], '\t'), rc = absl::StrSplit(r[i], '\t');
    int lb = 0, rb = 0;
    ASSERT_TRUE(absl::SimpleAtoi(lc[1], &lb) && absl::SimpleAtoi(rc[1], &rb));
    EXPECT_EQ(lb + rb, 200) << "pair " << 10 + i << ": " << lb << " + " << rb;
    moved |= lb != 100;
  }
  EXPECT_TRUE(moved);
}

INSTANTIATE_TEST_SUITE_P(FaultPoints, XaCrashUnderLoadTest,
                         ::testing::Values("after_prepares=1:kill@20", "before_decision:kill@20",
                                           "after_decision:kill@20", "after_commits=1:kill@20"));

}  // namespace
}  // namespace shardproxy::testing
