#include "proxy/server/ops_statements.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(RecognizeOpsStatementTest, KillForms) {
  OpsStatement kill = RecognizeOpsStatement("KILL 42");
  EXPECT_EQ(kill.kind, OpsStatementKind::kKill);
  EXPECT_EQ(kill.kill_id, 42u);
  EXPECT_TRUE(kill.kill_connection);
  kill = RecognizeOpsStatement("  kill query 7;");
  EXPECT_EQ(kill.kind, OpsStatementKind::kKill);
  EXPECT_EQ(kill.kill_id, 7u);
  EXPECT_FALSE(kill.kill_connection);
  kill = RecognizeOpsStatement("KILL HARD CONNECTION 9");
  EXPECT_EQ(kill.kind, OpsStatementKind::kKill);
  EXPECT_TRUE(kill.kill_connection);
  EXPECT_EQ(RecognizeOpsStatement("KILL SOFT QUERY 3").kill_connection, false);
  for (const char* other :
       {"KILL QUERY ID 5", "KILL USER app", "KILL 5; SELECT 1", "KILL", "KILL -1",
        "KILL 99999999999", "KILL CONNECTION_ID()", "KILL QUERY 5 6"}) {
    EXPECT_EQ(RecognizeOpsStatement(other).kind, OpsStatementKind::kNone) << other;
  }
}

TEST(RecognizeOpsStatementTest, OthersStillKnown) {
  EXPECT_EQ(RecognizeOpsStatement("SHOW FULL PROCESSLIST").kind,
            OpsStatementKind::kShowProcesslist);
  EXPECT_EQ(RecognizeOpsStatement("SET max_execution_time = 10").value, 10);
  EXPECT_EQ(RecognizeOpsStatement("SELECT 1").kind, OpsStatementKind::kNone);
  EXPECT_EQ(RecognizeOpsStatement("kick").kind, OpsStatementKind::kNone);
}

}  // namespace
}  // namespace shardproxy
