// The words of a short statement the proxy answers itself (SHOW DATA SOURCES, RELOAD CONFIG,
// SET max_execution_time = 5, SHOW XA TRANSACTIONS, …): one splitter for every recognizer of
// those statements. Every client statement may pass through a recognizer, so it does not
// allocate.
#ifndef SHARDPROXY_PROXY_SERVER_STATEMENT_WORDS_H_
#define SHARDPROXY_PROXY_SERVER_STATEMENT_WORDS_H_

#include <array>
#include <initializer_list>
#include <cstddef>

#include "absl/strings/string_view.h"

namespace shardproxy {

class StatementWords {
 public:
  // More words than this and the statement is none of ours.
  static constexpr size_t kMaxWords = 8;

  // Splits on whitespace and ';', and around '=' (a word of its own, so `x=5` and `x = 5`
  // read alike). Keeps the first kMaxWords words.
  explicit StatementWords(absl::string_view sql);

  size_t size() const { return size_; }
  // There were more than kMaxWords words.
  bool too_many() const { return too_many_; }
  // Word `i` as written; empty past the end.
  absl::string_view operator[](size_t i) const {
    return i < size_ ? words_[i] : absl::string_view();
  }
  // Word `i` is `keyword`, ignoring ASCII case.
  bool Is(size_t i, absl::string_view keyword) const;
  // The statement is exactly `keywords` (ignoring case).
  bool Are(std::initializer_list<absl::string_view> keywords) const;

 private:
  std::array<absl::string_view, kMaxWords> words_;
  size_t size_ = 0;
  bool too_many_ = false;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_STATEMENT_WORDS_H_
