#include "proxy/server/statement_words.h"

#include "absl/strings/match.h"

namespace shardproxy {
namespace {

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == ';';
}

}  // namespace

StatementWords::StatementWords(absl::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (IsSeparator(sql[i])) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    if (sql[i] != '=') {
      while (end < sql.size() && !IsSeparator(sql[end]) && sql[end] != '=') ++end;
    }
    if (size_ == kMaxWords) {
      too_many_ = true;
      return;
    }
    words_[size_++] = sql.substr(i, end - i);
    i = end;
  }
}

bool StatementWords::Is(size_t i, absl::string_view keyword) const {
  return i < size_ && absl::EqualsIgnoreCase(words_[i], keyword);
}

bool StatementWords::Are(std::initializer_list<absl::string_view> keywords) const {
  if (too_many_ || keywords.size() != size_) return false;
  size_t i = 0;
  for (absl::string_view keyword : keywords) {
    if (!Is(i++, keyword)) return false;
  }
  return true;
}

}  // namespace shardproxy
