// SELECT: query expressions, select lists, FROM/JOIN trees, ORDER BY, LIMIT, locking.
#include "absl/strings/ascii.h"
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {

StatementPtr Transformer::TransformSelectStatement(P::SelectStatementContext* ctx) {
  auto statement = std::make_unique<SelectStatement>();
  statement->query = TransformQueryExpression(ctx->queryExpression());
  return statement;
}

QueryPtr Transformer::TransformQueryExpression(P::QueryExpressionContext* ctx) {
  std::unique_ptr<WithClause> with;
  if (auto* w = ctx->withClause()) {
    with = std::make_unique<WithClause>();
    with->recursive = w->RECURSIVE() != nullptr;
    for (auto* cte_ctx : w->commonTableExpression()) {
      CommonTableExpr cte;
      cte.name = MakeIdentifier(cte_ctx->identifier());
      cte_names_.push_back(cte.name.name);
      if (auto* cols = cte_ctx->columnNameList()) {
        for (auto* id : cols->identifier()) cte.columns.push_back(MakeIdentifier(id));
      }
      cte.query = TransformQueryExpression(cte_ctx->queryExpression());
      with->ctes.push_back(std::move(cte));
    }
  }
  P::QueryBodyContext* body = ctx->queryBody();
  std::vector<P::QueryPrimaryContext*> primaries = body->queryPrimary();
  std::vector<P::SetOperatorContext*> operators = body->setOperator();
  QueryPtr query = TransformQueryPrimary(primaries[0]);
  for (size_t i = 0; i < operators.size(); ++i) {
    auto set = std::make_unique<SetOperationNode>();
    P::SetOperatorContext* op = operators[i];
    set->op = op->UNION() != nullptr    ? SetOperationNode::Op::kUnion
              : op->EXCEPT() != nullptr ? SetOperationNode::Op::kExcept
                                        : SetOperationNode::Op::kIntersect;
    set->quantifier = op->ALL() != nullptr        ? SetOperationNode::Quantifier::kAll
                      : op->DISTINCT() != nullptr ? SetOperationNode::Quantifier::kDistinct
                                                  : SetOperationNode::Quantifier::kNone;
    set->left = std::move(query);
    set->right = TransformQueryPrimary(primaries[i + 1]);
    set->span = TokenSpan{set->left->span.begin, set->right->span.end};
    query = std::move(set);
  }
  if (auto* order = ctx->orderByClause()) query->order_by = TransformOrderItems(order->orderItem());
  if (auto* limit = ctx->limitClause()) query->limit = TransformLimit(limit);
  if (auto* fetch = ctx->fetchClause()) query->limit = TransformFetch(fetch);
  if (auto* into = ctx->intoClause()) {
    // Trailing INTO: only for a single top-level SELECT block without an INTO of its own. It
    // means the same as INTO after the select list, which is where the printer puts it.
    bool top_level = dynamic_cast<P::SelectStatementContext*>(ctx->parent) != nullptr;
    if (!top_level || query->kind != QueryKind::kSelect ||
        !static_cast<SelectNode*>(query.get())->into.empty()) {
      ReportError(TokenIndex(into->getStart()));
    } else {
      for (auto* var : into->variable()) {
        static_cast<SelectNode*>(query.get())
            ->into.push_back(std::string(TokenText(TokenIndex(var->getStart()))));
      }
    }
  }
  if (auto* locking = ctx->lockingClause()) query->locking = TransformLocking(locking);
  if (with != nullptr) query->with = std::move(with);
  query->span = SpanOf(ctx);
  return query;
}

QueryPtr Transformer::TransformQueryPrimary(P::QueryPrimaryContext* ctx) {
  if (auto* spec = ctx->querySpecification()) return TransformQuerySpecification(spec);
  auto paren = std::make_unique<ParenthesizedQueryNode>();
  paren->inner = TransformQueryExpression(ctx->queryExpression());
  paren->span = SpanOf(ctx);
  return paren;
}

QueryPtr Transformer::TransformQuerySpecification(P::QuerySpecificationContext* ctx) {
  auto select = std::make_unique<SelectNode>();
  for (auto* option : ctx->selectOption()) {
    std::string text = UpperText(option);
    if (text == "DISTINCT" || text == "DISTINCTROW") select->distinct = true;
    select->options.push_back(std::move(text));
  }
  TransformSelectItems(ctx->selectItemList(), &select->items);
  if (auto* into = ctx->intoClause()) {
    for (auto* var : into->variable())
      select->into.push_back(std::string(TokenText(TokenIndex(var->getStart()))));
  }
  if (auto* from = ctx->fromClause()) {
    if (from->DUAL() != nullptr) {
      select->from_dual = true;
    } else {
      select->from = TransformTableReferenceList(from->tableReferenceList(), TableUsage::kRead);
    }
  }
  if (auto* where = ctx->whereClause()) select->where = TransformExpr(where->expr());
  if (auto* group = ctx->groupByClause()) {
    select->group_by = TransformOrderItems(group->orderItem());
    select->with_rollup = group->ROLLUP() != nullptr;
  }
  if (auto* having = ctx->havingClause()) select->having = TransformExpr(having->expr());
  if (auto* window = ctx->windowClause()) {
    for (auto* def : window->windowDefinition()) {
      WindowDefinition definition;
      definition.name = MakeIdentifier(def->identifier());
      TransformWindowSpec(def->windowSpec(), &definition.spec);
      select->windows.push_back(std::move(definition));
    }
  }
  select->span = SpanOf(ctx);
  return select;
}

void Transformer::TransformSelectItems(P::SelectItemListContext* ctx,
                                       std::vector<SelectItem>* out) {
  for (auto* item_ctx : ctx->selectItem()) {
    SelectItem item;
    item.span = SpanOf(item_ctx);
    if (dynamic_cast<P::StarSelectItemContext*>(item_ctx) != nullptr) {
      item.kind = SelectItem::Kind::kStar;
    } else if (auto* q = dynamic_cast<P::QualifiedStarSelectItemContext*>(item_ctx)) {
      item.kind = SelectItem::Kind::kQualifiedStar;
      std::vector<P::IdentifierContext*> ids = q->identifier();
      if (ids.size() == 2) {
        item.star_schema = MakeIdentifier(ids[0]);
        item.star_table = MakeIdentifier(ids[1]);
      } else {
        item.star_table = MakeIdentifier(ids[0]);
      }
      AddQualifier(item.star_schema, item.star_table);
    } else {
      auto* e = dynamic_cast<P::ExprSelectItemContext*>(item_ctx);
      item.kind = SelectItem::Kind::kExpr;
      item.expr = TransformExpr(e->expr());
      item.alias_as = e->AS() != nullptr;
      if (auto* alias = e->alias()) {
        if (alias->TK_STRING() != nullptr) {
          item.alias.name = PinnedStringValue(alias->TK_STRING());
          item.alias.token = TokenIndex(alias->TK_STRING());
          item.alias_is_string = true;
        } else {
          item.alias = MakeIdentifier(alias->identifier());
        }
      }
    }
    out->push_back(std::move(item));
  }
}

std::vector<TableRefPtr> Transformer::TransformTableReferenceList(P::TableReferenceListContext* ctx,
                                                                  TableUsage usage) {
  std::vector<TableRefPtr> out;
  for (auto* ref : ctx->tableReference()) out.push_back(TransformTableReference(ref, usage));
  return out;
}

TableRefPtr Transformer::TransformTableReference(P::TableReferenceContext* ctx, TableUsage usage) {
  TableRefPtr left = TransformTableFactor(ctx->tableFactor(), usage);
  for (auto* join_ctx : ctx->joinClause()) {
    auto join = std::make_unique<JoinTableRef>();
    P::TableFactorContext* right = nullptr;
    P::JoinConditionContext* condition = nullptr;
    if (auto* inner = dynamic_cast<P::InnerJoinContext*>(join_ctx)) {
      join->join = inner->CROSS() != nullptr ? JoinKind::kCross : JoinKind::kInner;
      right = inner->tableFactor();
      condition = inner->joinCondition();
    } else if (auto* straight = dynamic_cast<P::StraightJoinContext*>(join_ctx)) {
      join->join = JoinKind::kStraight;
      right = straight->tableFactor();
      if (straight->expr() != nullptr) join->on = TransformExpr(straight->expr());
    } else if (auto* outer = dynamic_cast<P::OuterJoinContext*>(join_ctx)) {
      join->join = outer->LEFT() != nullptr ? JoinKind::kLeft : JoinKind::kRight;
      right = outer->tableFactor();
      condition = outer->joinCondition();
    } else {
      auto* natural = dynamic_cast<P::NaturalJoinContext*>(join_ctx);
      join->join = natural->LEFT() != nullptr    ? JoinKind::kNaturalLeft
                   : natural->RIGHT() != nullptr ? JoinKind::kNaturalRight
                                                 : JoinKind::kNatural;
      right = natural->tableFactor();
    }
    join->left = std::move(left);
    join->right = TransformTableFactor(right, usage);
    if (condition != nullptr) {
      if (condition->expr() != nullptr) {
        join->on = TransformExpr(condition->expr());
      } else {
        for (auto* id : condition->columnNameList()->identifier()) {
          join->using_columns.push_back(MakeIdentifier(id));
        }
      }
    }
    join->span = TokenSpan{join->left->span.begin, SpanOf(join_ctx).end};
    left = std::move(join);
  }
  return left;
}

TableRefPtr Transformer::TransformTableFactor(P::TableFactorContext* ctx, TableUsage usage) {
  if (auto* base_ctx = dynamic_cast<P::BaseTableContext*>(ctx)) {
    auto base = std::make_unique<BaseTableRef>();
    base->name = MakeTableName(base_ctx->tableName());
    if (auto* parts = base_ctx->partitionList()) {
      for (auto* id : parts->identifier()) base->partitions.push_back(MakeIdentifier(id));
    }
    base->alias = MakeIdentifier(base_ctx->identifier());
    base->alias_as = base_ctx->AS() != nullptr;
    for (auto* hint_ctx : base_ctx->indexHint()) {
      IndexHint hint;
      hint.action = absl::AsciiStrToUpper(TokenText(TokenIndex(hint_ctx->getStart())));
      hint.key = hint_ctx->INDEX() != nullptr ? "INDEX" : "KEY";
      if (hint_ctx->FOR() != nullptr) {
        hint.scope = hint_ctx->JOIN() != nullptr    ? "JOIN"
                     : hint_ctx->ORDER() != nullptr ? "ORDER BY"
                                                    : "GROUP BY";
      }
      for (auto* name : hint_ctx->indexName()) {
        hint.indexes.push_back(MakeIdentifierFromToken(TokenIndex(name->getStart())));
      }
      base->hints.push_back(std::move(hint));
    }
    base->span = SpanOf(ctx);
    AddTable(base->name, base->alias, usage);
    return base;
  }
  if (auto* derived_ctx = dynamic_cast<P::DerivedTableContext*>(ctx)) {
    auto derived = std::make_unique<DerivedTableRef>();
    derived->query = TransformQueryExpression(derived_ctx->queryExpression());
    derived->alias = MakeIdentifier(derived_ctx->identifier());
    derived->alias_as = derived_ctx->AS() != nullptr;
    if (auto* cols = derived_ctx->columnNameList()) {
      for (auto* id : cols->identifier()) derived->columns.push_back(MakeIdentifier(id));
    }
    derived->span = SpanOf(ctx);
    return derived;
  }
  auto* nested_ctx = dynamic_cast<P::NestedTablesContext*>(ctx);
  auto nested = std::make_unique<NestedTableRef>();
  nested->items = TransformTableReferenceList(nested_ctx->tableReferenceList(), usage);
  nested->span = SpanOf(ctx);
  return nested;
}

std::vector<OrderItem> Transformer::TransformOrderItems(
    const std::vector<P::OrderItemContext*>& items) {
  std::vector<OrderItem> out;
  for (auto* item_ctx : items) {
    OrderItem item;
    item.expr = TransformExpr(item_ctx->expr());
    item.direction = item_ctx->ASC() != nullptr    ? OrderItem::Direction::kAsc
                     : item_ctx->DESC() != nullptr ? OrderItem::Direction::kDesc
                                                   : OrderItem::Direction::kNone;
    out.push_back(std::move(item));
  }
  return out;
}

LimitClause Transformer::TransformLimit(P::LimitClauseContext* ctx) {
  LimitClause limit;
  std::vector<P::LimitValueContext*> values = ctx->limitValue();
  auto slot_of = [&](P::LimitValueContext* v) {
    return MakeSlot(v->TK_INT() != nullptr ? v->TK_INT() : v->TK_PARAM());
  };
  if (values.size() == 1) {
    limit.count = slot_of(values[0]);
  } else if (ctx->OFFSET() != nullptr) {
    limit.count = slot_of(values[0]);
    limit.offset = slot_of(values[1]);
    limit.offset_keyword = true;
  } else {
    limit.offset = slot_of(values[0]);
    limit.count = slot_of(values[1]);
  }
  limit.span = TokenSpan{TokenIndex(ctx->getStart()), TokenIndex(ctx->getStop()) + 1};
  return limit;
}

LimitClause Transformer::TransformFetch(P::FetchClauseContext* ctx) {
  // WITH TIES keeps the rows tied with the last one: not a LIMIT, not taken (yet).
  if (ctx->TIES() != nullptr) ReportError(TokenIndex(ctx->WITH()->getSymbol()));
  LimitClause limit;
  std::vector<P::LimitValueContext*> values = ctx->limitValue();
  auto slot_of = [&](P::LimitValueContext* v) {
    return MakeSlot(v->TK_INT() != nullptr ? v->TK_INT() : v->TK_PARAM());
  };
  limit.count = slot_of(values.back());
  if (values.size() == 2) {
    limit.offset = slot_of(values[0]);
    limit.offset_keyword = true;
  }
  limit.fetch = true;
  limit.span = TokenSpan{TokenIndex(ctx->getStart()), TokenIndex(ctx->getStop()) + 1};
  return limit;
}

LockingClause Transformer::TransformLocking(P::LockingClauseContext* ctx) {
  LockingClause locking;
  locking.kind = ctx->UPDATE() != nullptr ? LockingClause::Kind::kForUpdate
                 : ctx->LOCK() != nullptr ? LockingClause::Kind::kLockInShareMode
                                          : LockingClause::Kind::kForShare;
  if (auto* wait = ctx->lockWaitOption()) {
    if (wait->TK_INT() != nullptr) {
      locking.wait = "WAIT " + Pin(wait->TK_INT());
    } else {
      locking.wait = UpperText(wait);
    }
  }
  return locking;
}

void Transformer::TransformWindowSpec(P::WindowSpecContext* ctx, WindowSpec* out) {
  if (auto* base = ctx->identifier()) out->base_name = MakeIdentifier(base).name;
  if (auto* list = ctx->exprList()) out->partition_by = TransformExprList(list);
  if (auto* order = ctx->orderByClause()) out->order_by = TransformOrderItems(order->orderItem());
  if (auto* frame = ctx->windowFrame()) out->frame = SpanOf(frame);
}

}  // namespace shardproxy::sql
