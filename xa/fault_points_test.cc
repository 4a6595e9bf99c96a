#include "xa/fault_points.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(FaultPointsTest, ParsesTheFlag) {
  EXPECT_TRUE(FaultPoints::Parse("").ok());
  EXPECT_TRUE(FaultPoints::Parse("after_prepares=1:kill").ok());
  EXPECT_TRUE(FaultPoints::Parse("before_decision:abort, after_commits=2:kill@3").ok());
  EXPECT_TRUE(FaultPoints::Parse("after_decision:kill").ok());
  for (absl::string_view bad :
       {"after_prepares:kill", "after_prepares=0:kill", "after_decision=1:kill",
        "before_decision:explode", "somewhere:kill", "after_commits=1:kill@0", "after_commits=1"}) {
    absl::StatusOr<std::unique_ptr<FaultPoints>> parsed = FaultPoints::Parse(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message().find(std::string(bad)), std::string::npos)
          << parsed.status();
    }
  }
}

TEST(FaultPointsTest, CallbackFiresAtTheArmedCountAndTransactionOnce) {
  FaultPoints points;
  int fired = 0;
  FaultRule rule;
  rule.point = FaultPoint::kAfterSomeCommits;
  rule.count = 2;
  rule.transaction = 2;
  rule.action = FaultAction::kCallback;
  rule.callback = [&] { ++fired; };
  points.Add(std::move(rule));
  points.Hit(FaultPoint::kAfterSomeCommits, 1);  // transaction 1
  points.Hit(FaultPoint::kAfterSomeCommits, 2);
  EXPECT_EQ(fired, 0);
  points.Hit(FaultPoint::kAfterSomePrepares, 2);  // another point
  points.Hit(FaultPoint::kAfterSomeCommits, 1);   // transaction 2
  points.Hit(FaultPoint::kAfterSomeCommits, 2);
  EXPECT_EQ(fired, 1);
  points.Hit(FaultPoint::kAfterSomeCommits, 2);  // transaction 3
  EXPECT_EQ(fired, 1);
}

TEST(FaultPointsTest, KillIsKillNine) {
  absl::StatusOr<std::unique_ptr<FaultPoints>> points = FaultPoints::Parse("after_decision:kill");
  ASSERT_TRUE(points.ok());
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    (*points)->Hit(FaultPoint::kBeforeDecision, 1);  // not armed
    (*points)->Hit(FaultPoint::kAfterDecision, 1);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

}  // namespace
}  // namespace shardproxy
