#include "proxy/server/user_variables.h"

#include <string>

#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy {
namespace {

class UserVariablesTest : public ::testing::Test {
 protected:
  const sql::BoundStatement& Parse(absl::string_view sql) {
    text_ = std::string(sql);
    absl::Status parsed = parser_.Parse(text_, &statement_);
    EXPECT_TRUE(parsed.ok()) << parsed << ": " << sql;
    return statement_;
  }

  sql::Parser parser_;
  sql::BoundStatement statement_;
  std::string text_;
};

TEST_F(UserVariablesTest, TellsUserVariablesFromSystemVariablesAndAccountNames) {
  EXPECT_TRUE(MayUseUserVariables("SELECT @x"));
  EXPECT_TRUE(MayUseUserVariables("SELECT * FROM t WHERE id=@`my id`"));
  EXPECT_FALSE(MayUseUserVariables("SELECT @@sql_mode, @@session.autocommit"));
  EXPECT_FALSE(MayUseUserVariables("SELECT 'a@b.c' AS mail -- @x\n"));
  EXPECT_FALSE(MayUseUserVariables("CREATE USER 'app'@'localhost'"));
  EXPECT_FALSE(MayUseUserVariables("GRANT SELECT ON shop.* TO app@localhost"));
}

TEST_F(UserVariablesTest, ReplacesReadsAndKeepsTheColumnNames) {
  const sql::BoundStatement& s =
      Parse("SELECT @x, @Y + 1, @x AS named, @@sql_mode FROM t WHERE id = @x AND n = @missing");
  UserVariableUse use = FindUserVariables(s);
  ASSERT_EQ(use.reads.size(), 5u);
  EXPECT_EQ(use.reads[1].name, "y");
  EXPECT_FALSE(use.unaccounted);
  UserVariables values{{"x", "7"}, {"y", "'it''s'"}};
  EXPECT_EQ(SubstituteUserVariableReads(s, use, values),
            "SELECT 7 AS `@x`, 'it''s' + 1 AS `@Y + 1`, 7 AS named, @@sql_mode FROM t WHERE id = 7 "
            "AND n = NULL");
}

TEST_F(UserVariablesTest, AVariableIsNeverTakenForAColumnPosition) {
  const sql::BoundStatement& s =
      Parse("SELECT a FROM t WHERE b = @n GROUP BY @n, a ORDER BY @n DESC, @s, @n + 1");
  UserVariableUse use = FindUserVariables(s);
  EXPECT_EQ(SubstituteUserVariableReads(s, use, {{"n", "2"}, {"s", "'x'"}}),
            "SELECT a FROM t WHERE b = 2 GROUP BY (2+0), a ORDER BY (2+0) DESC, 'x', 2 + 1");
}

TEST_F(UserVariablesTest, FindsSetAndSelectIntoTargets) {
  UserVariableUse set = FindUserVariables(Parse("SET @a = 1, @B := (SELECT 2)"));
  EXPECT_EQ(set.set, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(set.other_set);
  EXPECT_FALSE(set.unaccounted);
  EXPECT_EQ(SelectOfSetValues(statement_), "SELECT 1, (SELECT 2)");
  UserVariableUse mixed = FindUserVariables(Parse("SET @a = @@sql_mode, sql_mode = '', @b = 2"));
  EXPECT_TRUE(mixed.other_set);
  EXPECT_EQ(mixed.set, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SelectOfSetValues(statement_), "SELECT @@sql_mode, 2");

  UserVariableUse into = FindUserVariables(Parse("SELECT a, b INTO @a, @`B c` FROM t LIMIT 1"));
  EXPECT_EQ(into.into, (std::vector<std::string>{"a", "b c"}));
  EXPECT_FALSE(into.unaccounted);
  EXPECT_EQ(*WithoutIntoClause(statement_), "SELECT a, b  FROM t LIMIT 1");
  Parse("SELECT a FROM t WHERE id = 1 INTO @a");
  EXPECT_EQ(*WithoutIntoClause(statement_), "SELECT a FROM t WHERE id = 1 ");
  Parse("SELECT a FROM t");
  EXPECT_FALSE(WithoutIntoClause(statement_).has_value());
}

TEST_F(UserVariablesTest, SaysWhatItCannotKeep) {
  EXPECT_TRUE(FindUserVariables(Parse("SELECT @n := COUNT(*) FROM t")).assigns_inline);
  // CALL's arguments are not expressions the parser shows: the mark is unaccounted for.
  EXPECT_TRUE(FindUserVariables(Parse("CALL p(@out)")).unaccounted);
}

TEST_F(UserVariablesTest, LiteralsKeepTheValuesType) {
  auto column = [](FieldType type, uint16_t charset) {
    ColumnDefinition c;
    c.type = type;
    c.character_set = charset;
    return c;
  };
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kLongLong, 63), "-5"), "-5");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kNewDecimal, 63), "1.50"), "1.50");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kDouble, 63), "1.5"), "1.5e0");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kDouble, 63), "1e300"), "1e300");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kVarString, 45), "a'b\\c"), "'a\\'b\\\\c'");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kBlob, 63), std::string("\0\xff", 2)), "X'00ff'");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kDate, 63), "2026-12-07"), "'2026-12-07'");
  EXPECT_EQ(UserVariableLiteral(column(FieldType::kLongLong, 63), absl::nullopt), "NULL");
}

}  // namespace
}  // namespace shardproxy
