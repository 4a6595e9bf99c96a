#include "config/inline_expression_ast.h"

#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

// Deeply nested parentheses would otherwise recurse without bound.
constexpr int kMaxDepth = 64;

struct Token {
  enum class Kind {
    kEnd,
    kInteger,
    kString,
    kName,
    kPlus,
    kMinus,
    kStar,
    kSlash,
    kPercent,
    kLeftParen,
    kRightParen,
    kLeftBracket,
    kRightBracket,
    kComma,
    kDotDot,
    kRightBrace,
  };
  Kind kind = Kind::kEnd;
  int64_t integer = 0;
  std::string text;
  size_t offset = 0;
};

class SegmentParser {
 public:
  SegmentParser(absl::string_view text, size_t pos) : text_(text), pos_(pos) {}

  // Parses one segment body starting after `${` and consumes the closing `}`.
  bool ParseSegment(ExprTree* tree) {
    tree_ = tree;
    if (!Next()) return false;
    int root = -1;
    if (token_.kind == Token::Kind::kLeftBracket) {
      root = ParseList();
    } else {
      root = ParseItem();
    }
    if (root < 0) return false;
    if (token_.kind != Token::Kind::kRightBrace) return Fail("expected '}' to close '${'");
    tree->root = root;
    return true;
  }

  size_t end() const { return pos_; }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

 private:
  bool Fail(absl::string_view message) { return FailAt(token_.offset, message); }
  bool FailAt(size_t offset, absl::string_view message) {
    if (error_.empty()) {
      error_ = std::string(message);
      error_offset_ = offset;
    }
    return false;
  }

  int Add(ExprNode node) {
    tree_->nodes.push_back(std::move(node));
    return static_cast<int>(tree_->nodes.size()) - 1;
  }

  int ParseList() {
    ExprNode list;
    list.kind = ExprNode::Kind::kList;
    list.offset = token_.offset;
    if (!Next()) return -1;
    while (true) {
      const int item = ParseItem();
      if (item < 0) return -1;
      list.children.push_back(item);
      if (token_.kind == Token::Kind::kComma) {
        if (!Next()) return -1;
        continue;
      }
      if (token_.kind == Token::Kind::kRightBracket) break;
      Fail("expected ',' or ']' in list");
      return -1;
    }
    if (!Next()) return -1;
    return Add(std::move(list));
  }

  int ParseItem() {
    const size_t offset = token_.offset;
    const int low = ParseExpression(0);
    if (low < 0) return -1;
    if (token_.kind != Token::Kind::kDotDot) return low;
    if (!Next()) return -1;
    const int high = ParseExpression(0);
    if (high < 0) return -1;
    ExprNode range;
    range.kind = ExprNode::Kind::kRange;
    range.offset = offset;
    range.children = {low, high};
    return Add(std::move(range));
  }

  int ParseExpression(int depth) {
    if (depth > kMaxDepth) {
      Fail("expression nested too deeply");
      return -1;
    }
    int left = ParseTerm(depth);
    while (left >= 0 && (token_.kind == Token::Kind::kPlus || token_.kind == Token::Kind::kMinus)) {
      ExprNode node;
      node.kind =
          token_.kind == Token::Kind::kPlus ? ExprNode::Kind::kAdd : ExprNode::Kind::kSubtract;
      node.offset = token_.offset;
      if (!Next()) return -1;
      const int right = ParseTerm(depth);
      if (right < 0) return -1;
      node.children = {left, right};
      left = Add(std::move(node));
    }
    return left;
  }

  int ParseTerm(int depth) {
    int left = ParseUnary(depth);
    while (left >= 0 && (token_.kind == Token::Kind::kStar || token_.kind == Token::Kind::kSlash ||
                         token_.kind == Token::Kind::kPercent)) {
      ExprNode node;
      node.kind = token_.kind == Token::Kind::kStar    ? ExprNode::Kind::kMultiply
                  : token_.kind == Token::Kind::kSlash ? ExprNode::Kind::kDivide
                                                       : ExprNode::Kind::kModulo;
      node.offset = token_.offset;
      if (!Next()) return -1;
      const int right = ParseUnary(depth);
      if (right < 0) return -1;
      node.children = {left, right};
      left = Add(std::move(node));
    }
    return left;
  }

  int ParseUnary(int depth) {
    if (token_.kind == Token::Kind::kMinus) {
      ExprNode node;
      node.kind = ExprNode::Kind::kNegate;
      node.offset = token_.offset;
      if (!Next()) return -1;
      if (depth > kMaxDepth) {
        Fail("expression nested too deeply");
        return -1;
      }
      const int operand = ParseUnary(depth + 1);
      if (operand < 0) return -1;
      node.children = {operand};
      return Add(std::move(node));
    }
    return ParsePrimary(depth);
  }

  int ParsePrimary(int depth) {
    ExprNode node;
    node.offset = token_.offset;
    switch (token_.kind) {
      case Token::Kind::kInteger:
        node.kind = ExprNode::Kind::kInteger;
        node.integer = token_.integer;
        if (!Next()) return -1;
        return Add(std::move(node));
      case Token::Kind::kString:
        node.kind = ExprNode::Kind::kString;
        node.text = std::move(token_.text);
        if (!Next()) return -1;
        return Add(std::move(node));
      case Token::Kind::kName: {
        std::string name = std::move(token_.text);
        if (!Next()) return -1;
        if (token_.kind != Token::Kind::kLeftParen) {
          node.kind = ExprNode::Kind::kVariable;
          node.text = std::move(name);
          return Add(std::move(node));
        }
        node.kind = ExprNode::Kind::kCall;
        node.text = absl::AsciiStrToLower(name);
        if (!Next()) return -1;
        if (token_.kind != Token::Kind::kRightParen) {
          while (true) {
            const int argument = ParseExpression(depth + 1);
            if (argument < 0) return -1;
            node.children.push_back(argument);
            if (token_.kind == Token::Kind::kComma) {
              if (!Next()) return -1;
              continue;
            }
            if (token_.kind != Token::Kind::kRightParen) {
              Fail("expected ',' or ')' after a function argument");
              return -1;
            }
            break;
          }
        }
        if (!Next()) return -1;
        return Add(std::move(node));
      }
      case Token::Kind::kLeftParen: {
        if (!Next()) return -1;
        const int inner = ParseExpression(depth + 1);
        if (inner < 0) return -1;
        if (token_.kind != Token::Kind::kRightParen) {
          Fail("expected ')'");
          return -1;
        }
        if (!Next()) return -1;
        return inner;
      }
      case Token::Kind::kEnd:
        Fail("expected '}' to close '${'");
        return -1;
      default:
        Fail("expected a number, a 'string', a column name or '('");
        return -1;
    }
  }

  // Reads the next token into token_.
  bool Next() {
    while (pos_ < text_.size() && absl::ascii_isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    token_ = Token();
    token_.offset = pos_;
    if (pos_ >= text_.size()) {
      token_.kind = Token::Kind::kEnd;
      return true;
    }
    const char c = text_[pos_];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      uint64_t value = 0;
      while (pos_ < text_.size() && absl::ascii_isdigit(static_cast<unsigned char>(text_[pos_]))) {
        const uint64_t digit = static_cast<uint64_t>(text_[pos_] - '0');
        if (value > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - digit) / 10) {
          return FailAt(token_.offset, "integer too large (the limit is 9223372036854775807)");
        }
        value = value * 10 + digit;
        ++pos_;
      }
      token_.kind = Token::Kind::kInteger;
      token_.integer = static_cast<int64_t>(value);
      return true;
    }
    if (absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const size_t start = pos_;
      while (pos_ < text_.size() && (absl::ascii_isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                     text_[pos_] == '_' || text_[pos_] == '$')) {
        ++pos_;
      }
      token_.kind = Token::Kind::kName;
      token_.text = std::string(text_.substr(start, pos_ - start));
      return true;
    }
    if (c == '\'' || c == '"') {
      ++pos_;
      std::string value;
      while (true) {
        if (pos_ >= text_.size()) return FailAt(token_.offset, "unterminated string");
        const char d = text_[pos_++];
        if (d == c) break;
        if (d == '\\') {
          if (pos_ >= text_.size()) return FailAt(token_.offset, "unterminated string");
          value.push_back(text_[pos_++]);
          continue;
        }
        value.push_back(d);
      }
      token_.kind = Token::Kind::kString;
      token_.text = std::move(value);
      return true;
    }
    ++pos_;
    switch (c) {
      case '+':
        token_.kind = Token::Kind::kPlus;
        return true;
      case '-':
        token_.kind = Token::Kind::kMinus;
        return true;
      case '*':
        token_.kind = Token::Kind::kStar;
        return true;
      case '/':
        token_.kind = Token::Kind::kSlash;
        return true;
      case '%':
        token_.kind = Token::Kind::kPercent;
        return true;
      case '(':
        token_.kind = Token::Kind::kLeftParen;
        return true;
      case ')':
        token_.kind = Token::Kind::kRightParen;
        return true;
      case '[':
        token_.kind = Token::Kind::kLeftBracket;
        return true;
      case ']':
        token_.kind = Token::Kind::kRightBracket;
        return true;
      case ',':
        token_.kind = Token::Kind::kComma;
        return true;
      case '}':
        token_.kind = Token::Kind::kRightBrace;
        return true;
      case '.':
        if (pos_ < text_.size() && text_[pos_] == '.') {
          ++pos_;
          token_.kind = Token::Kind::kDotDot;
          return true;
        }
        break;
      default:
        break;
    }
    return FailAt(token_.offset,
                  absl::StrCat("unexpected character '", absl::string_view(&c, 1), "'"));
  }

  absl::string_view text_;
  size_t pos_;
  Token token_;
  ExprTree* tree_ = nullptr;
  std::string error_;
  size_t error_offset_ = 0;
};

}  // namespace

absl::StatusOr<InlineTemplate> ParseInlineTemplate(absl::string_view text, size_t* error_offset) {
  InlineTemplate result;
  std::string literal;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t body = std::string::npos;
    if (text.substr(pos, 2) == "${") {
      body = pos + 2;
    } else if (text.substr(pos, 4) == "$->{") {
      body = pos + 4;
    }
    if (body == std::string::npos) {
      literal.push_back(text[pos++]);
      continue;
    }
    ExprTree tree;
    tree.offset = pos;
    SegmentParser parser(text, body);
    if (!parser.ParseSegment(&tree)) {
      if (error_offset != nullptr) *error_offset = parser.error_offset();
      return SyntaxError(parser.error());
    }
    result.literals.push_back(std::move(literal));
    literal.clear();
    result.segments.push_back(std::move(tree));
    pos = parser.end();
  }
  result.literals.push_back(std::move(literal));
  return result;
}

}  // namespace shardproxy
