#include "merger/order_by_merge_stream.h"

#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::Drain;
using testing::IntColumn;
using testing::Rows;
using testing::RowsToString;
using testing::ScriptedRowStream;
using testing::Stream;
using testing::VarcharColumn;

std::unique_ptr<OrderByMergeStream> Merge(std::vector<std::unique_ptr<RowStream>> in,
                                          std::vector<SortKey> keys) {
  std::vector<ColumnDefinition> cols(in[0]->columns().begin(), in[0]->columns().end());
  auto cmp = RowComparator::Make(keys, cols);
  EXPECT_TRUE(cmp.ok()) << cmp.status();
  return std::make_unique<OrderByMergeStream>(std::move(in), *cmp, cols);
}

TEST(OrderByMergeStreamTest, MergesSortedShardsWithAnEmptyOne) {
  std::vector<ColumnDefinition> cols = {IntColumn("a")};
  std::vector<std::unique_ptr<RowStream>> in;
  in.push_back(Stream(cols, Rows({{"-5"}, {"3"}, {"10"}})));
  in.push_back(Stream(cols, {}));
  in.push_back(Stream(cols, Rows({{"-7"}, {"4"}, {"9"}, {"100"}})));
  in.push_back(Stream(cols, Rows({{"3"}})));
  auto merge = Merge(std::move(in), {{.column = 0}});
  auto out = Drain(*merge);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "-7\n-5\n3\n3\n4\n9\n10\n100");
}

TEST(OrderByMergeStreamTest, NullsFirstAscendingLastDescending) {
  std::vector<ColumnDefinition> cols = {IntColumn("a")};
  {
    std::vector<std::unique_ptr<RowStream>> in;
    in.push_back(Stream(cols, Rows({{"NULL"}, {"1"}})));
    in.push_back(Stream(cols, Rows({{"NULL"}, {"0"}, {"2"}})));
    auto out = Drain(*Merge(std::move(in), {{.column = 0}}));
    EXPECT_EQ(RowsToString(out.rows), "NULL\nNULL\n0\n1\n2");
  }
  {
    std::vector<std::unique_ptr<RowStream>> in;
    in.push_back(Stream(cols, Rows({{"1"}, {"NULL"}})));
    in.push_back(Stream(cols, Rows({{"2"}, {"0"}, {"NULL"}})));
    auto out = Drain(*Merge(std::move(in), {{.column = 0, .order = SortOrder::kDesc}}));
    ASSERT_TRUE(out.status.ok()) << out.status;
    EXPECT_EQ(RowsToString(out.rows), "2\n1\n0\nNULL\nNULL");
  }
}

TEST(OrderByMergeStreamTest, StringsMergeByCollationWithTiesAndTrailingSpaces) {
  std::vector<ColumnDefinition> cols = {VarcharColumn("s"), IntColumn("shard")};
  std::vector<std::unique_ptr<RowStream>> in;
  // Each shard sorted under utf8mb4_general_ci (as MariaDB returned them).
  in.push_back(Stream(cols, Rows({{"apple", "0"},
                                  {"\xC3\x89"
                                   "clair",
                                   "0"},
                                  {"zebra", "0"}})));
  in.push_back(Stream(cols, Rows({{"Apple ", "1"}, {"banana", "1"}, {"eclair", "1"}})));
  auto out = Drain(*Merge(std::move(in), {{.column = 0}}));
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows),
            "apple|0\nApple |1\nbanana|1\n\xC3\x89"
            "clair|0\neclair|1\nzebra|0");
}

TEST(OrderByMergeStreamTest, SeveralKeysWithMixedDirections) {
  std::vector<ColumnDefinition> cols = {IntColumn("a"), VarcharColumn("b")};
  std::vector<std::unique_ptr<RowStream>> in;
  in.push_back(Stream(cols, Rows({{"1", "z"}, {"1", "a"}, {"2", "m"}})));
  in.push_back(Stream(cols, Rows({{"1", "q"}, {"2", "z"}, {"2", "NULL"}})));
  auto out =
      Drain(*Merge(std::move(in), {{.column = 0}, {.column = 1, .order = SortOrder::kDesc}}));
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "1|z\n1|q\n1|a\n2|z\n2|m\n2|NULL");
}

TEST(OrderByMergeStreamTest, BlockedShardsResumeWithoutLosingRows) {
  std::vector<ColumnDefinition> cols = {IntColumn("a")};
  std::vector<std::unique_ptr<RowStream>> in;
  auto a = Stream(cols, Rows({{"1"}, {"4"}, {"7"}}));
  a->BlockEverywhere().BlockBefore(1, 3);
  auto b = Stream(cols, Rows({{"2"}, {"5"}}));
  b->BlockEverywhere();
  auto c = Stream(cols, Rows({{"3"}, {"6"}}));
  in.push_back(std::move(a));
  in.push_back(std::move(b));
  in.push_back(std::move(c));
  auto out = Drain(*Merge(std::move(in), {{.column = 0}}));
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_GT(out.blocked, 3);
  EXPECT_EQ(RowsToString(out.rows), "1\n2\n3\n4\n5\n6\n7");
}

TEST(OrderByMergeStreamTest, ReadsOnlyWhatItHandsOut) {
  std::vector<ColumnDefinition> cols = {IntColumn("a")};
  std::vector<ScriptedRowStream*> raw;
  std::vector<std::unique_ptr<RowStream>> in;
  for (int s = 0; s < 4; ++s) {
    OwnedRows rows;
    for (int i = 0; i < 1000; ++i) rows.push_back({std::to_string(i * 4 + s)});
    auto stream = Stream(cols, std::move(rows));
    raw.push_back(stream.get());
    in.push_back(std::move(stream));
  }
  auto merge = Merge(std::move(in), {{.column = 0}});
  RowView row;
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(merge->Next(&row), StreamState::kHaveRow);
    EXPECT_EQ(*row[0], std::to_string(i));
  }
  size_t delivered = 0;
  for (auto* s : raw) delivered += s->rows_delivered();
  EXPECT_LE(delivered, 10u + 4u);
}

TEST(OrderByMergeStreamTest, AShardOutOfOrderIsAnErrorNotAWrongAnswer) {
  std::vector<ColumnDefinition> cols = {VarcharColumn("s")};
  std::vector<std::unique_ptr<RowStream>> in;
  // Sorted by a binary collation, but merged under general_ci: 'B' < 'a' is out of order.
  in.push_back(Stream(cols, Rows({{"B"}, {"a"}})));
  in.push_back(Stream(cols, Rows({{"c"}})));
  auto out = Drain(*Merge(std::move(in), {{.column = 0}}));
  EXPECT_FALSE(out.status.ok());
  EXPECT_EQ(ToMysqlError(out.status).code, mysql_errc::kUnknownError);
  EXPECT_THAT(std::string(out.status.message()), ::testing::HasSubstr("not in the order"));
}

TEST(OrderByMergeStreamTest, AShardErrorPropagates) {
  std::vector<ColumnDefinition> cols = {IntColumn("a")};
  std::vector<std::unique_ptr<RowStream>> in;
  MysqlError backend{1146, "42S02", "Table 'shop.orders_3' doesn't exist"};
  in.push_back(Stream(cols, Rows({{"1"}, {"5"}})));
  in.push_back(Stream(cols, Rows({{"2"}}), BackendError(backend)));
  auto out = Drain(*Merge(std::move(in), {{.column = 0}}));
  ASSERT_FALSE(out.status.ok());
  MysqlError seen = ToMysqlError(out.status);
  EXPECT_EQ(seen.code, 1146);
  EXPECT_EQ(seen.sqlstate, "42S02");
  EXPECT_EQ(RowsToString(out.rows), "1\n2");
}

TEST(OrderByMergeStreamTest, RejectsEnumKeys) {
  ColumnDefinition e = VarcharColumn("e");
  e.flags |= column_flag::kEnum;
  auto cmp = RowComparator::Make(std::vector<SortKey>{{.column = 0}}, {e});
  EXPECT_FALSE(cmp.ok());
  EXPECT_EQ(ToMysqlError(cmp.status()).code, mysql_errc::kNotSupportedYet);
}

}  // namespace
}  // namespace shardproxy
