#include "merger/union_stream.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::DateColumn;
using testing::DateTimeColumn;
using testing::DecimalColumn;
using testing::DoubleColumn;
using testing::Drain;
using testing::IntColumn;
using testing::Rows;
using testing::RowsToString;
using testing::Stream;
using testing::TimeColumn;
using testing::VarcharColumn;

TEST(UnionStreamTest, UnionAllKeepsBranchOrderAndConvertsValues) {
  std::vector<std::unique_ptr<RowStream>> b;
  auto first = Stream({IntColumn("v"), DateColumn("d")}, Rows({{"1", "2020-01-01"}}));
  first->BlockEverywhere();
  b.push_back(std::move(first));
  b.push_back(Stream({DecimalColumn("x", 10, 2), DateTimeColumn("t", 3)},
                     Rows({{"5.50", "2020-01-01 10:00:00.123"}, {"-1.00", "NULL"}})));
  auto u = MakeUnion(std::move(b), {.distinct = false});
  ASSERT_TRUE(u.ok()) << u.status();
  ASSERT_EQ((*u)->columns()[0].type, FieldType::kNewDecimal);
  EXPECT_EQ((*u)->columns()[0].name, "v");
  EXPECT_EQ((*u)->columns()[0].column_length, 14u);  // DECIMAL(12,2), as MariaDB
  EXPECT_EQ((*u)->columns()[1].type, FieldType::kDateTime);
  auto out = Drain(**u);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(RowsToString(out.rows),
            "1.00|2020-01-01 00:00:00.000\n5.50|2020-01-01 10:00:00.123\n-1.00|NULL");
}

TEST(UnionStreamTest, UnionDistinctWithOrderAndLimit) {
  std::vector<std::unique_ptr<RowStream>> b;
  b.push_back(Stream({VarcharColumn("name")}, Rows({{"b"}, {"A"}, {"c"}})));
  b.push_back(Stream({VarcharColumn("name")}, Rows({{"a "}, {"B"}, {"d"}})));
  UnionSpec spec;
  spec.order_by = {{.column = 0, .order = SortOrder::kDesc}};
  spec.limit = {.offset = 0, .count = 3};
  auto u = MakeUnion(std::move(b), spec);
  ASSERT_TRUE(u.ok());
  auto out = Drain(**u);
  EXPECT_EQ(RowsToString(out.rows), "d\nc\nb");
}

TEST(UnionStreamTest, TypesFollowMariaDb) {
  auto u = UnionColumn(IntColumn("i"), IntColumn("u", true));
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->type, FieldType::kNewDecimal);
  EXPECT_EQ(u->column_length, 11u);
  u = UnionColumn(IntColumn("i"), DoubleColumn("d"));
  EXPECT_EQ(u->type, FieldType::kDouble);
  u = UnionColumn(IntColumn("i"), VarcharColumn("s"));
  EXPECT_EQ(u->type, FieldType::kVarString);
  EXPECT_EQ(u->decimals, 39);
  EXPECT_FALSE(UnionColumn(TimeColumn("t"), DateTimeColumn("d")).ok());
}

TEST(UnionStreamTest, DifferentWidthsAreMysqlsError) {
  std::vector<std::unique_ptr<RowStream>> b;
  b.push_back(Stream({IntColumn("a")}, {}));
  b.push_back(Stream({IntColumn("a"), IntColumn("b")}, {}));
  auto u = MakeUnion(std::move(b), {});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(ToMysqlError(u.status()).code, 1222);
}

}  // namespace
}  // namespace shardproxy
