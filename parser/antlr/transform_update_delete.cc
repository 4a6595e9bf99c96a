// UPDATE and DELETE, single- and multi-table.
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {

StatementPtr Transformer::TransformUpdate(P::UpdateStatementContext* ctx) {
  auto update = std::make_unique<UpdateStatement>();
  update->low_priority = ctx->LOW_PRIORITY() != nullptr;
  update->ignore = ctx->IGNORE() != nullptr;
  update->tables = TransformTableReferenceList(ctx->tableReferenceList(), TableUsage::kWrite);
  for (auto* a : ctx->assignment()) update->set.push_back(TransformAssignment(a));
  if (auto* where = ctx->whereClause()) update->where = TransformExpr(where->expr());
  if (auto* order = ctx->orderByClause())
    update->order_by = TransformOrderItems(order->orderItem());
  if (auto* limit = ctx->limitClause()) update->limit = TransformLimit(limit);
  return update;
}

StatementPtr Transformer::TransformDelete(P::DeleteStatementContext* ctx) {
  auto del = std::make_unique<DeleteStatement>();
  auto options = [&](const std::vector<P::DeleteOptionContext*>& list) {
    for (auto* option : list) del->options.push_back(UpperText(option));
  };
  auto targets = [&](const std::vector<P::DeleteTargetContext*>& list) {
    for (auto* target_ctx : list) {
      DeleteStatement::Target target;
      target.name = MakeTableName(target_ctx->tableName());
      target.star = target_ctx->TK_STAR() != nullptr;
      AddTable(target.name, Identifier(), TableUsage::kWrite);
      del->targets.push_back(std::move(target));
    }
  };
  P::WhereClauseContext* where = nullptr;
  if (auto* single = dynamic_cast<P::SingleTableDeleteContext*>(ctx)) {
    del->form = DeleteStatement::Form::kSingle;
    options(single->deleteOption());
    del->table = MakeTableName(single->tableName());
    if (auto* parts = single->partitionList()) {
      for (auto* id : parts->identifier()) del->partitions.push_back(MakeIdentifier(id));
    }
    del->alias = MakeIdentifier(single->identifier());
    del->alias_as = single->AS() != nullptr;
    AddTable(del->table, del->alias, TableUsage::kWrite);
    where = single->whereClause();
    if (auto* order = single->orderByClause())
      del->order_by = TransformOrderItems(order->orderItem());
    if (auto* limit = single->limitClause()) del->limit = TransformLimit(limit);
    if (auto* returning = single->returningClause()) {
      TransformSelectItems(returning->selectItemList(), &del->returning);
    }
  } else if (auto* multi = dynamic_cast<P::MultiTableDeleteContext*>(ctx)) {
    del->form = DeleteStatement::Form::kMulti;
    options(multi->deleteOption());
    targets(multi->deleteTarget());
    del->from = TransformTableReferenceList(multi->tableReferenceList(), TableUsage::kRead);
    where = multi->whereClause();
  } else {
    auto* multi_using = dynamic_cast<P::MultiTableDeleteUsingContext*>(ctx);
    del->form = DeleteStatement::Form::kMultiUsing;
    options(multi_using->deleteOption());
    targets(multi_using->deleteTarget());
    del->from = TransformTableReferenceList(multi_using->tableReferenceList(), TableUsage::kRead);
    where = multi_using->whereClause();
  }
  if (where != nullptr) del->where = TransformExpr(where->expr());
  return del;
}

}  // namespace shardproxy::sql
