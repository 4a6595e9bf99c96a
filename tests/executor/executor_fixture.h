// Two real MariaDB instances as three data sources (ds0 and ds2 on instance 0 in databases shop0
// and shop2, ds1 on instance 1 in shop1), each with a `t_order` table; a pool per data source
// on a test-owned EventLoop; a decision log in a temporary directory; and a sink that records
// what a client would have been sent.
#ifndef SHARDPROXY_TESTS_EXECUTOR_EXECUTOR_FIXTURE_H_
#define SHARDPROXY_TESTS_EXECUTOR_EXECUTOR_FIXTURE_H_

#include <stdlib.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/executor/session_executor.h"
#include "tests/backend/backend_test_util.h"
#include "tests/harness/mariadb_cluster.h"

namespace shardproxy::testing {

// Records the answer as a client would see it.
class RecordingSink : public PlanResultSink {
 public:
  void WriteOk(const OkSummary& ok) override {
    oks.push_back(ok);
    // A multi-statement's OKs but the last say another result follows: not the answer's end.
    if (!(ok.status_flags & server_status::kMoreResultsExist)) done = true;
  }
  void WriteError(const absl::Status& status) override {
    error = status;
    done = true;
  }
  void WriteColumns(absl::Span<const ColumnDefinition> c) override {
    columns.assign(c.begin(), c.end());
  }
  bool WriteRow(RowView row) override {
    std::vector<std::string> copy;
    for (const Cell& cell : row) copy.push_back(cell ? std::string(*cell) : "NULL");
    rows.push_back(absl::StrJoin(copy, "|"));
    if (refuse_after_each_row) {
      ++refusals;
      return false;
    }
    return true;
  }
  void WriteEnd(uint16_t flags, uint16_t warn) override {
    end_flags = flags;
    warnings = warn;
    ended = true;
    if (!(flags & server_status::kMoreResultsExist)) done = true;
  }

  bool refuse_after_each_row = false;
  int refusals = 0;
  std::vector<OkSummary> oks;
  absl::Status error;
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> rows;
  uint16_t end_flags = 0;
  uint16_t warnings = 0;
  bool ended = false;
  bool done = false;
};

class ExecutorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cluster = MariaDbCluster::Start(2);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  // (instance, database) of each data source.
  static int InstanceOf(int ds) { return ds == 1 ? 1 : 0; }
  static std::string Database(int ds) { return absl::StrCat("shop", ds); }

  void SetUp() override {
    for (int ds = 0; ds < 3; ++ds) {
      auto result = cluster_->Sql(
          InstanceOf(ds),
          absl::StrCat("DROP DATABASE IF EXISTS ", Database(ds), "; CREATE DATABASE ", Database(ds),
                       "; CREATE TABLE ", Database(ds),
                       ".t_order (id INT PRIMARY KEY, user_id INT, amount DECIMAL(10,2), "
                       "city VARCHAR(20)) ENGINE=InnoDB; CREATE TABLE ",
                       Database(ds),
                       ".t_auto (id BIGINT PRIMARY KEY AUTO_INCREMENT, v INT) "
                       "AUTO_INCREMENT=",
                       100 * (ds + 1), ";"));
      ASSERT_TRUE(result.ok()) << result.status();
    }
    loop_ = *EventLoop::Create();
    for (int ds = 0; ds < 3; ++ds) AddPool(ds, cluster_->instance(InstanceOf(ds)).port);
    char dir_template[] = "/tmp/sp_executor_test_XXXXXX";
    log_dir_ = mkdtemp(dir_template);
    OpenDecisionLog();
    runner_ = std::make_unique<EventLoopTaskRunner>(loop_.get());
    environment_.loop = loop_.get();
    environment_.pools = &pools_;
    environment_.runner = runner_.get();
  }

  void OpenDecisionLog() {
    coordinator_.reset();
    decision_log_.reset();
    XaDecisionLogOptions options;
    options.dir = log_dir_;
    auto log = XaDecisionLog::Open(options);
    ASSERT_TRUE(log.ok()) << log.status();
    decision_log_ = std::move(*log);
    XaCoordinatorOptions coordinator_options;
    coordinator_options.log = decision_log_.get();
    coordinator_options.registry = &registry_;
    coordinator_options.fault_points = &fault_points_;
    coordinator_ = std::make_unique<XaCoordinator>(coordinator_options);
    environment_.coordinator = coordinator_.get();
  }

  void AddPool(int ds, int port, PoolOptions options = {}) {
    std::string name = absl::StrCat("ds", ds);
    BackendEndpoint endpoint;
    endpoint.name = name;
    endpoint.host = "127.0.0.1";
    endpoint.port = port;
    endpoint.user = cluster_->instance(InstanceOf(ds)).user;
    endpoint.password = cluster_->instance(InstanceOf(ds)).password;
    endpoint.database = Database(ds);
    owned_pools_[name] = std::make_unique<BackendPool>(loop_.get(), endpoint, options);
    pools_[name] = owned_pools_[name].get();
  }

  void TearDown() override {
    RunFor(loop_.get(), absl::Milliseconds(5));
    owned_pools_.clear();
    pools_.clear();
    RunFor(loop_.get(), absl::Milliseconds(5));
    loop_.reset();
    coordinator_.reset();
    decision_log_.reset();
    if (!log_dir_.empty()) system(absl::StrCat("rm -rf ", log_dir_).c_str());
  }

  // SQL on data source `ds` through the CLI (setup and checks, not the code under test).
  std::string Sql(int ds, const std::string& sql) {
    auto result = cluster_->Sql(InstanceOf(ds), absl::StrCat("USE ", Database(ds), "; ", sql));
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "<error>";
    std::string out = *result;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  static std::shared_ptr<router::RoutePlan> Plan(
      router::PlanKind kind, std::vector<std::pair<int, std::string>> statements,
      std::shared_ptr<const MergeSpec> merge = nullptr) {
    auto plan = std::make_shared<router::RoutePlan>();
    plan->kind = kind;
    for (auto& [ds, sql] : statements) {
      plan->statements.push_back({absl::StrCat("ds", ds), std::move(sql)});
    }
    plan->merge = std::move(merge);
    return plan;
  }

  // Runs `start` (which answers into `sink`) to the terminal call.
  bool Wait(RecordingSink& sink, absl::Duration timeout = absl::Seconds(30)) {
    return RunUntil(
        loop_.get(), [&] { return sink.done; }, timeout);
  }

  RecordingSink Run(SessionExecutor& executor, std::shared_ptr<router::RoutePlan> plan) {
    RecordingSink sink;
    executor.Execute(std::move(plan), &state_, &sink);
    EXPECT_TRUE(Wait(sink)) << "no answer";
    return sink;
  }
  RecordingSink Control(SessionExecutor& executor,
                        void (SessionExecutor::*command)(PlanResultSink*)) {
    RecordingSink sink;
    (executor.*command)(&sink);
    EXPECT_TRUE(Wait(sink)) << "no answer";
    return sink;
  }

  std::unique_ptr<SessionExecutor> NewExecutor() {
    return std::make_unique<SessionExecutor>(&environment_, ConnectionOptions{});
  }

  static inline MariaDbCluster* cluster_ = nullptr;
  std::unique_ptr<EventLoop> loop_;
  absl::flat_hash_map<std::string, std::unique_ptr<BackendPool>> owned_pools_;
  DataSourcePools pools_;
  std::string log_dir_;
  std::unique_ptr<XaDecisionLog> decision_log_;
  FaultPoints fault_points_;
  XaTransactionRegistry registry_;
  std::unique_ptr<XaCoordinator> coordinator_;
  std::unique_ptr<EventLoopTaskRunner> runner_;
  ExecutorEnvironment environment_;
  SessionState state_ = *SessionState::ForClient(45, absl::nullopt, false);
};

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_EXECUTOR_EXECUTOR_FIXTURE_H_
