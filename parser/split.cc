#include "parser/split.h"

#include "parser/sql_scan.h"

namespace shardproxy::sql {
namespace {

bool IsBlank(absl::string_view piece) {
  size_t i = 0;
  while (i < piece.size()) {
    char c = piece[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (StartsLineComment(piece, i)) {
      while (i < piece.size() && piece[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < piece.size() && piece[i + 1] == '*' &&
               !(i + 2 < piece.size() && (piece[i + 2] == '!' || piece[i + 2] == 'M'))) {
      size_t close = piece.find("*/", i + 2);
      i = close == absl::string_view::npos ? piece.size() : close + 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<absl::string_view> SplitStatements(absl::string_view sql,
                                               bool no_backslash_escapes) {
  std::vector<absl::string_view> out;
  size_t start = 0;
  auto emit = [&](size_t end) {
    absl::string_view piece = sql.substr(start, end - start);
    if (!IsBlank(piece)) out.push_back(piece);
  };
  ForEachCodeByte(sql, no_backslash_escapes, [&](size_t i) {
    if (sql[i] != ';') return;
    emit(i);
    start = i + 1;
  });
  if (start < sql.size()) emit(sql.size());
  return out;
}

}  // namespace shardproxy::sql
