#include "common/like_pattern.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(LikePatternTest, LiteralsAndWildcards) {
  EXPECT_TRUE(MatchesLikePattern("t_order", "t_order"));
  EXPECT_FALSE(MatchesLikePattern("t_order", "t_orde"));
  EXPECT_TRUE(MatchesLikePattern("t_order", "t%"));
  EXPECT_TRUE(MatchesLikePattern("t_order_item", "%item"));
  EXPECT_TRUE(MatchesLikePattern("t_order_item", "%order%"));
  EXPECT_FALSE(MatchesLikePattern("t_user", "%order%"));
  EXPECT_TRUE(MatchesLikePattern("t_user", "t_use_"));
  EXPECT_FALSE(MatchesLikePattern("t_user", "t_use__"));
  EXPECT_TRUE(MatchesLikePattern("", "%"));
  EXPECT_FALSE(MatchesLikePattern("", "_"));
  EXPECT_TRUE(MatchesLikePattern("abc", "%%c"));
  EXPECT_TRUE(MatchesLikePattern("aXbXc", "a%b%c"));
  EXPECT_FALSE(MatchesLikePattern("aXbXd", "a%b%c"));
}

TEST(LikePatternTest, EscapedWildcardsAreLiteral) {
  EXPECT_TRUE(MatchesLikePattern("t_order", "t\\_order"));
  EXPECT_FALSE(MatchesLikePattern("tXorder", "t\\_order"));
  EXPECT_TRUE(MatchesLikePattern("100%", "100\\%"));
  EXPECT_FALSE(MatchesLikePattern("1000", "100\\%"));
}

TEST(LikePatternTest, CaseSensitiveLikeTableNames) {
  EXPECT_FALSE(MatchesLikePattern("t_order", "T_ORDER"));
}

TEST(LikePatternTest, UnderscoreIsOneUtf8Character) {
  EXPECT_TRUE(MatchesLikePattern("caf\xC3\xA9", "caf_"));
  EXPECT_FALSE(MatchesLikePattern("caf\xC3\xA9", "caf__"));
  EXPECT_TRUE(MatchesLikePattern("\xE2\x82\xAC" "x", "%x"));
}

}  // namespace
}  // namespace shardproxy
