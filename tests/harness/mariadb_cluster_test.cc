#include "tests/harness/mariadb_cluster.h"

#include <signal.h>

#include "gtest/gtest.h"

namespace shardproxy::testing {
namespace {

TEST(MariaDbClusterTest, StartsAnswersAndCleansUp) {
  std::vector<pid_t> pids;
  {
    auto cluster = MariaDbCluster::Start(2);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    ASSERT_EQ((*cluster)->size(), 2);
    EXPECT_NE((*cluster)->instance(0).port, (*cluster)->instance(1).port);
    for (int i = 0; i < 2; ++i) {
      auto out = (*cluster)->Sql(i, "SELECT 40 + 2");
      ASSERT_TRUE(out.ok()) << out.status();
      EXPECT_EQ(*out, "42\n");
      pids.push_back((*cluster)->instance(i).pid);
    }
  }
  for (pid_t pid : pids) EXPECT_NE(kill(pid, 0), 0) << "mariadbd " << pid << " still running";
}

}  // namespace
}  // namespace shardproxy::testing
