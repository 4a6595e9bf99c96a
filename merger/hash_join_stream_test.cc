#include "merger/hash_join_stream.h"

#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::DateColumn;
using testing::DateTimeColumn;
using testing::DecimalColumn;
using testing::Drain;
using testing::Drained;
using testing::IntColumn;
using testing::Rows;
using testing::RowsToString;
using testing::Stream;
using testing::VarcharColumn;

std::vector<std::string> Sorted(const OwnedRows& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(RowsToString({r}));
  std::sort(out.begin(), out.end());
  return out;
}

Drained Join(JoinType type, std::unique_ptr<RowStream> left, std::unique_ptr<RowStream> right,
             std::vector<JoinKey> keys, std::shared_ptr<MemoryBudget> budget = nullptr,
             absl::optional<MergeExpr> condition = absl::nullopt) {
  HashJoinSpec spec;
  spec.type = type;
  spec.keys = std::move(keys);
  spec.condition = std::move(condition);
  auto join = HashJoinStream::Make(std::move(left), std::move(right), spec,
                                   budget ? budget : std::make_shared<MemoryBudget>());
  if (!join.ok()) {
    Drained d;
    d.status = join.status();
    return d;
  }
  return Drain(**join);
}

// users(id, name) and orders(user_id, amount) on different nodes.
std::unique_ptr<testing::ScriptedRowStream> Users(bool block = false) {
  auto s = Stream({IntColumn("id"), VarcharColumn("name")},
                  Rows({{"1", "ann"}, {"2", "bob"}, {"3", "cy"}, {"NULL", "nobody"}}));
  if (block) s->BlockEverywhere();
  return s;
}
std::unique_ptr<testing::ScriptedRowStream> Orders(bool block = false) {
  auto s =
      Stream({IntColumn("user_id"), DecimalColumn("amount", 10, 2)},
             Rows({{"1", "10.00"}, {"1", "5.50"}, {"3", "1.00"}, {"4", "7.00"}, {"NULL", "9.99"}}));
  if (block) s->BlockEverywhere();
  return s;
}

TEST(HashJoinStreamTest, InnerLeftAndRight) {
  for (bool block : {false, true}) {
    Drained inner = Join(JoinType::kInner, Users(block), Orders(block), {{0, 0}});
    ASSERT_TRUE(inner.status.ok()) << inner.status;
    EXPECT_THAT(Sorted(inner.rows),
                ::testing::ElementsAre("1|ann|1|10.00", "1|ann|1|5.50", "3|cy|3|1.00"));
    Drained left = Join(JoinType::kLeft, Users(block), Orders(block), {{0, 0}});
    ASSERT_TRUE(left.status.ok()) << left.status;
    EXPECT_THAT(Sorted(left.rows),
                ::testing::ElementsAre("1|ann|1|10.00", "1|ann|1|5.50", "2|bob|NULL|NULL",
                                       "3|cy|3|1.00", "NULL|nobody|NULL|NULL"));
    Drained right = Join(JoinType::kRight, Users(block), Orders(block), {{0, 0}});
    ASSERT_TRUE(right.status.ok()) << right.status;
    EXPECT_THAT(Sorted(right.rows),
                ::testing::ElementsAre("1|ann|1|10.00", "1|ann|1|5.50", "3|cy|3|1.00",
                                       "NULL|NULL|4|7.00", "NULL|NULL|NULL|9.99"));
  }
}

TEST(HashJoinStreamTest, OuterJoinColumnsBecomeNullable) {
  ColumnDefinition id = IntColumn("id");
  id.flags |= column_flag::kNotNull | column_flag::kPrimaryKey;
  HashJoinSpec spec;
  spec.type = JoinType::kLeft;
  spec.keys = {{0, 0}};
  auto join = HashJoinStream::Make(Stream({id}, {}), Stream({id}, {}), spec,
                                   std::make_shared<MemoryBudget>());
  ASSERT_TRUE(join.ok());
  EXPECT_TRUE((*join)->columns()[0].flags & column_flag::kNotNull);
  EXPECT_FALSE((*join)->columns()[1].flags & column_flag::kNotNull);
}

TEST(HashJoinStreamTest, KeysCompareLikeMysql) {
  // VARCHAR code = INT id compares as doubles: '1.0' and ' 1' match 1, 'abc' matches 0.
  auto codes = Stream({VarcharColumn("code")}, Rows({{"1.0"}, {"abc"}, {"2x"}, {"7"}}));
  auto ids = Stream({IntColumn("id")}, Rows({{"1"}, {"0"}, {"2"}}));
  Drained d = Join(JoinType::kInner, std::move(codes), std::move(ids), {{0, 0}});
  ASSERT_TRUE(d.status.ok()) << d.status;
  EXPECT_THAT(Sorted(d.rows), ::testing::ElementsAre("1.0|1", "2x|2", "abc|0"));
  // Strings by collation: case, accents and trailing spaces under utf8mb4_general_ci.
  auto a = Stream({VarcharColumn("a")}, Rows({{"Jos\xC3\xA9 "}, {"x"}}));
  auto b = Stream({VarcharColumn("b")}, Rows({{"jose"}, {"X\t"}}));
  d = Join(JoinType::kInner, std::move(a), std::move(b), {{0, 0}});
  EXPECT_THAT(Sorted(d.rows), ::testing::ElementsAre("Jos\xC3\xA9 |jose"));
  // ... but binary under an explicit _bin collation.
  a = Stream({VarcharColumn("a")}, Rows({{"Jose"}}));
  b = Stream({VarcharColumn("b")}, Rows({{"jose"}}));
  d = Join(JoinType::kInner, std::move(a), std::move(b), {{0, 0, false, 46}});
  EXPECT_TRUE(d.rows.empty());
  // DATE meets DATETIME at midnight; INT meets DECIMAL exactly.
  a = Stream({DateColumn("d"), IntColumn("i")}, Rows({{"2020-01-02", "5"}}));
  b = Stream({DateTimeColumn("t"), DecimalColumn("m", 10, 2)},
             Rows({{"2020-01-02 00:00:00", "5.00"}, {"2020-01-02 00:00:01", "5.00"}}));
  d = Join(JoinType::kInner, std::move(a), std::move(b), {{0, 0}, {1, 1}});
  EXPECT_THAT(Sorted(d.rows), ::testing::ElementsAre("2020-01-02|5|2020-01-02 00:00:00|5.00"));
}

TEST(HashJoinStreamTest, NullSafeKeysMatchNulls) {
  Drained d = Join(JoinType::kInner, Users(), Orders(), {{0, 0, /*null_safe=*/true}});
  ASSERT_TRUE(d.status.ok());
  EXPECT_EQ(d.rows.size(), 4u);  // three matches plus NULL <=> NULL
}

TEST(HashJoinStreamTest, ResidualConditionDecidesOuterMatches) {
  // LEFT JOIN orders ON id = user_id AND amount > 6
  MergeExpr cond = MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(3), MergeExpr::Int(6));
  Drained d = Join(JoinType::kLeft, Users(), Orders(), {{0, 0}}, nullptr, cond);
  ASSERT_TRUE(d.status.ok()) << d.status;
  EXPECT_THAT(Sorted(d.rows), ::testing::ElementsAre("1|ann|1|10.00", "2|bob|NULL|NULL",
                                                     "3|cy|NULL|NULL", "NULL|nobody|NULL|NULL"));
}

TEST(HashJoinStreamTest, BuildSideBeyondTheMemoryLimitIsAnError) {
  OwnedRows big;
  for (int i = 0; i < 20000; ++i) big.push_back({std::to_string(i), std::string(50, 'x')});
  auto right = Stream({IntColumn("id"), VarcharColumn("pad")}, std::move(big));
  auto budget = std::make_shared<MemoryBudget>(200000);
  Drained d = Join(JoinType::kInner, Users(), std::move(right), {{0, 0}}, budget);
  EXPECT_EQ(ToMysqlError(d.status).code, mysql_errc::kOutOfResources);
  EXPECT_THAT(std::string(d.status.message()), ::testing::HasSubstr("hash join"));
}

TEST(HashJoinStreamTest, ErrorsFromEitherSidePropagate) {
  auto bad = Stream({IntColumn("user_id"), DecimalColumn("amount", 10, 2)}, {},
                    absl::UnavailableError("ds2 down"));
  EXPECT_EQ(Join(JoinType::kInner, Users(), std::move(bad), {{0, 0}}).status.code(),
            absl::StatusCode::kUnavailable);
  auto bad_probe =
      Stream({IntColumn("id"), VarcharColumn("name")}, Rows({{"1", "a"}}), absl::AbortedError("x"));
  EXPECT_EQ(Join(JoinType::kLeft, std::move(bad_probe), Orders(), {{0, 0}}).status.code(),
            absl::StatusCode::kAborted);
  EXPECT_FALSE(Join(JoinType::kInner, Users(), Orders(), {}).status.ok());
  EXPECT_FALSE(Join(JoinType::kInner, Users(), Orders(), {{5, 0}}).status.ok());
}

}  // namespace
}  // namespace shardproxy
