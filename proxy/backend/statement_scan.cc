#include "proxy/backend/statement_scan.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace shardproxy {
namespace {

bool IsWordChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Skips whitespace and ordinary comments from `pos`; returns the first word (possibly empty).
absl::string_view FirstWord(absl::string_view sql) {
  size_t pos = 0;
  while (pos < sql.size()) {
    char c = sql[pos];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++pos;
    } else if (c == '#' || (c == '-' && sql.substr(pos, 2) == "--")) {
      size_t eol = sql.find('\n', pos);
      pos = eol == absl::string_view::npos ? sql.size() : eol + 1;
    } else if (c == '/' && sql.substr(pos, 2) == "/*") {
      if (sql.substr(pos, 3) == "/*!" || sql.substr(pos, 4) == "/*M!") return {};  // code
      size_t end = sql.find("*/", pos + 2);
      pos = end == absl::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t start = pos;
  while (pos < sql.size() && IsWordChar(sql[pos])) ++pos;
  return sql.substr(start, pos - start);
}

// Cheap test that saves the full scan for the common statement: no '@' and no '_' preceded by
// GET or SQL (the prefixes of GET_LOCK and SQL_CALC_FOUND_ROWS).
bool MayHoldSessionState(absl::string_view sql) {
  if (std::memchr(sql.data(), '@', sql.size()) != nullptr) return true;
  const char* p = sql.data();
  const char* end = p + sql.size();
  while ((p = static_cast<const char*>(std::memchr(p, '_', end - p))) != nullptr) {
    if (p - sql.data() >= 3) {
      absl::string_view prefix(p - 3, 3);
      if (absl::EqualsIgnoreCase(prefix, "GET") || absl::EqualsIgnoreCase(prefix, "SQL")) {
        return true;
      }
    }
    ++p;
  }
  return false;
}

// Walks the text token by token, skipping literals and comments.
class Scanner {
 public:
  explicit Scanner(absl::string_view sql) : sql_(sql) {}

  StatementTraits Run() {
    bool all_plain = true;
    bool any_statement = false;
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == '\'' || c == '"' || c == '`') {
        SkipQuoted(c);
      } else if (c == '#' || (c == '-' && IsDashComment())) {
        SkipToEndOfLine();
      } else if (c == '/' && Peek(1) == '*') {
        SkipBlockComment();
      } else if (c == '*' && Peek(1) == '/' && executable_comment_depth_ > 0) {
        --executable_comment_depth_;
        pos_ += 2;
      } else if (c == '@') {
        if (Peek(1) == '@') {
          pos_ += 2;
          statement_words_ += 2;  // a system variable reference is never the first word
        } else {
          traits_.uses_user_variable = true;
          statement_uses_user_variable_ = true;
          ++pos_;
        }
      } else if (c == ';') {
        if (statement_words_ > 0) {
          any_statement = true;
          all_plain = all_plain && StatementIsPlain();
        }
        ResetStatement();
        ++pos_;
      } else if (IsWordChar(c)) {
        ReadWord();
      } else {
        ++pos_;
      }
    }
    if (statement_words_ > 0) {
      any_statement = true;
      all_plain = all_plain && StatementIsPlain();
    }
    traits_.only_system_variable_sets = any_statement && all_plain;
    return traits_;
  }

 private:
  char Peek(size_t ahead) const { return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0'; }

  bool IsDashComment() const {
    if (Peek(1) != '-') return false;
    char after = Peek(2);
    return after == '\0' || absl::ascii_isspace(static_cast<unsigned char>(after)) ||
           absl::ascii_iscntrl(static_cast<unsigned char>(after));
  }

  void SkipQuoted(char quote) {
    ++pos_;
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == '\\' && quote != '`') {
        pos_ += 2;
      } else if (c == quote) {
        ++pos_;
        return;
      } else {
        ++pos_;
      }
    }
  }

  void SkipToEndOfLine() {
    size_t eol = sql_.find('\n', pos_);
    pos_ = eol == absl::string_view::npos ? sql_.size() : eol + 1;
  }

  void SkipBlockComment() {
    // `/*!50100 ... */` and `/*M!100100 ... */` are executed by MariaDB: scan their contents.
    if (Peek(2) == '!' || (Peek(2) == 'M' && Peek(3) == '!')) {
      pos_ += Peek(2) == '!' ? 3 : 4;
      while (pos_ < sql_.size() && absl::ascii_isdigit(static_cast<unsigned char>(sql_[pos_]))) {
        ++pos_;
      }
      ++executable_comment_depth_;
      return;
    }
    size_t end = sql_.find("*/", pos_ + 2);
    pos_ = end == absl::string_view::npos ? sql_.size() : end + 2;
  }

  void ReadWord() {
    size_t start = pos_;
    while (pos_ < sql_.size() && IsWordChar(sql_[pos_])) ++pos_;
    absl::string_view word = sql_.substr(start, pos_ - start);
    if (statement_words_ == 0) {
      first_word_ = word;
    } else if (statement_words_ == 1) {
      second_word_ = word;
    }
    ++statement_words_;
    if (absl::EqualsIgnoreCase(word, "GET_LOCK")) traits_.uses_get_lock = true;
    if (absl::EqualsIgnoreCase(word, "SQL_CALC_FOUND_ROWS")) traits_.uses_calc_found_rows = true;
  }

  bool StatementIsPlain() const {
    if (statement_uses_user_variable_) return false;
    if (absl::EqualsIgnoreCase(first_word_, "USE")) return true;
    if (!absl::EqualsIgnoreCase(first_word_, "SET")) return false;
    for (absl::string_view special : {"ROLE", "STATEMENT", "PASSWORD", "DEFAULT"}) {
      if (absl::EqualsIgnoreCase(second_word_, special)) return false;
    }
    return true;
  }

  void ResetStatement() {
    statement_words_ = 0;
    first_word_ = {};
    second_word_ = {};
    statement_uses_user_variable_ = false;
  }

  absl::string_view sql_;
  size_t pos_ = 0;
  int executable_comment_depth_ = 0;
  int statement_words_ = 0;
  absl::string_view first_word_;
  absl::string_view second_word_;
  bool statement_uses_user_variable_ = false;
  StatementTraits traits_;
};

}  // namespace

StatementTraits ScanStatement(absl::string_view sql) {
  absl::string_view first = FirstWord(sql);
  bool set_or_use = absl::EqualsIgnoreCase(first, "SET") || absl::EqualsIgnoreCase(first, "USE");
  if (!set_or_use && !MayHoldSessionState(sql)) return StatementTraits{};
  return Scanner(sql).Run();
}

}  // namespace shardproxy
