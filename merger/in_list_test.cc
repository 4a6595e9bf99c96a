#include "merger/in_list.h"

#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::DateColumn;
using testing::DecimalColumn;
using testing::DoubleColumn;
using testing::IntColumn;
using testing::VarbinaryColumn;
using testing::VarcharColumn;

TEST(InListTest, LiteralsByType) {
  EXPECT_EQ(SqlLiteral(Cell("-12"), IntColumn("i")), "-12");
  EXPECT_EQ(SqlLiteral(Cell("1.50"), DecimalColumn("d", 10, 2)), "1.50");
  EXPECT_EQ(SqlLiteral(Cell("1e20"), DoubleColumn("f")), "1e20");
  EXPECT_EQ(SqlLiteral(Cell("2020-01-02"), DateColumn("d")), "'2020-01-02'");
  EXPECT_EQ(SqlLiteral(absl::nullopt, IntColumn("i")), "NULL");
  EXPECT_EQ(SqlLiteral(Cell(absl::string_view("a\0b", 3)), VarbinaryColumn("b")), "X'610062'");
  // A number column whose text is not a number (cannot happen from MariaDB) is still safe.
  EXPECT_EQ(SqlLiteral(Cell("1; DROP TABLE t"), IntColumn("i")), "'1; DROP TABLE t'");
}

TEST(InListTest, StringsAreEscapedForBothSqlModes) {
  std::string nasty = std::string("O'Brien \\ \"x\"\n\r") + '\0' + "\x1a";
  EXPECT_EQ(SqlLiteral(Cell(nasty), VarcharColumn("s")), "'O\\'Brien \\\\ \\\"x\\\"\\n\\r\\0\\Z'");
  EXPECT_EQ(SqlLiteral(Cell(nasty), VarcharColumn("s"), /*no_backslash_escapes=*/true),
            "'O''Brien \\ \"x\"\n\r" + std::string(1, '\0') + "\x1a'");
  EXPECT_EQ(SqlLiteral(Cell("caf\xC3\xA9"), VarcharColumn("s")), "'caf\xC3\xA9'");
}

TEST(InListTest, SkipsNullsAndDuplicatesAndSplitsBatches) {
  InListBuilder b({IntColumn("id")}, {.max_values = 2});
  for (const char* v : {"3", "1", "3", "2"}) b.Add(std::vector<Cell>{Cell(v)});
  b.Add(std::vector<Cell>{Cell()});
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(b.Lists(), (std::vector<std::string>{"(3,1)", "(2)"}));
  InListBuilder empty({IntColumn("id")});
  EXPECT_TRUE(empty.Lists().empty());
}

TEST(InListTest, TuplesAndByteLimit) {
  InListBuilder b({IntColumn("a"), VarcharColumn("b")}, {.max_values = 100, .max_bytes = 16});
  b.Add(std::vector<Cell>{Cell("1"), Cell("x")});
  b.Add(std::vector<Cell>{Cell("2"), Cell("it's")});
  b.Add(std::vector<Cell>{Cell("3"), Cell()});  // NULL in the tuple: skipped
  EXPECT_EQ(b.Lists(), (std::vector<std::string>{"((1,'x'))", "((2,'it\\'s'))"}));
}

}  // namespace
}  // namespace shardproxy
