#include "xa/deadlock_detector.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using Sessions = std::vector<uint64_t>;

TEST(WaitForGraphTest, NoCycleInAChainOrAForest) {
  WaitForGraph g;
  g.AddEdge(1, 2);
  g.AddEdge(2, 3);
  g.AddEdge(4, 3);
  EXPECT_TRUE(g.FindCycle().empty());
}

TEST(WaitForGraphTest, TwoSessionsInOppositeOrder) {
  WaitForGraph g;
  g.AddEdge(1, 2);  // on ds0
  g.AddEdge(2, 1);  // on ds1
  EXPECT_EQ(g.FindCycle(), (Sessions{1, 2}));
}

TEST(WaitForGraphTest, LongCycleBehindATail) {
  WaitForGraph g;
  g.AddEdge(9, 3);
  g.AddEdge(3, 4);
  g.AddEdge(4, 5);
  g.AddEdge(5, 3);
  EXPECT_EQ(g.FindCycle(), (Sessions{3, 4, 5}));
  g.Remove(5);
  EXPECT_TRUE(g.FindCycle().empty());
}

TEST(WaitForGraphTest, SelfWaitAcrossOwnConnectionsIsIgnoredAndDuplicatesCollapse) {
  WaitForGraph g;
  g.AddEdge(1, 1);
  EXPECT_TRUE(g.FindCycle().empty());
  g.AddEdge(1, 2);
  g.AddEdge(1, 2);
  g.AddEdge(2, 1);
  EXPECT_EQ(g.FindCycle().size(), 2u);
}

TEST(WaitForGraphTest, TwoIndependentCyclesAreBothFound) {
  WaitForGraph g;
  g.AddEdge(1, 2);
  g.AddEdge(2, 1);
  g.AddEdge(3, 4);
  g.AddEdge(4, 3);
  Sessions first = g.FindCycle();
  ASSERT_EQ(first.size(), 2u);
  g.Remove(first[0]);
  Sessions second = g.FindCycle();
  ASSERT_EQ(second.size(), 2u);
  EXPECT_NE(first, second);
  g.Remove(second[0]);
  EXPECT_TRUE(g.FindCycle().empty());
}

TEST(LockWaitsTest, ParsesRowsAndRejectsGarbage) {
  SqlResult r;
  r.rows.push_back({std::string("12"), std::string("7")});
  auto waits = ParseLockWaits(r);
  ASSERT_TRUE(waits.ok());
  ASSERT_EQ(waits->size(), 1u);
  EXPECT_EQ((*waits)[0].waiting_thread, 12u);
  EXPECT_EQ((*waits)[0].blocking_thread, 7u);
  r.rows.push_back({std::string("x"), absl::nullopt});
  EXPECT_FALSE(ParseLockWaits(r).ok());
}

}  // namespace
}  // namespace shardproxy
