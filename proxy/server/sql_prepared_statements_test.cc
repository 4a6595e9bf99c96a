#include "proxy/server/sql_prepared_statements.h"

#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy {
namespace {

using Kind = SqlPrepareCommand::Kind;

class SqlPrepareTest : public ::testing::Test {
 protected:
  absl::StatusOr<absl::optional<SqlPrepareCommand>> Parse(const std::string& sql) {
    text_ = sql;
    absl::Status parsed = parser_.Parse(text_, &statement_);
    EXPECT_TRUE(parsed.ok()) << sql << ": " << parsed;
    return ParseSqlPrepareCommand(statement_);
  }
  SqlPrepareCommand Command(const std::string& sql) {
    absl::StatusOr<absl::optional<SqlPrepareCommand>> command = Parse(sql);
    EXPECT_TRUE(command.ok()) << sql << ": " << command.status();
    EXPECT_TRUE(command.ok() && command->has_value()) << sql;
    return command.ok() && command->has_value() ? **command : SqlPrepareCommand();
  }
  int ErrorCode(const std::string& sql) {
    absl::StatusOr<absl::optional<SqlPrepareCommand>> command = Parse(sql);
    return command.ok() ? 0 : static_cast<int>(ToMysqlError(command.status()).code);
  }

  sql::Parser parser_;
  std::string text_;
  sql::BoundStatement statement_;
};

TEST_F(SqlPrepareTest, PrepareFromStringOrVariable) {
  SqlPrepareCommand c = Command("PREPARE St FROM 'SELECT name FROM t_user WHERE user_id = ?'");
  EXPECT_EQ(c.kind, Kind::kPrepare);
  EXPECT_EQ(c.name, "St");
  EXPECT_EQ(c.text, "SELECT name FROM t_user WHERE user_id = ?");
  c = Command("prepare `my st` from _utf8mb4'SELECT ''a'', \\'b\\''");
  EXPECT_EQ(c.name, "my st");
  EXPECT_EQ(c.text, "SELECT 'a', 'b'");
  c = Command("PREPARE st FROM @`Query`");
  EXPECT_EQ(c.text, "");
  EXPECT_EQ(c.text_variable, "query");
}

TEST_F(SqlPrepareTest, ExecuteWithArguments) {
  SqlPrepareCommand c = Command("EXECUTE st");
  EXPECT_EQ(c.kind, Kind::kExecute);
  EXPECT_TRUE(c.arguments.empty());
  c = Command("EXECUTE st USING @a, 'x', -3, NULL, @`B`");
  ASSERT_EQ(c.arguments.size(), 5u);
  EXPECT_TRUE(c.arguments[0].variable);
  EXPECT_EQ(c.arguments[0].text, "a");
  EXPECT_FALSE(c.arguments[1].variable);
  EXPECT_EQ(c.arguments[1].text, "'x'");
  EXPECT_EQ(c.arguments[2].text, "-3");
  EXPECT_EQ(c.arguments[3].text, "NULL");
  EXPECT_EQ(c.arguments[4].text, "b");
  c = Command("EXECUTE IMMEDIATE 'SELECT ?' USING 1");
  EXPECT_EQ(c.kind, Kind::kExecuteImmediate);
  EXPECT_EQ(c.text, "SELECT ?");
  ASSERT_EQ(c.arguments.size(), 1u);
}

TEST_F(SqlPrepareTest, DeallocateBothSpellings) {
  EXPECT_EQ(Command("DEALLOCATE PREPARE st").kind, Kind::kDeallocate);
  SqlPrepareCommand c = Command("DROP PREPARE `St`");
  EXPECT_EQ(c.kind, Kind::kDeallocate);
  EXPECT_EQ(c.name, "St");
}

TEST_F(SqlPrepareTest, OtherStatementsAreNotCommands) {
  absl::StatusOr<absl::optional<SqlPrepareCommand>> c = Parse("CALL p(1)");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  c = Parse("SELECT 1");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
}

TEST_F(SqlPrepareTest, MalformedIsSyntaxErrorAndExpressionsUnsupported) {
  EXPECT_EQ(ErrorCode("PREPARE st 'SELECT 1'"), 1064);
  EXPECT_EQ(ErrorCode("PREPARE st FROM 'SELECT 1' extra"), 1064);
  EXPECT_EQ(ErrorCode("EXECUTE st USING"), 1064);
  EXPECT_EQ(ErrorCode("EXECUTE st @a"), 1064);
  EXPECT_EQ(ErrorCode("DEALLOCATE st"), 1064);
  EXPECT_EQ(ErrorCode("EXECUTE st USING @a + 1"), 1235);
  EXPECT_EQ(ErrorCode("EXECUTE st USING CONCAT(@a, 'x')"), 1235);
}

TEST(BindSqlPreparedTest, MarkersTakeValuesInOrder) {
  UserVariables variables{{"a", "42"}, {"s", "'it''s'"}};
  std::vector<SqlPrepareCommand::Argument> arguments{
      {true, "a"}, {false, "'?'"}, {true, "unset"}, {true, "s"}};
  absl::StatusOr<std::string> bound = BindSqlPrepared("SELECT ? + 1, '?', ? /* ? */, ?", arguments,
                                                      variables, /*no_backslash_escapes=*/false);
  // Only three markers: the quoted and commented '?' are not markers.
  EXPECT_FALSE(bound.ok());
  EXPECT_EQ(ToMysqlError(bound.status()).code, 1210);
  arguments.erase(arguments.begin() + 1);
  bound = BindSqlPrepared("SELECT ? + 1, '?', ? /* ? */, ?", arguments, variables, false);
  ASSERT_TRUE(bound.ok()) << bound.status();
  EXPECT_EQ(*bound, "SELECT 42 + 1, '?', NULL /* ? */, 'it''s'");
}

TEST(TextOfUserVariableTest, StringsHexAndOthers) {
  EXPECT_EQ(TextOfUserVariable("'SELECT ''x'''"), "SELECT 'x'");
  EXPECT_EQ(TextOfUserVariable("X'53454C4543542031'"), "SELECT 1");
  EXPECT_EQ(TextOfUserVariable("NULL"), "NULL");
  EXPECT_EQ(TextOfUserVariable("12"), "12");
}

}  // namespace
}  // namespace shardproxy
