// Rewriting a statement by splicing its original text: the router's way to change table names
// (t_order → t_order_1), LIMIT values or IN lists without reprinting the statement, so comments,
// hints and formatting survive.
#ifndef SHARDPROXY_PARSER_REWRITE_H_
#define SHARDPROXY_PARSER_REWRITE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "parser/bound_statement.h"

namespace shardproxy::sql {

// Replace the text of normalized tokens [token_begin, token_end) with `replacement`.
// Positions come from the AST (Identifier::token, SlotRef::token, TokenSpan).
struct TextEdit {
  int32_t token_begin = 0;
  int32_t token_end = 0;
  absl::string_view replacement;
};
inline TextEdit ReplaceToken(int32_t token, absl::string_view replacement) {
  return TextEdit{token, token + 1, replacement};
}

// Writes statement's text with `edits` applied to *out (cleared first; its capacity is reused).
// Edits must be sorted by position and must not overlap. Bound parameters of a prepared
// statement are substituted by their values unless an edit covers them. A trailing ';' and
// surrounding whitespace are kept as written.
absl::Status RewriteSql(const BoundStatement& statement, absl::Span<const TextEdit> edits,
                        std::string* out);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_REWRITE_H_
