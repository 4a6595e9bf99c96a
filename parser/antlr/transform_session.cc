// SET, USE, SHOW, EXPLAIN/DESCRIBE, KILL, LOCK/UNLOCK TABLES and the catch-all.
#include "absl/strings/ascii.h"
#include "parser/antlr/transformer.h"

namespace shardproxy::sql {
namespace {

VariableScope ScopeOf(antlr4::tree::TerminalNode* global, antlr4::tree::TerminalNode* session,
                      antlr4::tree::TerminalNode* local) {
  if (global != nullptr) return VariableScope::kGlobal;
  if (session != nullptr) return VariableScope::kSession;
  if (local != nullptr) return VariableScope::kLocal;
  return VariableScope::kNone;
}

}  // namespace

StatementPtr Transformer::TransformSet(P::SetStatementContext* ctx) {
  auto set = std::make_unique<SetStatement>();
  if (auto* c = dynamic_cast<P::SetTransactionContext*>(ctx)) {
    set->transaction_scope = ScopeOf(c->GLOBAL(), c->SESSION(), c->LOCAL());
    for (auto* setting : c->transactionSetting()) {
      set->transaction_settings.push_back(UpperText(setting));
    }
    return set;
  }
  auto* assignments = dynamic_cast<P::SetAssignmentsContext*>(ctx);
  for (auto* a : assignments->setAssignment()) {
    SetAssignment assignment;
    auto set_value = [&](P::SetValueContext* value) {
      if (value->expr() != nullptr) {
        assignment.value = TransformExpr(value->expr());
      } else {
        assignment.keyword_value = UpperText(value);
      }
    };
    if (auto* c = dynamic_cast<P::SetNamesContext*>(a)) {
      assignment.kind = SetAssignment::Kind::kNames;
      std::vector<P::CharsetOrCollationNameContext*> names = c->charsetOrCollationName();
      assignment.charset = CharsetName(names[0]);
      assignment.charset_text = std::string(TokenText(TokenIndex(names[0]->getStart())));
      if (names.size() > 1) {
        assignment.collation = CharsetName(names[1]);
        assignment.collation_text = std::string(TokenText(TokenIndex(names[1]->getStart())));
      }
    } else if (auto* c = dynamic_cast<P::SetCharsetContext*>(a)) {
      assignment.kind = SetAssignment::Kind::kCharset;
      assignment.charset = CharsetName(c->charsetOrCollationName());
      assignment.charset_text =
          std::string(TokenText(TokenIndex(c->charsetOrCollationName()->getStart())));
    } else if (auto* c = dynamic_cast<P::SetUserVariableContext*>(a)) {
      assignment.kind = SetAssignment::Kind::kUserVariable;
      assignment.written = std::string(TokenText(TokenIndex(c->TK_USER_VAR())));
      assignment.name = assignment.written.substr(1);
      if (!assignment.name.empty() &&
          (assignment.name[0] == '\'' || assignment.name[0] == '"' || assignment.name[0] == '`')) {
        assignment.name = assignment.name.substr(1, assignment.name.size() - 2);
      }
      assignment.assign_operator = c->TK_ASSIGN() != nullptr;
      assignment.value = TransformExpr(c->expr());
    } else if (auto* c = dynamic_cast<P::SetSystemVariableContext*>(a)) {
      assignment.kind = SetAssignment::Kind::kSystemVariable;
      assignment.scope = ScopeOf(c->GLOBAL(), c->SESSION(), c->LOCAL());
      std::vector<P::IdentifierContext*> parts = c->systemVariableName()->identifier();
      assignment.name = MakeIdentifier(parts.back()).name;
      if (parts.size() == 2) {
        assignment.name = MakeIdentifier(parts[0]).name + "." + assignment.name;
      }
      assignment.written =
          UpperText(c->systemVariableName()).empty()
              ? assignment.name
              : std::string(TokenText(TokenIndex(c->systemVariableName()->getStart())));
      if (parts.size() == 2) assignment.written = assignment.name;
      assignment.assign_operator = c->TK_ASSIGN() != nullptr;
      set_value(c->setValue());
    } else {
      auto* sysvar = dynamic_cast<P::SetSysVarTokenContext*>(a);
      assignment.kind = SetAssignment::Kind::kSystemVariable;
      assignment.written = std::string(TokenText(TokenIndex(sysvar->TK_SYS_VAR())));
      absl::string_view rest = absl::string_view(assignment.written).substr(2);
      size_t dot = rest.find('.');
      if (dot != absl::string_view::npos) {
        std::string scope = absl::AsciiStrToUpper(rest.substr(0, dot));
        if (scope == "GLOBAL") assignment.scope = VariableScope::kGlobal;
        if (scope == "SESSION") assignment.scope = VariableScope::kSession;
        if (scope == "LOCAL") assignment.scope = VariableScope::kLocal;
        if (assignment.scope != VariableScope::kNone) rest = rest.substr(dot + 1);
      }
      if (assignment.scope == VariableScope::kNone) assignment.scope = VariableScope::kSession;
      assignment.name = std::string(rest);
      assignment.assign_operator = sysvar->TK_ASSIGN() != nullptr;
      set_value(sysvar->setValue());
    }
    set->assignments.push_back(std::move(assignment));
  }
  return set;
}

StatementPtr Transformer::TransformUse(P::UseStatementContext* ctx) {
  auto use = std::make_unique<UseStatement>();
  use->database = MakeIdentifier(ctx->identifier());
  return use;
}

StatementPtr Transformer::TransformShow(P::ShowStatementContext* ctx) {
  auto show = std::make_unique<ShowStatement>();
  using Kind = ShowStatement::Kind;
  auto filter = [&](P::ShowFilterContext* f) {
    if (f == nullptr) return;
    if (f->TK_STRING() != nullptr) {
      show->like = MakeSlot(f->TK_STRING());
    } else {
      show->where = TransformExpr(f->expr());
    }
  };
  auto from_db = [&](P::FromDatabaseContext* f) {
    if (f != nullptr) show->database = MakeIdentifier(f->identifier());
  };
  auto table = [&](P::TableNameContext* t) {
    show->table = MakeTableName(t);
    AddTable(*show->table, Identifier(), TableUsage::kOther);
  };
  if (auto* c = dynamic_cast<P::ShowDatabasesContext*>(ctx)) {
    show->kind = Kind::kDatabases;
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowTablesContext*>(ctx)) {
    show->kind = Kind::kTables;
    show->full = c->FULL() != nullptr;
    from_db(c->fromDatabase());
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowTableStatusContext*>(ctx)) {
    show->kind = Kind::kTableStatus;
    from_db(c->fromDatabase());
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowColumnsContext*>(ctx)) {
    show->kind = Kind::kColumns;
    show->full = c->FULL() != nullptr;
    table(c->tableName());
    from_db(c->fromDatabase());
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowIndexContext*>(ctx)) {
    show->kind = Kind::kIndex;
    table(c->tableName());
    from_db(c->fromDatabase());
    if (c->whereClause() != nullptr) show->where = TransformExpr(c->whereClause()->expr());
  } else if (auto* c = dynamic_cast<P::ShowCreateTableContext*>(ctx)) {
    show->kind = Kind::kCreateTable;
    show->create_view = c->VIEW() != nullptr;
    table(c->tableName());
  } else if (auto* c = dynamic_cast<P::ShowCreateDatabaseContext*>(ctx)) {
    show->kind = Kind::kCreateDatabase;
    show->database = MakeIdentifier(c->identifier());
  } else if (auto* c = dynamic_cast<P::ShowVariablesContext*>(ctx)) {
    show->kind = c->VARIABLES() != nullptr ? Kind::kVariables : Kind::kStatus;
    show->scope = ScopeOf(c->GLOBAL(), c->SESSION(), c->LOCAL());
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowWarningsContext*>(ctx)) {
    show->kind = c->WARNINGS() != nullptr ? Kind::kWarnings : Kind::kErrors;
    if (c->limitClause() != nullptr) show->limit = TransformLimit(c->limitClause());
  } else if (auto* c = dynamic_cast<P::ShowCountWarningsContext*>(ctx)) {
    show->kind = c->WARNINGS() != nullptr ? Kind::kCountWarnings : Kind::kCountErrors;
  } else if (auto* c = dynamic_cast<P::ShowProcesslistContext*>(ctx)) {
    show->kind = Kind::kProcesslist;
    show->full = c->FULL() != nullptr;
  } else if (dynamic_cast<P::ShowEnginesContext*>(ctx) != nullptr) {
    show->kind = Kind::kEngines;
  } else if (auto* c = dynamic_cast<P::ShowCollationContext*>(ctx)) {
    show->kind = Kind::kCollation;
    filter(c->showFilter());
  } else if (auto* c = dynamic_cast<P::ShowCharsetContext*>(ctx)) {
    show->kind = Kind::kCharset;
    filter(c->showFilter());
  } else {
    show->kind = Kind::kOther;
  }
  return show;
}

StatementPtr Transformer::TransformExplain(P::ExplainStatementContext* ctx) {
  if (auto* c = dynamic_cast<P::DescribeTableContext*>(ctx)) {
    auto describe = std::make_unique<DescribeStatement>();
    describe->keyword = absl::AsciiStrToUpper(TokenText(TokenIndex(c->getStart())));
    describe->table = MakeTableName(c->tableName());
    AddTable(describe->table, Identifier(), TableUsage::kOther);
    if (c->identifier() != nullptr) describe->column = MakeIdentifier(c->identifier()).name;
    if (c->TK_STRING() != nullptr) describe->column = Pin(c->TK_STRING());
    return describe;
  }
  auto* c = dynamic_cast<P::ExplainQueryContext*>(ctx);
  auto explain = std::make_unique<ExplainStatement>();
  explain->keyword = absl::AsciiStrToUpper(TokenText(TokenIndex(c->getStart())));
  if (c->explainOption() != nullptr) {
    explain->option = UpperText(c->explainOption());
    // FORMAT = JSON: no spaces around '='.
    size_t eq = explain->option.find(" = ");
    if (eq != std::string::npos) explain->option.replace(eq, 3, "=");
  }
  P::ExplainableStatementContext* inner = c->explainableStatement();
  if (auto* s = inner->selectStatement()) explain->statement = TransformSelectStatement(s);
  if (auto* s = inner->insertStatement()) explain->statement = TransformInsert(s);
  if (auto* s = inner->updateStatement()) explain->statement = TransformUpdate(s);
  if (auto* s = inner->deleteStatement()) explain->statement = TransformDelete(s);
  explain->statement->span = SpanOf(inner);
  return explain;
}

StatementPtr Transformer::TransformKill(P::KillStatementContext* ctx) {
  auto kill = std::make_unique<KillStatement>();
  if (ctx->HARD() != nullptr) kill->modifier = "HARD";
  if (ctx->SOFT() != nullptr) kill->modifier = "SOFT";
  if (ctx->CONNECTION() != nullptr) kill->target = "CONNECTION";
  if (ctx->QUERY() != nullptr) kill->target = ctx->ID() != nullptr ? "QUERY ID" : "QUERY";
  kill->id = TransformExpr(ctx->expr());
  // `KILL QUERY` / `KILL CONNECTION` without an id: the word is not an id expression.
  if (kill->target.empty() && kill->id->kind == ExprKind::kColumnRef) {
    const auto& column = kill->id->As<ColumnRefExpr>();
    std::string word = absl::AsciiStrToUpper(column.column.name);
    if (!column.column.quoted && column.table.empty() &&
        (word == "QUERY" || word == "CONNECTION")) {
      ReportError(SpanOf(ctx).end);
    }
  }
  return kill;
}

StatementPtr Transformer::TransformLockTables(P::LockTablesStatementContext* ctx) {
  auto lock = std::make_unique<LockTablesStatement>();
  lock->table_keyword = ctx->TABLE() != nullptr;
  for (auto* item_ctx : ctx->lockItem()) {
    LockTablesStatement::Item item;
    item.name = MakeTableName(item_ctx->tableName());
    item.alias = MakeIdentifier(item_ctx->identifier());
    item.alias_as = item_ctx->AS() != nullptr;
    int32_t begin = item_ctx->READ() != nullptr           ? TokenIndex(item_ctx->READ())
                    : item_ctx->LOW_PRIORITY() != nullptr ? TokenIndex(item_ctx->LOW_PRIORITY())
                                                          : TokenIndex(item_ctx->WRITE());
    for (int32_t i = begin; i < SpanOf(item_ctx).end; ++i) {
      if (!item.lock.empty()) item.lock.push_back(' ');
      item.lock.append(absl::AsciiStrToUpper(TokenText(i)));
    }
    AddTable(item.name, item.alias, TableUsage::kOther);
    lock->items.push_back(std::move(item));
  }
  return lock;
}

StatementPtr Transformer::TransformUnlockTables(P::UnlockTablesStatementContext* ctx) {
  auto unlock = std::make_unique<UnlockTablesStatement>();
  unlock->table_keyword = ctx->TABLE() != nullptr;
  return unlock;
}

StatementPtr Transformer::TransformOther(P::OtherStatementContext* ctx) {
  auto other = std::make_unique<OtherStatement>();
  TokenSpan span = SpanOf(ctx);
  // Leading keyword, plus the object kind for CREATE/DROP/ALTER/SET forms.
  other->leading = absl::AsciiStrToUpper(TokenText(span.begin));
  if ((other->leading == "CREATE" || other->leading == "DROP" || other->leading == "ALTER" ||
       other->leading == "SET") &&
      span.end > span.begin + 1) {
    int32_t next = span.begin + 1;
    std::string word = absl::AsciiStrToUpper(TokenText(next));
    if (word == "OR" && span.end > span.begin + 3)
      word = absl::AsciiStrToUpper(TokenText(next + 2));
    other->leading += " " + word;
  }
  return other;
}

}  // namespace shardproxy::sql
