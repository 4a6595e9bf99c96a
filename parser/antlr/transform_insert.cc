// INSERT and REPLACE.
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {

Assignment Transformer::TransformAssignment(P::AssignmentContext* ctx) {
  Assignment assignment;
  assignment.column = TransformColumnRef(ctx->columnRef());
  assignment.value = TransformExpr(ctx->expr());
  return assignment;
}

StatementPtr Transformer::TransformInsert(P::InsertStatementContext* ctx) {
  auto insert = std::make_unique<InsertStatement>();
  insert->replace = ctx->REPLACE() != nullptr;
  if (ctx->LOW_PRIORITY() != nullptr) insert->priority = "LOW_PRIORITY";
  if (ctx->DELAYED() != nullptr) insert->priority = "DELAYED";
  if (ctx->HIGH_PRIORITY() != nullptr) insert->priority = "HIGH_PRIORITY";
  insert->ignore = ctx->IGNORE() != nullptr;
  insert->into = ctx->INTO() != nullptr;
  insert->table = MakeTableName(ctx->tableName());
  AddTable(insert->table, Identifier(), TableUsage::kWrite);
  if (auto* parts = ctx->partitionList()) {
    for (auto* id : parts->identifier()) insert->partitions.push_back(MakeIdentifier(id));
  }
  if (auto* columns = ctx->insertColumns()) {
    insert->has_column_list = true;
    for (auto* column : columns->identifierOrQualified()) {
      auto ref = std::make_unique<ColumnRefExpr>();
      ref->span = SpanOf(column);
      std::vector<P::IdentifierContext*> parts = column->identifier();
      ref->column = MakeIdentifier(parts.back());
      if (parts.size() >= 2) ref->table = MakeIdentifier(parts[parts.size() - 2]);
      if (parts.size() >= 3) ref->schema = MakeIdentifier(parts[parts.size() - 3]);
      insert->columns.push_back(std::move(ref));
    }
  }
  P::InsertSourceContext* source = ctx->insertSource();
  if (auto* values = dynamic_cast<P::ValuesSourceContext*>(source)) {
    insert->source = InsertStatement::Source::kValues;
    insert->value_keyword = values->VALUE() != nullptr;
    if (values->TK_ROW_LIST() != nullptr) {
      insert->rows_slot = MakeSlot(values->TK_ROW_LIST());
    } else {
      for (auto* row_ctx : values->rowValue()) {
        std::vector<ExprPtr> row;
        for (auto* e : row_ctx->expr()) row.push_back(TransformExpr(e));
        insert->rows.push_back(std::move(row));
      }
    }
  } else if (auto* set = dynamic_cast<P::SetSourceContext*>(source)) {
    insert->source = InsertStatement::Source::kSet;
    for (auto* a : set->assignment()) insert->set.push_back(TransformAssignment(a));
  } else {
    insert->source = InsertStatement::Source::kSelect;
    insert->select =
        TransformQueryExpression(dynamic_cast<P::SelectSourceContext*>(source)->queryExpression());
  }
  if (auto* odku = ctx->onDuplicateKeyUpdate()) {
    for (auto* a : odku->assignment()) {
      insert->on_duplicate_key_update.push_back(TransformAssignment(a));
    }
  }
  if (auto* returning = ctx->returningClause()) {
    TransformSelectItems(returning->selectItemList(), &insert->returning);
  }
  return insert;
}

}  // namespace shardproxy::sql
