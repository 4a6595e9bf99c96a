#include "parser/split.h"

namespace shardproxy::sql {
namespace {

bool IsBlank(absl::string_view piece) {
  size_t i = 0;
  while (i < piece.size()) {
    char c = piece[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '#' || (c == '-' && i + 2 <= piece.size() && piece.substr(i, 2) == "--" &&
                            (i + 2 == piece.size() || piece[i + 2] == ' ' || piece[i + 2] == '\t' ||
                             piece[i + 2] == '\n' || piece[i + 2] == '\r'))) {
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

std::vector<absl::string_view> SplitStatements(absl::string_view sql) {
  std::vector<absl::string_view> out;
  size_t start = 0;
  size_t i = 0;
  const size_t n = sql.size();
  auto emit = [&](size_t end) {
    absl::string_view piece = sql.substr(start, end - start);
    if (!IsBlank(piece)) out.push_back(piece);
  };
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      ++i;
      while (i < n) {
        if (sql[i] == '\\' && c != '`') {
          i += 2;
          continue;
        }
        if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
            i += 2;
            continue;
          }
          break;
        }
        ++i;
      }
      ++i;
      continue;
    }
    if (c == '#' || (c == '-' && i + 1 < n && sql[i + 1] == '-' &&
                     (i + 2 == n || sql[i + 2] == ' ' || sql[i + 2] == '\t' || sql[i + 2] == '\n' ||
                      sql[i + 2] == '\r'))) {
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      bool versioned =
          i + 2 < n && (sql[i + 2] == '!' || (sql[i + 2] == 'M' && i + 3 < n && sql[i + 3] == '!'));
      if (!versioned) {
        size_t close = sql.find("*/", i + 2);
        i = close == absl::string_view::npos ? n : close + 2;
        continue;
      }
      i += 3;  // scan the versioned comment's content as code
      continue;
    }
    if (c == ';') {
      emit(i);
      start = i + 1;
    }
    ++i;
  }
  if (start < n) emit(n);
  return out;
}

}  // namespace shardproxy::sql
