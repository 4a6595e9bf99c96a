// Reads through SessionExecutor against real MariaDB shards: passthrough with the backend's
// metadata, merged scatter reads, backpressure, shard errors and a data source that is down.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "tests/executor/executor_fixture.h"

namespace shardproxy::testing {
namespace {

using router::PlanKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ExecutorReadTest : public ExecutorTest {
 protected:
  void SetUp() override {
    ExecutorTest::SetUp();
    Sql(0,
        "INSERT INTO t_order VALUES (1, 10, 5.50, 'Paris'), (3, 10, 7.25, 'berlin'), "
        "(5, 12, NULL, 'Paris'), (7, 12, 100.00, 'Rome')");
    Sql(1,
        "INSERT INTO t_order VALUES (2, 11, 8.00, 'paris'), (4, 11, 0.10, 'Berlin'), "
        "(6, 13, 42.42, 'Oslo')");
  }
};

TEST_F(ExecutorReadTest, SingleNodePassthroughKeepsBackendMetadata) {
  auto executor = NewExecutor();
  RecordingSink sink = Run(*executor, Plan(PlanKind::kRead, {{0,
                                                              "SELECT id, amount AS a FROM t_order "
                                                              "WHERE id IN (1, 5) ORDER BY id"}}));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  ASSERT_EQ(sink.columns.size(), 2u);
  EXPECT_EQ(sink.columns[0].name, "id");
  EXPECT_EQ(sink.columns[0].org_table, "t_order");
  EXPECT_EQ(sink.columns[0].schema, "shop0");
  EXPECT_EQ(sink.columns[0].type, FieldType::kLong);
  EXPECT_EQ(sink.columns[1].name, "a");
  EXPECT_EQ(sink.columns[1].org_name, "amount");
  EXPECT_EQ(sink.columns[1].type, FieldType::kNewDecimal);
  EXPECT_EQ(sink.columns[1].decimals, 2);
  EXPECT_THAT(sink.rows, ElementsAre("1|5.50", "5|NULL"));
  EXPECT_TRUE(sink.ended);
  EXPECT_TRUE(sink.end_flags & server_status::kAutocommit);
  EXPECT_EQ(owned_pools_["ds0"]->stats().in_use, 0);
}

TEST_F(ExecutorReadTest, PassthroughMultiStatementsKeepEveryResult) {
  state_.multi_statements = true;
  auto executor = NewExecutor();
  RecordingSink sink =
      Run(*executor, Plan(PlanKind::kRead, {{0,
                                             "UPDATE t_order SET city = city WHERE id = 1; "
                                             "SELECT COUNT(*) FROM t_order"}}));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  ASSERT_EQ(sink.oks.size(), 1u);
  EXPECT_TRUE(sink.oks[0].status_flags & server_status::kMoreResultsExist);
  EXPECT_THAT(sink.rows, ElementsAre("4"));
  EXPECT_TRUE(sink.ended);
  EXPECT_FALSE(sink.end_flags & server_status::kMoreResultsExist);
}

TEST_F(ExecutorReadTest, ScatterOrderByLimitMergesSortedShards) {
  auto spec = std::make_shared<MergeSpec>();
  spec->order_by = {{.column = 1, .order = SortOrder::kDesc}};
  spec->shards_sorted_by_order = true;
  spec->limit = {.offset = 1, .count = 3};
  const char* sql = "SELECT id, amount FROM t_order ORDER BY amount DESC LIMIT 4";
  auto executor = NewExecutor();
  RecordingSink sink = Run(*executor, Plan(PlanKind::kRead, {{0, sql}, {1, sql}, {2, sql}}, spec));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  // All amounts DESC: 100.00, 42.42, 8.00, 7.25, 5.50, 0.10, NULL.
  EXPECT_THAT(sink.rows, ElementsAre("6|42.42", "2|8.00", "3|7.25"));
  EXPECT_EQ(sink.columns[1].type, FieldType::kNewDecimal);
  // Unfinished shard results were read to their end: every connection went back to its pool.
  RunFor(loop_.get(), absl::Milliseconds(20));
  for (const char* ds : {"ds0", "ds1", "ds2"}) {
    PoolStats stats = owned_pools_[ds]->stats();
    EXPECT_EQ(stats.in_use, 0) << ds;
    EXPECT_EQ(stats.closed_unfinished, 0u) << ds;
    EXPECT_EQ(stats.idle, 1) << ds;
  }
}

TEST_F(ExecutorReadTest, ScatterGroupByAggregatesAcrossShards) {
  // SELECT city, SUM(amount), COUNT(*) FROM t_order GROUP BY city (utf8mb4_general_ci groups
  // 'Paris' with 'paris').
  auto spec = std::make_shared<MergeSpec>();
  spec->group_by = {{.column = 0}};
  spec->shards_sorted_by_group = true;
  spec->aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
                      AggregateSpec::Partial(AggregateFunction::kCount, 2)};
  spec->columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "SUM(amount)"),
                   OutputColumn::Aggregate(1, "COUNT(*)")};
  const char* sql = "SELECT city, SUM(amount), COUNT(*) FROM t_order GROUP BY city ORDER BY city";
  auto executor = NewExecutor();
  RecordingSink sink = Run(*executor, Plan(PlanKind::kRead, {{0, sql}, {1, sql}}, spec));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  ASSERT_EQ(sink.columns.size(), 3u);
  EXPECT_EQ(sink.columns[1].name, "SUM(amount)");
  EXPECT_THAT(sink.rows,
              ElementsAre("berlin|7.35|2", "Oslo|42.42|1", "Paris|13.50|3", "Rome|100.00|1"));
}

TEST_F(ExecutorReadTest, BackpressureStopsAndResumes) {
  Sql(0, "INSERT INTO t_order SELECT seq, 1, 1.00, REPEAT('x', 20) FROM seq_100_to_2099");
  auto spec = std::make_shared<MergeSpec>();
  auto executor = NewExecutor();
  RecordingSink sink;
  sink.refuse_after_each_row = true;
  executor->Execute(
      Plan(PlanKind::kRead,
           {{0, "SELECT id, city FROM t_order"}, {1, "SELECT id, city FROM t_order"}}, spec),
      &state_, &sink);
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return sink.rows.size() == 1; }));
  // Refused: nothing more arrives however long the loop runs.
  RunFor(loop_.get(), absl::Milliseconds(50));
  EXPECT_EQ(sink.rows.size(), 1u);
  EXPECT_FALSE(sink.done);
  // Resume one row at a time for a while, then let it run.
  for (int i = 0; i < 10; ++i) {
    executor->ResumeOutput();
    RunFor(loop_.get(), absl::Milliseconds(1));
  }
  EXPECT_EQ(sink.rows.size(), 11u);
  sink.refuse_after_each_row = false;
  executor->ResumeOutput();
  ASSERT_TRUE(Wait(sink));
  ASSERT_TRUE(sink.error.ok()) << sink.error;
  EXPECT_EQ(sink.rows.size(), 2007u);
  EXPECT_TRUE(sink.ended);
}

TEST_F(ExecutorReadTest, PassthroughBackpressure) {
  auto executor = NewExecutor();
  RecordingSink sink;
  sink.refuse_after_each_row = true;
  executor->Execute(Plan(PlanKind::kRead, {{0, "SELECT id FROM t_order ORDER BY id"}}), &state_,
                    &sink);
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return sink.rows.size() == 1; }));
  RunFor(loop_.get(), absl::Milliseconds(20));
  EXPECT_EQ(sink.rows.size(), 1u);
  sink.refuse_after_each_row = false;
  executor->ResumeOutput();
  ASSERT_TRUE(Wait(sink));
  EXPECT_THAT(sink.rows, ElementsAre("1", "3", "5", "7"));
}

TEST_F(ExecutorReadTest, ShardErrorReachesClientUnchangedAndOthersAreCleanedUp) {
  Sql(1, "DROP TABLE t_order");
  auto spec = std::make_shared<MergeSpec>();
  auto executor = NewExecutor();
  RecordingSink sink = Run(
      *executor,
      Plan(PlanKind::kRead, {{0, "SELECT id FROM t_order"}, {1, "SELECT id FROM t_order"}}, spec));
  MysqlError error = ToMysqlError(sink.error);
  EXPECT_EQ(error.code, 1146);
  EXPECT_EQ(error.sqlstate, "42S02");
  EXPECT_THAT(error.message, HasSubstr("shop1.t_order"));
  EXPECT_TRUE(sink.rows.empty());
  RunFor(loop_.get(), absl::Milliseconds(20));
  EXPECT_EQ(owned_pools_["ds0"]->stats().in_use, 0);
  EXPECT_EQ(owned_pools_["ds1"]->stats().in_use, 0);
  // The executor serves the next statement.
  RecordingSink next = Run(*executor, Plan(PlanKind::kRead, {{0, "SELECT COUNT(*) FROM t_order"}}));
  ASSERT_TRUE(next.error.ok()) << next.error;
  EXPECT_THAT(next.rows, ElementsAre("4"));
}

// The server fails while sending rows (id > 3 makes the subquery return two rows): the rows
// already sent stay sent and the ERR takes the place of the rest, as MySQL does.
constexpr const char* kFailsMidResult =
    "SELECT id, IF(id > 3, (SELECT 1 UNION SELECT 2), 0) AS x FROM t_order ORDER BY id";

TEST_F(ExecutorReadTest, PassthroughErrorMidResultReplacesTheRest) {
  auto executor = NewExecutor();
  RecordingSink sink = Run(*executor, Plan(PlanKind::kRead, {{0, kFailsMidResult}}));
  EXPECT_EQ(ToMysqlError(sink.error).code, 1242);
  EXPECT_EQ(sink.columns.size(), 2u);
  EXPECT_THAT(sink.rows, ElementsAre("1|0", "3|0"));
  EXPECT_FALSE(sink.ended);
  RunFor(loop_.get(), absl::Milliseconds(20));
  EXPECT_EQ(owned_pools_["ds0"]->stats().in_use, 0);
}

TEST_F(ExecutorReadTest, MergedErrorInsideTransactionKeepsTheTransaction) {
  Sql(1, "INSERT INTO t_order SELECT seq, 1, 1.00, REPEAT('y', 20) FROM seq_100_to_3099");
  auto executor = NewExecutor();
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Begin).error.ok());
  RecordingSink write =
      Run(*executor, Plan(PlanKind::kWrite, {{1, "UPDATE t_order SET user_id = 99 WHERE id = 2"}}));
  ASSERT_TRUE(write.error.ok()) << write.error;
  auto spec = std::make_shared<MergeSpec>();
  spec->order_by = {{.column = 0}};
  spec->shards_sorted_by_order = true;
  RecordingSink read =
      Run(*executor,
          Plan(PlanKind::kRead,
               {{0, kFailsMidResult}, {1, "SELECT id, city FROM t_order ORDER BY id"}}, spec));
  EXPECT_EQ(ToMysqlError(read.error).code, 1242);
  // ds1's big result was read to its end (its connection holds the transaction): the
  // transaction goes on, with its write, on the same connection.
  EXPECT_TRUE(executor->in_transaction());
  RecordingSink check =
      Run(*executor, Plan(PlanKind::kRead, {{1, "SELECT user_id FROM t_order WHERE id = 2"}}));
  ASSERT_TRUE(check.error.ok()) << check.error;
  EXPECT_THAT(check.rows, ElementsAre("99"));
  ASSERT_TRUE(Control(*executor, &SessionExecutor::Rollback).error.ok());
  EXPECT_EQ(Sql(1, "SELECT user_id FROM t_order WHERE id = 2"), "11");
}

TEST_F(ExecutorReadTest, ShardDownGivesErrorNamingItWhileOtherPlansWork) {
  // ds3: a port nothing listens on.
  int dead_port = 0;
  {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    dead_port = ntohs(address.sin_port);
    close(fd);
  }
  AddPool(3, dead_port);
  auto spec = std::make_shared<MergeSpec>();
  auto executor = NewExecutor();
  auto other = NewExecutor();
  RecordingSink down;
  executor->Execute(
      Plan(PlanKind::kRead, {{0, "SELECT id FROM t_order"}, {3, "SELECT id FROM t_order"}}, spec),
      &state_, &down);
  SessionState other_state = state_;
  RecordingSink fine;
  other->Execute(Plan(PlanKind::kRead, {{0, "SELECT COUNT(*) FROM t_order"}}), &other_state, &fine);
  ASSERT_TRUE(Wait(down));
  ASSERT_TRUE(Wait(fine));
  MysqlError error = ToMysqlError(down.error);
  EXPECT_EQ(error.code, 2003);
  EXPECT_THAT(error.message, HasSubstr("'ds3'"));
  ASSERT_TRUE(fine.error.ok()) << fine.error;
  EXPECT_THAT(fine.rows, ElementsAre("4"));
  // A write touching the dead data source fails cleanly too, and nothing half-applies.
  RecordingSink write =
      Run(*executor, Plan(PlanKind::kWrite, {{0, "UPDATE t_order SET amount = 0"},
                                             {3, "UPDATE t_order SET amount = 0"}}));
  EXPECT_EQ(ToMysqlError(write.error).code, 2003);
  EXPECT_EQ(Sql(0, "SELECT COUNT(*) FROM t_order WHERE amount = 0"), "0");
}

TEST_F(ExecutorReadTest, ConnectionWithUserVariablesStaysWithTheSession) {
  auto executor = NewExecutor();
  auto other = NewExecutor();
  ASSERT_TRUE(Run(*executor, Plan(PlanKind::kRead, {{0, "SET @mark = 41"}})).error.ok());
  // Another session takes whatever the pool has: not the connection holding @mark.
  SessionState other_state = state_;
  RecordingSink theirs;
  other->Execute(Plan(PlanKind::kRead, {{0, "SELECT @mark"}}), &other_state, &theirs);
  ASSERT_TRUE(Wait(theirs));
  EXPECT_EQ(theirs.rows[0], "NULL");
  RecordingSink ours = Run(*executor, Plan(PlanKind::kRead, {{0, "SELECT @mark + 1"}}));
  ASSERT_TRUE(ours.error.ok()) << ours.error;
  EXPECT_EQ(ours.rows[0], "42");
  // Gone with the sessions (the other one holds its connection too: its SELECT read a user
  // variable): the pool resets them before anyone else gets them.
  int aborted = 0;
  executor->Abort([&] { ++aborted; });
  other->Abort([&] { ++aborted; });
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return aborted == 2; }));
  executor.reset();
  other.reset();
  RunFor(loop_.get(), absl::Milliseconds(20));
  EXPECT_EQ(owned_pools_["ds0"]->stats().in_use, 0);
  EXPECT_EQ(owned_pools_["ds0"]->stats().resets, 2u);
}

TEST_F(ExecutorReadTest, UnknownDataSourceIsAnError) {
  auto executor = NewExecutor();
  auto plan = Plan(PlanKind::kRead, {{9, "SELECT 1"}});
  RecordingSink sink = Run(*executor, plan);
  EXPECT_THAT(sink.error.message(), HasSubstr("unknown data source 'ds9'"));
}

TEST_F(ExecutorReadTest, SessionVariablesFollowTheSession) {
  auto executor = NewExecutor();
  RecordingSink set = Run(*executor, Plan(PlanKind::kRead, {{0, "SET SESSION sql_mode = 'ANSI'"}}));
  ASSERT_TRUE(set.error.ok()) << set.error;
  ASSERT_TRUE(state_.Variable("sql_mode").has_value());
  EXPECT_FALSE(state_.schema.has_value()) << "the logical schema must not become shop0";
  // The other data source gets it before its next statement.
  RecordingSink check = Run(*executor, Plan(PlanKind::kRead, {{1, "SELECT @@sql_mode"}}));
  ASSERT_TRUE(check.error.ok()) << check.error;
  EXPECT_THAT(check.rows[0], HasSubstr("ANSI_QUOTES"));
}

}  // namespace
}  // namespace shardproxy::testing
