// Test helper: parses every statement of the given .sql files and prints one JSON object per line
// {"file", "kind", "params", "original", "printed"} (or "error"), for the Python tests that run
// original and printed SQL on a real MariaDB.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "parser/parser.h"
#include "parser/printer.h"
#include "parser/split.h"

namespace {

std::string Json(absl::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace shardproxy::sql;
  Parser parser;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    for (absl::string_view sql : SplitStatements(text)) {
      BoundStatement stmt;
      SqlDigest digest;
      int params = digest.Compute(sql).ok() ? digest.param_count() : 0;
      absl::Status status = parser.ParseUncached(sql, &stmt, /*allow_params=*/true);
      std::printf("{\"file\": %s, \"params\": %d, \"original\": %s, ", Json(argv[i]).c_str(),
                  params, Json(sql).c_str());
      if (!status.ok()) {
        std::printf("\"error\": %s}\n", Json(status.message()).c_str());
        continue;
      }
      std::printf("\"kind\": %s, \"printed\": %s}\n", Json(StatementKindName(stmt.kind())).c_str(),
                  Json(PrintSql(stmt.statement(), stmt)).c_str());
    }
  }
  return 0;
}
