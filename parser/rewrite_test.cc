#include "parser/rewrite.h"

#include <string>

#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::sql {
namespace {

TEST(RewriteTest, RenamesTablesAndChangesLimitKeepingComments) {
  Parser parser;
  BoundStatement stmt;
  std::string sql = "/* app */ SELECT * FROM t_order o WHERE o.user_id = 10 LIMIT 5, 10";
  ASSERT_TRUE(parser.Parse(sql, &stmt).ok());
  const auto& q = stmt.statement().As<SelectStatement>().query->As<SelectNode>();
  std::vector<TextEdit> edits = {
      ReplaceToken(stmt.statement().tables[0].name.name.token, "t_order_1"),
      ReplaceToken(q.limit->offset.token, "0"),
      ReplaceToken(q.limit->count.token, "15"),
  };
  std::string out;
  ASSERT_TRUE(RewriteSql(stmt, edits, &out).ok());
  EXPECT_EQ(out, "/* app */ SELECT * FROM t_order_1 o WHERE o.user_id = 10 LIMIT 0, 15");

  // The same template serves another statement: positions stay valid.
  std::string sql2 = "/* other */ SELECT * FROM t_order o\nWHERE o.user_id = 12345 LIMIT 50, 7";
  ASSERT_TRUE(parser.Parse(sql2, &stmt).ok());
  ASSERT_TRUE(RewriteSql(stmt, edits, &out).ok());
  EXPECT_EQ(out, "/* other */ SELECT * FROM t_order_1 o\nWHERE o.user_id = 12345 LIMIT 0, 15");
}

TEST(RewriteTest, ReplacesACollapsedInList) {
  Parser parser;
  BoundStatement stmt;
  std::string sql = "SELECT * FROM t WHERE id IN (1, 2, 3, 4)";
  ASSERT_TRUE(parser.Parse(sql, &stmt).ok());
  const auto& in =
      stmt.statement().As<SelectStatement>().query->As<SelectNode>().where->As<InExpr>();
  std::string out;
  TextEdit edit = ReplaceToken(in.list_slot.token, "2, 4");
  ASSERT_TRUE(RewriteSql(stmt, {&edit, 1}, &out).ok());
  EXPECT_EQ(out, "SELECT * FROM t WHERE id IN (2, 4)");
}

TEST(RewriteTest, SubstitutesBoundParameters) {
  Parser parser;
  auto prepared = parser.Prepare("UPDATE t_order SET status = ? WHERE order_id = ?");
  ASSERT_TRUE(prepared.ok());
  BoundStatement stmt;
  LiteralValue params[] = {{TokenKind::kString, "'it\\'s'"}, {TokenKind::kInteger, "7"}};
  ASSERT_TRUE((*prepared)->Bind(params, &stmt).ok());
  std::string out;
  TextEdit edit = ReplaceToken(stmt.statement().tables[0].name.name.token, "t_order_3");
  ASSERT_TRUE(RewriteSql(stmt, {&edit, 1}, &out).ok());
  EXPECT_EQ(out, "UPDATE t_order_3 SET status = 'it\\'s' WHERE order_id = 7");
  ASSERT_TRUE(RewriteSql(stmt, {}, &out).ok());
  EXPECT_EQ(out, "UPDATE t_order SET status = 'it\\'s' WHERE order_id = 7");
}

TEST(RewriteTest, RejectsOverlappingEdits) {
  Parser parser;
  BoundStatement stmt;
  std::string sql = "SELECT a FROM t";
  ASSERT_TRUE(parser.Parse(sql, &stmt).ok());
  TextEdit edits[] = {ReplaceToken(3, "x"), ReplaceToken(1, "y")};
  std::string out;
  EXPECT_FALSE(RewriteSql(stmt, edits, &out).ok());
}

}  // namespace
}  // namespace shardproxy::sql
