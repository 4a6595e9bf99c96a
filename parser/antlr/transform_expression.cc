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

size_t OperatorType(antlr4::ParserRuleContext* ctx) {
  // In `a <op> b` contexts the operator is the second child.
  auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(ctx->children[1]);
  return terminal == nullptr ? 0 : terminal->getSymbol()->getType();
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

ExprPtr Transformer::TransformExpr(P::ExprContext* ctx) {
  TokenSpan span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto node = Make<UnaryExpr>(span);
    node->op = UnaryOp::kNot;
    node->operand = TransformExpr(c->expr());
    return node;
  }
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) {
    ExprPtr operand = TransformBooleanPrimary(c->booleanPrimary());
    if (c->IS() == nullptr) return operand;
    auto node = Make<IsExpr>(span);
    node->operand = std::move(operand);
    node->negated = c->NOT() != nullptr;
    node->what = c->TRUE_() != nullptr    ? IsExpr::What::kTrue
                 : c->FALSE_() != nullptr ? IsExpr::What::kFalse
                                          : IsExpr::What::kUnknown;
    return node;
  }
  // AND / XOR / OR
  auto node = Make<BinaryExpr>(span);
  std::vector<P::ExprContext*> operands;
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
    node->op = BinaryOp::kAnd;
    operands = c->expr();
  } else if (auto* c = dynamic_cast<P::XorExprContext*>(ctx)) {
    node->op = BinaryOp::kXor;
    operands = c->expr();
  } else {
    node->op = BinaryOp::kOr;
    operands = dynamic_cast<P::OrExprContext*>(ctx)->expr();
  }
  node->left = TransformExpr(operands[0]);
  node->right = TransformExpr(operands[1]);
  return node;
}

ExprPtr Transformer::TransformBooleanPrimary(P::BooleanPrimaryContext* ctx) {
  TokenSpan span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::PredicatePrimaryContext*>(ctx)) {
    return TransformPredicate(c->predicate());
  }
  if (auto* c = dynamic_cast<P::IsNullPrimaryContext*>(ctx)) {
    auto node = Make<IsExpr>(span);
    node->operand = TransformBooleanPrimary(c->booleanPrimary());
    node->negated = c->NOT() != nullptr;
    node->what = IsExpr::What::kNull;
    return node;
  }
  if (auto* c = dynamic_cast<P::ComparisonPrimaryContext*>(ctx)) {
    auto node = Make<BinaryExpr>(span);
    node->op = ComparisonOp(c->comparisonOperator());
    node->left = TransformBooleanPrimary(c->booleanPrimary());
    node->right = TransformPredicate(c->predicate());
    return node;
  }
  auto* c = dynamic_cast<P::QuantifiedComparisonContext*>(ctx);
  auto node = Make<QuantifiedComparisonExpr>(span);
  node->op = ComparisonOp(c->comparisonOperator());
  node->quantifier = c->ALL() != nullptr ? "ALL" : c->ANY() != nullptr ? "ANY" : "SOME";
  node->left = TransformBooleanPrimary(c->booleanPrimary());
  node->query = TransformQueryExpression(c->queryExpression());
  return node;
}

ExprPtr Transformer::TransformPredicate(P::PredicateContext* ctx) {
  ExprPtr operand = TransformBitExpr(ctx->bitExpr());
  P::PredicateSuffixContext* suffix = ctx->predicateSuffix();
  if (suffix == nullptr) return operand;
  TokenSpan span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::InSuffixContext*>(suffix)) {
    auto node = Make<InExpr>(span);
    node->operand = std::move(operand);
    node->negated = c->NOT() != nullptr;
    if (c->TK_VALUE_LIST() != nullptr) {
      node->list_slot = MakeSlot(c->TK_VALUE_LIST());
    } else if (c->TK_ROW_LIST() != nullptr) {
      node->list_slot = MakeSlot(c->TK_ROW_LIST());
    } else if (c->queryExpression() != nullptr) {
      node->subquery = TransformQueryExpression(c->queryExpression());
    } else {
      node->list = TransformExprList(c->exprList());
    }
    return node;
  }
  if (auto* c = dynamic_cast<P::BetweenSuffixContext*>(suffix)) {
    auto node = Make<BetweenExpr>(span);
    node->operand = std::move(operand);
    node->negated = c->NOT() != nullptr;
    node->low = TransformBitExpr(c->bitExpr());
    node->high = TransformPredicate(c->predicate());
    return node;
  }
  auto node = Make<LikeExpr>(span);
  node->operand = std::move(operand);
  if (auto* c = dynamic_cast<P::SoundsLikeSuffixContext*>(suffix)) {
    node->op = LikeExpr::Op::kSoundsLike;
    node->pattern = TransformBitExpr(c->bitExpr());
  } else if (auto* c = dynamic_cast<P::LikeSuffixContext*>(suffix)) {
    node->op = LikeExpr::Op::kLike;
    node->negated = c->NOT() != nullptr;
    node->pattern = TransformBitExpr(c->bitExpr());
    if (c->simpleExpr() != nullptr) node->escape = TransformSimpleExpr(c->simpleExpr());
  } else {
    auto* r = dynamic_cast<P::RegexpSuffixContext*>(suffix);
    node->op = r->RLIKE() != nullptr ? LikeExpr::Op::kRlike : LikeExpr::Op::kRegexp;
    node->negated = r->NOT() != nullptr;
    node->pattern = TransformBitExpr(r->bitExpr());
  }
  return node;
}

ExprPtr Transformer::TransformBitExpr(P::BitExprContext* ctx) {
  if (auto* c = dynamic_cast<P::SimpleBitExprContext*>(ctx)) {
    return TransformSimpleExpr(c->simpleExpr());
  }
  auto node = Make<BinaryExpr>(SpanOf(ctx));
  switch (OperatorType(ctx)) {
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
  auto* left = dynamic_cast<P::BitExprContext*>(ctx->children[0]);
  auto* right = dynamic_cast<P::BitExprContext*>(ctx->children[2]);
  node->left = TransformBitExpr(left);
  node->right = TransformBitExpr(right);
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

ExprPtr Transformer::TransformSimpleExpr(P::SimpleExprContext* ctx) {
  TokenSpan span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::ColumnExprContext*>(ctx)) return TransformColumnRef(c->columnRef());
  if (auto* c = dynamic_cast<P::LiteralExprContext*>(ctx)) return TransformLiteral(c->literal());
  if (auto* c = dynamic_cast<P::FunctionExprContext*>(ctx)) {
    return TransformFunctionCall(c->functionCall());
  }
  if (auto* c = dynamic_cast<P::ParamExprContext*>(ctx)) {
    auto node = Make<ParamExpr>(span);
    node->slot = MakeSlot(c->TK_PARAM());
    node->param_index = digest_.slots()[node->slot.slot].param_index;
    return node;
  }
  if (auto* c = dynamic_cast<P::VariableExprContext*>(ctx)) {
    return MakeVariable(TokenText(TokenIndex(c->variable()->getStart())), span);
  }
  if (auto* c = dynamic_cast<P::AssignExprContext*>(ctx)) {
    auto node = Make<AssignExpr>(span);
    node->variable = std::string(TokenText(TokenIndex(c->TK_USER_VAR())));
    node->value = TransformExpr(c->expr());
    return node;
  }
  if (auto* c = dynamic_cast<P::UnaryExprContext*>(ctx)) {
    auto node = Make<UnaryExpr>(span);
    node->op = c->TK_MINUS() != nullptr   ? UnaryOp::kMinus
               : c->TK_PLUS() != nullptr  ? UnaryOp::kPlus
               : c->TK_TILDE() != nullptr ? UnaryOp::kBitNot
                                          : UnaryOp::kBang;
    node->operand = TransformSimpleExpr(c->simpleExpr());
    return node;
  }
  if (auto* c = dynamic_cast<P::BinaryExprContext*>(ctx)) {
    auto node = Make<UnaryExpr>(span);
    node->op = UnaryOp::kBinary;
    node->operand = TransformSimpleExpr(c->simpleExpr());
    return node;
  }
  if (auto* c = dynamic_cast<P::CollateExprContext*>(ctx)) {
    auto node = Make<CollateExpr>(span);
    node->operand = TransformSimpleExpr(c->simpleExpr());
    node->collation = CharsetName(c->charsetOrCollationName());
    return node;
  }
  if (auto* c = dynamic_cast<P::ExistsExprContext*>(ctx)) {
    auto node = Make<ExistsExpr>(span);
    node->query = TransformQueryExpression(c->queryExpression());
    return node;
  }
  if (auto* c = dynamic_cast<P::SubqueryExprContext*>(ctx)) {
    auto node = Make<SubqueryExpr>(span);
    node->query = TransformQueryExpression(c->queryExpression());
    return node;
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    std::vector<P::ExprContext*> items = c->expr();
    if (items.size() == 1 && c->ROW() == nullptr) return TransformExpr(items[0]);
    auto node = Make<RowExpr>(span);
    node->row_keyword = c->ROW() != nullptr;
    for (auto* item : items) node->items.push_back(TransformExpr(item));
    return node;
  }
  if (auto* c = dynamic_cast<P::CaseExprContext*>(ctx)) {
    auto node = Make<CaseExpr>(span);
    std::vector<P::ExprContext*> exprs = c->expr();
    size_t i = 0;
    // CASE x WHEN …: the operand precedes the first WHEN.
    if (!exprs.empty() &&
        exprs[0]->getStart()->getTokenIndex() < c->WHEN(0)->getSymbol()->getTokenIndex()) {
      node->operand = TransformExpr(exprs[0]);
      i = 1;
    }
    size_t end = exprs.size() - (c->ELSE() != nullptr ? 1 : 0);
    for (; i + 1 < end; i += 2) {
      node->whens.emplace_back(TransformExpr(exprs[i]), TransformExpr(exprs[i + 1]));
    }
    if (c->ELSE() != nullptr) node->else_expr = TransformExpr(exprs.back());
    return node;
  }
  if (auto* c = dynamic_cast<P::IntervalExprContext*>(ctx)) {
    auto node = Make<IntervalExpr>(span);
    node->value = TransformExpr(c->expr());
    node->unit = UpperText(c->intervalUnit());
    return node;
  }
  if (auto* c = dynamic_cast<P::MatchExprContext*>(ctx)) {
    auto node = Make<MatchExpr>(span);
    for (auto* col : c->columnRef()) node->columns.push_back(TransformColumnRef(col));
    node->against = TransformBitExpr(c->bitExpr());
    if (c->matchModifier() != nullptr) node->modifier = UpperText(c->matchModifier());
    return node;
  }
  auto* c = dynamic_cast<P::DefaultExprContext*>(ctx);
  auto node = Make<DefaultExpr>(span);
  if (c->columnRef() != nullptr) node->column = TransformColumnRef(c->columnRef());
  return node;
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
