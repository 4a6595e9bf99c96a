// Syntax of inline expressions (internal to config/; users see inline_expression.h).
//
// A template is literal text with segments `${ ... }` (ShardingSphere's `$->{ ... }` is accepted
// too). Inside a segment:
//   segment  := expr ['..' expr] | '[' item {',' item} ']'        (ranges and lists: data nodes)
//   item     := expr ['..' expr]
//   expr     := term {('+' | '-') term}
//   term     := unary {('*' | '/' | '%') unary}
//   unary    := '-' unary | primary
//   primary  := INTEGER | STRING | NAME | NAME '(' [expr {',' expr}] ')' | '(' expr ')'
// STRING is '...' or "..." with backslash escapes; NAME is a column (or a function when followed
// by '(').
#ifndef SHARDPROXY_CONFIG_INLINE_EXPRESSION_AST_H_
#define SHARDPROXY_CONFIG_INLINE_EXPRESSION_AST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ExprNode {
  enum class Kind {
    kInteger,
    kString,
    kVariable,
    kNegate,
    kAdd,
    kSubtract,
    kMultiply,
    kDivide,
    kModulo,
    kCall,
    kRange,
    kList,
  };
  Kind kind = Kind::kInteger;
  int64_t integer = 0;  // kInteger
  std::string text;     // kString value, kVariable name, kCall function name (lower case)
  int variable = -1;    // kVariable: index of the column, set when bound to columns
  std::vector<int> children;
  size_t offset = 0;  // in the template text, for messages
};

// One `${...}` segment as a tree in `nodes`, `root` its top.
struct ExprTree {
  std::vector<ExprNode> nodes;
  int root = -1;
  size_t offset = 0;  // of the `$`
};

struct InlineTemplate {
  // literals.size() == segments.size() + 1: literal, segment, literal, ..., literal.
  std::vector<std::string> literals;
  std::vector<ExprTree> segments;
};

// Parses `text`. On error the message says what was expected and `*error_offset` (if given) is the
// byte offset in `text` where it went wrong.
absl::StatusOr<InlineTemplate> ParseInlineTemplate(absl::string_view text,
                                                   size_t* error_offset = nullptr);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_INLINE_EXPRESSION_AST_H_
