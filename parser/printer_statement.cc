// DML, DDL and session statements to SQL; token spans.
#include "parser/printer_internal.h"

namespace shardproxy::sql::printer_internal {

void Printer::Span(TokenSpan span) {
  if (span.empty()) return;
  absl::string_view prev;
  for (int32_t i = span.begin; i < span.end; ++i) {
    absl::string_view token = text_.TokenSql(i);
    auto renamed = renamed_tokens_.find(i);
    std::string replacement;
    if (renamed != renamed_tokens_.end()) {
      Identifier id;
      id.name = *renamed->second;
      AppendIdentifier(id, &replacement);
      token = replacement;
    }
    if (i > span.begin) {
      bool space = true;
      if (token == ")" || token == "," || token == "." || prev == "(" || prev == ".") space = false;
      if (token == "(" && !prev.empty() &&
          (absl::ascii_isalnum(static_cast<unsigned char>(prev.back())) || prev.back() == '_' ||
           prev.back() == '`')) {
        space = false;
      }
      // Around a `.`, spacing is kept as written: joining changes the tokens in `26 .com`
      // (`26.` is a number), `= . 1` (`.1` is one) and `@@session . x` (`@@session.x` is one).
      if (token == "." || prev == ".") {
        absl::optional<bool> apart = text_.WrittenApart(i);
        if (apart.has_value()) {
          space = *apart;
        } else if (token == "." && !prev.empty() && prev.front() == '@') {
          space = true;  // a template keeps no spacing; `@@session . x` at least stays apart
        }
      }
      if (space) out_.push_back(' ');
    }
    out_.append(token.data(), token.size());
    prev = text_.TokenSql(i);
  }
}

void Printer::Insert(const InsertStatement& s) {
  out_.append(s.replace ? "REPLACE" : "INSERT");
  if (!s.priority.empty()) out_.append(" ").append(s.priority);
  if (s.ignore) out_.append(" IGNORE");
  if (s.into) out_.append(" INTO");
  out_.push_back(' ');
  Table(s.table);
  if (!s.partitions.empty()) {
    out_.append(" PARTITION (");
    for (size_t i = 0; i < s.partitions.size(); ++i) {
      if (i > 0) out_.append(", ");
      Ident(s.partitions[i]);
    }
    out_.push_back(')');
  }
  if (s.has_column_list) {
    out_.append(" (");
    for (size_t i = 0; i < s.columns.size(); ++i) {
      if (i > 0) out_.append(", ");
      Expression(*s.columns[i]);
    }
    out_.push_back(')');
  }
  switch (s.source) {
    case InsertStatement::Source::kValues:
      out_.append(s.value_keyword ? " VALUE " : " VALUES ");
      if (s.rows_slot.valid()) {
        Slot(s.rows_slot);
      } else {
        for (size_t r = 0; r < s.rows.size(); ++r) {
          if (r > 0) out_.append(", ");
          out_.push_back('(');
          ExprList(s.rows[r]);
          out_.push_back(')');
        }
      }
      break;
    case InsertStatement::Source::kSet:
      out_.append(" SET ");
      Assignments(s.set);
      break;
    case InsertStatement::Source::kSelect:
      out_.push_back(' ');
      Query(*s.select);
      break;
  }
  if (!s.on_duplicate_key_update.empty()) {
    out_.append(" ON DUPLICATE KEY UPDATE ");
    Assignments(s.on_duplicate_key_update);
  }
  if (!s.returning.empty()) {
    out_.append(" RETURNING ");
    SelectItems(s.returning);
  }
}

void Printer::Update(const UpdateStatement& s) {
  out_.append("UPDATE ");
  if (s.low_priority) out_.append("LOW_PRIORITY ");
  if (s.ignore) out_.append("IGNORE ");
  TableRefs(s.tables);
  out_.append(" SET ");
  Assignments(s.set);
  if (s.where != nullptr) {
    out_.append(" WHERE ");
    Expression(*s.where);
  }
  if (!s.order_by.empty()) {
    out_.append(" ORDER BY ");
    OrderItems(s.order_by);
  }
  if (s.limit.has_value()) Limit(*s.limit);
}

void Printer::Delete(const DeleteStatement& s) {
  out_.append("DELETE ");
  for (const std::string& option : s.options) out_.append(option).push_back(' ');
  auto targets = [&] {
    for (size_t i = 0; i < s.targets.size(); ++i) {
      if (i > 0) out_.append(", ");
      Table(s.targets[i].name);
      if (s.targets[i].star) out_.append(".*");
    }
  };
  switch (s.form) {
    case DeleteStatement::Form::kSingle:
      out_.append("FROM ");
      Table(s.table);
      if (!s.partitions.empty()) {
        out_.append(" PARTITION (");
        for (size_t i = 0; i < s.partitions.size(); ++i) {
          if (i > 0) out_.append(", ");
          Ident(s.partitions[i]);
        }
        out_.push_back(')');
      }
      if (!s.alias.empty()) {
        out_.append(s.alias_as ? " AS " : " ");
        Ident(s.alias);
      }
      break;
    case DeleteStatement::Form::kMulti:
      targets();
      out_.append(" FROM ");
      TableRefs(s.from);
      break;
    case DeleteStatement::Form::kMultiUsing:
      out_.append("FROM ");
      targets();
      out_.append(" USING ");
      TableRefs(s.from);
      break;
  }
  if (s.where != nullptr) {
    out_.append(" WHERE ");
    Expression(*s.where);
  }
  if (!s.order_by.empty()) {
    out_.append(" ORDER BY ");
    OrderItems(s.order_by);
  }
  if (s.limit.has_value()) Limit(*s.limit);
  if (!s.returning.empty()) {
    out_.append(" RETURNING ");
    SelectItems(s.returning);
  }
}

void Printer::Ddl(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kCreateTable: {
      const auto& s = statement.As<CreateTableStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      if (s.temporary) out_.append("TEMPORARY ");
      out_.append("TABLE ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Table(s.table);
      if (s.like.has_value()) {
        out_.append(s.like_parenthesized ? " (LIKE " : " LIKE ");
        Table(*s.like);
        if (s.like_parenthesized) out_.push_back(')');
        return;
      }
      if (!s.elements.empty()) {
        out_.push_back(' ');
        Span(s.elements);
      }
      if (!s.options.empty()) {
        out_.push_back(' ');
        Span(s.options);
      }
      if (!s.partition.empty()) {
        out_.push_back(' ');
        Span(s.partition);
      }
      if (s.select != nullptr) {
        out_.append(s.select_as ? " AS " : " ");
        Query(*s.select);
      }
      return;
    }
    case StatementKind::kAlterTable: {
      const auto& s = statement.As<AlterTableStatement>();
      out_.append("ALTER ");
      if (!s.modifier.empty()) out_.append(s.modifier).push_back(' ');
      out_.append("TABLE ");
      Table(s.table);
      for (size_t i = 0; i < s.specifications.size(); ++i) {
        out_.append(i > 0 ? ", " : " ");
        Span(s.specifications[i].span);
      }
      return;
    }
    case StatementKind::kDropTable: {
      const auto& s = statement.As<DropTableStatement>();
      out_.append("DROP ");
      if (s.temporary) out_.append("TEMPORARY ");
      out_.append("TABLE ");
      if (s.if_exists) out_.append("IF EXISTS ");
      for (size_t i = 0; i < s.tables.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.tables[i]);
      }
      if (!s.behavior.empty()) out_.append(" ").append(s.behavior);
      return;
    }
    case StatementKind::kTruncateTable: {
      const auto& s = statement.As<TruncateTableStatement>();
      out_.append(s.table_keyword ? "TRUNCATE TABLE " : "TRUNCATE ");
      Table(s.table);
      return;
    }
    case StatementKind::kRenameTable: {
      const auto& s = statement.As<RenameTableStatement>();
      out_.append("RENAME TABLE ");
      for (size_t i = 0; i < s.pairs.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.pairs[i].from);
        out_.append(" TO ");
        Table(s.pairs[i].to);
      }
      return;
    }
    case StatementKind::kCreateIndex: {
      const auto& s = statement.As<CreateIndexStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      if (!s.index_kind.empty()) out_.append(s.index_kind).push_back(' ');
      out_.append("INDEX ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Ident(s.name);
      if (!s.index_type.empty()) {
        out_.push_back(' ');
        Span(s.index_type);
      }
      out_.append(" ON ");
      Table(s.table);
      out_.push_back(' ');
      Span(s.rest);
      return;
    }
    case StatementKind::kDropIndex: {
      const auto& s = statement.As<DropIndexStatement>();
      out_.append(s.if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
      Ident(s.name);
      out_.append(" ON ");
      Table(s.table);
      return;
    }
    case StatementKind::kCreateDatabase: {
      const auto& s = statement.As<CreateDatabaseStatement>();
      out_.append("CREATE ");
      if (s.or_replace) out_.append("OR REPLACE ");
      out_.append("DATABASE ");
      if (s.if_not_exists) out_.append("IF NOT EXISTS ");
      Ident(s.name);
      if (!s.options.empty()) {
        out_.push_back(' ');
        Span(s.options);
      }
      return;
    }
    case StatementKind::kDropDatabase: {
      const auto& s = statement.As<DropDatabaseStatement>();
      out_.append(s.if_exists ? "DROP DATABASE IF EXISTS " : "DROP DATABASE ");
      Ident(s.name);
      return;
    }
    default:
      return;
  }
}

void Printer::Session(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kBegin: {
      const auto& s = statement.As<BeginStatement>();
      if (!s.start_transaction) {
        out_.append(s.work ? "BEGIN WORK" : "BEGIN");
        return;
      }
      out_.append("START TRANSACTION");
      for (size_t i = 0; i < s.characteristics.size(); ++i) {
        out_.append(i > 0 ? ", " : " ").append(s.characteristics[i]);
      }
      return;
    }
    case StatementKind::kCommit:
    case StatementKind::kRollback: {
      bool commit = statement.kind == StatementKind::kCommit;
      bool work =
          commit ? statement.As<CommitStatement>().work : statement.As<RollbackStatement>().work;
      const std::string& chain =
          commit ? statement.As<CommitStatement>().chain : statement.As<RollbackStatement>().chain;
      const std::string& release = commit ? statement.As<CommitStatement>().release
                                          : statement.As<RollbackStatement>().release;
      out_.append(commit ? "COMMIT" : "ROLLBACK");
      if (work) out_.append(" WORK");
      if (!chain.empty()) out_.append(" ").append(chain);
      if (!release.empty()) out_.append(" ").append(release);
      return;
    }
    case StatementKind::kSavepoint:
      out_.append("SAVEPOINT ");
      Ident(statement.As<SavepointStatement>().name);
      return;
    case StatementKind::kReleaseSavepoint:
      out_.append("RELEASE SAVEPOINT ");
      Ident(statement.As<ReleaseSavepointStatement>().name);
      return;
    case StatementKind::kRollbackToSavepoint: {
      const auto& s = statement.As<RollbackToSavepointStatement>();
      out_.append(s.work ? "ROLLBACK WORK TO " : "ROLLBACK TO ");
      if (s.savepoint_keyword) out_.append("SAVEPOINT ");
      Ident(s.name);
      return;
    }
    case StatementKind::kXa: {
      const auto& s = statement.As<XaStatement>();
      static constexpr const char* kActions[] = {"START",  "END",      "PREPARE",
                                                 "COMMIT", "ROLLBACK", "RECOVER"};
      out_.append("XA ");
      out_.append(s.action == XaStatement::Action::kStart ? s.verb
                                                          : kActions[static_cast<int>(s.action)]);
      for (size_t i = 0; i < s.xid.size(); ++i) {
        out_.append(i > 0 ? ", " : " ");
        if (s.xid[i].slot.valid()) {
          Slot(s.xid[i].slot);
        } else {
          Ident(s.xid[i].identifier);
        }
      }
      if (!s.suffix.empty()) out_.append(" ").append(s.suffix);
      if (s.recover_format.valid()) {
        out_.append(" FORMAT=");
        Slot(s.recover_format);
      }
      return;
    }
    case StatementKind::kSet: {
      const auto& s = statement.As<SetStatement>();
      out_.append("SET ");
      if (!s.transaction_settings.empty()) {
        out_.append(ScopeSql(s.transaction_scope)).append("TRANSACTION ");
        out_.append(absl::StrJoin(s.transaction_settings, ", "));
        return;
      }
      for (size_t i = 0; i < s.assignments.size(); ++i) {
        const SetAssignment& a = s.assignments[i];
        if (i > 0) out_.append(", ");
        switch (a.kind) {
          case SetAssignment::Kind::kNames:
            out_.append("NAMES ").append(a.charset_text);
            if (!a.collation_text.empty()) out_.append(" COLLATE ").append(a.collation_text);
            continue;
          case SetAssignment::Kind::kCharset:
            out_.append("CHARACTER SET ").append(a.charset_text);
            continue;
          case SetAssignment::Kind::kUserVariable:
            out_.append(a.written);
            break;
          case SetAssignment::Kind::kSystemVariable:
            if (a.written.rfind("@@", 0) != 0) out_.append(ScopeSql(a.scope));
            out_.append(a.written);
            break;
        }
        out_.append(a.assign_operator ? " := " : " = ");
        if (a.value != nullptr) {
          Expression(*a.value);
        } else {
          out_.append(a.keyword_value);
        }
      }
      return;
    }
    case StatementKind::kUse:
      out_.append("USE ");
      Ident(statement.As<UseStatement>().database);
      return;
    case StatementKind::kExplain: {
      const auto& s = statement.As<ExplainStatement>();
      out_.append(s.keyword).push_back(' ');
      if (!s.option.empty()) out_.append(s.option).push_back(' ');
      Statement_(*s.statement);
      return;
    }
    case StatementKind::kDescribe: {
      const auto& s = statement.As<DescribeStatement>();
      out_.append(s.keyword).push_back(' ');
      Table(s.table);
      if (!s.column.empty()) {
        out_.push_back(' ');
        if (s.column[0] == '\'' || s.column[0] == '"') {
          out_.append(s.column);
        } else {
          Name(s.column);
        }
      }
      return;
    }
    case StatementKind::kKill: {
      const auto& s = statement.As<KillStatement>();
      out_.append("KILL ");
      if (!s.modifier.empty()) out_.append(s.modifier).push_back(' ');
      if (!s.target.empty()) out_.append(s.target).push_back(' ');
      Operand(*s.id);
      return;
    }
    case StatementKind::kLockTables: {
      const auto& s = statement.As<LockTablesStatement>();
      out_.append(s.table_keyword ? "LOCK TABLE " : "LOCK TABLES ");
      for (size_t i = 0; i < s.items.size(); ++i) {
        if (i > 0) out_.append(", ");
        Table(s.items[i].name);
        if (!s.items[i].alias.empty()) {
          out_.append(s.items[i].alias_as ? " AS " : " ");
          Ident(s.items[i].alias);
        }
        out_.append(" ").append(s.items[i].lock);
      }
      return;
    }
    case StatementKind::kUnlockTables:
      out_.append(statement.As<UnlockTablesStatement>().table_keyword ? "UNLOCK TABLE"
                                                                      : "UNLOCK TABLES");
      return;
    case StatementKind::kShow:
    case StatementKind::kOther:
      Span(statement.span);
      return;
    default:
      return;
  }
}

void Printer::Statement_(const Statement& s) {
  switch (s.kind) {
    case StatementKind::kSelect:
      Query(*s.As<SelectStatement>().query);
      return;
    case StatementKind::kInsert:
      Insert(s.As<InsertStatement>());
      return;
    case StatementKind::kUpdate:
      Update(s.As<UpdateStatement>());
      return;
    case StatementKind::kDelete:
      Delete(s.As<DeleteStatement>());
      return;
    case StatementKind::kCreateTable:
    case StatementKind::kAlterTable:
    case StatementKind::kDropTable:
    case StatementKind::kTruncateTable:
    case StatementKind::kRenameTable:
    case StatementKind::kCreateIndex:
    case StatementKind::kDropIndex:
    case StatementKind::kCreateDatabase:
    case StatementKind::kDropDatabase:
      Ddl(s);
      return;
    default:
      Session(s);
      return;
  }
}

}  // namespace shardproxy::sql::printer_internal
