// Unit tests for the pool's pure parts; the pool itself is tested against MariaDB in
// tests/backend/backend_pool_test.cc.
#include "proxy/backend/backend_pool.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

int SumOverWorkers(int total, int workers) {
  int sum = 0;
  for (int i = 0; i < workers; ++i) sum += PerWorkerConnectionLimit(total, workers, i);
  return sum;
}

TEST(PerWorkerConnectionLimitTest, SplitsTheTotalEvenly) {
  EXPECT_EQ(PerWorkerConnectionLimit(64, 2, 0), 32);
  EXPECT_EQ(PerWorkerConnectionLimit(64, 2, 1), 32);
  EXPECT_EQ(PerWorkerConnectionLimit(10, 4, 0), 3);
  EXPECT_EQ(PerWorkerConnectionLimit(10, 4, 1), 3);
  EXPECT_EQ(PerWorkerConnectionLimit(10, 4, 2), 2);
  EXPECT_EQ(PerWorkerConnectionLimit(10, 4, 3), 2);
  for (int total : {1, 7, 10, 64, 1000}) {
    for (int workers : {1, 2, 3, 8}) {
      if (total >= workers) {
        EXPECT_EQ(SumOverWorkers(total, workers), total) << total << "/" << workers;
      }
    }
  }
}

TEST(PerWorkerConnectionLimitTest, EveryWorkerGetsAtLeastOne) {
  EXPECT_EQ(PerWorkerConnectionLimit(2, 4, 3), 1);
  EXPECT_EQ(SumOverWorkers(2, 4), 4);
  EXPECT_EQ(PerWorkerConnectionLimit(0, 2, 0), 1);
  EXPECT_EQ(PerWorkerConnectionLimit(5, 0, 0), 5);
}

}  // namespace
}  // namespace shardproxy
