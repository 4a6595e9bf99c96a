#include "common/sql_quote.h"

#include <string>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

std::string Quoted(absl::string_view bytes, bool no_backslash_escapes) {
  std::string out = "x=";
  AppendQuotedSqlString(bytes, no_backslash_escapes, &out);
  return out;
}

TEST(SqlQuoteTest, EscapesWhatMariaDbReadsSpecially) {
  EXPECT_EQ(Quoted("plain", false), "x='plain'");
  EXPECT_EQ(Quoted("", false), "x=''");
  EXPECT_EQ(Quoted(std::string("a\0b", 3), false), "x='a\\0b'");
  EXPECT_EQ(Quoted("it's \"q\" \\ \n\r\x1a", false), "x='it\\'s \\\"q\\\" \\\\ \\n\\r\\Z'");
}

TEST(SqlQuoteTest, NoBackslashEscapesOnlyDoublesTheQuote) {
  EXPECT_EQ(Quoted("it's \\n", true), "x='it''s \\n'");
  EXPECT_EQ(Quoted(std::string("\0\"", 2), true), std::string("x='\0\"'", 6));
}

TEST(SqlQuoteTest, HexKeepsEveryByte) {
  std::string out;
  AppendHexSqlString(std::string("\x00\x7f\x80\xff A", 6), &out);
  EXPECT_EQ(out, "X'007F80FF2041'");
  out.clear();
  AppendHexSqlString("", &out);
  EXPECT_EQ(out, "X''");
}

}  // namespace
}  // namespace shardproxy
