// Transaction, XA and session statements (SET, USE, SHOW, EXPLAIN, DESCRIBE, KILL, LOCK TABLES)
// and the catch-all OtherStatement.
#ifndef SHARDPROXY_PARSER_AST_SESSION_H_
#define SHARDPROXY_PARSER_AST_SESSION_H_

#include <optional>
#include <string>
#include <vector>

#include "parser/ast/statement.h"

namespace shardproxy::sql {

struct BeginStatement : Statement {
  BeginStatement() : Statement(StatementKind::kBegin) {}
  bool start_transaction = false;  // START TRANSACTION (else BEGIN)
  bool work = false;
  // "WITH CONSISTENT SNAPSHOT", "READ ONLY", "READ WRITE"
  std::vector<std::string> characteristics;
};

struct CommitStatement : Statement {
  CommitStatement() : Statement(StatementKind::kCommit) {}
  bool work = false;
  std::string chain;    // "AND CHAIN" / "AND NO CHAIN"
  std::string release;  // "RELEASE" / "NO RELEASE"
};

struct RollbackStatement : Statement {
  RollbackStatement() : Statement(StatementKind::kRollback) {}
  bool work = false;
  std::string chain;
  std::string release;
};

struct SavepointStatement : Statement {
  SavepointStatement() : Statement(StatementKind::kSavepoint) {}
  Identifier name;
};

struct ReleaseSavepointStatement : Statement {
  ReleaseSavepointStatement() : Statement(StatementKind::kReleaseSavepoint) {}
  Identifier name;
};

struct RollbackToSavepointStatement : Statement {
  RollbackToSavepointStatement() : Statement(StatementKind::kRollbackToSavepoint) {}
  bool work = false;
  bool savepoint_keyword = false;
  Identifier name;
};

struct XaStatement : Statement {
  enum class Action : uint8_t { kStart, kEnd, kPrepare, kCommit, kRollback, kRecover };
  // One part of an xid: a literal slot (string/hex/number) or an identifier.
  struct XidPart {
    SlotRef slot;
    Identifier identifier;
  };
  XaStatement() : Statement(StatementKind::kXa) {}
  Action action = Action::kStart;
  std::string verb;          // START / BEGIN for kStart
  std::vector<XidPart> xid;  // gtrid [, bqual [, formatID]]
  std::string suffix;        // JOIN, RESUME, SUSPEND, SUSPEND FOR MIGRATE, ONE PHASE
  SlotRef recover_format;    // XA RECOVER FORMAT='SQL'
};

enum class VariableScope : uint8_t { kNone, kGlobal, kSession, kLocal };

struct SetAssignment {
  enum class Kind : uint8_t { kSystemVariable, kUserVariable, kNames, kCharset };
  Kind kind = Kind::kSystemVariable;
  VariableScope scope = VariableScope::kNone;
  std::string name;     // variable name without @/@@/scope; for kUserVariable without @
  std::string written;  // the variable as written: "@@session.sql_mode", "autocommit", "@x"
  bool assign_operator = false;  // := instead of =
  ExprPtr value;                 // kSystemVariable / kUserVariable, unless keyword_value is set
  std::string keyword_value;     // ON / ALL / BINARY given as value
  std::string charset;           // kNames / kCharset: name or DEFAULT (unquoted)
  std::string collation;         // kNames … COLLATE c
  std::string charset_text;      // charset as written (may be a quoted string)
  std::string collation_text;
};

struct SetStatement : Statement {
  SetStatement() : Statement(StatementKind::kSet) {}
  std::vector<SetAssignment> assignments;
  // SET [scope] TRANSACTION …: transaction_settings non-empty, assignments empty.
  VariableScope transaction_scope = VariableScope::kNone;
  std::vector<std::string> transaction_settings;  // "ISOLATION LEVEL READ COMMITTED", "READ ONLY"
};

struct UseStatement : Statement {
  UseStatement() : Statement(StatementKind::kUse) {}
  Identifier database;
};

struct ShowStatement : Statement {
  enum class Kind : uint8_t {
    kDatabases,
    kTables,
    kTableStatus,
    kColumns,
    kIndex,
    kCreateTable,
    kCreateDatabase,
    kVariables,
    kStatus,
    kWarnings,
    kErrors,
    kCountWarnings,
    kCountErrors,
    kProcesslist,
    kEngines,
    kCollation,
    kCharset,
    kOther,
  };
  ShowStatement() : Statement(StatementKind::kShow) {}
  Kind kind = Kind::kOther;
  bool full = false;
  VariableScope scope = VariableScope::kNone;
  std::optional<TableName> table;    // SHOW COLUMNS/INDEX FROM t, SHOW CREATE TABLE t
  Identifier database;               // … FROM db, SHOW TABLES FROM db, SHOW CREATE DATABASE db
  SlotRef like;                      // LIKE 'pattern'
  ExprPtr where;                     // WHERE expr
  std::optional<LimitClause> limit;  // SHOW WARNINGS LIMIT
  bool create_view = false;          // SHOW CREATE VIEW
};

struct ExplainStatement : Statement {
  ExplainStatement() : Statement(StatementKind::kExplain) {}
  std::string keyword;  // EXPLAIN / DESCRIBE / DESC
  std::string option;   // EXTENDED, PARTITIONS, FORMAT=JSON
  StatementPtr statement;
};

struct DescribeStatement : Statement {
  DescribeStatement() : Statement(StatementKind::kDescribe) {}
  std::string keyword;  // EXPLAIN / DESCRIBE / DESC
  TableName table;
  std::string column;  // column name or pattern as written (identifier or string)
};

struct KillStatement : Statement {
  KillStatement() : Statement(StatementKind::kKill) {}
  std::string modifier;  // HARD / SOFT
  std::string target;    // CONNECTION, QUERY, QUERY ID or empty
  ExprPtr id;
};

struct LockTablesStatement : Statement {
  struct Item {
    TableName name;
    Identifier alias;
    bool alias_as = false;
    std::string lock;  // READ, READ LOCAL, WRITE, LOW_PRIORITY WRITE, WRITE CONCURRENT
  };
  LockTablesStatement() : Statement(StatementKind::kLockTables) {}
  bool table_keyword = false;  // LOCK TABLE instead of LOCK TABLES
  std::vector<Item> items;
};

struct UnlockTablesStatement : Statement {
  UnlockTablesStatement() : Statement(StatementKind::kUnlockTables) {}
  bool table_keyword = false;
};

struct OtherStatement : Statement {
  OtherStatement() : Statement(StatementKind::kOther) {}
  std::string leading;  // first keyword(s) in upper case: "GRANT", "CREATE VIEW", "FLUSH"
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_SESSION_H_
