#include "parser/sql_digest.h"

#include <string>

#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy::sql {
namespace {

using ::testing::ElementsAre;

std::string Digest(absl::string_view sql) {
  SqlDigest d;
  absl::Status status = d.Compute(sql);
  EXPECT_TRUE(status.ok()) << sql << ": " << status;
  return std::string(d.text());
}

std::vector<std::string> Values(const SqlDigest& d) {
  std::vector<std::string> out;
  for (const LiteralValue& v : d.values()) out.emplace_back(v.text);
  return out;
}

TEST(SqlDigestTest, LiteralsBecomeTypedPlaceholders) {
  EXPECT_EQ(Digest("SELECT c FROM sbtest1 WHERE id=42"), "SELECT c FROM sbtest1 WHERE id = ?i");
  EXPECT_EQ(Digest("SELECT 'a', \"b\", N'c', 1.5, 1e3, .5, x'41', 0x41, b'1', 0b1"),
            "SELECT ?s , ?s , ?s , ?d , ?d , ?d , ?x , ?x , ?b , ?b");
}

TEST(SqlDigestTest, SameShapeDifferentValuesShareDigest) {
  SqlDigest a, b;
  ASSERT_TRUE(a.Compute("SELECT c FROM sbtest1 WHERE id=1").ok());
  ASSERT_TRUE(b.Compute("select c from sbtest1 where id = 987654").ok());
  EXPECT_NE(a.text(), b.text());  // keywords keep their spelling: case differs
  ASSERT_TRUE(b.Compute("SELECT c FROM sbtest1 WHERE id =   987654 -- x").ok());
  EXPECT_EQ(a.text(), b.text());
  EXPECT_EQ(a.hash(), b.hash());
}

TEST(SqlDigestTest, IdentifiersKeepTheirCase) {
  EXPECT_NE(Digest("SELECT * FROM t_order"), Digest("SELECT * FROM T_ORDER"));
  EXPECT_EQ(Digest("SELECT * FROM `t`"), "SELECT * FROM `t`");
}

TEST(SqlDigestTest, CommentsAndWhitespaceVanish) {
  std::string expected = "SELECT ?i + ?i";
  EXPECT_EQ(Digest("SELECT 1 + 2"), expected);
  EXPECT_EQ(Digest("  SELECT\n\t1 /* c */ +\r\n2 -- trailing"), expected);
  EXPECT_EQ(Digest("/* lead */ SELECT 1 # hash\n + 2"), expected);
  EXPECT_EQ(Digest("SELECT 1 + 2 /* left open"), expected);  // MariaDB accepts that
}

TEST(SqlDigestTest, DoubleDashNeedsSpaceToStartAComment) {
  EXPECT_EQ(Digest("SELECT 1--1"), "SELECT ?i - ?n");
  EXPECT_EQ(Digest("SELECT 1-- 1"), "SELECT ?i");
}

TEST(SqlDigestTest, VersionedCommentsAreCode) {
  EXPECT_EQ(Digest("/*!40101 SET NAMES utf8 */"), "SET NAMES utf8");
  EXPECT_EQ(Digest("SELECT 1 /*! + 2 */"), "SELECT ?i + ?i");
  EXPECT_EQ(Digest("SELECT /*!40001 SQL_NO_CACHE */ 1"), "SELECT SQL_NO_CACHE ?i");
  EXPECT_EQ(Digest("SELECT 1 /*M!100100 + 2 */"), "SELECT ?i + ?i");
  // Newer than the server: a comment.
  EXPECT_EQ(Digest("SELECT 1 /*M!999999 + 2 */"), "SELECT ?i");
  EXPECT_EQ(Digest("/*M!999999\\- enable the sandbox mode */ SELECT 1"), "SELECT ?i");
  // MySQL 5.7+ ids (50700..99999) are ignored by MariaDB unless written /*M!.
  EXPECT_EQ(Digest("SELECT 1 /*!50700 + 2 */"), "SELECT ?i");
  EXPECT_EQ(Digest("SELECT 1 /*!80000 + 2 */"), "SELECT ?i");
  EXPECT_EQ(Digest("SELECT 1 /*M!80000 + 2 */"), "SELECT ?i + ?i");
  EXPECT_EQ(Digest("CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop`"),
            "CREATE DATABASE IF NOT EXISTS `shop`");
}

TEST(SqlDigestTest, InListOfLiteralsCollapses) {
  SqlDigest d;
  ASSERT_TRUE(d.Compute("SELECT * FROM t WHERE k IN (1, 'two', -3, NULL, 0x04)").ok());
  EXPECT_EQ(d.text(), "SELECT * FROM t WHERE k IN ( ?list )");
  ASSERT_EQ(d.slots().size(), 1u);
  EXPECT_EQ(d.slots()[0].kind, Slot::Kind::kValueList);
  EXPECT_THAT(Values(d), ElementsAre("1", "'two'", "-3", "NULL", "0x04"));
  EXPECT_EQ(d.values()[3].kind, TokenKind::kNull);
  EXPECT_EQ(d.TokenText(d.slots()[0].token), "1, 'two', -3, NULL, 0x04");
  // Any length shares the digest.
  EXPECT_EQ(Digest("SELECT * FROM t WHERE k IN (7)"), d.text());
  // Lists with expressions or parameters do not collapse.
  EXPECT_EQ(Digest("SELECT * FROM t WHERE k IN (1, a)"), "SELECT * FROM t WHERE k IN ( ?i , a )");
  EXPECT_EQ(Digest("SELECT * FROM t WHERE k IN (1, 1+1)"),
            "SELECT * FROM t WHERE k IN ( ?i , ?i + ?i )");
  EXPECT_EQ(Digest("SELECT * FROM t WHERE k NOT IN ((SELECT 1))"),
            "SELECT * FROM t WHERE k NOT IN ( ( SELECT ?i ) )");
}

TEST(SqlDigestTest, RowListsCollapseWithArity) {
  SqlDigest d;
  ASSERT_TRUE(d.Compute("INSERT INTO t VALUES (1,'a'),(2,'b'), (3, NULL)").ok());
  EXPECT_EQ(d.text(), "INSERT INTO t VALUES ?rows2");
  ASSERT_EQ(d.slots().size(), 1u);
  EXPECT_EQ(d.slots()[0].row_count, 3u);
  EXPECT_EQ(d.slots()[0].arity, 2u);
  EXPECT_THAT(Values(d), ElementsAre("1", "'a'", "2", "'b'", "3", "NULL"));
  ByteRange row1 = d.rows()[1];
  EXPECT_EQ(d.sql().substr(row1.begin, row1.end - row1.begin), "(2,'b')");
  EXPECT_EQ(Digest("INSERT INTO t VALUES (9,'z')"), d.text());
  EXPECT_NE(Digest("INSERT INTO t VALUES (9,'z',1)"), d.text());
  // Unequal arity or an expression: no collapse.
  EXPECT_EQ(Digest("INSERT INTO t VALUES (1),(2,3)"), "INSERT INTO t VALUES ( ?i ) , ( ?i , ?i )");
  EXPECT_EQ(Digest("INSERT INTO t VALUES (1, NOW())"), "INSERT INTO t VALUES ( ?i , NOW ( ) )");
  EXPECT_EQ(Digest("SELECT 1 FROM t WHERE (a, b) IN ((1, 2), (3, 4))"),
            "SELECT ?i FROM t WHERE ( a , b ) IN ( ?rows2 )");
  // VALUES(col) in ON DUPLICATE KEY UPDATE is a function call.
  EXPECT_EQ(Digest("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)"),
            "INSERT INTO t VALUES ?rows1 ON DUPLICATE KEY UPDATE a = VALUES ( a )");
}

TEST(SqlDigestTest, SignGluesToNumberOnlyWhereAnOperandIsExpected) {
  EXPECT_EQ(Digest("SELECT -1"), "SELECT ?n");
  EXPECT_EQ(Digest("SELECT a-1"), "SELECT a - ?i");
  EXPECT_EQ(Digest("SELECT a -1"), "SELECT a - ?i");
  EXPECT_EQ(Digest("SELECT (1)-1"), "SELECT ( ?i ) - ?i");
  EXPECT_EQ(Digest("SELECT 1 WHERE x = -1.5"), "SELECT ?i WHERE x = ?n");
  EXPECT_EQ(Digest("SELECT CASE WHEN a THEN -1 ELSE +2 END"),
            "SELECT CASE WHEN a THEN ?n ELSE ?n END");
  EXPECT_EQ(Digest("SELECT - 1"), "SELECT - ?i");  // a space keeps them apart
}

TEST(SqlDigestTest, StringsAndIntroducers) {
  SqlDigest d;
  ASSERT_TRUE(d.Compute("SELECT 'it''s' 'x', _utf8mb4'y', _unknown 'z'").ok());
  EXPECT_EQ(d.text(), "SELECT ?s , _utf8mb4 ?s , _unknown ?s");
  EXPECT_EQ(d.tokens()[3].kind, TokenKind::kIntroducer);
  EXPECT_EQ(d.tokens()[6].kind, TokenKind::kWord);  // not a charset: an identifier (alias)
  EXPECT_THAT(Values(d), ElementsAre("'it''s' 'x'", "'y'", "'z'"));
  EXPECT_EQ(Digest(R"(SELECT 'a\'b', "c\"d")"), "SELECT ?s , ?s");
}

TEST(SqlDigestTest, VariablesAndParameters) {
  SqlDigest d;
  ASSERT_TRUE(d.Compute("SELECT @a, @`b c`, @@global.x, @@y, ? FROM t WHERE id = ?").ok());
  EXPECT_EQ(d.text(), "SELECT @a , @`b c` , @@global.x , @@y , ?p FROM t WHERE id = ?p");
  EXPECT_EQ(d.param_count(), 2);
  EXPECT_EQ(d.slots()[1].param_index, 1);
}

TEST(SqlDigestTest, TokenRangesPointIntoTheStatement) {
  SqlDigest d;
  absl::string_view sql = "SELECT  c FROM `sbtest1`\nWHERE id=7";
  ASSERT_TRUE(d.Compute(sql).ok());
  ASSERT_EQ(d.tokens().size(), 8u);
  EXPECT_EQ(d.TokenText(3), "`sbtest1`");
  EXPECT_EQ(d.tokens()[3].begin, 15u);
  EXPECT_EQ(d.TokenText(7), "7");
  EXPECT_EQ(d.tokens()[7].slot, 0);
}

TEST(SqlDigestTest, OperatorsAreSingleTokens) {
  EXPECT_EQ(Digest("SELECT a<=>b, a<>b, a!=b, a<=b, a>=b, a<<b, a>>b, a||b, a&&b, @x:=1, !a"),
            "SELECT a <=> b , a <> b , a != b , a <= b , a >= b , a << b , a >> b , a || b , "
            "a && b , @x := ?i , ! a");
}

TEST(SqlDigestTest, DigitLedIdentifiers) {
  EXPECT_EQ(Digest("SELECT 1abc FROM t"), "SELECT 1abc FROM t");
  EXPECT_EQ(Digest("SELECT t1.5 FROM t1"), "SELECT t1 . 5 FROM t1");
  EXPECT_EQ(Digest("SELECT 1.5 FROM t1"), "SELECT ?d FROM t1");
}

TEST(SqlDigestTest, Errors) {
  SqlDigest d;
  absl::Status status = d.Compute("SELECT 'abc");
  EXPECT_EQ(ToMysqlError(status).code, 1064);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("near ''abc' at line 1"));
  status = d.Compute("SELECT `abc");
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("near '`abc' at line 1"));
  status = d.Compute("   ");
  EXPECT_EQ(ToMysqlError(status).code, 1065);
  EXPECT_EQ(ToMysqlError(status).message, "Query was empty");
  EXPECT_EQ(ToMysqlError(d.Compute("/* only a comment */")).code, 1065);
  EXPECT_EQ(ToMysqlError(d.Compute(";")).code, 1065);
  std::string deep(kMaxParenDepth + 1, '(');
  status = d.Compute("SELECT " + deep + "1");
  EXPECT_EQ(ToMysqlError(status).code, 1064);
}

TEST(SqlDigestTest, ReuseDoesNotKeepStaleState) {
  SqlDigest d;
  ASSERT_TRUE(d.Compute("INSERT INTO t VALUES (1,2),(3,4)").ok());
  ASSERT_TRUE(d.Compute("SELECT 1").ok());
  EXPECT_EQ(d.slots().size(), 1u);
  EXPECT_EQ(d.rows().size(), 0u);
  EXPECT_EQ(d.text(), "SELECT ?i");
}

}  // namespace
}  // namespace shardproxy::sql
