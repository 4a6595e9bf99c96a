// The digest tokenizer: one hand-written pass over a statement that yields
//   * the normalized token stream (comments and whitespace gone, `/*! … */` and `/*M! … */`
//     versioned comments expanded as code the way MariaDB does, literal lists collapsed),
//   * the literal values, grouped into slots (one slot per literal, `?` marker or collapsed list),
//   * the digest text — the normalized tokens with every literal replaced by a typed
//     placeholder — which is the key of the statement-template cache.
//
// Two statements with the same digest text have the same token stream except for literal values,
// so token indices ("positions") recorded in a cached template are valid for every statement
// that shares the digest; `tokens()[i].begin/end` give the byte range of token i in *this*
// statement's text. That is how the router rewrites a statement it did not parse itself.
//
// Normalization rules (what makes two statements share a digest):
//   * keywords and identifiers keep their exact spelling (no case folding: identifiers may be
//     case-sensitive table names);
//   * a literal becomes a placeholder by category: ?i integer, ?d decimal/float, ?n signed
//     number (a unary sign glued to a number where an operand is expected: `= -5`), ?s string
//     (incl. N'', adjacent strings 'a' 'b'), ?x hex, ?b bit; `?` markers become ?p;
//   * `IN (lit, lit, …)` becomes `IN ( ?list )` — any number of literals (and NULLs);
//   * `VALUES (lit, …), (lit, …)` and `IN ((lit, …), …)` become `?rowsN`, N being the row
//     arity, when every row holds only literals/NULLs and all rows have the same arity.
//
// Not thread-safe; one object per session, reused: after warm-up Compute() does not allocate.
#ifndef SHARDPROXY_PARSER_SQL_DIGEST_H_
#define SHARDPROXY_PARSER_SQL_DIGEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "parser/token.h"

namespace shardproxy::sql {

// MariaDB executes `/*!NNNNN …*/` when NNNNN <= its version id (but ignores MySQL ids
// 50700..99999), and `/*M!NNNNNN …*/` when NNNNNN <= its version id. We match MariaDB 10.11.
inline constexpr uint32_t kMariaDbVersionId = 101100;

// Nesting deeper than this many parentheses is rejected with 1064 before the grammar runs, so
// no input can exhaust the stack of the recursive-descent parser.
inline constexpr int kMaxParenDepth = 200;

struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A slot: one literal, one `?` marker, or one collapsed list, numbered in order of appearance.
struct Slot {
  enum class Kind : uint8_t { kValue, kParam, kValueList, kRowList };
  Kind kind = Kind::kValue;
  uint32_t token = 0;        // index of its token in tokens()
  uint32_t first_value = 0;  // its values: values()[first_value, first_value + value_count)
  uint32_t value_count = 0;
  uint32_t first_row = 0;  // kRowList: rows()[first_row, first_row + row_count)
  uint32_t row_count = 0;
  uint32_t arity = 0;        // kRowList: values per row
  int32_t param_index = -1;  // kParam: 0-based number of the marker
};

class SqlDigest {
 public:
  SqlDigest() = default;
  SqlDigest(const SqlDigest&) = default;
  SqlDigest& operator=(const SqlDigest&) = default;

  // Tokenizes `sql`, which must stay alive and unchanged while this object refers to it.
  // Errors: unterminated string or quoted identifier, nesting deeper than kMaxParenDepth
  // (1064 with MySQL's message), a statement without tokens (1065 "Query was empty").
  absl::Status Compute(absl::string_view sql);

  absl::string_view sql() const { return sql_; }
  absl::Span<const Token> tokens() const { return tokens_; }
  absl::Span<const Slot> slots() const { return slots_; }
  absl::Span<const LiteralValue> values() const { return values_; }
  absl::Span<const ByteRange> rows() const { return rows_; }
  absl::string_view text() const { return text_; }
  uint64_t hash() const { return hash_; }
  int param_count() const { return param_count_; }

  // Raw text of token i in this statement.
  absl::string_view TokenText(size_t i) const {
    return sql_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  // Values of slot s (one for kValue/kParam, the list for collapsed lists, row-major for rows).
  absl::Span<const LiteralValue> SlotValues(size_t s) const {
    return absl::MakeConstSpan(values_).subspan(slots_[s].first_value, slots_[s].value_count);
  }
  // Offset of token i's spelling inside text() (its placeholder for literal tokens).
  uint32_t DigestOffset(size_t i) const { return digest_offsets_[i]; }

  // True if word token i is spelled `upper` in any letter case (upper must be upper case).
  bool IsWord(size_t i, absl::string_view upper) const;
  // True if token i is the punctuation `punct`.
  bool IsPunct(size_t i, Punct punct) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::kPunct && tokens_[i].punct == punct;
  }
  // The name token i spells when it is an unquoted word or a quoted identifier (unquoted, ``
  // undoubled); nullopt for any other token or past the end.
  absl::optional<std::string> IdentifierAt(size_t i) const;

  // Replaces the value of parameter `param_index` (prepared-statement execute). `text` must be
  // SQL literal text (see parser/literal.h) that outlives this object's use.
  void BindParam(int param_index, LiteralValue value);
  bool params_bound() const { return params_bound_; }

 private:
  absl::Status Scan();
  void Normalize();
  bool TryValueList(size_t first, size_t* after);
  bool TryRowList(size_t first, size_t* after, uint32_t* arity);
  void AppendDigest(const Token& token, absl::string_view spelling);

  absl::string_view sql_;
  std::vector<Token> raw_;  // scratch: tokens before list collapsing
  std::vector<Token> tokens_;
  std::vector<Slot> slots_;
  std::vector<LiteralValue> values_;
  std::vector<ByteRange> rows_;
  std::vector<uint32_t> digest_offsets_;
  std::string text_;
  uint64_t hash_ = 0;
  int param_count_ = 0;
  bool params_bound_ = false;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_SQL_DIGEST_H_
