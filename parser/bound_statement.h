// A parsed statement ready for routing: the shared, immutable template of its digest plus this
// statement's own tokens and literal values.
//
// The AST (statement()) never holds literal values: LiteralExpr/ParamExpr/LimitClause/InExpr
// refer to slots, and Value()/Values()/Rows() read them from this statement. Token indices in
// the AST (Identifier::token, TokenSpan, SlotRef::token) map to byte ranges of this statement's
// text through TokenRange().
//
// A BoundStatement is owned by one session and reused for every statement it parses: after
// warm-up, Parser::Parse() into it does not allocate. It holds views into the SQL text it was
// parsed from (or into the PreparedStatement it was bound from), which must outlive it.
#ifndef SHARDPROXY_PARSER_BOUND_STATEMENT_H_
#define SHARDPROXY_PARSER_BOUND_STATEMENT_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "parser/ast/statement.h"
#include "parser/sql_digest.h"
#include "parser/statement_template.h"
#include "parser/statement_text.h"

namespace shardproxy::sql {

class BoundStatement : public StatementText {
 public:
  BoundStatement() = default;

  bool has_statement() const { return template_ != nullptr; }
  const Statement& statement() const { return *template_->statement; }
  StatementKind kind() const { return template_->statement->kind; }
  const StatementTemplate& statement_template() const { return *template_; }
  const std::shared_ptr<const StatementTemplate>& shared_template() const { return template_; }
  const SqlDigest& digest() const { return digest_; }
  absl::string_view sql() const { return digest_.sql(); }

  // The single value of a literal or parameter slot (for a parameter: its bound value, or a
  // kParam value while unbound).
  LiteralValue Value(SlotRef slot) const { return digest_.SlotValues(slot.slot)[0]; }
  // All values of a slot: one for literals, the list for a collapsed IN list, every cell
  // row-major for a row list.
  absl::Span<const LiteralValue> Values(SlotRef slot) const {
    return digest_.SlotValues(slot.slot);
  }
  // Rows of a collapsed row list (VALUES (…),(…) or IN ((…),(…))).
  size_t RowCount(SlotRef slot) const { return digest_.slots()[slot.slot].row_count; }
  size_t RowArity(SlotRef slot) const { return digest_.slots()[slot.slot].arity; }
  absl::Span<const LiteralValue> Row(SlotRef slot, size_t row) const {
    size_t arity = RowArity(slot);
    return Values(slot).subspan(row * arity, arity);
  }
  // Byte range of row `row` in sql(), parentheses included.
  ByteRange RowRange(SlotRef slot, size_t row) const {
    return digest_.rows()[digest_.slots()[slot.slot].first_row + row];
  }
  // Byte range of token `token` in sql().
  ByteRange TokenRange(int32_t token) const {
    const Token& t = digest_.tokens()[token];
    return ByteRange{t.begin, t.end};
  }

  // StatementText: tokens as written in this statement; a bound parameter prints as its value.
  absl::string_view TokenSql(int32_t token) const override;
  absl::string_view SlotSql(int32_t slot) const override;
  absl::optional<bool> WrittenApart(int32_t token) const override {
    return digest_.tokens()[token].begin > digest_.tokens()[token - 1].end;
  }

 private:
  friend class Parser;
  friend class PreparedStatement;
  std::shared_ptr<const StatementTemplate> template_;
  SqlDigest digest_;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_BOUND_STATEMENT_H_
