// Statements MariaDB rejects with a syntax error: we must reject them too, with the same
// ER_PARSE_ERROR text (the `near '…' at line N` part). Cases live in
// tests/parser/negative.tsv: <sql with \n escapes> TAB <expected message tail or error code>.
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::sql {
namespace {

TEST(NegativeTest, SyntaxErrorsMatchMariaDb) {
  const char* source = std::getenv("SHARDPROXY_SOURCE_DIR");
  std::string path = std::string(source != nullptr ? source : ".") + "/tests/parser/negative.tsv";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path;
  Parser parser;
  BoundStatement stmt;
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    ASSERT_EQ(fields.size(), 2u) << line;
    std::string sql = absl::StrReplaceAll(fields[0], {{"\\n", "\n"}, {"\\t", "\t"}});
    std::string expected = absl::StrReplaceAll(fields[1], {{"\\n", "\n"}});
    ++cases;
    absl::Status status = parser.Parse(sql, &stmt);
    ASSERT_FALSE(status.ok()) << "accepted: " << sql;
    MysqlError error = ToMysqlError(status);
    if (expected.size() == 4 && std::isdigit(static_cast<unsigned char>(expected[0]))) {
      EXPECT_EQ(std::to_string(error.code), expected) << sql << "\n" << error.message;
      continue;
    }
    EXPECT_EQ(error.code, 1064) << sql;
    EXPECT_EQ(error.sqlstate, "42000") << sql;
    std::string prefix =
        "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB "
        "server version for the right syntax to use ";
    EXPECT_EQ(error.message, prefix + expected) << sql;
  }
  EXPECT_GE(cases, 100);
  std::printf("negative: %d cases\n", cases);
}

}  // namespace
}  // namespace shardproxy::sql
