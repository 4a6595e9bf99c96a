#include "parser/split.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy::sql {
namespace {

using ::testing::ElementsAre;

TEST(SplitTest, SplitsOutsideQuotesAndComments) {
  EXPECT_THAT(SplitStatements("SELECT 1; SELECT 2"), ElementsAre("SELECT 1", " SELECT 2"));
  EXPECT_THAT(SplitStatements("SELECT 'a;b'; SELECT \"c;\"; SELECT `d;`"),
              ElementsAre("SELECT 'a;b'", " SELECT \"c;\"", " SELECT `d;`"));
  EXPECT_THAT(SplitStatements("SELECT 1 /* ; */; SELECT 2 -- ;\n; SELECT 3 # ;\n"),
              ElementsAre("SELECT 1 /* ; */", " SELECT 2 -- ;\n", " SELECT 3 # ;\n"));
  EXPECT_THAT(SplitStatements("SELECT 'it\\'s;'; SELECT 'x'';y'"),
              ElementsAre("SELECT 'it\\'s;'", " SELECT 'x'';y'"));
}

TEST(SplitTest, DropsEmptyPiecesKeepsTrailingText) {
  EXPECT_THAT(SplitStatements("SELECT 1;;  ; -- nothing\n"), ElementsAre("SELECT 1"));
  EXPECT_THAT(SplitStatements("SELECT 1;"), ElementsAre("SELECT 1"));
  EXPECT_THAT(SplitStatements(""), ElementsAre());
  EXPECT_THAT(SplitStatements("/*!40101 SET NAMES utf8 */;\nSELECT 1"),
              ElementsAre("/*!40101 SET NAMES utf8 */", "\nSELECT 1"));
}

TEST(SplitTest, VersionedCommentContentIsCode) {
  EXPECT_THAT(SplitStatements("/*!40101 SET a=1; SET b=2 */"),
              ElementsAre("/*!40101 SET a=1", " SET b=2 */"));
}

TEST(SplitTest, UnterminatedQuoteRunsToTheEnd) {
  EXPECT_THAT(SplitStatements("SELECT 'abc; SELECT 2"), ElementsAre("SELECT 'abc; SELECT 2"));
}

}  // namespace
}  // namespace shardproxy::sql
