// The statement rewrites the sharded session stages with (router/common_tables.h,
// router/found_rows.h, staged_union.h, table_maintenance.h, sql_prepared_statements.h) over
// every statement of the parser corpus (tests/parser/corpus): none fails on a statement it does
// not expect, and every text they make parses again.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "config/config.h"
#include "gtest/gtest.h"
#include "parser/parser.h"
#include "parser/split.h"
#include "proxy/server/sql_prepared_statements.h"
#include "proxy/server/staged_union.h"
#include "proxy/server/table_maintenance.h"
#include "router/common_tables.h"
#include "router/found_rows.h"

namespace shardproxy {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(StageRewritesCorpusTest, EveryRewriteOfACorpusStatementParses) {
  auto config = LoadConfigFile(absl::StrCat(SourceDir(), "/config/examples/ecommerce.yaml"));
  ASSERT_TRUE(config.ok()) << config.status();
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(SourceDir() + "/tests/parser/corpus")) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  sql::Parser parser;
  int statements = 0;
  int rewritten = 0;
  auto parses = [&parser](const std::string& text, const std::string& from) {
    sql::BoundStatement again;
    absl::Status parsed = parser.Parse(text, &again);
    EXPECT_TRUE(parsed.ok()) << from << "\n  became: " << text << "\n  " << parsed;
  };
  for (const auto& file : files) {
    std::string text = ReadFile(file);
    for (absl::string_view sql : sql::SplitStatements(text)) {
      if (sql.find('?') != absl::string_view::npos) continue;  // prepared-statement texts
      sql::BoundStatement statement;
      if (!parser.Parse(sql, &statement).ok()) continue;
      ++statements;
      const std::string where = absl::StrCat(file.filename().string(), ": ", sql);
      if (auto derived = router::CommonTablesAsDerived(statement)) {
        ++rewritten;
        parses(*derived, where);
      }
      if (auto found = router::SplitCalcFoundRows(statement)) {
        ++rewritten;
        parses(found->count, where);
        parses(found->rows, where);
      }
      if (auto branches = PlanStagedUnion(statement)) {
        ++rewritten;
        for (const std::string& branch : branches->branches) parses(branch, where);
      }
      auto maintenance = PlanTableMaintenance(statement, **config, "shop");
      if (maintenance.ok() && maintenance->has_value()) {
        ++rewritten;
        for (const TableMaintenance::Node& node : (*maintenance)->nodes) parses(node.sql, where);
      }
      (void)ParseSqlPrepareCommand(statement);
    }
  }
  EXPECT_GE(statements, 600);
  EXPECT_GT(rewritten, 0);
  std::printf("corpus: %d statements, %d rewritten\n", statements, rewritten);
}

}  // namespace
}  // namespace shardproxy
