#include "config/inline_expression.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "config/config_errors.h"
#include "config/exact_number.h"
#include "config/inline_expression_ast.h"
#include "config/temporal_value.h"

namespace shardproxy {
namespace {

// A value during evaluation: an integer, or text. `is_string` marks text that `+` concatenates
// (string literals, function results, non-numeric column values); numeric text that is not an
// integer (1.5) is neither, so arithmetic on it fails.
struct Value {
  bool is_integer = false;
  bool is_string = false;
  int64_t integer = 0;
  std::string text;

  static Value Integer(int64_t v) {
    Value value;
    value.is_integer = true;
    value.integer = v;
    return value;
  }
  static Value String(std::string text) {
    Value value;
    value.is_string = true;
    value.text = std::move(text);
    return value;
  }
  std::string Text() const { return is_integer ? absl::StrCat(integer) : text; }
  std::string Describe() const {
    return is_integer ? absl::StrCat(integer) : absl::StrCat("'", text, "'");
  }
};

absl::Status EvalError(absl::string_view message) { return ConfigError(message); }

// Reads a column value the way the header describes: integers (in any spelling MySQL compares
// equal) become integers.
bool IntegerOf(const ShardingValue& value, int64_t* out) {
  if (value.type() == ShardingValue::Type::kInteger) {
    if (value.is_unsigned() && value.uint_value() > uint64_t{std::numeric_limits<int64_t>::max()}) {
      return false;
    }
    *out = value.int_value();
    return true;
  }
  if (value.type() != ShardingValue::Type::kDecimal &&
      value.type() != ShardingValue::Type::kString) {
    return false;
  }
  ExactNumber number;
  return ExactNumber::FromValue(value, &number) && number.ToInt64(out);
}

absl::StatusOr<Value> BindVariable(const ShardingValue& value, absl::string_view name) {
  int64_t integer = 0;
  if (IntegerOf(value, &integer)) return Value::Integer(integer);
  switch (value.type()) {
    case ShardingValue::Type::kNull:
      return EvalError(absl::StrCat(name, " is NULL"));
    case ShardingValue::Type::kInteger: {
      Value result;
      result.text = absl::StrCat(value.uint_value());
      return result;
    }
    case ShardingValue::Type::kDecimal:
    case ShardingValue::Type::kString: {
      ExactNumber number;
      if (ExactNumber::FromValue(value, &number)) {
        char buffer[ExactNumber::kMaxCanonicalLength];
        Value result;
        result.text.assign(buffer, number.Canonical(buffer));
        return result;
      }
      return Value::String(std::string(value.text()));
    }
    case ShardingValue::Type::kDate:
    case ShardingValue::Type::kDateTime: {
      DateTimeValue date;
      if (!ParseDateTime(value.text(), &date)) {
        return EvalError(absl::StrCat(name, " is not a valid date: ", value.ToString()));
      }
      char buffer[kMaxDateTimeText];
      return Value::String(std::string(buffer, FormatCanonicalDateTime(date, buffer)));
    }
  }
  return EvalError(absl::StrCat(name, " has an unknown type"));
}

// MySQL semantics on int64; false on overflow or division by zero (the caller words the error).
bool Arithmetic(ExprNode::Kind kind, int64_t a, int64_t b, int64_t* out) {
  switch (kind) {
    case ExprNode::Kind::kAdd:
      return !__builtin_add_overflow(a, b, out);
    case ExprNode::Kind::kSubtract:
      return !__builtin_sub_overflow(a, b, out);
    case ExprNode::Kind::kMultiply:
      return !__builtin_mul_overflow(a, b, out);
    case ExprNode::Kind::kDivide:
      if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) return false;
      *out = a / b;
      return true;
    case ExprNode::Kind::kModulo:
      if (b == 0) return false;
      *out = b == -1 ? 0 : a % b;  // INT64_MIN % -1 traps in C++; mathematically 0
      return true;
    default:
      return false;
  }
}

absl::string_view OperatorName(ExprNode::Kind kind) {
  switch (kind) {
    case ExprNode::Kind::kAdd:
      return "+";
    case ExprNode::Kind::kSubtract:
      return "-";
    case ExprNode::Kind::kMultiply:
      return "*";
    case ExprNode::Kind::kDivide:
      return "/";
    case ExprNode::Kind::kModulo:
      return "%";
    default:
      return "?";
  }
}

// Byte offset of the `index`-th (0-based) UTF-8 character of `text`, or text.size().
size_t Utf8Offset(absl::string_view text, int64_t index) {
  size_t pos = 0;
  for (int64_t i = 0; i < index && pos < text.size(); ++i) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

int64_t Utf8Length(absl::string_view text) {
  int64_t length = 0;
  for (char c : text) length += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return length;
}

// MySQL SUBSTR(str, pos, len).
std::string Substr(absl::string_view text, int64_t pos, absl::optional<int64_t> length) {
  const int64_t size = Utf8Length(text);
  if (pos == 0 || pos > size || pos < -size) return "";
  const int64_t start = pos > 0 ? pos - 1 : size + pos;
  int64_t count = length.has_value() ? *length : size - start;
  if (count <= 0) return "";
  count = std::min(count, size - start);
  const size_t begin = Utf8Offset(text, start);
  const size_t end = begin + Utf8Offset(text.substr(begin), count);
  return std::string(text.substr(begin, end - begin));
}

struct FunctionSpec {
  absl::string_view name;
  int min_args;
  int max_args;  // -1: any
};
constexpr FunctionSpec kFunctions[] = {
    {"abs", 1, 1}, {"substr", 2, 3}, {"substring", 2, 3}, {"concat", 1, -1}};

// A call's function is known and has as many arguments as it takes; else what is wrong. The
// evaluators rely on it: both the sharding expressions (Compile) and the data_nodes expansions
// (ExpandInlineExpression) check every call before evaluating.
absl::optional<std::string> CallError(const ExprNode& node) {
  const FunctionSpec* spec = nullptr;
  for (const FunctionSpec& f : kFunctions) {
    if (f.name == node.text) spec = &f;
  }
  if (spec == nullptr) {
    return absl::StrCat("unknown function '", node.text, "': expected abs, substr or concat");
  }
  const int count = static_cast<int>(node.children.size());
  if (count >= spec->min_args && (spec->max_args < 0 || count <= spec->max_args)) {
    return absl::nullopt;
  }
  return absl::StrCat(node.text, "() takes ",
                      spec->min_args == spec->max_args ? absl::StrCat(spec->min_args)
                      : spec->max_args < 0             ? absl::StrCat(spec->min_args, " or more")
                                           : absl::StrCat(spec->min_args, " or ", spec->max_args),
                      " arguments, found ", count);
}

class Evaluator {
 public:
  Evaluator(const ExprTree& tree, absl::Span<const ShardingValue> values,
            const std::vector<std::string>& columns)
      : tree_(tree), values_(values), columns_(columns) {}

  absl::StatusOr<Value> Eval(int index) const {
    const ExprNode& node = tree_.nodes[index];
    switch (node.kind) {
      case ExprNode::Kind::kInteger:
        return Value::Integer(node.integer);
      case ExprNode::Kind::kString:
        return Value::String(node.text);
      case ExprNode::Kind::kVariable:
        if (node.variable < 0 || static_cast<size_t>(node.variable) >= values_.size()) {
          return EvalError(absl::StrCat("no value for ", node.text));
        }
        return BindVariable(values_[node.variable], columns_[node.variable]);
      case ExprNode::Kind::kNegate: {
        absl::StatusOr<Value> operand = Eval(node.children[0]);
        if (!operand.ok()) return operand.status();
        if (!operand->is_integer) {
          return EvalError(absl::StrCat(operand->Describe(), " is not an integer"));
        }
        if (operand->integer == std::numeric_limits<int64_t>::min()) {
          return EvalError("integer overflow in -");
        }
        return Value::Integer(-operand->integer);
      }
      case ExprNode::Kind::kAdd:
      case ExprNode::Kind::kSubtract:
      case ExprNode::Kind::kMultiply:
      case ExprNode::Kind::kDivide:
      case ExprNode::Kind::kModulo: {
        absl::StatusOr<Value> left = Eval(node.children[0]);
        if (!left.ok()) return left.status();
        absl::StatusOr<Value> right = Eval(node.children[1]);
        if (!right.ok()) return right.status();
        if (node.kind == ExprNode::Kind::kAdd && (left->is_string || right->is_string)) {
          return Value::String(absl::StrCat(left->Text(), right->Text()));
        }
        for (const Value* operand : {&*left, &*right}) {
          if (!operand->is_integer) {
            return EvalError(absl::StrCat(operand->Describe(), " is not an integer (in ",
                                          OperatorName(node.kind), ")"));
          }
        }
        int64_t result = 0;
        if (!Arithmetic(node.kind, left->integer, right->integer, &result)) {
          if ((node.kind == ExprNode::Kind::kDivide || node.kind == ExprNode::Kind::kModulo) &&
              right->integer == 0) {
            return EvalError(absl::StrCat("division by zero in ", left->integer, " ",
                                          OperatorName(node.kind), " 0"));
          }
          return EvalError(absl::StrCat("integer overflow in ", left->integer, " ",
                                        OperatorName(node.kind), " ", right->integer));
        }
        return Value::Integer(result);
      }
      case ExprNode::Kind::kCall:
        return Call(node);
      case ExprNode::Kind::kRange:
      case ExprNode::Kind::kList:
        return EvalError("a range or list denotes several values");
    }
    return EvalError("unknown expression");
  }

  // Values of a data-node segment: a range, a list (of values and ranges) or one value.
  absl::Status Expand(int index, std::vector<Value>* out) const {
    const ExprNode& node = tree_.nodes[index];
    if (node.kind == ExprNode::Kind::kList) {
      for (int child : node.children) {
        if (absl::Status status = Expand(child, out); !status.ok()) return status;
      }
      return absl::OkStatus();
    }
    if (node.kind != ExprNode::Kind::kRange) {
      absl::StatusOr<Value> value = Eval(index);
      if (!value.ok()) return value.status();
      out->push_back(*std::move(value));
      return absl::OkStatus();
    }
    absl::StatusOr<Value> low = Eval(node.children[0]);
    if (!low.ok()) return low.status();
    absl::StatusOr<Value> high = Eval(node.children[1]);
    if (!high.ok()) return high.status();
    if (!low->is_integer || !high->is_integer) {
      return EvalError(absl::StrCat("a range needs integer ends, found ", low->Describe(), "..",
                                    high->Describe()));
    }
    const int64_t a = low->integer;
    const int64_t b = high->integer;
    const unsigned __int128 count =
        (a <= b ? static_cast<__int128>(b) - a : static_cast<__int128>(a) - b) + 1;
    if (count + out->size() > kMaxExpansion) {
      return EvalError(
          absl::StrCat("range ", a, "..", b, " has more than ", kMaxExpansion, " values"));
    }
    for (int64_t v = a;; v += (a <= b ? 1 : -1)) {
      out->push_back(Value::Integer(v));
      if (v == b) break;
    }
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<Value> Call(const ExprNode& node) const {
    std::vector<Value> args;
    for (int child : node.children) {
      absl::StatusOr<Value> value = Eval(child);
      if (!value.ok()) return value.status();
      args.push_back(*std::move(value));
    }
    if (node.text == "abs") {
      if (!args[0].is_integer) {
        return EvalError(absl::StrCat(args[0].Describe(), " is not an integer (in abs)"));
      }
      if (args[0].integer == std::numeric_limits<int64_t>::min()) {
        return EvalError("integer overflow in abs(-9223372036854775808)");
      }
      return Value::Integer(args[0].integer < 0 ? -args[0].integer : args[0].integer);
    }
    if (node.text == "substr" || node.text == "substring") {
      for (size_t i = 1; i < args.size(); ++i) {
        if (!args[i].is_integer) {
          return EvalError(absl::StrCat(args[i].Describe(), " is not an integer (in substr)"));
        }
      }
      return Value::String(
          Substr(args[0].Text(), args[1].integer,
                 args.size() > 2 ? absl::make_optional(args[2].integer) : absl::nullopt));
    }
    std::string text;
    for (const Value& arg : args) absl::StrAppend(&text, arg.Text());
    return Value::String(std::move(text));
  }

  const ExprTree& tree_;
  absl::Span<const ShardingValue> values_;
  const std::vector<std::string>& columns_;
};

// The int64-only evaluator of the fast form; mirrors Evaluator on integer values exactly.
bool EvalInteger(const ExprTree& tree, int index, absl::Span<const ShardingValue> values,
                 int64_t* out) {
  const ExprNode& node = tree.nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::kInteger:
      *out = node.integer;
      return true;
    case ExprNode::Kind::kVariable:
      return static_cast<size_t>(node.variable) < values.size() &&
             IntegerOf(values[node.variable], out);
    case ExprNode::Kind::kNegate: {
      int64_t operand = 0;
      if (!EvalInteger(tree, node.children[0], values, &operand) ||
          operand == std::numeric_limits<int64_t>::min()) {
        return false;
      }
      *out = -operand;
      return true;
    }
    case ExprNode::Kind::kCall: {  // abs, the only integer function
      int64_t operand = 0;
      if (!EvalInteger(tree, node.children[0], values, &operand) ||
          operand == std::numeric_limits<int64_t>::min()) {
        return false;
      }
      *out = operand < 0 ? -operand : operand;
      return true;
    }
    default: {
      int64_t left = 0;
      int64_t right = 0;
      return EvalInteger(tree, node.children[0], values, &left) &&
             EvalInteger(tree, node.children[1], values, &right) &&
             Arithmetic(node.kind, left, right, out);
    }
  }
}

bool IsIntegerOnly(const ExprTree& tree, int index) {
  const ExprNode& node = tree.nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::kInteger:
    case ExprNode::Kind::kVariable:
      return true;
    case ExprNode::Kind::kString:
    case ExprNode::Kind::kRange:
    case ExprNode::Kind::kList:
      return false;
    case ExprNode::Kind::kCall:
      if (node.text != "abs") return false;
      break;
    default:
      break;
  }
  return std::all_of(node.children.begin(), node.children.end(),
                     [&](int child) { return IsIntegerOnly(tree, child); });
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ExpandInlineExpression(absl::string_view text,
                                                                size_t* error_offset) {
  absl::StatusOr<InlineTemplate> parsed = ParseInlineTemplate(text, error_offset);
  if (!parsed.ok()) return parsed.status();
  std::vector<std::string> results = {parsed->literals[0]};
  const std::vector<std::string> no_columns;
  for (size_t s = 0; s < parsed->segments.size(); ++s) {
    const ExprTree& tree = parsed->segments[s];
    for (const ExprNode& node : tree.nodes) {
      if (node.kind == ExprNode::Kind::kVariable) {
        if (error_offset != nullptr) *error_offset = node.offset;
        return SyntaxError(absl::StrCat("unexpected name '", node.text,
                                        "': expected a range (0..3), a list (['a', 'b']) or a "
                                        "value"));
      }
      if (node.kind == ExprNode::Kind::kCall) {
        if (absl::optional<std::string> error = CallError(node)) {
          if (error_offset != nullptr) *error_offset = node.offset;
          return SyntaxError(*error);
        }
      }
    }
    std::vector<Value> values;
    if (absl::Status status = Evaluator(tree, {}, no_columns).Expand(tree.root, &values);
        !status.ok()) {
      if (error_offset != nullptr) *error_offset = tree.offset;
      return status;
    }
    if (results.size() * values.size() > kMaxExpansion) {
      if (error_offset != nullptr) *error_offset = tree.offset;
      return SyntaxError(absl::StrCat("expression expands to more than ", kMaxExpansion, " names"));
    }
    std::vector<std::string> next;
    next.reserve(results.size() * values.size());
    size_t bytes = 0;
    for (const std::string& prefix : results) {
      for (const Value& value : values) {
        next.push_back(absl::StrCat(prefix, value.Text(), parsed->literals[s + 1]));
        bytes += next.back().size();
        if (bytes > kMaxExpansionBytes) {
          if (error_offset != nullptr) *error_offset = tree.offset;
          return SyntaxError(absl::StrCat("expression expands to more than ",
                                          kMaxExpansionBytes >> 20, " MiB of names"));
        }
      }
    }
    results = std::move(next);
  }
  return results;
}

ShardingExpression::ShardingExpression() = default;
ShardingExpression::ShardingExpression(ShardingExpression&&) noexcept = default;
ShardingExpression& ShardingExpression::operator=(ShardingExpression&&) noexcept = default;
ShardingExpression::~ShardingExpression() = default;

absl::StatusOr<ShardingExpression> ShardingExpression::Compile(
    absl::string_view text, absl::Span<const std::string> columns, size_t* error_offset) {
  absl::StatusOr<InlineTemplate> parsed = ParseInlineTemplate(text, error_offset);
  if (!parsed.ok()) return parsed.status();
  if (parsed->segments.empty()) {
    if (error_offset != nullptr) *error_offset = 0;
    return SyntaxError(
        "expected at least one ${...} segment computing the target from the column value");
  }
  ShardingExpression expression;
  expression.text_ = std::string(text);
  expression.columns_.assign(columns.begin(), columns.end());
  expression.uses_column_.assign(columns.size(), false);
  auto fail = [&](size_t offset, absl::string_view message) {
    if (error_offset != nullptr) *error_offset = offset;
    return SyntaxError(message);
  };
  for (ExprTree& tree : parsed->segments) {
    for (ExprNode& node : tree.nodes) {
      if (node.kind == ExprNode::Kind::kRange || node.kind == ExprNode::Kind::kList) {
        return fail(node.offset,
                    "a range or list is not allowed in a sharding expression: it must compute "
                    "one target");
      }
      if (node.kind == ExprNode::Kind::kVariable) {
        for (size_t i = 0; i < columns.size(); ++i) {
          if (absl::EqualsIgnoreCase(columns[i], node.text)) node.variable = static_cast<int>(i);
        }
        if (node.variable < 0) {
          return fail(node.offset, absl::StrCat("unknown column '", node.text,
                                                "' in sharding expression: expected ",
                                                columns.empty() ? std::string("no column")
                                                                : absl::StrJoin(columns, ", ")));
        }
        expression.uses_column_[node.variable] = true;
      }
      if (node.kind == ExprNode::Kind::kCall) {
        if (absl::optional<std::string> error = CallError(node)) return fail(node.offset, *error);
      }
    }
  }
  expression.integer_form_ =
      parsed->segments.size() == 1 && IsIntegerOnly(parsed->segments[0], parsed->segments[0].root);
  expression.numeric_only_ =
      std::all_of(parsed->segments.begin(), parsed->segments.end(),
                  [](const ExprTree& tree) { return IsIntegerOnly(tree, tree.root); });
  expression.template_ = std::make_unique<InlineTemplate>(*std::move(parsed));
  return expression;
}

const std::string& ShardingExpression::prefix() const { return template_->literals.front(); }
const std::string& ShardingExpression::suffix() const { return template_->literals.back(); }

absl::Status ShardingExpression::Evaluate(absl::Span<const ShardingValue> values,
                                          std::string* out) const {
  out->clear();
  for (size_t s = 0; s < template_->segments.size(); ++s) {
    out->append(template_->literals[s]);
    const ExprTree& tree = template_->segments[s];
    absl::StatusOr<Value> value = Evaluator(tree, values, columns_).Eval(tree.root);
    if (!value.ok()) return value.status();
    out->append(value->Text());
  }
  out->append(template_->literals.back());
  return absl::OkStatus();
}

bool ShardingExpression::EvaluateInteger(absl::Span<const ShardingValue> values,
                                         int64_t* out) const {
  const ExprTree& tree = template_->segments[0];
  return EvalInteger(tree, tree.root, values, out);
}

}  // namespace shardproxy
