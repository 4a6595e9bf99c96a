#include "parser/classify.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy::sql {
namespace {

Classification Of(absl::string_view sql) {
  SqlDigest d;
  EXPECT_TRUE(d.Compute(sql).ok()) << sql;
  return Classify(d);
}

TEST(ClassifyTest, LeadingKeywords) {
  EXPECT_EQ(Of("select 1").kind, StatementClass::kSelect);
  EXPECT_EQ(Of("(SELECT 1) UNION (SELECT 2)").kind, StatementClass::kSelect);
  EXPECT_EQ(Of("WITH x AS (SELECT 1) SELECT * FROM x").kind, StatementClass::kSelect);
  EXPECT_EQ(Of("/*!40101 SET NAMES utf8 */").kind, StatementClass::kSet);
  EXPECT_EQ(Of("insert into t values (1)").kind, StatementClass::kInsert);
  EXPECT_EQ(Of("REPLACE t VALUES (1)").kind, StatementClass::kReplace);
  EXPECT_EQ(Of("START TRANSACTION").kind, StatementClass::kBegin);
  EXPECT_EQ(Of("begin").kind, StatementClass::kBegin);
  EXPECT_EQ(Of("COMMIT").kind, StatementClass::kCommit);
  EXPECT_EQ(Of("ROLLBACK TO sp").kind, StatementClass::kRollback);
  EXPECT_EQ(Of("USE db").kind, StatementClass::kUse);
  EXPECT_EQ(Of("XA START 'x'").kind, StatementClass::kXa);
  EXPECT_EQ(Of("LOCK TABLES t READ").kind, StatementClass::kLockTables);
  EXPECT_EQ(Of("DESC t").kind, StatementClass::kDescribe);
  EXPECT_EQ(Of("FOO BAR").kind, StatementClass::kOther);
  EXPECT_EQ(Of("'x'").kind, StatementClass::kUnknown);
}

TEST(ClassifyTest, Flags) {
  EXPECT_TRUE(Of("SELECT @a").Has(kUsesUserVariables));
  EXPECT_TRUE(Of("SET @a := 1").Has(kUsesUserVariables));
  EXPECT_FALSE(Of("SELECT '@a'").Has(kUsesUserVariables));
  EXPECT_TRUE(Of("SELECT @@autocommit").Has(kUsesSystemVariables));
  EXPECT_TRUE(Of("SELECT GET_LOCK('a', 1)").Has(kUsesLockFunctions));
  EXPECT_TRUE(Of("DO release_lock('a')").Has(kUsesLockFunctions));
  EXPECT_FALSE(Of("SELECT get_lock FROM t").Has(kUsesLockFunctions));
  EXPECT_TRUE(Of("SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1").Has(kUsesFoundRows));
  EXPECT_TRUE(Of("SELECT FOUND_ROWS()").Has(kUsesFoundRows));
  EXPECT_TRUE(Of("CREATE TEMPORARY TABLE x (a INT)").Has(kMentionsTemporary));
  EXPECT_TRUE(Of("LOCK TABLES t WRITE").Has(kLockTables));
  EXPECT_TRUE(Of("SELECT LAST_INSERT_ID()").Has(kUsesLastInsertId));
  EXPECT_TRUE(Of("SELECT * FROM t FOR UPDATE").Has(kForUpdate));
  EXPECT_TRUE(Of("SELECT * FROM t LOCK IN SHARE MODE").Has(kForUpdate));
  EXPECT_TRUE(Of("SELECT ROW_COUNT()").Has(kUsesRowCount));
  EXPECT_EQ(Of("SELECT c FROM sbtest1 WHERE id = 1").flags, 0u);
}

TEST(ClassifyTest, CandidateTables) {
  SqlDigest d;
  ASSERT_TRUE(
      d.Compute("SELECT a.x FROM `t_order` a JOIN t_item USING (id) WHERE status = 1").ok());
  std::vector<int32_t> tokens;
  CandidateTableTokens(d, &tokens);
  std::vector<std::string> names;
  for (int32_t t : tokens) names.emplace_back(d.TokenText(t));
  EXPECT_THAT(names, ::testing::ElementsAre("a", "x", "`t_order`", "a", "t_item", "id", "status"));
  EXPECT_TRUE(MentionsAnyTable(d, {"t_order"}));
  EXPECT_TRUE(MentionsAnyTable(d, {"t_item"}));
  EXPECT_FALSE(MentionsAnyTable(d, {"T_ORDER", "other"}));
  ASSERT_TRUE(d.Compute("SELECT * FROM `we``ird`").ok());
  EXPECT_TRUE(MentionsAnyTable(d, {"we`ird"}));
}

}  // namespace
}  // namespace shardproxy::sql
