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

// Each case: a table column as MariaDB 10.11 describes it in `SELECT x FROM t`, and the
// description it gives `SELECT (SELECT x FROM t)`.
TEST(OutputColumnsTest, ScalarSubqueryOfATableColumn) {
  struct Case {
    const char* what;
    FieldType type;
    uint16_t charset;
    uint32_t length;
    uint16_t flags;
    uint8_t decimals;
    FieldType want_type;
    uint32_t want_length;
    uint16_t want_flags;
    uint8_t want_decimals;
  };
  constexpr uint16_t kUtf8 = collation_id::kUtf8mb4GeneralCi;
  constexpr uint16_t kBin = collation_id::kBinary;
  const Case cases[] = {
      {"VARCHAR(64) NOT NULL", FieldType::kVarString, kUtf8, 256, 4097, 0, FieldType::kVarString,
       256, 0, 39},
      {"BIGINT NOT NULL PRIMARY KEY", FieldType::kLongLong, kBin, 20, 20483, 0,
       FieldType::kLongLong, 20, 128, 0},
      {"DECIMAL(5,1) UNSIGNED NOT NULL", FieldType::kNewDecimal, kBin, 6, 4129, 1,
       FieldType::kNewDecimal, 6, 160, 1},
      {"ENUM NOT NULL", FieldType::kString, kUtf8, 4, 4353, 0, FieldType::kVarString, 4, 0, 0},
      {"SET", FieldType::kString, kUtf8, 12, 2048, 0, FieldType::kVarString, 12, 0, 0},
      {"CHAR(5)", FieldType::kString, kUtf8, 20, 4097, 0, FieldType::kString, 20, 0, 39},
      {"VARCHAR COLLATE utf8mb4_bin", FieldType::kVarString, kUtf8, 40, 128, 0,
       FieldType::kVarString, 40, 128, 39},
      {"VARBINARY(10)", FieldType::kVarString, kBin, 10, 128, 0, FieldType::kVarString, 10, 128,
       39},
      {"TINYTEXT", FieldType::kBlob, kUtf8, 1020, 16, 0, FieldType::kTinyBlob, 4080, 0, 39},
      {"TEXT", FieldType::kBlob, kUtf8, 262140, 16, 0, FieldType::kBlob, 1048560, 0, 39},
      {"MEDIUMTEXT", FieldType::kBlob, kUtf8, 67108860, 16, 0, FieldType::kMediumBlob, 268435440, 0,
       39},
      {"LONGTEXT", FieldType::kBlob, kUtf8, 4294967295u, 16, 0, FieldType::kLongBlob, 4294967295u,
       0, 39},
      {"JSON", FieldType::kBlob, kUtf8, 4294967295u, 144, 0, FieldType::kLongBlob, 4294967295u, 128,
       39},
      {"TINYBLOB", FieldType::kBlob, kBin, 255, 144, 0, FieldType::kTinyBlob, 255, 128, 39},
      {"BLOB", FieldType::kBlob, kBin, 65535, 144, 0, FieldType::kBlob, 65535, 128, 39},
      {"MEDIUMBLOB", FieldType::kBlob, kBin, 16777215, 144, 0, FieldType::kMediumBlob, 16777215,
       128, 39},
      {"INT UNSIGNED", FieldType::kLong, kBin, 10, 32, 0, FieldType::kLong, 10, 160, 0},
      {"INT(5) ZEROFILL", FieldType::kLong, kBin, 5, 96, 0, FieldType::kLong, 10, 160, 0},
      {"TINYINT(2) ZEROFILL", FieldType::kTiny, kBin, 2, 96, 0, FieldType::kTiny, 3, 160, 0},
      {"YEAR", FieldType::kYear, kBin, 4, 96, 0, FieldType::kYear, 4, 160, 0},
      {"BIT(3)", FieldType::kBit, kBin, 3, 32, 0, FieldType::kBit, 3, 160, 0},
      {"DOUBLE", FieldType::kDouble, kBin, 22, 0, 31, FieldType::kDouble, 22, 128, 31},
      {"TIME(2)", FieldType::kTime, kBin, 13, 128, 2, FieldType::kTime, 13, 128, 2},
      {"DATETIME(3)", FieldType::kDateTime, kBin, 23, 128, 3, FieldType::kDateTime, 23, 128, 3},
      {"TIMESTAMP NULL", FieldType::kTimestamp, kBin, 19, 160, 0, FieldType::kTimestamp, 19, 160,
       0},
  };
  for (const Case& c : cases) {
    ColumnDefinition selected = testing::IntColumn("x");  // names a table's column
    selected.type = c.type;
    selected.character_set = c.charset;
    selected.column_length = c.length;
    selected.flags = c.flags;
    selected.decimals = c.decimals;
    ColumnDefinition got = ScalarSubqueryColumn(selected);
    EXPECT_EQ(got.type, c.want_type) << c.what;
    EXPECT_EQ(got.column_length, c.want_length) << c.what;
    EXPECT_EQ(got.flags, c.want_flags) << c.what;
    EXPECT_EQ(got.decimals, c.want_decimals) << c.what;
    EXPECT_EQ(got.character_set, c.charset) << c.what;
    EXPECT_TRUE(got.schema.empty() && got.table.empty() && got.org_table.empty() &&
                got.org_name.empty())
        << c.what;
  }
}

TEST(OutputColumnsTest, ScalarSubqueryOfAnExpressionKeepsItsDescription) {
  // MAX(total) of a DECIMAL(12,2) and CAST('x' AS CHAR): as the items describe themselves.
  ColumnDefinition max = testing::SumDecimalColumn("MAX(total)", 12, 2);
  EXPECT_EQ(ScalarSubqueryColumn(max), max);
  ColumnDefinition cast = VarcharColumn("CAST('x' AS CHAR)");
  cast.table.clear();
  cast.org_table.clear();
  cast.org_name.clear();
  cast.schema.clear();
  cast.flags = column_flag::kNotNull;
  cast.decimals = 0;
  EXPECT_EQ(ScalarSubqueryColumn(cast).decimals, 0);
  EXPECT_EQ(ScalarSubqueryColumn(cast).flags, 0);
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
