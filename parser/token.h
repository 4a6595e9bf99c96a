// Tokens and literal values of one SQL statement, as produced by the digest tokenizer
// (parser/sql_digest.h). ANTLR-free: the session and the router may include this.
#ifndef SHARDPROXY_PARSER_TOKEN_H_
#define SHARDPROXY_PARSER_TOKEN_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace shardproxy::sql {

enum class TokenKind : uint8_t {
  kWord,         // unquoted identifier or keyword (the grammar decides which)
  kQuotedIdent,  // `name`
  kString,       // 'x', "x", N'x', and adjacent strings 'a' 'b' merged into one token
  kHexString,    // x'41' and 0x41
  kBitString,    // b'101' and 0b101
  kInteger,      // 42, and -42 / +42 when the sign is a unary sign glued to the number
  kDecimal,      // 1.5, .5, 1.
  kFloat,        // 1e10, 1.5E-3
  kNull,         // NULL — only ever a member of a collapsed list; elsewhere NULL is a kWord
  kParam,        // ?
  kValueList,    // `1, 'a', 3` inside `IN (...)`: one token standing for the whole list
  kRowList,      // `(1,'a'),(2,'b')` after VALUES or inside IN (...): one token for all rows
  kIntroducer,   // _utf8mb4 before a string literal
  kUserVar,      // @name, @'name', @`name`
  kSysVar,       // @@name, @@global.name, @@session.name
  kPunct,        // operators and punctuation, see Punct
  kOther,        // any other single byte ({, }, :, \, …): only statements kept as spans use it
};

enum class Punct : uint8_t {
  kNone,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kSemicolon,
  kStar,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kEq,
  kNullSafeEq,  // <=>
  kNe,          // <> and !=
  kLt,
  kLe,
  kGt,
  kGe,
  kAssign,  // :=
  kBitOr,
  kBitAnd,
  kBitXor,
  kTilde,
  kShl,
  kShr,
  kLogicalOr,   // ||
  kLogicalAnd,  // &&
  kNot,         // !
};

// True for the token kinds that are literal values (and so normalized to a placeholder).
inline bool IsLiteralKind(TokenKind kind) {
  switch (kind) {
    case TokenKind::kString:
    case TokenKind::kHexString:
    case TokenKind::kBitString:
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kFloat:
      return true;
    default:
      return false;
  }
}

// One normalized token. Positions are byte offsets into the statement text; `slot` numbers the
// literal, parameter and list tokens in order of appearance (-1 for every other token).
struct Token {
  TokenKind kind = TokenKind::kWord;
  Punct punct = Punct::kNone;
  uint32_t begin = 0;
  uint32_t end = 0;
  int32_t slot = -1;
};

// A literal value as written in the statement: `text` is the raw SQL spelling (with quotes,
// prefixes and sign), a view into the statement text or, for a bound prepared-statement
// parameter, into the caller's buffer. Decoding helpers live in parser/literal.h.
struct LiteralValue {
  TokenKind kind = TokenKind::kNull;
  absl::string_view text;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_TOKEN_H_
