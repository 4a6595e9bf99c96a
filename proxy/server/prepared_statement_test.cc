#include "proxy/server/prepared_statement.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FindParameterMarkersTest, MarkersOutsideLiteralsAndComments) {
  EXPECT_THAT(FindParameterMarkers("SELECT ? + ?", false), ElementsAre(7, 11));
  EXPECT_THAT(FindParameterMarkers("SELECT '?', \"?\", `?`, ?", false), ElementsAre(22));
  EXPECT_THAT(FindParameterMarkers("SELECT 'it''s ?', 'a\\'?' , ?", false), ElementsAre(27));
  EXPECT_THAT(FindParameterMarkers("SELECT 1 -- ?\n, ? # ?\n", false), ElementsAre(16));
  EXPECT_THAT(FindParameterMarkers("SELECT /* ? */ ?", false), ElementsAre(15));
  EXPECT_THAT(FindParameterMarkers("SELECT 1 --?", false), ElementsAre(11));  // not a comment
  EXPECT_THAT(FindParameterMarkers("BEGIN", false), IsEmpty());
}

TEST(FindParameterMarkersTest, ExecutableCommentsAreCode) {
  EXPECT_THAT(FindParameterMarkers("SELECT /*! ? */ 1", false), ElementsAre(11));
  EXPECT_THAT(FindParameterMarkers("SELECT /*M!100000 ? */ 1", false), ElementsAre(18));
}

TEST(FindParameterMarkersTest, NoBackslashEscapes) {
  // With NO_BACKSLASH_ESCAPES the backslash does not escape: the string ends at the quote.
  EXPECT_THAT(FindParameterMarkers("SELECT 'a\\', ?", true), ElementsAre(13));
  EXPECT_THAT(FindParameterMarkers("SELECT 'a\\', ?", false), IsEmpty());
}

TEST(FindParameterMarkersTest, UnterminatedQuoteHidesTheRest) {
  EXPECT_THAT(FindParameterMarkers("SELECT 'abc ?", false), IsEmpty());
}

TEST(BuildExecuteSqlTest, ReplacesMarkersWithLiterals) {
  PreparedStatement statement;
  statement.sql = "SELECT c FROM t WHERE id = ? AND name = ? AND x IS ?";
  statement.markers = FindParameterMarkers(statement.sql, false);
  ComStmtExecute execute;
  ParamValue id;
  id.kind = ParamValue::Kind::kSigned;
  id.signed_value = -42;
  ParamValue name;
  name.kind = ParamValue::Kind::kString;
  name.bytes = "O'Brien";
  ParamValue null;
  execute.params = {id, name, null};
  std::string sql;
  ASSERT_TRUE(BuildExecuteSql(statement, execute, {}, &sql).ok());
  EXPECT_EQ(sql, "SELECT c FROM t WHERE id = -42 AND name = 'O\\'Brien' AND x IS NULL");
}

TEST(BuildExecuteSqlTest, NoMarkers) {
  PreparedStatement statement;
  statement.sql = "COMMIT";
  std::string sql = "stale";
  ASSERT_TRUE(BuildExecuteSql(statement, {}, {}, &sql).ok());
  EXPECT_EQ(sql, "COMMIT");
}

}  // namespace
}  // namespace shardproxy
