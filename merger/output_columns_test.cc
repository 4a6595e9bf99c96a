// Derived result definitions. Expected values are what MariaDB 10.11 reports over a utf8mb4
// connection (read with PyMySQL); merger_mariadb_test.cc checks many of them live.
#include "merger/output_columns.h"

#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::BigIntColumn;
using testing::DecimalColumn;
using testing::DoubleColumn;
using testing::IntColumn;
using testing::VarbinaryColumn;
using testing::VarcharColumn;

TEST(OutputColumnsTest, SumAndAvgOfExactTypes) {
  auto sum = SumResultColumn(IntColumn("i"));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->type, FieldType::kNewDecimal);
  EXPECT_EQ(sum->column_length, 33u);  // DECIMAL(32,0)
  EXPECT_EQ(sum->flags, column_flag::kBinary);
  EXPECT_EQ(SumResultColumn(BigIntColumn("u", true))->column_length, 43u);
  EXPECT_EQ(SumResultColumn(DecimalColumn("d", 65, 30))->column_length, 67u);  // capped at 65
  auto avg = AvgResultColumn(DecimalColumn("d", 10, 2), 4);
  EXPECT_EQ(avg->decimals, 6);
  EXPECT_EQ(avg->column_length, 16u);
  EXPECT_EQ(AvgResultColumn(DecimalColumn("d", 65, 30), 4)->column_length, 71u);  // not capped
  EXPECT_EQ(AvgResultColumn(DecimalColumn("d", 38, 36), 4)->decimals, 38);
}

TEST(OutputColumnsTest, AvgFromTheSumOfTheSameArgument) {
  // A partial AVG only has the shard's SUM: DECIMAL(32,2) came from a DECIMAL(10,2).
  auto from_sum = AvgResultColumnFromSum(*SumResultColumn(DecimalColumn("d", 10, 2)), 4);
  auto direct = AvgResultColumn(DecimalColumn("d", 10, 2), 4);
  EXPECT_EQ(from_sum->column_length, direct->column_length);
  EXPECT_EQ(from_sum->decimals, direct->decimals);
  auto double_avg = AvgResultColumnFromSum(*SumResultColumn(DoubleColumn("f")), 4);
  EXPECT_EQ(double_avg->type, FieldType::kDouble);
  EXPECT_EQ(double_avg->decimals, 31);
}

TEST(OutputColumnsTest, DoublesAndStrings) {
  auto sum = SumResultColumn(DoubleColumn("f", 2));
  EXPECT_EQ(sum->type, FieldType::kDouble);
  EXPECT_EQ(sum->column_length, 19u);  // DBL_DIG + 2 + decimals
  auto avg = AvgResultColumn(VarcharColumn("s"), 4);
  EXPECT_EQ(avg->type, FieldType::kDouble);
  EXPECT_EQ(avg->column_length, 23u);
  ColumnDefinition s = VarcharColumn("s");
  s.flags = column_flag::kNotNull | column_flag::kNoDefaultValue;
  auto min = MinMaxResultColumn(s);
  EXPECT_EQ(min.decimals, 39);
  EXPECT_EQ(min.flags, 0);
  EXPECT_TRUE(min.table.empty());
  EXPECT_EQ(MinMaxResultColumn(IntColumn("i")).flags, column_flag::kBinary);
}

TEST(OutputColumnsTest, CountBitAndGroupConcat) {
  EXPECT_EQ(CountResultColumn().flags, column_flag::kNotNull | column_flag::kBinary);
  EXPECT_EQ(BitResultColumn().flags,
            column_flag::kNotNull | column_flag::kUnsigned | column_flag::kBinary);
  std::vector<ColumnDefinition> text = {VarcharColumn("s")};
  auto gc = GroupConcatResultColumn(text, 1048576, 45);
  EXPECT_EQ(gc.type, FieldType::kBlob);
  EXPECT_EQ(gc.column_length, 16777216u);
  gc = GroupConcatResultColumn(text, 512, 45);
  EXPECT_EQ(gc.type, FieldType::kVarString);
  EXPECT_EQ(gc.column_length, 2048u);
  EXPECT_EQ(GroupConcatResultColumn(text, 513, 45).column_length, 8208u);
  EXPECT_EQ(GroupConcatResultColumn(text, 4294967295u, 45).column_length, 268435456u);
  std::vector<ColumnDefinition> bytes = {VarbinaryColumn("b")};
  gc = GroupConcatResultColumn(bytes, 1048576, 45);
  EXPECT_EQ(gc.character_set, 63);
  EXPECT_EQ(gc.column_length, 1048576u);
  std::vector<ColumnDefinition> numbers = {IntColumn("i")};
  EXPECT_EQ(GroupConcatResultColumn(numbers, 1048576, 45).character_set, 45);
}

}  // namespace
}  // namespace shardproxy
