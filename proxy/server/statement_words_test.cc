#include "proxy/server/statement_words.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(StatementWordsTest, SplitsOnSpaceSemicolonAndAroundEquals) {
  StatementWords words("  SET\tsession max_execution_time=5 ;\n");
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[0], "SET");
  EXPECT_EQ(words[2], "max_execution_time");
  EXPECT_EQ(words[3], "=");
  EXPECT_EQ(words[4], "5");
  EXPECT_EQ(words[5], "");  // past the end
  EXPECT_FALSE(words.too_many());
}

TEST(StatementWordsTest, KeywordsIgnoreCase) {
  StatementWords words("show XA Transactions;");
  EXPECT_TRUE(words.Is(1, "xa"));
  EXPECT_FALSE(words.Is(3, "xa"));
  EXPECT_TRUE(words.Are({"SHOW", "xa", "TRANSACTIONS"}));
  EXPECT_FALSE(words.Are({"SHOW", "xa"}));
  EXPECT_FALSE(StatementWords("show xa transactions now").Are({"show", "xa", "transactions"}));
}

TEST(StatementWordsTest, KeepsTheFirstWordsOfALongStatement) {
  StatementWords words("select a , b , c , d , e from t");
  EXPECT_TRUE(words.too_many());
  EXPECT_EQ(words.size(), StatementWords::kMaxWords);
  EXPECT_TRUE(words.Is(0, "select"));
  EXPECT_FALSE(words.Are({"select", "a", ",", "b", ",", "c", ",", "d"}));
}

TEST(StatementWordsTest, EmptyAndSeparatorsOnly) {
  EXPECT_EQ(StatementWords("").size(), 0u);
  EXPECT_EQ(StatementWords(" ;; \n").size(), 0u);
  EXPECT_EQ(StatementWords("==").size(), 2u);
}

}  // namespace
}  // namespace shardproxy
