// DDL: CREATE/ALTER/DROP/TRUNCATE/RENAME TABLE, CREATE/DROP INDEX, CREATE/DROP DATABASE.
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {

ColumnDefinition Transformer::TransformColumnDefinition(P::ColumnDefinitionContext* ctx) {
  ColumnDefinition column;
  column.name = MakeIdentifier(ctx->identifier());
  column.type = TransformDataType(ctx->dataType());
  column.span = SpanOf(ctx);
  for (auto* attribute : ctx->columnAttribute()) {
    if (attribute->NULL_() != nullptr && attribute->NOT() != nullptr) column.not_null = true;
    if (attribute->AUTO_INCREMENT() != nullptr) column.auto_increment = true;
    if (attribute->KEY() != nullptr && attribute->UNIQUE() == nullptr) column.primary_key = true;
    if (attribute->UNIQUE() != nullptr) column.unique = true;
    if (auto* references = attribute->referencesClause()) {
      AddTable(MakeTableName(references->tableName()), Identifier(), TableUsage::kReferenced);
    }
  }
  return column;
}

IndexDefinition Transformer::TransformIndexDefinition(P::IndexDefinitionContext* ctx) {
  IndexDefinition index;
  index.span = SpanOf(ctx);
  P::KeyPartListContext* parts = nullptr;
  auto name_from = [&](const std::vector<P::IdentifierContext*>& ids, bool has_constraint) {
    // [CONSTRAINT [name]] … [index_name]: ids hold whichever names are present, in order.
    size_t i = 0;
    if (has_constraint && !ids.empty() &&
        ids[0]->getStart()->getTokenIndex() < ctx->getStart()->getTokenIndex() + 2) {
      index.constraint_name = MakeIdentifier(ids[0]);
      i = 1;
    }
    if (i < ids.size()) index.index_name = MakeIdentifier(ids[i]);
  };
  if (auto* c = dynamic_cast<P::PrimaryKeyDefinitionContext*>(ctx)) {
    index.kind = IndexDefinition::Kind::kPrimary;
    if (c->identifier() != nullptr) index.constraint_name = MakeIdentifier(c->identifier());
    parts = c->keyPartList();
  } else if (auto* c = dynamic_cast<P::UniqueKeyDefinitionContext*>(ctx)) {
    index.kind = IndexDefinition::Kind::kUnique;
    name_from(c->identifier(), c->CONSTRAINT() != nullptr);
    parts = c->keyPartList();
  } else if (auto* c = dynamic_cast<P::PlainKeyDefinitionContext*>(ctx)) {
    index.kind = IndexDefinition::Kind::kIndex;
    if (c->identifier() != nullptr) index.index_name = MakeIdentifier(c->identifier());
    parts = c->keyPartList();
  } else if (auto* c = dynamic_cast<P::SpecialKeyDefinitionContext*>(ctx)) {
    index.kind = c->FULLTEXT() != nullptr ? IndexDefinition::Kind::kFulltext
                                          : IndexDefinition::Kind::kSpatial;
    if (c->identifier() != nullptr) index.index_name = MakeIdentifier(c->identifier());
    parts = c->keyPartList();
  } else if (auto* c = dynamic_cast<P::ForeignKeyDefinitionContext*>(ctx)) {
    index.kind = IndexDefinition::Kind::kForeign;
    name_from(c->identifier(), c->CONSTRAINT() != nullptr);
    for (auto* id : c->columnNameList()->identifier()) index.columns.push_back(MakeIdentifier(id));
    index.references = MakeTableName(c->referencesClause()->tableName());
    AddTable(*index.references, Identifier(), TableUsage::kReferenced);
  } else {
    auto* check = dynamic_cast<P::CheckDefinitionContext*>(ctx);
    index.kind = IndexDefinition::Kind::kCheck;
    if (check->identifier() != nullptr) index.constraint_name = MakeIdentifier(check->identifier());
  }
  if (parts != nullptr) {
    for (auto* part : parts->keyPart()) {
      index.columns.push_back(MakeIdentifier(part->identifier()));
    }
  }
  return index;
}

StatementPtr Transformer::TransformCreateTable(P::CreateTableStatementContext* ctx) {
  auto create = std::make_unique<CreateTableStatement>();
  create->or_replace = ctx->REPLACE() != nullptr;
  create->temporary = ctx->TEMPORARY() != nullptr;
  create->if_not_exists = ctx->ifNotExists() != nullptr;
  std::vector<P::TableNameContext*> names = ctx->tableName();
  create->table = MakeTableName(names[0]);
  AddTable(create->table, Identifier(), TableUsage::kDdl);
  if (ctx->LIKE() != nullptr) {
    create->like = MakeTableName(names[1]);
    create->like_parenthesized = ctx->TK_LPAREN() != nullptr;
    AddTable(*create->like, Identifier(), TableUsage::kReferenced);
    return create;
  }
  std::vector<P::TableElementContext*> elements = ctx->tableElement();
  if (!elements.empty()) {
    create->elements.begin = TokenIndex(ctx->TK_LPAREN());
    create->elements.end = TokenIndex(ctx->TK_RPAREN()) + 1;
    for (auto* element : elements) {
      if (element->columnDefinition() != nullptr) {
        create->columns.push_back(TransformColumnDefinition(element->columnDefinition()));
      } else {
        create->indexes.push_back(TransformIndexDefinition(element->indexDefinition()));
      }
    }
  }
  if (auto* options = ctx->tableOptions()) create->options = SpanOf(options);
  if (auto* partition = ctx->partitionDefinition()) create->partition = SpanOf(partition);
  if (auto* query = ctx->queryExpression()) {
    create->select = TransformQueryExpression(query);
    create->select_as = ctx->AS() != nullptr;
  }
  return create;
}

StatementPtr Transformer::TransformAlterTable(P::AlterTableStatementContext* ctx) {
  auto alter = std::make_unique<AlterTableStatement>();
  if (ctx->ONLINE() != nullptr) alter->modifier = "ONLINE";
  if (ctx->IGNORE() != nullptr) alter->modifier = "IGNORE";
  alter->table = MakeTableName(ctx->tableName());
  AddTable(alter->table, Identifier(), TableUsage::kDdl);
  using Kind = AlterSpecification::Kind;
  for (auto* spec_ctx : ctx->alterSpecification()) {
    AlterSpecification spec;
    spec.span = SpanOf(spec_ctx);
    if (auto* c = dynamic_cast<P::AddColumnContext*>(spec_ctx)) {
      spec.kind = Kind::kAddColumn;
      spec.columns.push_back(TransformColumnDefinition(c->columnDefinition()));
    } else if (auto* c = dynamic_cast<P::AddColumnsContext*>(spec_ctx)) {
      spec.kind = Kind::kAddColumn;
      for (auto* def : c->columnDefinition())
        spec.columns.push_back(TransformColumnDefinition(def));
    } else if (auto* c = dynamic_cast<P::AddIndexContext*>(spec_ctx)) {
      spec.kind = Kind::kAddIndex;
      spec.index = TransformIndexDefinition(c->indexDefinition());
    } else if (auto* c = dynamic_cast<P::DropColumnContext*>(spec_ctx)) {
      spec.kind = Kind::kDropColumn;
      spec.name = MakeIdentifier(c->identifier());
    } else if (auto* c = dynamic_cast<P::DropIndexSpecContext*>(spec_ctx)) {
      spec.kind = Kind::kDropIndex;
      spec.name = MakeIdentifier(c->identifier());
    } else if (dynamic_cast<P::DropPrimaryKeyContext*>(spec_ctx) != nullptr) {
      spec.kind = Kind::kDropPrimaryKey;
    } else if (auto* c = dynamic_cast<P::DropForeignKeyContext*>(spec_ctx)) {
      spec.kind = Kind::kDropForeignKey;
      spec.name = MakeIdentifier(c->identifier());
    } else if (auto* c = dynamic_cast<P::DropConstraintContext*>(spec_ctx)) {
      spec.kind = Kind::kDropConstraint;
      spec.name = MakeIdentifier(c->identifier());
    } else if (auto* c = dynamic_cast<P::ModifyColumnContext*>(spec_ctx)) {
      spec.kind = Kind::kModifyColumn;
      spec.columns.push_back(TransformColumnDefinition(c->columnDefinition()));
    } else if (auto* c = dynamic_cast<P::ChangeColumnContext*>(spec_ctx)) {
      spec.kind = Kind::kChangeColumn;
      spec.name = MakeIdentifier(c->identifier());
      spec.columns.push_back(TransformColumnDefinition(c->columnDefinition()));
    } else if (auto* c = dynamic_cast<P::AlterColumnDefaultContext*>(spec_ctx)) {
      spec.kind = Kind::kAlterColumn;
      spec.name = MakeIdentifier(c->identifier());
      if (c->bitExpr() != nullptr) TransformBitExpr(c->bitExpr());
    } else if (auto* c = dynamic_cast<P::RenameToContext*>(spec_ctx)) {
      spec.kind = Kind::kRenameTable;
      spec.rename_to = MakeTableName(c->tableName());
      AddTable(*spec.rename_to, Identifier(), TableUsage::kDdl);
    } else if (auto* c = dynamic_cast<P::RenameColumnContext*>(spec_ctx)) {
      spec.kind = Kind::kRenameColumn;
      spec.name = MakeIdentifier(c->identifier(0));
    } else if (auto* c = dynamic_cast<P::RenameIndexContext*>(spec_ctx)) {
      spec.kind = Kind::kRenameIndex;
      spec.name = MakeIdentifier(c->identifier(0));
    } else if (auto* c = dynamic_cast<P::ToggleKeysContext*>(spec_ctx)) {
      spec.kind = c->DISABLE() != nullptr ? Kind::kDisableKeys : Kind::kEnableKeys;
    } else if (dynamic_cast<P::ConvertToContext*>(spec_ctx) != nullptr) {
      spec.kind = Kind::kConvertCharset;
    } else if (dynamic_cast<P::AlgorithmOrLockContext*>(spec_ctx) != nullptr) {
      spec.kind = Kind::kAlgorithmOrLock;
    } else if (dynamic_cast<P::ForceRebuildContext*>(spec_ctx) != nullptr) {
      spec.kind = Kind::kForce;
    } else if (auto* c = dynamic_cast<P::AlterOrderByContext*>(spec_ctx)) {
      spec.kind = Kind::kOrderBy;
      TransformOrderItems(c->orderItem());
    } else {
      spec.kind = Kind::kTableOptions;
    }
    alter->specifications.push_back(std::move(spec));
  }
  return alter;
}

StatementPtr Transformer::TransformDropTable(P::DropTableStatementContext* ctx) {
  auto drop = std::make_unique<DropTableStatement>();
  drop->temporary = ctx->TEMPORARY() != nullptr;
  drop->if_exists = ctx->ifExists() != nullptr;
  for (auto* name : ctx->tableName()) {
    drop->tables.push_back(MakeTableName(name));
    AddTable(drop->tables.back(), Identifier(), TableUsage::kDdl);
  }
  if (ctx->RESTRICT() != nullptr) drop->behavior = "RESTRICT";
  if (ctx->CASCADE() != nullptr) drop->behavior = "CASCADE";
  return drop;
}

StatementPtr Transformer::TransformTruncateTable(P::TruncateTableStatementContext* ctx) {
  auto truncate = std::make_unique<TruncateTableStatement>();
  truncate->table_keyword = ctx->TABLE() != nullptr;
  truncate->table = MakeTableName(ctx->tableName());
  AddTable(truncate->table, Identifier(), TableUsage::kDdl);
  return truncate;
}

StatementPtr Transformer::TransformRenameTable(P::RenameTableStatementContext* ctx) {
  auto rename = std::make_unique<RenameTableStatement>();
  std::vector<P::TableNameContext*> names = ctx->tableName();
  for (size_t i = 0; i + 1 < names.size(); i += 2) {
    RenameTableStatement::Pair pair;
    pair.from = MakeTableName(names[i]);
    pair.to = MakeTableName(names[i + 1]);
    AddTable(pair.from, Identifier(), TableUsage::kDdl);
    AddTable(pair.to, Identifier(), TableUsage::kDdl);
    rename->pairs.push_back(std::move(pair));
  }
  return rename;
}

StatementPtr Transformer::TransformCreateIndex(P::CreateIndexStatementContext* ctx) {
  auto create = std::make_unique<CreateIndexStatement>();
  create->or_replace = ctx->REPLACE() != nullptr;
  if (ctx->UNIQUE() != nullptr) create->index_kind = "UNIQUE";
  if (ctx->FULLTEXT() != nullptr) create->index_kind = "FULLTEXT";
  if (ctx->SPATIAL() != nullptr) create->index_kind = "SPATIAL";
  create->if_not_exists = ctx->ifNotExists() != nullptr;
  create->name = MakeIdentifier(ctx->identifier(0));
  if (ctx->indexType() != nullptr) create->index_type = SpanOf(ctx->indexType());
  create->table = MakeTableName(ctx->tableName());
  AddTable(create->table, Identifier(), TableUsage::kDdl);
  for (auto* part : ctx->keyPartList()->keyPart()) {
    create->columns.push_back(MakeIdentifier(part->identifier()));
  }
  create->rest.begin = TokenIndex(ctx->keyPartList()->getStart());
  create->rest.end = SpanOf(ctx).end;
  return create;
}

StatementPtr Transformer::TransformDropIndex(P::DropIndexStatementContext* ctx) {
  auto drop = std::make_unique<DropIndexStatement>();
  drop->if_exists = ctx->ifExists() != nullptr;
  drop->name = MakeIdentifier(ctx->identifier());
  drop->table = MakeTableName(ctx->tableName());
  AddTable(drop->table, Identifier(), TableUsage::kDdl);
  return drop;
}

StatementPtr Transformer::TransformCreateDatabase(P::CreateDatabaseStatementContext* ctx) {
  auto create = std::make_unique<CreateDatabaseStatement>();
  create->or_replace = ctx->REPLACE() != nullptr;
  create->if_not_exists = ctx->ifNotExists() != nullptr;
  create->name = MakeIdentifier(ctx->identifier());
  std::vector<P::DatabaseOptionContext*> options = ctx->databaseOption();
  if (!options.empty()) {
    create->options =
        TokenSpan{TokenIndex(options.front()->getStart()), SpanOf(options.back()).end};
  }
  return create;
}

StatementPtr Transformer::TransformDropDatabase(P::DropDatabaseStatementContext* ctx) {
  auto drop = std::make_unique<DropDatabaseStatement>();
  drop->if_exists = ctx->ifExists() != nullptr;
  drop->name = MakeIdentifier(ctx->identifier());
  return drop;
}

}  // namespace shardproxy::sql
