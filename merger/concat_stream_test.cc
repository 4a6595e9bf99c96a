#include "merger/concat_stream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::Drain;
using testing::IntColumn;
using testing::Rows;
using testing::RowsToString;
using testing::Stream;

std::vector<ColumnDefinition> Cols() { return {IntColumn("a")}; }

TEST(ConcatStreamTest, ConcatenatesEveryInputIncludingEmptyOnes) {
  std::vector<std::unique_ptr<RowStream>> in;
  in.push_back(Stream(Cols(), Rows({{"1"}, {"2"}})));
  in.push_back(Stream(Cols(), {}));
  in.push_back(Stream(Cols(), Rows({{"3"}})));
  ConcatStream concat(std::move(in), Cols());
  auto out = Drain(concat);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "1\n2\n3");
  RowView row;
  EXPECT_EQ(concat.Next(&row), StreamState::kFinished);
}

TEST(ConcatStreamTest, ABlockedShardDoesNotHoldBackTheOthers) {
  auto slow = Stream(Cols(), Rows({{"1"}}));
  slow->BlockBefore(0, 1);
  std::vector<std::unique_ptr<RowStream>> in;
  in.push_back(std::move(slow));
  in.push_back(Stream(Cols(), Rows({{"2"}, {"3"}})));
  ConcatStream concat(std::move(in), Cols());
  RowView row;
  ASSERT_EQ(concat.Next(&row), StreamState::kHaveRow);
  EXPECT_EQ(*row[0], "2");
  ASSERT_EQ(concat.Next(&row), StreamState::kHaveRow);
  EXPECT_EQ(*row[0], "3");
  ASSERT_EQ(concat.Next(&row), StreamState::kHaveRow);
  EXPECT_EQ(*row[0], "1");
  EXPECT_EQ(concat.Next(&row), StreamState::kFinished);
  EXPECT_TRUE(concat.status().ok());
}

TEST(ConcatStreamTest, BlocksOnlyWhenEveryInputIsBlockedAndLosesNothing) {
  std::vector<std::unique_ptr<RowStream>> in;
  auto a = Stream(Cols(), Rows({{"1"}, {"2"}}));
  a->BlockEverywhere();
  auto b = Stream(Cols(), Rows({{"3"}}));
  b->BlockEverywhere();
  in.push_back(std::move(a));
  in.push_back(std::move(b));
  ConcatStream concat(std::move(in), Cols());
  auto out = Drain(concat);
  ASSERT_TRUE(out.status.ok());
  EXPECT_GT(out.blocked, 0);
  EXPECT_THAT(RowsToString(out.rows), ::testing::AnyOf("1\n3\n2", "3\n1\n2", "1\n2\n3", "3\n1\n2"));
  EXPECT_EQ(out.rows.size(), 3u);
}

TEST(ConcatStreamTest, AShardErrorEndsTheStreamWithThatError) {
  std::vector<std::unique_ptr<RowStream>> in;
  in.push_back(Stream(Cols(), Rows({{"1"}}), absl::UnavailableError("shard ds1 went away")));
  in.push_back(Stream(Cols(), Rows({{"2"}, {"3"}})));
  ConcatStream concat(std::move(in), Cols());
  auto out = Drain(concat);
  EXPECT_EQ(out.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(out.status.message()), ::testing::HasSubstr("ds1"));
  RowView row;
  EXPECT_EQ(concat.Next(&row), StreamState::kFinished);
  EXPECT_FALSE(concat.status().ok());
}

}  // namespace
}  // namespace shardproxy
