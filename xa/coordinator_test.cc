// Coordinator and recovery paths that a real server cannot be made to take on demand: a rollback
// requested while a join runs, a decision log whose fsync fails, recovery meeting a transaction
// still live in this process or a decision of unknown durability. Participants here are scripted
// (answers chosen per statement); the real-MariaDB suite is tests/xa/xa_integration_test.cc.
#include "xa/coordinator.h"

#include <stdlib.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "xa/fault_injection_file_system.h"
#include "xa/recovery.h"
#include "xa/show_xa_transactions.h"

namespace shardproxy {
namespace {

namespace fs = std::filesystem;

class Loop : public TaskRunner {
 public:
  void Post(absl::AnyInvocable<void()> task) override {
    absl::MutexLock lock(&mu_);
    tasks_.push_back(std::move(task));
  }
  void RunAfter(absl::Duration, absl::AnyInvocable<void()> task) override {
    timers_.push_back(std::move(task));
  }
  // Runs posted tasks until `done` (timers only when `run_timers`); false after 5 s.
  bool RunUntil(const std::function<bool()>& done) {
    absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (!done()) {
      if (absl::Now() > deadline) return false;
      absl::AnyInvocable<void()> task;
      {
        absl::MutexLock lock(&mu_);
        auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !tasks_.empty(); };
        mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Milliseconds(10));
        if (tasks_.empty()) continue;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
    return true;
  }
  size_t timers() const { return timers_.size(); }

 private:
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::AnyInvocable<void()>> timers_;
};

using Script = std::function<absl::StatusOr<SqlResult>(const std::string& sql)>;

class ScriptedParticipant : public XaParticipant {
 public:
  ScriptedParticipant(std::string ds, Loop* loop, Script script = nullptr)
      : ds_(std::move(ds)), loop_(loop), script_(std::move(script)) {}
  const std::string& data_source() const override { return ds_; }
  void Execute(std::string sql, SqlCallback done) override {
    log.push_back(sql);
    loop_->Post([this, sql, done = std::move(done)]() mutable {
      done(script_ ? script_(sql) : absl::StatusOr<SqlResult>(SqlResult{}));
    });
  }
  void Abandon() override { abandoned = true; }
  std::vector<std::string> log;
  bool abandoned = false;

 private:
  std::string ds_;
  Loop* loop_;
  Script script_;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "xa-coord-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<std::string> Verbs(const std::vector<std::string>& log) {
  std::vector<std::string> out;
  for (const std::string& sql : log) {
    std::vector<std::string> words = absl::StrSplit(sql, ' ');
    out.push_back(words.size() >= 2 ? absl::StrCat(words[0], " ", words[1]) : sql);
  }
  return out;
}

class CoordinatorTest : public ::testing::Test {
 protected:
  void OpenLog(FileSystem* fs = nullptr) {
    XaDecisionLogOptions options;
    options.dir = dir_.path();
    options.instance_id = "unit";
    options.fs = fs;
    auto log = XaDecisionLog::Open(options);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    coordinator_ =
        std::make_unique<XaCoordinator>(XaCoordinatorOptions{log_.get(), &registry_, nullptr});
  }

  absl::Status Run(const std::function<void(XaTransaction::Callback)>& start) {
    absl::optional<absl::Status> result;
    start([&](absl::Status st) { result = st; });
    EXPECT_TRUE(loop_.RunUntil([&] { return result.has_value(); }));
    return result.value_or(absl::DeadlineExceededError("no answer"));
  }

  TempDir dir_;
  Loop loop_;
  XaTransactionRegistry registry_;
  std::unique_ptr<XaDecisionLog> log_;
  std::unique_ptr<XaCoordinator> coordinator_;
};

TEST_F(CoordinatorTest, GtridsCarryInstanceAndEpochAndDiffer) {
  OpenLog();
  auto a = coordinator_->Begin(TransactionType::kXa, &loop_);
  auto b = coordinator_->Begin(TransactionType::kXa, &loop_);
  EXPECT_NE(a->gtrid(), b->gtrid());
  auto parts = ParseGtrid(a->gtrid());
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->instance_id, "unit");
  EXPECT_EQ(parts->epoch, log_->epoch());
}

TEST_F(CoordinatorTest, RollbackDuringJoinRunsWhenTheJoinFinishes) {
  OpenLog();
  ScriptedParticipant p0("ds0", &loop_), p1("ds1", &loop_);
  auto tx = coordinator_->Begin(TransactionType::kXa, &loop_);
  absl::optional<absl::Status> joined, rolled_back;
  tx->Join({&p0, &p1}, [&](absl::Status st) { joined = st; });
  EXPECT_TRUE(registry_.IsLive(tx->gtrid()));  // before any XA START answered
  tx->Rollback([&](absl::Status st) { rolled_back = st; });
  ASSERT_TRUE(loop_.RunUntil([&] { return rolled_back.has_value(); }));
  EXPECT_TRUE(joined.has_value() && joined->ok());
  EXPECT_TRUE(rolled_back->ok());
  EXPECT_EQ(Verbs(p0.log), (std::vector<std::string>{"XA START", "XA END", "XA ROLLBACK"}));
  EXPECT_FALSE(registry_.IsLive(tx->gtrid()));
  // Finished: a second Commit is refused, not run.
  EXPECT_FALSE(Run([&](auto cb) { tx->Commit(std::move(cb)); }).ok());
}

TEST_F(CoordinatorTest, FailedFsyncOfTheDecisionRollsBackEverywhere) {
  FaultInjectionFileSystem fs(PosixFileSystem());
  OpenLog(&fs);
  ScriptedParticipant p0("ds0", &loop_), p1("ds1", &loop_);
  auto tx = coordinator_->Begin(TransactionType::kXa, &loop_);
  ASSERT_TRUE(Run([&](auto cb) { tx->Join({&p0, &p1}, std::move(cb)); }).ok());
  tx->MarkWrites(&p0);
  tx->MarkWrites(&p1);
  fs.FailNext(FileOp::kSync, absl::InternalError("injected fsync failure"));
  absl::Status st = Run([&](auto cb) { tx->Commit(std::move(cb)); });
  ASSERT_FALSE(st.ok());
  MysqlError e = ToMysqlError(st);
  EXPECT_EQ(e.code, 1402);
  EXPECT_TRUE(absl::StrContains(e.message, "injected fsync failure")) << e.message;
  for (auto* p : {&p0, &p1}) {
    EXPECT_EQ(Verbs(p->log),
              (std::vector<std::string>{"XA START", "XA END", "XA PREPARE", "XA ROLLBACK"}));
  }
  EXPECT_FALSE(log_->IsCommitted(tx->gtrid()));
}

TEST_F(CoordinatorTest, LocalTypeUsesPlainTransactionsAndNoRegistry) {
  OpenLog();
  ScriptedParticipant p0("ds0", &loop_), p1("ds1", &loop_);
  auto tx = coordinator_->Begin(TransactionType::kLocal, &loop_);
  ASSERT_TRUE(Run([&](auto cb) { tx->Join({&p0, &p1}, std::move(cb)); }).ok());
  tx->MarkWrites(&p0);
  tx->MarkWrites(&p1);
  ASSERT_TRUE(Run([&](auto cb) { tx->Commit(std::move(cb)); }).ok());
  EXPECT_EQ(p0.log, (std::vector<std::string>{"START TRANSACTION", "COMMIT"}));
  EXPECT_TRUE(registry_.Snapshot().recent.empty());
}

// XA RECOVER rows in the plain form: formatID, gtrid_length, bqual_length, gtrid+bqual.
SqlResult RecoverRows(const std::vector<Xid>& xids) {
  SqlResult r;
  for (const Xid& x : xids) {
    r.rows.push_back({std::to_string(x.format_id), std::to_string(x.gtrid.size()),
                      std::to_string(x.bqual.size()), x.gtrid + x.bqual});
  }
  return r;
}

class ScriptedConnector : public XaConnector {
 public:
  explicit ScriptedConnector(Loop* loop) : loop_(loop) {}
  void Connect(absl::string_view ds, ConnectCallback done) override {
    std::string name(ds);
    loop_->Post([this, name, done = std::move(done)]() mutable {
      if (down.count(name)) {
        done(MysqlStatus(2003, "HY000", absl::StrCat("Can't connect to '", name, "'")));
        return;
      }
      auto p = std::make_unique<ScriptedParticipant>(
          name, loop_, [this, name](const std::string& sql) -> absl::StatusOr<SqlResult> {
            statements[name].push_back(sql);
            if (sql == "XA RECOVER") return RecoverRows(prepared[name]);
            return SqlResult{};
          });
      done(std::unique_ptr<XaParticipant>(std::move(p)));
    });
  }
  std::map<std::string, std::vector<Xid>> prepared;
  std::map<std::string, std::vector<std::string>> statements;
  std::set<std::string> down;

 private:
  Loop* loop_;
};

class RecoveryTest : public CoordinatorTest {
 protected:
  void SetUp() override {
    OpenLog();
    XaRecoveryOptions options;
    options.connector = &connector_;
    options.log = log_.get();
    options.registry = &registry_;
    options.runner = &loop_;
    options.data_sources = {"ds0", "ds1"};
    recovery_ = XaRecovery::Create(options);
  }
  XaRecoveryReport Pass() {
    absl::optional<XaRecoveryReport> report;
    recovery_->RunOnce([&](XaRecoveryReport r) { report = r; });
    EXPECT_TRUE(loop_.RunUntil([&] { return report.has_value(); }));
    return report.value_or(XaRecoveryReport{});
  }
  void Decide(const std::string& gtrid, std::vector<std::string> participants) {
    bool done = false;
    log_->LogCommitDecision(gtrid, std::move(participants),
                            [&](DecisionWriteResult) { done = true; });
    log_->Flush();
    ASSERT_TRUE(done);
  }
  Xid Own(uint64_t seq, const std::string& ds) {
    return Xid{kXidFormatId, FormatGtrid({"unit", 1, seq}), ds};
  }

  ScriptedConnector connector_{&loop_};
  std::shared_ptr<XaRecovery> recovery_;
};

TEST_F(RecoveryTest, CommitsDecidedRollsBackTheRestIgnoresStrangers) {
  Decide(Own(1, "ds0").gtrid, {"ds0", "ds1"});
  connector_.prepared["ds0"] = {
      Own(1, "ds0"), Own(2, "ds0"), Xid{1, "app-xa", "b"},     // an application's
      Xid{kXidFormatId, FormatGtrid({"other", 1, 1}), "ds0"},  // another proxy's
      Own(3, "ds1")};  // ds1's branch on the same server: ds1's pass
  connector_.prepared["ds1"] = {Own(1, "ds1"), Own(3, "ds1")};
  XaRecoveryReport r = Pass();
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.committed, 2);
  EXPECT_EQ(r.rolled_back, 2);
  EXPECT_EQ(r.resolved_decisions, 1);
  auto& s0 = connector_.statements["ds0"];
  ASSERT_EQ(s0.size(), 3u);
  EXPECT_EQ(s0[1], XaStatementSql(XaVerb::kCommit, Own(1, "ds0")));
  EXPECT_EQ(s0[2], XaStatementSql(XaVerb::kRollback, Own(2, "ds0")));
  auto& s1 = connector_.statements["ds1"];
  ASSERT_EQ(s1.size(), 3u);
  EXPECT_EQ(s1[2], XaStatementSql(XaVerb::kRollback, Own(3, "ds1")));
  log_->Flush();
  EXPECT_FALSE(log_->IsCommitted(Own(1, "ds0").gtrid));
}

TEST_F(RecoveryTest, LeavesLiveTransactionsAlone) {
  registry_.Begin(Own(5, "ds0").gtrid, {"ds0"});
  connector_.prepared["ds0"] = {Own(5, "ds0")};
  XaRecoveryReport r = Pass();
  EXPECT_EQ(r.rolled_back, 0);
  EXPECT_EQ(r.in_doubt, 1);
  EXPECT_EQ(connector_.statements["ds0"].size(), 1u);  // XA RECOVER only
  auto rows = ShowXaTransactionsRows(registry_.Snapshot());
  bool listed = false;
  for (const auto& row : rows) listed |= row[1] == std::string("in doubt");
  EXPECT_TRUE(listed);
  registry_.End(Own(5, "ds0").gtrid, "rolled back", "");
  r = Pass();
  EXPECT_EQ(r.rolled_back, 1);
  EXPECT_TRUE(r.clean());
}

TEST_F(RecoveryTest, KeepsTheDecisionWhileAParticipantIsDown) {
  Decide(Own(1, "ds0").gtrid, {"ds0", "ds1"});
  connector_.prepared["ds1"] = {Own(1, "ds1")};
  connector_.down.insert("ds1");
  XaRecoveryReport r = Pass();
  EXPECT_FALSE(r.clean());
  ASSERT_EQ(r.unreachable.size(), 1u);
  EXPECT_EQ(r.resolved_decisions, 0);
  EXPECT_TRUE(log_->IsCommitted(Own(1, "ds0").gtrid));
  connector_.down.clear();
  r = Pass();
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.committed, 1);
  EXPECT_EQ(r.resolved_decisions, 1);
}

TEST_F(RecoveryTest, ScansDataSourcesNamedOnlyByTheLog) {
  Decide(Own(1, "ds9").gtrid, {"ds0", "ds9"});  // ds9 left the config
  connector_.prepared["ds9"] = {Own(1, "ds9")};
  XaRecoveryReport r = Pass();
  EXPECT_EQ(r.committed, 1);
  EXPECT_EQ(connector_.statements["ds9"].size(), 2u);
}

TEST_F(CoordinatorTest, RecoveryLeavesADecisionOfUnknownDurabilityAlone) {
  FaultInjectionFileSystem fs(PosixFileSystem());
  OpenLog(&fs);
  // The decision's fsync fails and so does the repair: on disk or not, nobody knows.
  fs.FailNext(FileOp::kSync, absl::InternalError("injected EIO"));
  fs.FailNext(FileOp::kNewWritableFile, absl::InternalError("injected EROFS"), 0, 1);
  ScriptedParticipant p0("ds0", &loop_), p1("ds1", &loop_);
  auto tx = coordinator_->Begin(TransactionType::kXa, &loop_);
  ASSERT_TRUE(Run([&](auto cb) { tx->Join({&p0, &p1}, std::move(cb)); }).ok());
  tx->MarkWrites(&p0);
  tx->MarkWrites(&p1);
  absl::Status st = Run([&](auto cb) { tx->Commit(std::move(cb)); });
  EXPECT_EQ(ToMysqlError(st).code, 1399) << st;
  EXPECT_EQ(tx->outcome(), TransactionOutcome::kOutcomeUnknown);
  EXPECT_TRUE(p0.abandoned && p1.abandoned);
  EXPECT_EQ(Verbs(p0.log).back(), "XA PREPARE");  // neither committed nor rolled back

  ScriptedConnector connector(&loop_);
  connector.prepared["ds0"] = {Xid{kXidFormatId, tx->gtrid(), "ds0"}};
  XaRecoveryOptions options;
  options.connector = &connector;
  options.log = log_.get();
  options.registry = &registry_;
  options.runner = &loop_;
  options.data_sources = {"ds0"};
  auto recovery = XaRecovery::Create(options);
  absl::optional<XaRecoveryReport> report;
  recovery->RunOnce([&](XaRecoveryReport r) { report = r; });
  ASSERT_TRUE(loop_.RunUntil([&] { return report.has_value(); }));
  EXPECT_EQ(report->in_doubt, 1);
  EXPECT_EQ(report->committed + report->rolled_back, 0);
  EXPECT_EQ(connector.statements["ds0"].size(), 1u);  // XA RECOVER only
}

TEST_F(RecoveryTest, PeriodicPassesRetrySoonerWhileSomethingIsInDoubt) {
  connector_.down.insert("ds1");
  recovery_->Start();
  ASSERT_TRUE(loop_.RunUntil([&] { return loop_.timers() == 1; }));
  EXPECT_FALSE(recovery_->last_report().clean());
  recovery_->Stop();
}

}  // namespace
}  // namespace shardproxy
