#include "parser/antlr/antlr_parse.h"

#include <cxxabi.h>

#include <string>
#include <typeinfo>
#include <vector>

#include "MySqlParser.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "antlr4-runtime.h"
#include "common/mysql_error.h"
#include "parser/antlr/transformer.h"
#include "parser/syntax_error.h"

namespace shardproxy::sql {
namespace {

// Stack the recursive-descent parser may use before we give up with 1436, like MariaDB's
// thread-stack check. Generous for any real statement; far from the 8 MiB a thread has.
constexpr ptrdiff_t kMaxParserStackBytes = 1 << 20;
// Left-recursive operator chains (a+b+c…) build a left-deep tree without using parser stack;
// bound them so that walking the tree later cannot overrun the stack either.
constexpr int kMaxOperatorChain = 4000;

struct TooComplex {};

// Upper-case keyword spelling → token type, from the generated vocabulary. Token names ending in
// '_' (NULL_, TRUE_) stand for the word without it; TK_* names are not words.
const absl::flat_hash_map<std::string, size_t>& KeywordTypes() {
  static const auto* map = [] {
    auto* m = new absl::flat_hash_map<std::string, size_t>();
    std::vector<std::unique_ptr<antlr4::Token>> eof;
    eof.push_back(std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF));
    antlr4::ListTokenSource source(std::move(eof));
    antlr4::CommonTokenStream tokens(&source);
    antlr::MySqlParser parser(&tokens);
    const antlr4::dfa::Vocabulary& vocabulary = parser.getVocabulary();
    for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
      std::string name = vocabulary.getSymbolicName(type);
      if (name.empty() || absl::StartsWith(name, "TK_")) continue;
      if (name.back() == '_') name.pop_back();
      (*m)[name] = type;
    }
    return m;
  }();
  return *map;
}

size_t PunctType(Punct punct) {
  using P = antlr::MySqlParser;
  switch (punct) {
    case Punct::kLParen:
      return P::TK_LPAREN;
    case Punct::kRParen:
      return P::TK_RPAREN;
    case Punct::kComma:
      return P::TK_COMMA;
    case Punct::kDot:
      return P::TK_DOT;
    case Punct::kSemicolon:
      return P::TK_SEMI;
    case Punct::kStar:
      return P::TK_STAR;
    case Punct::kPlus:
      return P::TK_PLUS;
    case Punct::kMinus:
      return P::TK_MINUS;
    case Punct::kSlash:
      return P::TK_SLASH;
    case Punct::kPercent:
      return P::TK_PERCENT;
    case Punct::kEq:
      return P::TK_EQ;
    case Punct::kNullSafeEq:
      return P::TK_NULL_SAFE_EQ;
    case Punct::kNe:
      return P::TK_NE;
    case Punct::kLt:
      return P::TK_LT;
    case Punct::kLe:
      return P::TK_LE;
    case Punct::kGt:
      return P::TK_GT;
    case Punct::kGe:
      return P::TK_GE;
    case Punct::kAssign:
      return P::TK_ASSIGN;
    case Punct::kBitOr:
      return P::TK_BIT_OR;
    case Punct::kBitAnd:
      return P::TK_BIT_AND;
    case Punct::kBitXor:
      return P::TK_BIT_XOR;
    case Punct::kTilde:
      return P::TK_TILDE;
    case Punct::kShl:
      return P::TK_SHL;
    case Punct::kShr:
      return P::TK_SHR;
    case Punct::kLogicalOr:
      return P::TK_LOGICAL_OR;
    case Punct::kLogicalAnd:
      return P::TK_LOGICAL_AND;
    case Punct::kNot:
      return P::TK_NOT_OP;
    case Punct::kNone:
      break;
  }
  return P::TK_OTHER;
}

size_t AntlrType(const SqlDigest& digest, size_t i) {
  using P = antlr::MySqlParser;
  const Token& t = digest.tokens()[i];
  absl::string_view text = digest.TokenText(i);
  bool sign = !text.empty() && (text[0] == '-' || text[0] == '+');
  switch (t.kind) {
    case TokenKind::kWord: {
      char upper[64];
      if (text.size() < sizeof(upper)) {
        for (size_t k = 0; k < text.size(); ++k) upper[k] = absl::ascii_toupper(text[k]);
        auto it = KeywordTypes().find(absl::string_view(upper, text.size()));
        if (it != KeywordTypes().end()) return it->second;
      }
      return P::TK_IDENT;
    }
    case TokenKind::kQuotedIdent:
      return P::TK_QUOTED_IDENT;
    case TokenKind::kString:
      return P::TK_STRING;
    case TokenKind::kHexString:
      return P::TK_HEX;
    case TokenKind::kBitString:
      return P::TK_BIT;
    case TokenKind::kInteger:
      return sign ? P::TK_NEG_NUMBER : P::TK_INT;
    case TokenKind::kDecimal:
    case TokenKind::kFloat:
      return sign ? P::TK_NEG_NUMBER : P::TK_DECIMAL;
    case TokenKind::kParam:
      return P::TK_PARAM;
    case TokenKind::kValueList:
      return P::TK_VALUE_LIST;
    case TokenKind::kRowList:
      return P::TK_ROW_LIST;
    case TokenKind::kIntroducer:
      return P::TK_INTRODUCER;
    case TokenKind::kUserVar:
      return P::TK_USER_VAR;
    case TokenKind::kSysVar:
      return P::TK_SYS_VAR;
    case TokenKind::kPunct:
      return PunctType(t.punct);
    case TokenKind::kNull:
    case TokenKind::kOther:
      break;
  }
  return P::TK_OTHER;
}

// The generated parser plus guards against inputs that would overrun the stack.
class GuardedParser : public antlr::MySqlParser {
 public:
  explicit GuardedParser(antlr4::TokenStream* input) : antlr::MySqlParser(input) {
    char probe;
    stack_base_ = &probe;
  }
  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    CheckStack();
    antlr::MySqlParser::enterRule(ctx, state, rule);
  }
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule,
                          int precedence) override {
    CheckStack();
    antlr::MySqlParser::enterRecursionRule(ctx, state, rule, precedence);
  }
  void pushNewRecursionContext(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    if (++operator_chain_ > kMaxOperatorChain) throw TooComplex();
    antlr::MySqlParser::pushNewRecursionContext(ctx, state, rule);
  }
  void ResetGuards() { operator_chain_ = 0; }

 private:
  void CheckStack() {
    char probe;
    if (stack_base_ - &probe > kMaxParserStackBytes) throw TooComplex();
  }
  char* stack_base_;
  int operator_chain_ = 0;
};

// Remembers the furthest token the parser has looked at. In full-LL mode every token examined
// extends a viable prefix of the input, so the furthest one is where no continuation exists:
// the token an LALR parser like MariaDB's reports the error at.
class TrackingTokenStream : public antlr4::CommonTokenStream {
 public:
  using antlr4::CommonTokenStream::CommonTokenStream;
  size_t LA(ssize_t i) override {
    Track(i);
    return antlr4::CommonTokenStream::LA(i);
  }
  antlr4::Token* LT(ssize_t k) override {
    Track(k);
    return antlr4::CommonTokenStream::LT(k);
  }
  size_t furthest() const { return furthest_; }
  void ResetFurthest() { furthest_ = 0; }

 private:
  void Track(ssize_t i) {
    if (i <= 0) return;
    size_t at = index() + static_cast<size_t>(i) - 1;
    if (at < size() + 1 && at > furthest_) furthest_ = at;
  }
  size_t furthest_ = 0;
};

// Bails out at the first syntax error, remembering the offending token.
class RecordingBailStrategy : public antlr4::BailErrorStrategy {
 public:
  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override {
    try {
      std::rethrow_exception(e);
    } catch (antlr4::RecognitionException& re) {
      offending_ = re.getOffendingToken();
    } catch (...) {
    }
    if (offending_ == nullptr) offending_ = recognizer->getCurrentToken();
    throw antlr4::ParseCancellationException();
  }
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override {
    offending_ = recognizer->getCurrentToken();
    throw antlr4::ParseCancellationException();
  }
  void sync(antlr4::Parser*) override {}
  antlr4::Token* offending() const { return offending_; }
  void Reset() { offending_ = nullptr; }

 private:
  antlr4::Token* offending_ = nullptr;
};

// 1064 at token `index` (the end of the statement when past the last token). MariaDB reports
// an error at a ',' or a bare '@@' from the text after it.
absl::Status ErrorAtToken(const SqlDigest& digest, size_t index) {
  if (index >= digest.tokens().size()) return SyntaxErrorAt(digest.sql(), digest.sql().size());
  const Token& token = digest.tokens()[index];
  size_t offset = token.begin;
  if (token.punct == Punct::kComma ||
      (token.kind == TokenKind::kOther && digest.TokenText(index) == "@@")) {
    offset = token.end;
  }
  return SyntaxErrorAt(digest.sql(), offset);
}

absl::Status TooComplexError() {
  return MysqlStatus(1436, "HY000",
                     "Thread stack overrun: the statement is nested too deeply to be parsed");
}

}  // namespace

absl::StatusOr<std::unique_ptr<StatementTemplate>> BuildTemplate(const SqlDigest& digest,
                                                                 AntlrParseStats* stats) {
  // The border: from here down ANTLR may throw; nothing escapes this function.
  try {
    std::vector<std::unique_ptr<antlr4::Token>> tokens;
    tokens.reserve(digest.tokens().size() + 1);
    for (size_t i = 0; i < digest.tokens().size(); ++i) {
      auto token = std::make_unique<antlr4::CommonToken>(AntlrType(digest, i));
      token->setStartIndex(digest.tokens()[i].begin);
      token->setStopIndex(digest.tokens()[i].end == 0 ? 0 : digest.tokens()[i].end - 1);
      tokens.push_back(std::move(token));
    }
    auto eof = std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
    eof->setStartIndex(digest.sql().size());
    tokens.push_back(std::move(eof));
    antlr4::ListTokenSource source(std::move(tokens));
    TrackingTokenStream stream(&source);
    GuardedParser parser(&stream);
    parser.removeErrorListeners();
    auto strategy = std::make_shared<RecordingBailStrategy>();
    parser.setErrorHandler(strategy);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    antlr::MySqlParser::RootContext* root = nullptr;
    try {
      root = parser.root();
    } catch (antlr4::ParseCancellationException&) {
      // SLL can fail on input that full LL accepts: retry from the start with LL.
      if (stats != nullptr) stats->used_ll_fallback = true;
      stream.seek(0);
      stream.ResetFurthest();
      parser.reset();
      parser.ResetGuards();
      strategy->Reset();
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      try {
        root = parser.root();
      } catch (antlr4::ParseCancellationException&) {
        antlr4::Token* offending = strategy->offending();
        size_t at = stream.furthest();
        if (offending != nullptr && offending->getType() != antlr4::Token::EOF &&
            offending->getTokenIndex() > at) {
          at = offending->getTokenIndex();
        }
        return ErrorAtToken(digest, at);
      }
    }
    auto tmpl = std::make_unique<StatementTemplate>();
    tmpl->digest = std::string(digest.text());
    tmpl->digest_offsets.reserve(digest.tokens().size());
    tmpl->token_slots.reserve(digest.tokens().size());
    for (size_t i = 0; i < digest.tokens().size(); ++i) {
      tmpl->digest_offsets.push_back(digest.DigestOffset(i));
      tmpl->token_slots.push_back(digest.tokens()[i].slot);
    }
    tmpl->slot_count = static_cast<int32_t>(digest.slots().size());
    tmpl->param_count = digest.param_count();
    Transformer transformer(digest, tmpl.get());
    tmpl->statement = transformer.Transform(root);
    if (transformer.error_token() >= 0) {
      return ErrorAtToken(digest, static_cast<size_t>(transformer.error_token()));
    }
    return tmpl;
  } catch (TooComplex&) {
    return TooComplexError();
  } catch (std::exception& e) {
    return InternalError(absl::StrCat("SQL parser failed: ", e.what()));
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    return InternalError(absl::StrCat("SQL parser failed: ", type != nullptr ? type->name() : "?"));
  }
}

}  // namespace shardproxy::sql
