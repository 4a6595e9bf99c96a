#include "parser/sql_digest.h"

#include <cstdio>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "parser/literal.h"
#include "parser/sql_scan.h"
#include "parser/syntax_error.h"

namespace shardproxy::sql {
namespace {

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Character sets whose `_name` may introduce a literal (`_utf8mb4'x'`).
bool IsCharsetName(absl::string_view name) {
  static constexpr absl::string_view kNames[] = {
      "armscii8", "ascii",    "big5",  "binary",  "cp1250",  "cp1251", "cp1256",
      "cp1257",   "cp850",    "cp852", "cp866",   "cp932",   "dec8",   "eucjpms",
      "euckr",    "gb2312",   "gbk",   "geostd8", "greek",   "hebrew", "hp8",
      "keybcs2",  "koi8r",    "koi8u", "latin1",  "latin2",  "latin5", "latin7",
      "macce",    "macroman", "sjis",  "swe7",    "tis620",  "ucs2",   "ujis",
      "utf16",    "utf16le",  "utf32", "utf8",    "utf8mb3", "utf8mb4"};
  for (absl::string_view known : kNames) {
    if (absl::EqualsIgnoreCase(name, known)) return true;
  }
  return false;
}

// After these keywords an operand is expected, so `-5` there is a signed literal.
bool KeywordExpectsOperand(absl::string_view word) {
  static constexpr absl::string_view kWords[] = {
      "SELECT",   "WHERE", "AND",    "OR",      "NOT",    "XOR",      "THEN",    "ELSE",
      "WHEN",     "ON",    "HAVING", "LIMIT",   "OFFSET", "INTERVAL", "BETWEEN", "LIKE",
      "CASE",     "DIV",   "MOD",    "DEFAULT", "REGEXP", "RLIKE",    "ESCAPE",  "RETURN",
      "DISTINCT", "ALL",   "BY",     "SET",     "IS"};
  for (absl::string_view known : kWords) {
    if (absl::EqualsIgnoreCase(word, known)) return true;
  }
  return false;
}

}  // namespace

bool SqlDigest::IsWord(size_t i, absl::string_view upper) const {
  return i < tokens_.size() && tokens_[i].kind == TokenKind::kWord &&
         absl::EqualsIgnoreCase(TokenText(i), upper);
}

absl::optional<std::string> SqlDigest::IdentifierAt(size_t i) const {
  if (i >= tokens_.size()) return absl::nullopt;
  if (tokens_[i].kind == TokenKind::kWord) return std::string(TokenText(i));
  if (tokens_[i].kind == TokenKind::kQuotedIdent) return UnquoteIdentifier(TokenText(i));
  return absl::nullopt;
}

absl::Status SqlDigest::Compute(absl::string_view sql) {
  sql_ = sql;
  raw_.clear();
  tokens_.clear();
  slots_.clear();
  values_.clear();
  rows_.clear();
  digest_offsets_.clear();
  text_.clear();
  hash_ = 0;
  param_count_ = 0;
  params_bound_ = false;
  absl::Status status = Scan();
  if (!status.ok()) return status;
  // A statement that is only a `;` is empty as well.
  if (raw_.empty() || (raw_.size() == 1 && raw_[0].punct == Punct::kSemicolon)) {
    return EmptyQueryError();
  }
  Normalize();
  hash_ = absl::Hash<absl::string_view>{}(text_);
  return absl::OkStatus();
}

// The scanner. Produces raw_ (no list collapsing yet). Signs are glued to numbers here because
// that only needs the previous token.
absl::Status SqlDigest::Scan() {
  const char* s = sql_.data();
  const size_t n = sql_.size();
  size_t pos = 0;
  bool in_versioned_comment = false;
  int depth = 0;

  auto push = [&](TokenKind kind, size_t begin, size_t end, Punct punct = Punct::kNone) {
    Token t;
    t.kind = kind;
    t.punct = punct;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    raw_.push_back(t);
  };
  auto prev_allows_signed_literal = [&]() {
    if (raw_.empty()) return true;
    const Token& prev = raw_.back();
    if (prev.kind == TokenKind::kPunct) return prev.punct != Punct::kRParen;
    if (prev.kind == TokenKind::kWord) {
      return KeywordExpectsOperand(sql_.substr(prev.begin, prev.end - prev.begin));
    }
    return false;
  };
  // Scans a number starting at p (a digit or '.'); returns its end and kind.
  auto scan_number = [&](size_t p, TokenKind* kind) {
    *kind = TokenKind::kInteger;
    while (p < n && absl::ascii_isdigit(s[p])) ++p;
    if (p < n && s[p] == '.') {
      *kind = TokenKind::kDecimal;
      ++p;
      while (p < n && absl::ascii_isdigit(s[p])) ++p;
    }
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
      size_t q = p + 1;
      if (q < n && (s[q] == '+' || s[q] == '-')) ++q;
      if (q < n && absl::ascii_isdigit(s[q])) {
        while (q < n && absl::ascii_isdigit(s[q])) ++q;
        *kind = TokenKind::kFloat;
        p = q;
      }
    }
    return p;
  };
  // Scans a quoted run ending at `quote` (doubling and, except for backticks, backslash escape).
  auto scan_quoted = [&](size_t p, char quote, size_t* end) {
    ++p;
    while (p < n) {
      char c = s[p];
      if (c == '\\' && quote != '`') {
        p += 2;
        continue;
      }
      if (c == quote) {
        if (p + 1 < n && s[p + 1] == quote) {
          p += 2;
          continue;
        }
        *end = p + 1;
        return true;
      }
      ++p;
    }
    return false;
  };
  auto push_string = [&](TokenKind kind, size_t begin, size_t end) {
    // Adjacent string literals are one literal in MySQL ('a' 'b' = 'ab').
    if (kind == TokenKind::kString && !raw_.empty() && raw_.back().kind == TokenKind::kString) {
      raw_.back().end = static_cast<uint32_t>(end);
      return;
    }
    if (!raw_.empty() && raw_.back().kind == TokenKind::kWord) {
      absl::string_view prev = sql_.substr(raw_.back().begin, raw_.back().end - raw_.back().begin);
      if (prev.size() > 1 && prev[0] == '_' && IsCharsetName(prev.substr(1))) {
        raw_.back().kind = TokenKind::kIntroducer;
      }
    }
    push(kind, begin, end);
  };

  while (true) {
    // Whitespace and comments.
    while (pos < n) {
      unsigned char c = s[pos];
      if (IsSpace(c)) {
        ++pos;
      } else if (c == '#') {
        while (pos < n && s[pos] != '\n') ++pos;
      } else if (c == '-' && pos + 1 < n && s[pos + 1] == '-' &&
                 (pos + 2 == n || IsSpace(s[pos + 2]) ||
                  static_cast<unsigned char>(s[pos + 2]) < 32)) {
        while (pos < n && s[pos] != '\n') ++pos;
      } else if (c == '*' && in_versioned_comment && pos + 1 < n && s[pos + 1] == '/') {
        in_versioned_comment = false;
        pos += 2;
      } else if (c == '/' && pos + 1 < n && s[pos + 1] == '*') {
        size_t p = pos + 2;
        bool maria = false;
        bool versioned = false;
        if (p < n && s[p] == '!') {
          versioned = true;
          ++p;
        } else if (p + 1 < n && s[p] == 'M' && s[p + 1] == '!') {
          versioned = maria = true;
          p += 2;
        }
        bool code = false;
        if (versioned && !in_versioned_comment) {
          size_t digits = 0;
          while (p + digits < n && digits < 6 && absl::ascii_isdigit(s[p + digits])) ++digits;
          if (digits >= 5) {
            uint32_t version = 0;
            for (size_t i = 0; i < digits; ++i) version = version * 10 + (s[p + i] - '0');
            code = version <= kMariaDbVersionId && (version < 50700 || version > 99999 || maria);
            p += digits;
          } else {
            code = true;  // `/*! … */` without a version is always code
          }
        }
        if (code) {
          in_versioned_comment = true;
          pos = p;
        } else {
          // MariaDB accepts a comment left open at the end of the statement.
          size_t close = sql_.find("*/", pos + 2);
          pos = close == absl::string_view::npos ? n : close + 2;
        }
      } else {
        break;
      }
    }
    if (pos >= n) break;

    const size_t begin = pos;
    const unsigned char c = s[pos];
    const unsigned char next = pos + 1 < n ? s[pos + 1] : 0;

    // Quoted strings and identifiers.
    if (c == '\'' || c == '"') {
      size_t end;
      if (!scan_quoted(pos, c, &end)) return SyntaxErrorAt(sql_, begin);
      push_string(TokenKind::kString, begin, end);
      pos = end;
      continue;
    }
    if (c == '`') {
      size_t end;
      if (!scan_quoted(pos, '`', &end)) return SyntaxErrorAt(sql_, begin);
      push(TokenKind::kQuotedIdent, begin, end);
      pos = end;
      continue;
    }
    // N'…', X'…', B'…'.
    if (next == '\'' && (c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b')) {
      size_t end;
      if (!scan_quoted(pos + 1, '\'', &end)) return SyntaxErrorAt(sql_, begin);
      TokenKind kind = (c == 'N' || c == 'n')   ? TokenKind::kString
                       : (c == 'X' || c == 'x') ? TokenKind::kHexString
                                                : TokenKind::kBitString;
      push_string(kind, begin, end);
      pos = end;
      continue;
    }
    // After `qualifier.` a digit-led word is a name (t.5 is column `5` of t).
    if (absl::ascii_isdigit(c) && !raw_.empty() && raw_.back().punct == Punct::kDot &&
        raw_.back().end == begin) {
      size_t end = pos;
      while (end < n && IsIdentifierByte(s[end])) ++end;
      push(TokenKind::kWord, begin, end);
      pos = end;
      continue;
    }
    // Numbers, 0x / 0b literals, identifiers that start with digits.
    if (absl::ascii_isdigit(c) ||
        (c == '.' && absl::ascii_isdigit(next) &&
         !(!raw_.empty() && (raw_.back().kind == TokenKind::kWord ||
                             raw_.back().kind == TokenKind::kQuotedIdent)))) {
      if (c == '0' && (next == 'x' || next == 'b') && pos + 2 < n) {
        size_t p = pos + 2;
        while (p < n && (next == 'x' ? absl::ascii_isxdigit(s[p]) : (s[p] == '0' || s[p] == '1'))) {
          ++p;
        }
        if (p > pos + 2 && (p == n || !IsIdentifierByte(s[p]))) {
          push_string(next == 'x' ? TokenKind::kHexString : TokenKind::kBitString, begin, p);
          pos = p;
          continue;
        }
      }
      TokenKind kind;
      size_t end = scan_number(pos, &kind);
      if (end < n && IsIdentifierByte(s[end]) && kind != TokenKind::kDecimal) {
        // `1abc` is an identifier in MySQL.
        while (end < n && IsIdentifierByte(s[end])) ++end;
        push(TokenKind::kWord, begin, end);
      } else {
        push(kind, begin, end);
      }
      pos = end;
      continue;
    }
    // A sign glued to a number where an operand is expected: one signed literal.
    if ((c == '-' || c == '+') &&
        (absl::ascii_isdigit(next) ||
         (next == '.' && pos + 2 < n && absl::ascii_isdigit(s[pos + 2]))) &&
        prev_allows_signed_literal()) {
      TokenKind kind;
      size_t end = scan_number(pos + 1, &kind);
      if (!(end < n && IsIdentifierByte(s[end]) && kind == TokenKind::kInteger)) {
        push(kind, begin, end);
        pos = end;
        continue;
      }
    }
    if (IsIdentifierByte(c)) {
      size_t end = pos;
      while (end < n && IsIdentifierByte(s[end])) ++end;
      push(TokenKind::kWord, begin, end);
      pos = end;
      continue;
    }
    if (c == '@') {
      if (next == '@') {
        size_t p = pos + 2;
        if (p < n && s[p] == '`') {
          size_t end;
          if (!scan_quoted(p, '`', &end)) return SyntaxErrorAt(sql_, begin);
          p = end;
        } else {
          while (p < n && IsIdentifierByte(s[p])) ++p;
        }
        if (p < n && s[p] == '.' && p + 1 < n && IsIdentifierByte(s[p + 1])) {
          ++p;
          while (p < n && IsIdentifierByte(s[p])) ++p;
        }
        if (p > pos + 2) {
          push(TokenKind::kSysVar, begin, p);
          pos = p;
          continue;
        }
        push(TokenKind::kOther, begin, pos + 2);  // a bare @@
        pos += 2;
        continue;
      } else if (next == '\'' || next == '"' || next == '`') {
        size_t end;
        if (!scan_quoted(pos + 1, next, &end)) return SyntaxErrorAt(sql_, begin);
        push(TokenKind::kUserVar, begin, end);
        pos = end;
        continue;
      } else if (IsIdentifierByte(next) || next == '.') {
        size_t p = pos + 1;
        while (p < n && (IsIdentifierByte(s[p]) || s[p] == '.')) ++p;
        push(TokenKind::kUserVar, begin, p);
        pos = p;
        continue;
      }
      push(TokenKind::kOther, begin, pos + 1);
      ++pos;
      continue;
    }
    if (c == '?') {
      push(TokenKind::kParam, begin, pos + 1);
      ++pos;
      continue;
    }
    // Operators and punctuation.
    Punct punct = Punct::kNone;
    size_t len = 1;
    const unsigned char next2 = pos + 2 < n ? s[pos + 2] : 0;
    switch (c) {
      case '(':
        punct = Punct::kLParen;
        if (++depth > kMaxParenDepth) return SyntaxErrorAt(sql_, begin);
        break;
      case ')':
        punct = Punct::kRParen;
        --depth;
        break;
      case ',':
        punct = Punct::kComma;
        break;
      case '.':
        punct = Punct::kDot;
        break;
      case ';':
        punct = Punct::kSemicolon;
        break;
      case '*':
        punct = Punct::kStar;
        break;
      case '+':
        punct = Punct::kPlus;
        break;
      case '-':
        punct = Punct::kMinus;
        break;
      case '/':
        punct = Punct::kSlash;
        break;
      case '%':
        punct = Punct::kPercent;
        break;
      case '=':
        punct = Punct::kEq;
        break;
      case '^':
        punct = Punct::kBitXor;
        break;
      case '~':
        punct = Punct::kTilde;
        break;
      case '<':
        if (next == '=' && next2 == '>') {
          punct = Punct::kNullSafeEq;
          len = 3;
        } else if (next == '=') {
          punct = Punct::kLe;
          len = 2;
        } else if (next == '>') {
          punct = Punct::kNe;
          len = 2;
        } else if (next == '<') {
          punct = Punct::kShl;
          len = 2;
        } else {
          punct = Punct::kLt;
        }
        break;
      case '>':
        if (next == '=') {
          punct = Punct::kGe;
          len = 2;
        } else if (next == '>') {
          punct = Punct::kShr;
          len = 2;
        } else {
          punct = Punct::kGt;
        }
        break;
      case '!':
        if (next == '=') {
          punct = Punct::kNe;
          len = 2;
        } else {
          punct = Punct::kNot;
        }
        break;
      case ':':
        if (next == '=') {
          punct = Punct::kAssign;
          len = 2;
        }
        break;
      case '|':
        if (next == '|') {
          punct = Punct::kLogicalOr;
          len = 2;
        } else {
          punct = Punct::kBitOr;
        }
        break;
      case '&':
        if (next == '&') {
          punct = Punct::kLogicalAnd;
          len = 2;
        } else {
          punct = Punct::kBitAnd;
        }
        break;
      default:
        break;
    }
    if (punct == Punct::kNone) {
      push(TokenKind::kOther, begin, pos + 1);
    } else {
      push(TokenKind::kPunct, begin, pos + len, punct);
    }
    pos += len;
  }
  return absl::OkStatus();
}

namespace {

bool IsListMember(const Token& t, absl::string_view text) {
  if (IsLiteralKind(t.kind)) return true;
  return t.kind == TokenKind::kWord && absl::EqualsIgnoreCase(text, "NULL");
}

}  // namespace

// raw_[first] must be '('. Accepts `lit (, lit)* )`; *after is the index of the closing ')'.
bool SqlDigest::TryValueList(size_t first, size_t* after) {
  size_t i = first + 1;
  while (true) {
    if (i >= raw_.size()) return false;
    const Token& t = raw_[i];
    if (!IsListMember(t, sql_.substr(t.begin, t.end - t.begin))) return false;
    ++i;
    if (i >= raw_.size() || raw_[i].kind != TokenKind::kPunct) return false;
    if (raw_[i].punct == Punct::kRParen) {
      *after = i;
      return true;
    }
    if (raw_[i].punct != Punct::kComma) return false;
    ++i;
  }
}

// raw_[first] must be '('. Accepts `(lit, …) (, (lit, …))*` with equal arity; *after is the
// index just past the last row's ')'.
bool SqlDigest::TryRowList(size_t first, size_t* after, uint32_t* arity) {
  size_t i = first;
  uint32_t row_arity = 0;
  while (true) {
    if (i >= raw_.size() || raw_[i].punct != Punct::kLParen) return false;
    size_t close;
    if (!TryValueList(i, &close)) return false;
    uint32_t count = static_cast<uint32_t>((close - i) / 2);
    if (row_arity == 0) row_arity = count;
    if (count != row_arity) return false;
    i = close + 1;
    if (i < raw_.size() && raw_[i].punct == Punct::kComma && i + 1 < raw_.size() &&
        raw_[i + 1].punct == Punct::kLParen) {
      ++i;
      continue;
    }
    *after = i;
    *arity = row_arity;
    return true;
  }
}

void SqlDigest::AppendDigest(const Token& token, absl::string_view spelling) {
  if (!text_.empty()) text_.push_back(' ');
  digest_offsets_.push_back(static_cast<uint32_t>(text_.size()));
  text_.append(spelling.data(), spelling.size());
  tokens_.push_back(token);
}

void SqlDigest::Normalize() {
  auto value_of = [&](const Token& t) {
    LiteralValue v;
    v.text = sql_.substr(t.begin, t.end - t.begin);
    v.kind = IsLiteralKind(t.kind) ? t.kind : TokenKind::kNull;
    return v;
  };
  auto raw_is_word = [&](size_t i, absl::string_view upper) {
    return raw_[i].kind == TokenKind::kWord &&
           absl::EqualsIgnoreCase(sql_.substr(raw_[i].begin, raw_[i].end - raw_[i].begin), upper);
  };
  // Emits the collapsed list raw_[from, to) as one token of `kind`.
  auto emit_list = [&](TokenKind kind, size_t from, size_t to, uint32_t arity) {
    Slot slot;
    slot.kind = kind == TokenKind::kRowList ? Slot::Kind::kRowList : Slot::Kind::kValueList;
    slot.token = static_cast<uint32_t>(tokens_.size());
    slot.first_value = static_cast<uint32_t>(values_.size());
    slot.first_row = static_cast<uint32_t>(rows_.size());
    slot.arity = arity;
    size_t row_begin = 0;
    for (size_t i = from; i < to; ++i) {
      const Token& t = raw_[i];
      if (t.kind == TokenKind::kPunct) {
        if (kind == TokenKind::kRowList && t.punct == Punct::kLParen) row_begin = t.begin;
        if (kind == TokenKind::kRowList && t.punct == Punct::kRParen) {
          rows_.push_back(ByteRange{static_cast<uint32_t>(row_begin), t.end});
        }
        continue;
      }
      values_.push_back(value_of(t));
    }
    slot.value_count = static_cast<uint32_t>(values_.size()) - slot.first_value;
    slot.row_count = static_cast<uint32_t>(rows_.size()) - slot.first_row;
    Token token;
    token.kind = kind;
    token.begin = raw_[from].begin;
    token.end = raw_[to - 1].end;
    token.slot = static_cast<int32_t>(slots_.size());
    slots_.push_back(slot);
    if (kind == TokenKind::kRowList) {
      char spelling[32];
      int len = std::snprintf(spelling, sizeof(spelling), "?rows%u", arity);
      AppendDigest(token, absl::string_view(spelling, static_cast<size_t>(len)));
    } else {
      AppendDigest(token, "?list");
    }
  };

  for (size_t i = 0; i < raw_.size(); ++i) {
    const Token& t = raw_[i];
    // IN ( … ) and VALUES ( … ), ( … ).
    if (t.punct == Punct::kLParen && i > 0) {
      if (raw_is_word(i - 1, "IN")) {
        size_t close;
        uint32_t arity;
        if (TryValueList(i, &close)) {
          AppendDigest(t, "(");
          emit_list(TokenKind::kValueList, i + 1, close, 0);
          AppendDigest(raw_[close], ")");
          i = close;
          continue;
        }
        size_t after;
        if (i + 1 < raw_.size() && TryRowList(i + 1, &after, &arity) && after < raw_.size() &&
            raw_[after].punct == Punct::kRParen) {
          AppendDigest(t, "(");
          emit_list(TokenKind::kRowList, i + 1, after, arity);
          AppendDigest(raw_[after], ")");
          i = after;
          continue;
        }
      } else if (raw_is_word(i - 1, "VALUES") || raw_is_word(i - 1, "VALUE")) {
        size_t after;
        uint32_t arity;
        if (TryRowList(i, &after, &arity) && arity > 0 &&
            (after == raw_.size() || raw_[after].punct != Punct::kComma)) {
          emit_list(TokenKind::kRowList, i, after, arity);
          i = after - 1;
          continue;
        }
      }
    }
    if (IsLiteralKind(t.kind) || t.kind == TokenKind::kParam) {
      Token token = t;
      Slot slot;
      slot.token = static_cast<uint32_t>(tokens_.size());
      slot.first_value = static_cast<uint32_t>(values_.size());
      slot.value_count = 1;
      LiteralValue v = value_of(t);
      if (t.kind == TokenKind::kParam) {
        slot.kind = Slot::Kind::kParam;
        slot.param_index = param_count_++;
        v.kind = TokenKind::kParam;
      }
      values_.push_back(v);
      token.slot = static_cast<int32_t>(slots_.size());
      slots_.push_back(slot);
      absl::string_view spelling;
      const char sign = sql_[t.begin];
      switch (t.kind) {
        case TokenKind::kString:
          spelling = "?s";
          break;
        case TokenKind::kHexString:
          spelling = "?x";
          break;
        case TokenKind::kBitString:
          spelling = "?b";
          break;
        case TokenKind::kParam:
          spelling = "?p";
          break;
        default:
          spelling = (sign == '-' || sign == '+')    ? "?n"
                     : t.kind == TokenKind::kInteger ? "?i"
                                                     : "?d";
          break;
      }
      AppendDigest(token, spelling);
      continue;
    }
    AppendDigest(t, sql_.substr(t.begin, t.end - t.begin));
  }
}

void SqlDigest::BindParam(int param_index, LiteralValue value) {
  for (const Slot& slot : slots_) {
    if (slot.kind == Slot::Kind::kParam && slot.param_index == param_index) {
      values_[slot.first_value] = value;
      params_bound_ = true;
      return;
    }
  }
}

}  // namespace shardproxy::sql
