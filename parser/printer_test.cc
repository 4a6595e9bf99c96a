#include "parser/printer.h"

#include <string>

#include "gtest/gtest.h"
#include "parser/ast_dump.h"
#include "parser/parser.h"

namespace shardproxy::sql {
namespace {

class PrinterTest : public ::testing::Test {
 protected:
  std::string Print(absl::string_view sql, const PrintOptions& options = {}) {
    sql_ = std::string(sql);
    absl::Status status = parser_.Parse(sql_, &stmt_);
    EXPECT_TRUE(status.ok()) << sql << ": " << status;
    if (!status.ok()) return "";
    return PrintSql(stmt_.statement(), stmt_, options);
  }
  Parser parser_;
  BoundStatement stmt_;
  std::string sql_;
};

TEST_F(PrinterTest, CanonicalForms) {
  EXPECT_EQ(Print("select c from sbtest1 where id=1"), "SELECT c FROM sbtest1 WHERE id = 1");
  EXPECT_EQ(Print("SELECT a+b*c FROM t"), "SELECT a + (b * c) FROM t");
  EXPECT_EQ(Print("SELECT (a+b)*c FROM t"), "SELECT (a + b) * c FROM t");
  EXPECT_EQ(Print("SELECT a-b+c-d, a-(b-c), a/b*c DIV d, a-b*c FROM t"),
            "SELECT a - b + c - d, a - (b - c), a / b * c DIV d, a - (b * c) FROM t");
  EXPECT_EQ(Print("SELECT * FROM t WHERE a=1 AND b=2 AND c=3"),
            "SELECT * FROM t WHERE (a = 1) AND (b = 2) AND (c = 3)");
  EXPECT_EQ(Print("SELECT - -5"), "SELECT -(-5)");
  EXPECT_EQ(Print("SELECT ~ ~a, - ~a, !-a, ~(NOT a), - - -a"),
            "SELECT ~~a, -~a, !-a, ~(NOT a), - - -a");
  EXPECT_EQ(Print("SELECT -(SELECT 1)"), "SELECT -(SELECT 1)");
  EXPECT_EQ(Print("SELECT 1 FROM t WHERE a IN (1,2,3)"), "SELECT 1 FROM t WHERE a IN (1,2,3)");
  EXPECT_EQ(Print("SELECT `select`, `a b`, `x` FROM `t`"), "SELECT `select`, `a b`, `x` FROM `t`");
  EXPECT_EQ(Print("SELECT COUNT(DISTINCT a), GROUP_CONCAT(b ORDER BY b SEPARATOR ';') FROM t"),
            "SELECT COUNT(DISTINCT a), GROUP_CONCAT(b ORDER BY b SEPARATOR ';') FROM t");
  EXPECT_EQ(Print("SELECT d + INTERVAL 1 DAY, DATE_ADD(d, INTERVAL 2 HOUR) FROM t"),
            "SELECT d + INTERVAL 1 DAY, DATE_ADD(d, INTERVAL 2 HOUR) FROM t");
  EXPECT_EQ(Print("INSERT INTO t VALUES (1,'a'),(2,'b')"), "INSERT INTO t VALUES (1,'a'),(2,'b')");
  EXPECT_EQ(Print("SELECT 1 AS 'one'"), "SELECT 1 AS 'one'");
  EXPECT_EQ(Print("SELECT * FROM t FORCE KEY (PRIMARY) LIMIT 5"),
            "SELECT * FROM t FORCE KEY (PRIMARY) LIMIT 5");
}

TEST_F(PrinterTest, VersionedCommentContentIsPrintedAsCode) {
  EXPECT_EQ(Print("/*!40101 SET NAMES utf8mb4 */"), "SET NAMES utf8mb4");
  EXPECT_EQ(Print("SELECT /*!40001 SQL_NO_CACHE */ a FROM t"), "SELECT SQL_NO_CACHE a FROM t");
}

// Statements kept as tokens print with normalized spacing, except around a `.`, where joining
// two tokens can make one (`26.` and `.1` are numbers): there the spacing stays as written.
TEST_F(PrinterTest, TokenSpansKeepSpacingAroundDots) {
  EXPECT_EQ(Print("CHECK TABLE t1 , shop.t2"), "CHECK TABLE t1, shop.t2");
  EXPECT_EQ(Print("DO 26 .com"), "DO 26 .com");
  EXPECT_EQ(Print("DO x = . 1"), "DO x = . 1");
  EXPECT_EQ(Print("DO 1e3. 1.5"), "DO 1e3. 1.5");
}

TEST_F(PrinterTest, TableRenamesApplyEverywhere) {
  absl::flat_hash_map<std::string, std::string> renames = {{"t_order", "t_order_1"}};
  PrintOptions options;
  options.table_renames = &renames;
  EXPECT_EQ(Print("SELECT * FROM t_order o JOIN shop.t_order x ON o.a = x.a", options),
            "SELECT * FROM t_order_1 o JOIN shop.t_order_1 x ON o.a = x.a");
  EXPECT_EQ(Print("CREATE TABLE t_order (id INT, p INT REFERENCES t_order (id))", options),
            "CREATE TABLE t_order_1 (id INT, p INT REFERENCES t_order_1(id))");
  EXPECT_EQ(Print("ALTER TABLE t_order RENAME TO t_order", options),
            "ALTER TABLE t_order_1 RENAME TO t_order_1");
  EXPECT_EQ(Print("SHOW CREATE TABLE t_order", options), "SHOW CREATE TABLE t_order_1");
}

TEST_F(PrinterTest, TableRenamesReachQualifiersThatNameTheTable) {
  absl::flat_hash_map<std::string, std::string> renames = {{"t_order", "t_order_1"},
                                                           {"t_item", "t_item_1"}};
  PrintOptions options;
  options.table_renames = &renames;
  EXPECT_EQ(Print("SELECT t_order.id, t_order.* FROM t_order WHERE t_order.user_id = 1", options),
            "SELECT t_order_1.id, t_order_1.* FROM t_order_1 WHERE t_order_1.user_id = 1");
  EXPECT_EQ(Print("SELECT shop.t_order.id FROM shop.t_order", options),
            "SELECT shop.t_order_1.id FROM shop.t_order_1");
  // A qualifier that is an alias stays, even when the alias spells a renamed table.
  EXPECT_EQ(Print("SELECT t_order.id FROM t_item t_order", options),
            "SELECT t_order.id FROM t_item_1 t_order");
  EXPECT_EQ(Print("UPDATE t_order SET t_order.status = 2 WHERE t_order.id = 3", options),
            "UPDATE t_order_1 SET t_order_1.status = 2 WHERE t_order_1.id = 3");
  EXPECT_EQ(Print("INSERT INTO t_order (t_order.id) VALUES (1)", options),
            "INSERT INTO t_order_1 (t_order_1.id) VALUES (1)");
  EXPECT_EQ(
      Print("DELETE t_order FROM t_order JOIN t_item ON t_order.id = t_item.order_id", options),
      "DELETE t_order_1 FROM t_order_1 JOIN t_item_1 ON t_order_1.id = t_item_1.order_id");
  // DELETE targets that name aliases are aliases, not tables.
  EXPECT_EQ(Print("DELETE o FROM t_order o JOIN t_item i ON o.id = i.order_id", options),
            "DELETE o FROM t_order_1 o JOIN t_item_1 i ON o.id = i.order_id");
  EXPECT_EQ(Print("WITH t_order AS (SELECT 1 AS a) SELECT t_order.a FROM t_order", options),
            "WITH t_order AS (SELECT 1 AS a) SELECT t_order.a FROM t_order");
}

TEST_F(PrinterTest, TemplateTextPrintsPlaceholders) {
  Print("SELECT c FROM t WHERE id IN (1, 2) AND k = 'x' LIMIT 3");
  EXPECT_EQ(PrintSql(stmt_.statement(), TemplateText(stmt_.statement_template())),
            "SELECT c FROM t WHERE (id IN (?)) AND (k = ?) LIMIT ?");
}

TEST_F(PrinterTest, DumpIgnoresFormattingButNotValues) {
  BoundStatement a, b, c;
  std::string s1 = "SELECT a FROM t WHERE x = 1", s2 = "select a\nfrom t where x=1 -- c",
              s3 = "SELECT a FROM t WHERE x = 2";
  ASSERT_TRUE(parser_.Parse(s1, &a).ok());
  ASSERT_TRUE(parser_.Parse(s2, &b).ok());
  ASSERT_TRUE(parser_.Parse(s3, &c).ok());
  EXPECT_TRUE(AstEquals(a.statement(), a, b.statement(), b));
  EXPECT_FALSE(AstEquals(a.statement(), a, c.statement(), c));
}

// `(1, (2))` is a row of expressions, `(1, 2)` a row of plain literals kept as one slot: the same
// row either way, so a printed statement compares equal to the one it came from.
TEST_F(PrinterTest, DumpTreatsCollapsedLiteralRowsAsExpressionRows) {
  BoundStatement a, b, c;
  std::string s1 = "INSERT INTO t VALUES ('a', (6), NULL)",
              s2 = "INSERT INTO t VALUES ('a', 6, NULL)",
              s3 = "INSERT INTO t VALUES ('a', 7, NULL)";
  ASSERT_TRUE(parser_.Parse(s1, &a).ok());
  ASSERT_TRUE(parser_.Parse(s2, &b).ok());
  ASSERT_TRUE(parser_.Parse(s3, &c).ok());
  EXPECT_TRUE(AstEquals(a.statement(), a, b.statement(), b));
  EXPECT_FALSE(AstEquals(a.statement(), a, c.statement(), c));
}

// The same for IN lists: `IN (2, (3))` is a list of expressions, `IN (2, 3)` one slot (found by
// the parser fuzzer: the printer drops the parentheses).
TEST_F(PrinterTest, DumpTreatsCollapsedInListsAsExpressionLists) {
  BoundStatement a, b, c, d;
  std::string s1 = "SELECT * FROM t WHERE x IN (2, ( 03), NULL)",
              s2 = "SELECT * FROM t WHERE x IN (2, 03, NULL)",
              s3 = "SELECT * FROM t WHERE x IN (2, 3, NULL)",
              s4 = "SELECT * FROM t WHERE x IN (2, 03)";
  ASSERT_TRUE(parser_.Parse(s1, &a).ok());
  ASSERT_TRUE(parser_.Parse(s2, &b).ok());
  ASSERT_TRUE(parser_.Parse(s3, &c).ok());
  ASSERT_TRUE(parser_.Parse(s4, &d).ok());
  EXPECT_TRUE(AstEquals(a.statement(), a, b.statement(), b));
  EXPECT_FALSE(AstEquals(a.statement(), a, c.statement(), c));  // 03 is not 3 as written
  EXPECT_FALSE(AstEquals(a.statement(), a, d.statement(), d));
  EXPECT_EQ(Print(s1), "SELECT * FROM t WHERE x IN (2, 03, NULL)");
}

}  // namespace
}  // namespace shardproxy::sql
