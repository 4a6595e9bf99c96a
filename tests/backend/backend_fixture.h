// One MariaDB instance with a small `shop` database for the backend suites, a fresh EventLoop
// per test, and a check that no test leaks file descriptors.
#ifndef SHARDPROXY_TESTS_BACKEND_BACKEND_FIXTURE_H_
#define SHARDPROXY_TESTS_BACKEND_BACKEND_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/backend/backend_test_util.h"

namespace shardproxy::testing {

class BackendTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cluster = MariaDbCluster::Start(1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
    auto setup = cluster_->Sql(0,
                               "CREATE DATABASE shop; "
                               "CREATE TABLE shop.items (id INT PRIMARY KEY AUTO_INCREMENT, "
                               "  name VARCHAR(20) NOT NULL, qty INT); "
                               "INSERT INTO shop.items (name, qty) VALUES ('apple', 3), "
                               "  ('pear', NULL), ('', 0);");
    ASSERT_TRUE(setup.ok()) << setup.status();
    // Let Connector/C load whatever it keeps for the process before fds are counted.
    auto loop = EventLoop::Create();
    BackendConnection warm_up((*loop).get(), EndpointFor(cluster_->instance(0)));
    ASSERT_TRUE(Await((*loop).get(), [&](auto done) {
                  warm_up.Connect(absl::Seconds(10), std::move(done));
                }).ok());
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void SetUp() override {
    fds_before_ = CountOpenFds();
    loop_ = *EventLoop::Create();
  }
  void TearDown() override {
    RunFor(loop_.get(), absl::Milliseconds(5));  // deferred deletions
    loop_.reset();
    EXPECT_EQ(CountOpenFds(), fds_before_) << "file descriptors leaked";
  }

  std::unique_ptr<BackendConnection> Connect(ConnectionOptions options = {},
                                             std::string database = "shop") {
    auto conn = std::make_unique<BackendConnection>(
        loop_.get(), EndpointFor(cluster_->instance(0), "ds0", database), options);
    absl::Status status =
        Await(loop_.get(), [&](auto done) { conn->Connect(absl::Seconds(10), std::move(done)); });
    EXPECT_TRUE(status.ok()) << status;
    return conn;
  }

  Collected Run(BackendConnection* conn, const std::string& sql) {
    return QueryAll(loop_.get(), conn, sql);
  }

  static inline MariaDbCluster* cluster_ = nullptr;
  int fds_before_ = 0;
  std::unique_ptr<EventLoop> loop_;
};

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_BACKEND_BACKEND_FIXTURE_H_
