// A data source that dies (kill -9) under running statements and idle connections, and the
// pool's recovery when it comes back.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proxy/backend/backend_pool.h"
#include "tests/backend/backend_test_util.h"

namespace shardproxy::testing {
namespace {

using ::testing::HasSubstr;

TEST(BackendCrashTest, ADataSourceKilledMidQueryGivesCleanErrorsAndThePoolRecovers) {
  int fds_before = CountOpenFds();
  auto started = MariaDbCluster::Start(1);
  ASSERT_TRUE(started.ok()) << started.status();
  std::unique_ptr<MariaDbCluster> cluster = std::move(*started);
  int cluster_fds = CountOpenFds();
  {
    auto loop = *EventLoop::Create();
    BackendPool pool(loop.get(), *EndpointFor(cluster->instance(0), "ds0", "mysql"),
                     PoolOptions{.max_connections = 4});
    auto acquire = [&] {
      bool done = false;
      absl::StatusOr<PooledConnection> result = absl::UnknownError("not called");
      pool.Acquire({}, [&](absl::StatusOr<PooledConnection> conn) {
        result = std::move(conn);
        done = true;
      });
      EXPECT_TRUE(RunUntil(loop.get(), [&] { return done; }));
      return result;
    };

    auto sleeping = acquire();
    auto streaming = acquire();
    auto idle = acquire();
    ASSERT_TRUE(sleeping.ok() && streaming.ok() && idle.ok());
    idle->Release();
    ASSERT_EQ(pool.stats().idle, 1);

    bool sleep_done = false;
    absl::Status sleep_status;
    (*sleeping)->Query("SELECT SLEEP(30)", [&](absl::Status s) {
      sleep_status = s;
      sleep_done = true;
    });
    bool stream_open = false;
    absl::Status stream_start;
    (*streaming)->Query("SELECT seq, REPEAT('x', 500) FROM seq_1_to_10000000", [&](absl::Status s) {
      stream_start = s;
      stream_open = true;
    });
    ASSERT_TRUE(RunUntil(loop.get(), [&] { return stream_open; }));
    ASSERT_TRUE(stream_start.ok()) << stream_start;
    RowView row;
    ASSERT_NE((*streaming)->rows()->Next(&row), StreamState::kFinished)
        << (*streaming)->rows()->status();

    ASSERT_TRUE(cluster->Kill(0).ok());

    ASSERT_TRUE(RunUntil(
        loop.get(), [&] { return sleep_done; }, absl::Seconds(10)));
    MysqlError error = ToMysqlError(sleep_status);
    EXPECT_EQ(error.code, 2013);
    EXPECT_THAT(error.message, HasSubstr("Lost connection to data source 'ds0'"));
    EXPECT_TRUE((*sleeping)->is_broken());

    int drained = DrainStream(loop.get(), streaming->get());
    EXPECT_GT(drained, 0);
    absl::Status stream_status = (*streaming)->rows()->status();
    EXPECT_EQ(ToMysqlError(stream_status).code, 2013) << stream_status;
    EXPECT_THAT(stream_status.message(), HasSubstr("'ds0'"));
    EXPECT_THAT(stream_status.message(), HasSubstr("during reading rows"));

    // The idle connection is noticed and dropped without anyone touching it.
    EXPECT_TRUE(RunUntil(
        loop.get(), [&] { return pool.stats().idle == 0; }, absl::Seconds(5)));
    sleeping->Release();
    streaming->Release();
    PoolStats stats = pool.stats();
    EXPECT_EQ(stats.closed_broken, 3u);
    EXPECT_EQ(stats.open, 0);

    // While it is down: a fast, clear error.
    auto down = acquire();
    ASSERT_FALSE(down.ok());
    EXPECT_EQ(ToMysqlError(down.status()).code, 2003);
    EXPECT_THAT(down.status().message(), HasSubstr("Can't connect to data source 'ds0'"));
    EXPECT_EQ(pool.stats().consecutive_failed_connects, 1);

    int old_port = cluster->instance(0).port;
    ASSERT_TRUE(cluster->Restart(0).ok());
    ASSERT_EQ(cluster->instance(0).port, old_port) << "restarted on another port";

    auto back = acquire();
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(QueryValue(loop.get(), back->get(), "SELECT 'back'"), "back");
    EXPECT_EQ(pool.stats().consecutive_failed_connects, 0);
    back->Release();
    RunFor(loop.get(), absl::Milliseconds(5));
  }
  EXPECT_EQ(CountOpenFds(), cluster_fds) << "file descriptors leaked";
  cluster.reset();
  EXPECT_EQ(CountOpenFds(), fds_before);
}

}  // namespace
}  // namespace shardproxy::testing
