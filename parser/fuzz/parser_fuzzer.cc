// libFuzzer target for the whole parser: tokenizer, grammar, transformer, printer, cache.
// Properties checked on every input (a violation aborts, so the fuzzer reports it):
//   * nothing crashes, hangs or leaks, whatever the bytes;
//   * a statement that parses prints to SQL that parses again to an equal AST;
//   * rewriting with no edits reproduces the statement text exactly;
//   * a cache hit yields the same AST as the parse that filled the cache.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "parser/ast_dump.h"
#include "parser/classify.h"
#include "parser/parser.h"
#include "parser/printer.h"
#include "parser/rewrite.h"
#include "parser/split.h"

namespace {

void Check(bool condition, const char* what, const std::string& detail) {
  if (condition) return;
  // Escaped, so a NUL or control byte in the input cannot cut the report short.
  std::fprintf(stderr, "property violated: %s\n%s\n", what, absl::CHexEscape(detail).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardproxy::sql;
  static Parser* parser = [] {
    ParserOptions options;
    options.cache_capacity = 256;
    return new Parser(options);
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  for (absl::string_view sql : SplitStatements(text)) {
    BoundStatement stmt;
    if (!parser->ParseUncached(sql, &stmt, /*allow_params=*/true).ok()) continue;
    const std::string dump = DumpAst(stmt.statement(), stmt);
    std::string rewritten;
    Check(RewriteSql(stmt, {}, &rewritten).ok() && rewritten == sql, "identity rewrite",
          std::string(sql));
    Classify(stmt.digest());

    std::string printed = PrintSql(stmt.statement(), stmt);
    BoundStatement again;
    absl::Status status = parser->ParseUncached(printed, &again, /*allow_params=*/true);
    Check(status.ok(), "printed SQL parses",
          std::string(sql) + "\nprinted: " + printed + "\n" + std::string(status.message()));
    Check(DumpAst(again.statement(), again) == dump, "round trip keeps the AST",
          std::string(sql) + "\nprinted: " + printed + "\n" + dump + "\n" +
              DumpAst(again.statement(), again));

    if (stmt.digest().param_count() == 0) {
      BoundStatement cached;
      if (parser->Parse(sql, &cached).ok() && parser->Parse(sql, &cached).ok()) {
        Check(DumpAst(cached.statement(), cached) == dump, "cache hit keeps the AST",
              std::string(sql));
      }
    }
  }
  return 0;
}
