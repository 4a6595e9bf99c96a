// Writes through SessionExecutor: affected rows summed, the last insert id rule, warnings, and
// autocommit writes on several data sources running as one implicit XA transaction.
#include "gmock/gmock.h"
#include "tests/executor/executor_fixture.h"

namespace shardproxy::testing {
namespace {

using router::PlanKind;
using ::testing::HasSubstr;

class ExecutorWriteTest : public ExecutorTest {};

TEST_F(ExecutorWriteTest, AffectedRowsAndWarningsAreSummed) {
  Sql(0, "INSERT INTO t_order VALUES (1, 1, 1, 'a'), (3, 1, 1, 'b')");
  Sql(1, "INSERT INTO t_order VALUES (2, 1, 1, 'a')");
  Sql(2, "INSERT INTO t_order VALUES (4, 1, 1, 'a')");
  auto executor = NewExecutor();
  // Two statements on ds0 (in plan order, on one connection), one each on ds1 and ds2; the
  // rounded DECIMAL raises a note (1265), which counts as a warning.
  RecordingSink sink =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "UPDATE t_order SET amount = 1.504 WHERE id = 1"},
                                             {1, "UPDATE t_order SET amount = amount + 1"},
                                             {0, "UPDATE t_order SET amount = amount + 1"},
                                             {2, "DELETE FROM t_order"}}));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  ASSERT_EQ(sink.oks.size(), 1u);
  EXPECT_EQ(sink.oks[0].affected_rows, 1u + 1u + 2u + 1u);
  EXPECT_EQ(sink.oks[0].warnings, 1);
  EXPECT_TRUE(sink.oks[0].status_flags & server_status::kAutocommit);
  EXPECT_FALSE(sink.oks[0].status_flags & server_status::kInTransaction);
  EXPECT_EQ(Sql(0, "SELECT amount FROM t_order ORDER BY id"), "2.50\n2.00");
  EXPECT_EQ(Sql(2, "SELECT COUNT(*) FROM t_order"), "0");
  // Three data sources written in autocommit: one implicit two-phase commit.
  EXPECT_EQ(executor->transaction().stats().two_phase_commits, 1u);
  EXPECT_FALSE(executor->in_transaction());
}

TEST_F(ExecutorWriteTest, SingleStatementKeepsInfo) {
  Sql(0, "INSERT INTO t_order VALUES (1, 1, 1, 'a')");
  auto executor = NewExecutor();
  RecordingSink sink =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "UPDATE t_order SET amount = 5"}}));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  EXPECT_THAT(sink.oks[0].info, HasSubstr("Rows matched: 1"));
  EXPECT_EQ(executor->transaction().stats().two_phase_commits, 0u);
}

TEST_F(ExecutorWriteTest, LastInsertIdIsGeneratedKeyElseFirstNonZero) {
  auto executor = NewExecutor();
  RecordingSink sink =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (1, 1, 1, 'a')"},
                                             {1, "INSERT INTO t_auto (v) VALUES (1), (2)"},
                                             {2, "INSERT INTO t_auto (v) VALUES (3)"}}));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  EXPECT_EQ(sink.oks[0].affected_rows, 4u);
  EXPECT_EQ(sink.oks[0].last_insert_id, 200u);  // ds1's, the first non-zero in plan order

  auto plan = Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (2, 1, 1, 'a')"},
                                      {1, "INSERT INTO t_order VALUES (3, 1, 1, 'a')"}});
  plan->generated_insert_id = 77;
  RecordingSink generated = Run(*executor, plan);
  ASSERT_TRUE(generated.error.ok()) << generated.error;
  EXPECT_EQ(generated.oks[0].last_insert_id, 77u);
}

TEST_F(ExecutorWriteTest, SplitInsertIsAtomicWhenOneShardRefuses) {
  Sql(1, "INSERT INTO t_order VALUES (2, 1, 1, 'exists')");
  auto executor = NewExecutor();
  RecordingSink sink =
      Run(*executor,
          Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (1, 1, 1, 'a'), (3, 1, 1, 'a')"},
                                  {1, "INSERT INTO t_order VALUES (2, 1, 1, 'b'), (4, 1, 1, 'b')"},
                                  {2, "INSERT INTO t_order VALUES (5, 1, 1, 'c')"}}));
  MysqlError error = ToMysqlError(sink.error);
  EXPECT_EQ(error.code, 1062);
  EXPECT_EQ(error.sqlstate, "23000");
  // Nothing of the statement stayed anywhere.
  EXPECT_EQ(Sql(0, "SELECT COUNT(*) FROM t_order"), "0");
  EXPECT_EQ(Sql(1, "SELECT COUNT(*) FROM t_order"), "1");
  EXPECT_EQ(Sql(2, "SELECT COUNT(*) FROM t_order"), "0");
  EXPECT_EQ(Sql(0, "XA RECOVER"), "");
  EXPECT_EQ(Sql(1, "XA RECOVER"), "");
  EXPECT_FALSE(executor->in_transaction());
  RunFor(loop_.get(), absl::Milliseconds(20));
  for (const char* ds : {"ds0", "ds1", "ds2"}) EXPECT_EQ(owned_pools_[ds]->stats().in_use, 0);
}

TEST_F(ExecutorWriteTest, LocalTypeRunsMultiSourceWritesWithoutXa) {
  auto executor = NewExecutor();
  ASSERT_TRUE(executor->SetTransactionType(TransactionType::kLocal).ok());
  Sql(1, "INSERT INTO t_order VALUES (2, 1, 1, 'exists')");
  RecordingSink sink =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (1, 1, 1, 'a')"},
                                             {1, "INSERT INTO t_order VALUES (2, 1, 1, 'b')"}}));
  EXPECT_EQ(ToMysqlError(sink.error).code, 1062);
  // Not atomic, as documented for the local type: ds0's row stays.
  EXPECT_EQ(Sql(0, "SELECT COUNT(*) FROM t_order"), "1");
}

TEST_F(ExecutorWriteTest, DdlRunsEverywhereOutsideTransactions) {
  auto executor = NewExecutor();
  RecordingSink begin = Control(*executor, &SessionExecutor::Begin);
  ASSERT_TRUE(begin.error.ok());
  RecordingSink insert =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "INSERT INTO t_order VALUES (1, 1, 1, 'a')"},
                                             {1, "INSERT INTO t_order VALUES (2, 1, 1, 'a')"}}));
  ASSERT_TRUE(insert.error.ok()) << insert.error;
  EXPECT_TRUE(insert.oks[0].status_flags & server_status::kInTransaction);
  // DDL commits the open transaction first (MySQL's implicit commit), then runs on every node.
  RecordingSink ddl =
      Run(*executor, Plan(PlanKind::kDdl, {{0, "ALTER TABLE t_order ADD COLUMN note INT"},
                                           {1, "ALTER TABLE t_order ADD COLUMN note INT"}}));
  ASSERT_TRUE(ddl.error.ok()) << ddl.error;
  EXPECT_FALSE(executor->in_transaction());
  EXPECT_EQ(Sql(0, "SELECT COUNT(*) FROM t_order"), "1");
  EXPECT_EQ(Sql(1, "SELECT COUNT(note) FROM t_order"), "0");
  EXPECT_EQ(Sql(1, "SELECT COUNT(*) FROM t_order"), "1");
  EXPECT_EQ(executor->transaction().stats().two_phase_commits, 1u);
}

}  // namespace
}  // namespace shardproxy::testing
