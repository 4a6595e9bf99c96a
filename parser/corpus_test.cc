// The corpus property: every statement in tests/parser/corpus/*.sql parses, prints, and parses
// again to an equal AST (AstEquals: structural dump, independent of the printer); printing is
// idempotent; a cached parse yields the same AST as a fresh grammar parse.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "parser/ast_dump.h"
#include "parser/parser.h"
#include "parser/printer.h"
#include "parser/split.h"

namespace shardproxy::sql {
namespace {

std::string CorpusDir() {
  const char* source = std::getenv("SHARDPROXY_SOURCE_DIR");
  return std::string(source != nullptr ? source : ".") + "/tests/parser/corpus";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Parsed {
  absl::Status status;
  BoundStatement stmt;
  std::shared_ptr<const PreparedStatement> prepared;
};

// Statements with `?` markers are parsed as prepared statements.
void ParseAny(Parser& parser, absl::string_view sql, bool cached, Parsed* out) {
  SqlDigest digest;
  if (digest.Compute(sql).ok() && digest.param_count() > 0) {
    auto prepared = parser.Prepare(sql);
    out->status = prepared.status();
    if (prepared.ok()) {
      out->prepared = *prepared;
      std::vector<LiteralValue> unbound(out->prepared->param_count(),
                                        LiteralValue{TokenKind::kParam, "?"});
      out->status = out->prepared->Bind(unbound, &out->stmt);
    }
    return;
  }
  out->status = cached ? parser.Parse(sql, &out->stmt) : parser.ParseUncached(sql, &out->stmt);
}

TEST(CorpusTest, EveryStatementRoundTrips) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CorpusDir())) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << "no corpus in " << CorpusDir();
  Parser parser;
  int total = 0;
  for (const auto& file : files) {
    std::string text = ReadFile(file);
    for (absl::string_view sql : SplitStatements(text)) {
      ++total;
      std::string where = file.filename().string() + ": " + std::string(sql);
      Parsed first;
      ParseAny(parser, sql, /*cached=*/false, &first);
      ASSERT_TRUE(first.status.ok()) << where << "\n" << first.status;
      std::string printed = PrintSql(first.stmt.statement(), first.stmt);
      Parsed second;
      ParseAny(parser, printed, /*cached=*/false, &second);
      ASSERT_TRUE(second.status.ok()) << where << "\nprinted: " << printed << "\n" << second.status;
      EXPECT_TRUE(
          AstEquals(first.stmt.statement(), first.stmt, second.stmt.statement(), second.stmt))
          << where << "\nprinted: " << printed << "\n"
          << DumpAst(first.stmt.statement(), first.stmt) << "\n"
          << DumpAst(second.stmt.statement(), second.stmt);
      EXPECT_EQ(PrintSql(second.stmt.statement(), second.stmt), printed) << where;
      // Twice through the cache (miss, then hit) gives the same AST as the grammar.
      for (int i = 0; i < 2; ++i) {
        Parsed cached;
        ParseAny(parser, sql, /*cached=*/true, &cached);
        ASSERT_TRUE(cached.status.ok()) << where;
        EXPECT_EQ(DumpAst(cached.stmt.statement(), cached.stmt),
                  DumpAst(first.stmt.statement(), first.stmt))
            << where;
      }
    }
  }
  EXPECT_GE(total, 600) << "the corpus must hold at least 600 statements";
  std::printf("corpus: %d statements in %zu files round-tripped\n", total, files.size());
}

}  // namespace
}  // namespace shardproxy::sql
