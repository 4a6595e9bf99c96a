// What the printer needs to turn an AST back into SQL: the text of each token and the SQL
// spelling of each slot. A BoundStatement provides its own text; a StatementTemplate alone
// prints literals as `?` (TemplateText).
#ifndef SHARDPROXY_PARSER_STATEMENT_TEXT_H_
#define SHARDPROXY_PARSER_STATEMENT_TEXT_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "parser/statement_template.h"

namespace shardproxy::sql {

class StatementText {
 public:
  virtual ~StatementText() = default;
  // Token `token` as SQL (a literal token prints as its slot's SQL).
  virtual absl::string_view TokenSql(int32_t token) const = 0;
  // Slot `slot` as SQL: a literal as written, a collapsed list as written (`1, 2, 3` or
  // `(1,2),(3,4)`), a bound parameter as its value, an unbound one as `?`.
  virtual absl::string_view SlotSql(int32_t slot) const = 0;
  // Whether token `token` (> 0) was written apart from the token before it (whitespace or a
  // comment between them); nullopt when the text does not know.
  virtual absl::optional<bool> WrittenApart(int32_t) const { return absl::nullopt; }
};

// Prints a template without values: every slot as `?` (lists as `?` too).
class TemplateText : public StatementText {
 public:
  explicit TemplateText(const StatementTemplate& tmpl) : tmpl_(tmpl) {}
  absl::string_view TokenSql(int32_t token) const override {
    if (tmpl_.token_slots[token] >= 0) return "?";
    return tmpl_.TokenSpelling(static_cast<size_t>(token));
  }
  absl::string_view SlotSql(int32_t) const override { return "?"; }

 private:
  const StatementTemplate& tmpl_;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_STATEMENT_TEXT_H_
