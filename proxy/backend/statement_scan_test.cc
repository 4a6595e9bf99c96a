#include "proxy/backend/statement_scan.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(StatementScanTest, PlainStatementsHoldNothing) {
  for (const char* sql :
       {"SELECT 1", "SELECT * FROM t WHERE id = 5", "INSERT INTO t VALUES ('a@b.com')",
        "SELECT `a@b` FROM t", "SELECT 1 -- @x\n", "SELECT 1 # GET_LOCK(\n", "SELECT /* @x */ 1",
        "SELECT @@session.sql_mode", "SELECT get_lock_count FROM t", "SELECT \"GET_LOCK('x', 1)\"",
        "UPDATE t SET a = 'it''s @home'"}) {
    StatementTraits traits = ScanStatement(sql);
    EXPECT_FALSE(traits.BindsSession()) << sql;
    EXPECT_FALSE(traits.only_system_variable_sets) << sql;
  }
}

TEST(StatementScanTest, FindsUserVariables) {
  for (const char* sql : {"SET @a = 1", "SELECT @a", "SELECT @a := 5", "SELECT 1 INTO @v",
                          "SELECT @`quoted`", "SELECT @'quoted'", "SELECT 1 /*!50000 , @x */",
                          "SELECT 1 /*M!100100 , @x */", "SELECT 'a\\'@' , @x"}) {
    StatementTraits traits = ScanStatement(sql);
    EXPECT_TRUE(traits.uses_user_variable) << sql;
    EXPECT_TRUE(traits.BindsSession()) << sql;
  }
}

TEST(StatementScanTest, FindsNamedLocksAndFoundRows) {
  EXPECT_TRUE(ScanStatement("SELECT GET_LOCK('k', 10)").uses_get_lock);
  EXPECT_TRUE(ScanStatement("select get_lock('k', 10)").uses_get_lock);
  EXPECT_FALSE(ScanStatement("SELECT 'GET_LOCK(1)'").uses_get_lock);
  EXPECT_TRUE(ScanStatement("SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1").uses_calc_found_rows);
  EXPECT_FALSE(ScanStatement("SELECT 1 -- SQL_CALC_FOUND_ROWS").uses_calc_found_rows);
}

TEST(StatementScanTest, RecognisesPlainSetAndUse) {
  for (const char* sql : {"SET NAMES utf8mb4", "set autocommit=0", "USE shop",
                          "  /* hi */ SET sql_mode='ANSI'", "SET @@session.time_zone='+01:00'",
                          "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
                          "SET NAMES latin1; SET autocommit = 1;", "SET a=1; USE db"}) {
    EXPECT_TRUE(ScanStatement(sql).only_system_variable_sets) << sql;
  }
  for (const char* sql :
       {"SET @a = 1", "SET sql_mode = @saved", "SET ROLE admin",
        "SET STATEMENT max_statement_time=1 FOR SELECT 1", "SET PASSWORD = PASSWORD('x')",
        "SET DEFAULT ROLE r FOR u", "SET NAMES utf8; CREATE TEMPORARY TABLE t (a INT)", "CALL p()",
        "SELECT 1", "", ";", "/*!40101 SET NAMES utf8 */"}) {
    EXPECT_FALSE(ScanStatement(sql).only_system_variable_sets) << sql;
  }
}

TEST(StatementScanTest, UnterminatedLiteralsAndCommentsDoNotOverrun) {
  for (const char* sql : {"SELECT 'abc", "SELECT \"abc", "SELECT `abc", "SELECT /* abc",
                          "SELECT 'a\\", "SET @", "/*!", "SET /*M!1"}) {
    ScanStatement(sql);  // must not read past the end (ASan build)
  }
  EXPECT_TRUE(ScanStatement("SET @").uses_user_variable);
}

}  // namespace
}  // namespace shardproxy
