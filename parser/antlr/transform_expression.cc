// Expressions: operators, predicates, literals, function calls, CAST/CONVERT, CASE, subqueries.
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {
namespace {

template <typename T>
std::unique_ptr<T> Make(TokenSpan span) {
  auto node = std::make_unique<T>();
  node->span = span;
  return node;
}

BinaryOp ComparisonOp(P::ComparisonOperatorContext* ctx) {
  if (ctx->TK_EQ() != nullptr) return BinaryOp::kEq;
  if (ctx->TK_NULL_SAFE_EQ() != nullptr) return BinaryOp::kNullSafeEq;
  if (ctx->TK_NE() != nullptr) return BinaryOp::kNe;
  if (ctx->TK_LT() != nullptr) return BinaryOp::kLt;
  if (ctx->TK_LE() != nullptr) return BinaryOp::kLe;
  if (ctx->TK_GT() != nullptr) return BinaryOp::kGt;
  return BinaryOp::kGe;
}

}  // namespace

std::vector<ExprPtr> Transformer::TransformExprList(P::ExprListContext* ctx) {
  std::vector<ExprPtr> out;
  if (ctx == nullptr) return out;
  for (auto* e : ctx->expr()) out.push_back(TransformExpr(e));
  return out;
}

namespace {

// Rule contexts in expressions always have children; only then is the (slow, RTTI) cast tried.
bool IsTerminal(antlr4::tree::ParseTree* node) {
  return node->children.empty() && dynamic_cast<antlr4::tree::TerminalNode*>(node) != nullptr;
}

size_t TerminalType(antlr4::tree::ParseTree* node) {
  if (!IsTerminal(node)) return 0;
  return static_cast<antlr4::tree::TerminalNode*>(node)->getSymbol()->getType();
}

}  // namespace

ExprPtr Transformer::TransformOperand(antlr4::tree::ParseTree* node) {
  auto* ctx = static_cast<antlr4::ParserRuleContext*>(node);
  switch (ctx->getRuleIndex()) {
    case P::RuleExpr:
    case P::RuleBitExpr:
      return TransformOperatorNode(ctx);
    case P::RulePrimaryExpr:
      return TransformPrimary(static_cast<P::PrimaryExprContext*>(ctx));
    default:
      ReportError(TokenIndex(ctx->getStart()));
      return std::make_unique<LiteralExpr>();
  }
}

// `expr` and `bitExpr` alternatives are told apart by their shape (which child is a token and
// which token it is) instead of by RTTI over two dozen context classes.
ExprPtr Transformer::TransformOperatorNode(antlr4::ParserRuleContext* ctx) {
  const std::vector<antlr4::tree::ParseTree*>& c = ctx->children;
  TokenSpan span = SpanOf(ctx);
  if (c.size() == 1) return TransformOperand(c[0]);
  if (IsTerminal(c[0])) {  // prefix operators
    auto node = Make<UnaryExpr>(span);
    switch (TerminalType(c[0])) {
      case P::NOT:
        node->op = UnaryOp::kNot;
        break;
      case P::TK_MINUS:
        node->op = UnaryOp::kMinus;
        break;
      case P::TK_PLUS:
        node->op = UnaryOp::kPlus;
        break;
      case P::TK_TILDE:
        node->op = UnaryOp::kBitNot;
        break;
      case P::TK_NOT_OP:
        node->op = UnaryOp::kBang;
        break;
      default:
        node->op = UnaryOp::kBinary;
        break;
    }
    node->operand = TransformOperand(c[1]);
    return node;
  }
  // Infix and suffix forms: c[0] is the left operand.
  size_t i = 1;
  bool negated = false;
  if (TerminalType(c[i]) == P::NOT) {
    negated = true;
    ++i;
  }
  if (!IsTerminal(c[i])) {  // comparisonOperator
    auto* op_ctx = static_cast<P::ComparisonOperatorContext*>(c[i]);
    BinaryOp op = ComparisonOp(op_ctx);
    size_t next = TerminalType(c[i + 1]);
    if (next == P::ALL || next == P::ANY || next == P::SOME) {
      auto node = Make<QuantifiedComparisonExpr>(span);
      node->op = op;
      node->quantifier = next == P::ALL ? "ALL" : next == P::ANY ? "ANY" : "SOME";
      node->left = TransformOperand(c[0]);
      node->query = TransformQueryExpression(static_cast<P::QueryExpressionContext*>(c[i + 3]));
      return node;
    }
    auto node = Make<BinaryExpr>(span);
    node->op = op;
    node->left = TransformOperand(c[0]);
    node->right = TransformOperand(c[i + 1]);
    return node;
  }
  size_t type = TerminalType(c[i]);
  switch (type) {
    case P::COLLATE: {
      auto node = Make<CollateExpr>(span);
      node->operand = TransformOperand(c[0]);
      node->collation = CharsetName(static_cast<P::CharsetOrCollationNameContext*>(c[2]));
      return node;
    }
    case P::IN: {
      auto node = Make<InExpr>(span);
      node->operand = TransformOperand(c[0]);
      node->negated = negated;
      antlr4::tree::ParseTree* list = c[i + 2];
      size_t list_type = TerminalType(list);
      if (list_type == P::TK_VALUE_LIST || list_type == P::TK_ROW_LIST) {
        node->list_slot = MakeSlot(static_cast<antlr4::tree::TerminalNode*>(list));
      } else if (static_cast<antlr4::ParserRuleContext*>(list)->getRuleIndex() ==
                 P::RuleQueryExpression) {
        node->subquery = TransformQueryExpression(static_cast<P::QueryExpressionContext*>(list));
      } else {
        node->list = TransformExprList(static_cast<P::ExprListContext*>(list));
      }
      return node;
    }
    case P::BETWEEN: {
      auto node = Make<BetweenExpr>(span);
      node->operand = TransformOperand(c[0]);
      node->negated = negated;
      node->low = TransformOperand(c[i + 1]);
      node->high = TransformOperand(c[i + 3]);
      return node;
    }
    case P::SOUNDS:
    case P::LIKE:
    case P::REGEXP:
    case P::RLIKE: {
      auto node = Make<LikeExpr>(span);
      node->operand = TransformOperand(c[0]);
      node->negated = negated;
      node->op = type == P::SOUNDS   ? LikeExpr::Op::kSoundsLike
                 : type == P::LIKE   ? LikeExpr::Op::kLike
                 : type == P::REGEXP ? LikeExpr::Op::kRegexp
                                     : LikeExpr::Op::kRlike;
      size_t pattern = type == P::SOUNDS ? i + 2 : i + 1;
      node->pattern = TransformOperand(c[pattern]);
      if (pattern + 2 < c.size()) {
        node->escape = TransformOperand(c[pattern + 2]);  // ESCAPE x
      }
      return node;
    }
    case P::IS: {
      auto node = Make<IsExpr>(span);
      node->operand = TransformOperand(c[0]);
      node->negated = TerminalType(c[2]) == P::NOT;
      switch (TerminalType(c.back())) {
        case P::NULL_:
          node->what = IsExpr::What::kNull;
          break;
        case P::TRUE_:
          node->what = IsExpr::What::kTrue;
          break;
        case P::FALSE_:
          node->what = IsExpr::What::kFalse;
          break;
        default:
          node->what = IsExpr::What::kUnknown;
          break;
      }
      return node;
    }
    default:
      break;
  }
  auto node = Make<BinaryExpr>(span);
  switch (type) {
    case P::AND:
    case P::TK_LOGICAL_AND:
      node->op = BinaryOp::kAnd;
      break;
    case P::XOR:
      node->op = BinaryOp::kXor;
      break;
    case P::OR:
    case P::TK_LOGICAL_OR:
      node->op = BinaryOp::kOr;
      break;
    case P::TK_BIT_XOR:
      node->op = BinaryOp::kBitXor;
      break;
    case P::TK_STAR:
      node->op = BinaryOp::kMul;
      break;
    case P::TK_SLASH:
      node->op = BinaryOp::kDiv;
      break;
    case P::TK_PERCENT:
    case P::MOD:
      node->op = BinaryOp::kMod;
      break;
    case P::DIV:
      node->op = BinaryOp::kIntDiv;
      break;
    case P::TK_PLUS:
      node->op = BinaryOp::kAdd;
      break;
    case P::TK_MINUS:
      node->op = BinaryOp::kSub;
      break;
    case P::TK_SHL:
      node->op = BinaryOp::kShl;
      break;
    case P::TK_SHR:
      node->op = BinaryOp::kShr;
      break;
    case P::TK_BIT_AND:
      node->op = BinaryOp::kBitAnd;
      break;
    default:
      node->op = BinaryOp::kBitOr;
      break;
  }
  node->left = TransformOperand(c[0]);
  node->right = TransformOperand(c[2]);
  return node;
}

std::unique_ptr<ColumnRefExpr> Transformer::TransformColumnRef(P::ColumnRefContext* ctx) {
  auto node = Make<ColumnRefExpr>(SpanOf(ctx));
  std::vector<P::IdentifierContext*> parts = ctx->identifier();
  if (parts.size() == 3) {
    node->schema = MakeIdentifier(parts[0]);
    node->table = MakeIdentifier(parts[1]);
    node->column = MakeIdentifier(parts[2]);
  } else if (parts.size() == 2) {
    node->table = MakeIdentifier(parts[0]);
    node->column = MakeIdentifier(parts[1]);
  } else {
    node->column = MakeIdentifier(parts[0]);
  }
  AddQualifier(node->schema, node->table);
  return node;
}

namespace {

std::unique_ptr<VariableExpr> MakeVariable(absl::string_view text, TokenSpan span) {
  auto node = Make<VariableExpr>(span);
  node->text = std::string(text);
  if (absl::StartsWith(text, "@@")) {
    node->system = true;
    absl::string_view rest = text.substr(2);
    size_t dot = rest.find('.');
    if (dot != absl::string_view::npos) {
      std::string scope = absl::AsciiStrToUpper(rest.substr(0, dot));
      if (scope == "GLOBAL" || scope == "SESSION" || scope == "LOCAL") {
        node->scope = scope;
        rest = rest.substr(dot + 1);
      }
    }
    node->name = std::string(rest);
  } else {
    absl::string_view rest = text.substr(1);
    if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"' || rest[0] == '`')) {
      rest = rest.substr(1, rest.size() >= 2 ? rest.size() - 2 : 0);
    }
    node->name = std::string(rest);
  }
  return node;
}

}  // namespace

ExprPtr Transformer::TransformPrimary(P::PrimaryExprContext* ctx) {
  const std::vector<antlr4::tree::ParseTree*>& c = ctx->children;
  TokenSpan span = SpanOf(ctx);
  if (!IsTerminal(c[0])) {
    auto* first = static_cast<antlr4::ParserRuleContext*>(c[0]);
    switch (first->getRuleIndex()) {
      case P::RuleLiteral:
        return TransformLiteral(static_cast<P::LiteralContext*>(first));
      case P::RuleFunctionCall:
        return TransformFunctionCall(static_cast<P::FunctionCallContext*>(first));
      case P::RuleColumnRef:
        return TransformColumnRef(static_cast<P::ColumnRefContext*>(first));
      default:  // variable
        return MakeVariable(TokenText(TokenIndex(first->getStart())), span);
    }
  }
  switch (TerminalType(c[0])) {
    case P::TK_PARAM: {
      auto node = Make<ParamExpr>(span);
      node->slot = MakeSlot(static_cast<antlr4::tree::TerminalNode*>(c[0]));
      node->param_index = digest_.slots()[node->slot.slot].param_index;
      return node;
    }
    case P::TK_USER_VAR: {
      auto node = Make<AssignExpr>(span);
      node->variable = std::string(TokenText(TokenIndex(ctx->getStart())));
      node->value = TransformOperand(c[2]);
      return node;
    }
    case P::EXISTS: {
      auto node = Make<ExistsExpr>(span);
      node->query = TransformQueryExpression(static_cast<P::QueryExpressionContext*>(c[2]));
      return node;
    }
    case P::TK_LPAREN:
    case P::ROW: {
      size_t first = TerminalType(c[0]) == P::ROW ? 2 : 1;
      auto* inner = static_cast<antlr4::ParserRuleContext*>(c[first]);
      if (inner->getRuleIndex() == P::RuleQueryExpression) {
        auto node = Make<SubqueryExpr>(span);
        node->query = TransformQueryExpression(static_cast<P::QueryExpressionContext*>(inner));
        return node;
      }
      std::vector<antlr4::tree::ParseTree*> items;
      for (size_t k = first; k < c.size(); k += 2) {
        if (!IsTerminal(c[k])) items.push_back(c[k]);
      }
      if (items.size() == 1 && first == 1) return TransformOperand(items[0]);
      auto node = Make<RowExpr>(span);
      node->row_keyword = first == 2;
      for (auto* item : items) node->items.push_back(TransformOperand(item));
      return node;
    }
    case P::CASE: {
      auto node = Make<CaseExpr>(span);
      size_t k = 1;
      if (TerminalType(c[k]) != P::WHEN) node->operand = TransformOperand(c[k++]);
      while (TerminalType(c[k]) == P::WHEN) {
        ExprPtr when = TransformOperand(c[k + 1]);
        ExprPtr then = TransformOperand(c[k + 3]);
        node->whens.emplace_back(std::move(when), std::move(then));
        k += 4;
      }
      if (TerminalType(c[k]) == P::ELSE) node->else_expr = TransformOperand(c[k + 1]);
      return node;
    }
    case P::INTERVAL: {
      auto node = Make<IntervalExpr>(span);
      node->value = TransformOperand(c[1]);
      node->unit = UpperText(static_cast<P::IntervalUnitContext*>(c[2]));
      return node;
    }
    case P::MATCH: {
      auto* m = static_cast<P::MatchExprContext*>(static_cast<P::PrimaryExprContext*>(ctx));
      auto node = Make<MatchExpr>(span);
      for (auto* col : m->columnRef()) node->columns.push_back(TransformColumnRef(col));
      node->against = TransformBitExpr(m->bitExpr());
      if (m->matchModifier() != nullptr) node->modifier = UpperText(m->matchModifier());
      return node;
    }
    default: {  // DEFAULT [(col)]
      auto node = Make<DefaultExpr>(span);
      if (c.size() > 1) node->column = TransformColumnRef(static_cast<P::ColumnRefContext*>(c[2]));
      return node;
    }
  }
}

ExprPtr Transformer::TransformLiteral(P::LiteralContext* ctx) {
  auto node = Make<LiteralExpr>(SpanOf(ctx));
  if (ctx->NULL_() != nullptr) {
    node->type = LiteralExpr::Type::kNull;
  } else if (ctx->TRUE_() != nullptr) {
    node->type = LiteralExpr::Type::kTrue;
  } else if (ctx->FALSE_() != nullptr) {
    node->type = LiteralExpr::Type::kFalse;
  } else {
    node->type = LiteralExpr::Type::kSlot;
    antlr4::tree::TerminalNode* value = ctx->TK_STRING();
    if (value == nullptr) value = ctx->TK_HEX();
    if (value == nullptr) value = ctx->TK_BIT();
    if (value == nullptr) value = ctx->TK_INT();
    if (value == nullptr) value = ctx->TK_DECIMAL();
    if (value == nullptr) value = ctx->TK_NEG_NUMBER();
    node->slot = MakeSlot(value);
    if (ctx->TK_INTRODUCER() != nullptr) {
      node->introducer = std::string(TokenText(TokenIndex(ctx->TK_INTRODUCER())));
    }
    if (ctx->DATE() != nullptr) node->temporal = "DATE";
    if (ctx->TIME() != nullptr) node->temporal = "TIME";
    if (ctx->TIMESTAMP() != nullptr) node->temporal = "TIMESTAMP";
  }
  return node;
}

ExprPtr Transformer::TransformFunctionCall(P::FunctionCallContext* ctx) {
  TokenSpan span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::CastCallContext*>(ctx)) {
    auto node = Make<CastExpr>(span);
    node->form = CastExpr::Form::kCast;
    node->operand = TransformExpr(c->expr());
    node->type = TransformCastType(c->castType());
    return node;
  }
  if (auto* c = dynamic_cast<P::ConvertCallContext*>(ctx)) {
    auto node = Make<CastExpr>(span);
    node->form = CastExpr::Form::kConvert;
    node->operand = TransformExpr(c->expr());
    node->type = TransformCastType(c->castType());
    return node;
  }
  if (auto* c = dynamic_cast<P::ConvertUsingCallContext*>(ctx)) {
    auto node = Make<CastExpr>(span);
    node->form = CastExpr::Form::kConvertUsing;
    node->operand = TransformExpr(c->expr());
    node->charset = CharsetName(c->charsetOrCollationName());
    return node;
  }
  auto node = Make<FunctionExpr>(span);
  auto set_name = [&](antlr4::Token* token) {
    node->name = MakeIdentifierFromToken(TokenIndex(token));
    node->upper_name = absl::AsciiStrToUpper(node->name.name);
  };
  if (auto* c = dynamic_cast<P::GenericCallContext*>(ctx)) {
    P::FunctionNameContext* name = c->functionName();
    std::vector<P::IdentifierContext*> parts = name->identifier();
    if (parts.size() == 2) {
      node->schema = MakeIdentifier(parts[0]);
      node->name = MakeIdentifier(parts[1]);
      node->upper_name = absl::AsciiStrToUpper(node->name.name);
    } else {
      set_name(name->getStart());
    }
    // Names whose parenthesised form is special syntax: the generic form is an error there.
    if (node->schema.empty() && !node->name.quoted) {
      const std::string& n = node->upper_name;
      if (n == "CAST" || n == "EXTRACT" || n == "POSITION" || n == "TIMESTAMPADD" ||
          n == "TIMESTAMPDIFF") {
        ReportError(TokenIndex(c->TK_RPAREN()));
      } else if (n == "ANY" || n == "SOME") {
        ReportError(TokenIndex(c->TK_LPAREN()) + 1);
      } else if (IsAggregateFunctionName(n) && c->exprList() == nullptr &&
                 c->TK_STAR() == nullptr) {
        ReportError(TokenIndex(c->TK_RPAREN()));  // SUM()
      }
    }
    // Only JSON_ARRAYAGG takes ORDER BY / LIMIT among its arguments (GROUP_CONCAT has its form).
    if (c->orderByClause() != nullptr || c->limitClause() != nullptr) {
      if (!node->schema.empty() || node->upper_name != "JSON_ARRAYAGG") {
        ReportError(TokenIndex(c->orderByClause() != nullptr ? c->orderByClause()->getStart()
                                                             : c->limitClause()->getStart()));
      }
      if (auto* order = c->orderByClause()) {
        node->order_by = TransformOrderItems(order->orderItem());
      }
      if (auto* limit = c->limitClause()) node->limit = TransformLimit(limit);
    }
    node->star = c->TK_STAR() != nullptr;
    node->distinct = c->DISTINCT() != nullptr;
    node->all = c->ALL() != nullptr;
    node->args = TransformExprList(c->exprList());
    if (auto* over = c->overClause()) {
      if (over->identifier() != nullptr) {
        node->over_name = MakeIdentifier(over->identifier()).name;
      } else {
        node->over = std::make_unique<WindowSpec>();
        TransformWindowSpec(over->windowSpec(), node->over.get());
      }
    }
  } else if (auto* c = dynamic_cast<P::GroupConcatCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kGroupConcat;
    set_name(c->GROUP_CONCAT()->getSymbol());
    node->distinct = c->DISTINCT() != nullptr;
    node->args = TransformExprList(c->exprList());
    if (auto* order = c->orderByClause()) node->order_by = TransformOrderItems(order->orderItem());
    if (c->TK_STRING() != nullptr) node->separator = MakeSlot(c->TK_STRING());
    if (auto* limit = c->limitClause()) node->limit = TransformLimit(limit);
  } else if (auto* c = dynamic_cast<P::IntervalCallContext*>(ctx)) {
    set_name(c->INTERVAL()->getSymbol());
    for (auto* e : c->expr()) node->args.push_back(TransformExpr(e));
  } else if (auto* c = dynamic_cast<P::ExtractCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kExtract;
    set_name(c->EXTRACT()->getSymbol());
    node->unit = UpperText(c->intervalUnit());
    node->args.push_back(TransformExpr(c->expr()));
  } else if (auto* c = dynamic_cast<P::TrimFromCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kTrim;
    set_name(c->TRIM()->getSymbol());
    node->trim_side = c->BOTH() != nullptr       ? "BOTH"
                      : c->LEADING() != nullptr  ? "LEADING"
                      : c->TRAILING() != nullptr ? "TRAILING"
                                                 : "";
    for (auto* e : c->expr()) node->args.push_back(TransformExpr(e));
  } else if (auto* c = dynamic_cast<P::SubstringFromCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kSubstringFrom;
    set_name(c->getStart());
    for (auto* e : c->expr()) node->args.push_back(TransformExpr(e));
  } else if (auto* c = dynamic_cast<P::PositionCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kPosition;
    set_name(c->POSITION()->getSymbol());
    node->args.push_back(TransformBitExpr(c->bitExpr()));
    node->args.push_back(TransformExpr(c->expr()));
  } else if (auto* c = dynamic_cast<P::CharCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kChar;
    set_name(c->CHAR()->getSymbol());
    node->args = TransformExprList(c->exprList());
    if (c->charsetOrCollationName() != nullptr)
      node->charset = CharsetName(c->charsetOrCollationName());
  } else if (auto* c = dynamic_cast<P::TimestampCallContext*>(ctx)) {
    node->form = FunctionExpr::Form::kTimestampFn;
    set_name(c->getStart());
    node->unit = UpperText(c->intervalUnit());
    for (auto* e : c->expr()) node->args.push_back(TransformExpr(e));
  } else {
    auto* niladic = dynamic_cast<P::NiladicCallContext*>(ctx);
    node->form = FunctionExpr::Form::kNiladic;
    set_name(niladic->getStart());
    node->has_parens = niladic->TK_LPAREN() != nullptr;
    if (niladic->TK_INT() != nullptr) node->precision = MakeSlot(niladic->TK_INT());
  }
  node->is_aggregate = IsAggregateFunctionName(node->upper_name) && node->schema.empty();
  return node;
}

DataType Transformer::TransformCastType(P::CastTypeContext* ctx) {
  DataType type;
  // Name: the leading keyword(s) before '(' / CHARACTER SET.
  std::string name;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal == nullptr) {
      if (auto* id = dynamic_cast<P::IdentifierContext*>(child)) {
        name += (name.empty() ? "" : " ") + absl::AsciiStrToUpper(MakeIdentifier(id).name);
        continue;
      }
      if (auto* length = dynamic_cast<P::TypeLengthContext*>(child)) {
        type.args.push_back(Pin(length->TK_INT()));
        continue;
      }
      if (auto* precision = dynamic_cast<P::TypePrecisionContext*>(child)) {
        for (auto* value : precision->TK_INT()) type.args.push_back(Pin(value));
        continue;
      }
      if (auto* charset = dynamic_cast<P::CharsetClauseContext*>(child)) {
        type.charset = CharsetName(charset->charsetOrCollationName());
      }
      continue;
    }
    if (terminal->getSymbol()->getType() == P::BINARY && !name.empty()) {
      type.binary = true;
      continue;
    }
    name += (name.empty() ? "" : " ") + UpperText(terminal);
  }
  type.name = name;
  return type;
}

DataType Transformer::TransformDataType(P::DataTypeContext* ctx) {
  DataType type;
  type.name = UpperText(ctx->typeName());
  for (auto* arg : ctx->typeArgument()) {
    type.args.push_back(Pin(arg->TK_INT() != nullptr ? arg->TK_INT() : arg->TK_STRING()));
  }
  type.is_unsigned = !ctx->UNSIGNED().empty();
  type.is_signed = !ctx->SIGNED().empty();
  type.zerofill = !ctx->ZEROFILL().empty();
  type.binary = ctx->BINARY() != nullptr;
  if (auto* charset = ctx->charsetClause()) {
    type.charset = CharsetName(charset->charsetOrCollationName());
  }
  if (ctx->COLLATE() != nullptr) type.collation = CharsetName(ctx->charsetOrCollationName());
  return type;
}

}  // namespace shardproxy::sql
