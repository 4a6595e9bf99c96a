// Inline expressions: strings with `${...}` segments, used two ways.
//
// 1. Data nodes, expanded into every string they denote:
//      ds${0..1}.t_order_${0..1}   -> ds0.t_order_0, ds0.t_order_1, ds1.t_order_0, ds1.t_order_1
//      t_${['a','b']}_${[1, 5..6]} -> t_a_1, t_a_5, t_a_6, t_b_1, t_b_5, t_b_6
//    Several segments give their cartesian product, the leftmost varying slowest. Ranges are
//    inclusive and may descend (3..1 is 3, 2, 1).
// 2. Sharding expressions of the `inline` and `complex_inline` algorithms, evaluated per value:
//      t_order_${order_id % 2}      t_${abs(user_id) % 4}_${substr(region, 1, 2)}
//
// The language (a small evaluator written here; no general-purpose eval):
//  - integers (64-bit) and 'strings' / "strings";
//  - + - * / % and unary minus on integers. `/` truncates toward zero (MySQL's DIV) and `%` keeps
//    the sign of the dividend, as in MySQL, ShardingSphere and Groovy: -7 % 2 = -1. A negative key
//    therefore gives a name like t_order_-1 that is not a data node, and an INSERT with it fails
//    with an error naming the value; write ${abs(order_id) % 2} to place negative keys. Division by
//    zero and overflow are errors, never a wrapped value.
//  - `+` concatenates when either side is a string ('t_' + 5 is 't_5'), else adds;
//  - abs(x); substr(s, pos[, len]) with MySQL's SUBSTR semantics (1-based, characters of UTF-8,
//    negative pos counts from the end); concat(a, b, ...);
//  - column names (case-insensitive) stand for the sharding value. A value MySQL would compare as
//    an integer — 5, '5', '05', 5.0 — is the integer 5 everywhere in the expression, so every
//    spelling of a key lands on the same node; other strings keep their text; dates are
//    'YYYY-MM-DD[ HH:MM:SS[.ffffff]]'; NULL is an error.
//  - a segment prints integers in decimal and strings as they are.
#ifndef SHARDPROXY_CONFIG_INLINE_EXPRESSION_H_
#define SHARDPROXY_CONFIG_INLINE_EXPRESSION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/sharding_value.h"

namespace shardproxy {

struct InlineTemplate;

// Expands a data-node expression (use 1 above). Column names are not allowed. At most
// kMaxExpansion strings. On error, `*error_offset` (if given) is the byte offset in `text`.
inline constexpr size_t kMaxExpansion = 100000;
absl::StatusOr<std::vector<std::string>> ExpandInlineExpression(absl::string_view text,
                                                                size_t* error_offset = nullptr);

// A compiled sharding expression (use 2 above). Immutable and thread-safe.
class ShardingExpression {
 public:
  // `columns` are the names the expression may use. Errors: syntax, unknown column or function,
  // wrong argument count, ranges or lists (they denote several values).
  static absl::StatusOr<ShardingExpression> Compile(absl::string_view text,
                                                    absl::Span<const std::string> columns,
                                                    size_t* error_offset = nullptr);

  ShardingExpression(ShardingExpression&&) noexcept;
  ShardingExpression& operator=(ShardingExpression&&) noexcept;
  ShardingExpression(const ShardingExpression&) = delete;
  ShardingExpression& operator=(const ShardingExpression&) = delete;
  ~ShardingExpression();

  const std::string& text() const { return text_; }
  // Whether columns[i] appears in the expression.
  bool UsesColumn(size_t index) const { return index < uses_column_.size() && uses_column_[index]; }

  // Evaluates with values[i] bound to columns[i] and writes the result to *out. Errors say what
  // went wrong with which value ("order_id is NULL", "'ab' is not an integer", "division by
  // zero").
  absl::Status Evaluate(absl::Span<const ShardingValue> values, std::string* out) const;

  // The fast form: the text is prefix ${integer arithmetic} suffix (no strings, no substr), so the
  // result is prefix + decimal(n) + suffix and n can be computed without allocating.
  bool has_integer_form() const { return integer_form_; }
  // Every segment is integer arithmetic over the columns (no strings, no substr): a value can only
  // be placed if each column has an integer value.
  bool numeric_only() const { return numeric_only_; }
  const std::string& prefix() const;
  const std::string& suffix() const;
  // n for the fast form; false when it cannot be computed (NULL, not an integer, division by zero,
  // overflow) — Evaluate() then gives the reason. Requires has_integer_form().
  bool EvaluateInteger(absl::Span<const ShardingValue> values, int64_t* out) const;

 private:
  ShardingExpression();

  std::string text_;
  std::unique_ptr<InlineTemplate> template_;
  std::vector<std::string> columns_;
  std::vector<bool> uses_column_;
  bool integer_form_ = false;
  bool numeric_only_ = false;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_INLINE_EXPRESSION_H_
