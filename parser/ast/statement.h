// Statement nodes: the root of every AST.
//
// Every statement lists all the tables it mentions in `tables` (in token order, subqueries and
// REFERENCES clauses included), so the router can find and rewrite them without walking the tree.
// Statement kinds that the router never restructures (DDL bodies, SHOW, other statements) keep
// parts of their text as token spans; the printer reproduces them from the statement's tokens,
// substituting renamed tables.
#ifndef SHARDPROXY_PARSER_AST_STATEMENT_H_
#define SHARDPROXY_PARSER_AST_STATEMENT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast/expression.h"
#include "parser/ast/node.h"
#include "parser/ast/query.h"

namespace shardproxy::sql {

enum class StatementKind : uint8_t {
  kSelect,
  kInsert,  // also REPLACE (InsertStatement::replace)
  kUpdate,
  kDelete,
  kCreateTable,
  kAlterTable,
  kDropTable,
  kTruncateTable,
  kRenameTable,
  kCreateIndex,
  kDropIndex,
  kCreateDatabase,
  kDropDatabase,
  kBegin,  // BEGIN, START TRANSACTION
  kCommit,
  kRollback,
  kSavepoint,
  kReleaseSavepoint,
  kRollbackToSavepoint,
  kXa,
  kSet,
  kUse,
  kShow,
  kExplain,
  kDescribe,
  kKill,
  kLockTables,
  kUnlockTables,
  kOther,  // recognised by its leading keyword only (GRANT, FLUSH, CREATE VIEW, CALL, …)
};
const char* StatementKindName(StatementKind kind);

enum class TableUsage : uint8_t {
  kRead,        // FROM / JOIN / subquery source
  kWrite,       // INSERT/REPLACE target, UPDATE table list, DELETE target
  kDdl,         // object of a DDL statement
  kReferenced,  // REFERENCES t (…) in a foreign key; CREATE TABLE … LIKE t
  kOther,       // LOCK TABLES, SHOW … FROM t, DESCRIBE t
};

struct TableOccurrence {
  TableName name;
  Identifier alias;
  TableUsage usage = TableUsage::kRead;
  bool cte = false;  // unqualified name of a WITH common table expression, not a real table
};

struct Statement {
  explicit Statement(StatementKind k) : kind(k) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

  const StatementKind kind;
  std::vector<TableOccurrence> tables;
  TokenSpan span;  // the whole statement (without a trailing ';')
};
using StatementPtr = std::unique_ptr<Statement>;

// ---------------------------------------------------------------------------------------------
// DML

struct SelectStatement : Statement {
  SelectStatement() : Statement(StatementKind::kSelect) {}
  QueryPtr query;
};

struct Assignment {
  std::unique_ptr<ColumnRefExpr> column;
  ExprPtr value;
};

struct InsertStatement : Statement {
  enum class Source : uint8_t { kValues, kSet, kSelect };
  InsertStatement() : Statement(StatementKind::kInsert) {}
  bool replace = false;
  std::string priority;  // LOW_PRIORITY, DELAYED, HIGH_PRIORITY or empty
  bool ignore = false;
  bool into = true;
  TableName table;
  std::vector<Identifier> partitions;
  bool has_column_list = false;
  std::vector<std::unique_ptr<ColumnRefExpr>> columns;
  Source source = Source::kValues;
  bool value_keyword = false;  // VALUE instead of VALUES
  // kValues: either a collapsed row list (rows_slot: every row only literals; see
  // BoundStatement::Rows) or explicit rows of expressions.
  SlotRef rows_slot;
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<Assignment> set;  // kSet
  QueryPtr select;              // kSelect
  std::vector<Assignment> on_duplicate_key_update;
  std::vector<SelectItem> returning;
};

struct UpdateStatement : Statement {
  UpdateStatement() : Statement(StatementKind::kUpdate) {}
  bool low_priority = false;
  bool ignore = false;
  std::vector<TableRefPtr> tables;
  std::vector<Assignment> set;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<LimitClause> limit;
};

struct DeleteStatement : Statement {
  enum class Form : uint8_t {
    kSingle,      // DELETE FROM t WHERE … ORDER BY … LIMIT …
    kMulti,       // DELETE t1, t2 FROM <table references> WHERE …
    kMultiUsing,  // DELETE FROM t1, t2 USING <table references> WHERE …
  };
  struct Target {
    TableName name;
    bool star = false;  // t.*
  };
  DeleteStatement() : Statement(StatementKind::kDelete) {}
  Form form = Form::kSingle;
  std::vector<std::string> options;  // LOW_PRIORITY, QUICK, IGNORE
  // kSingle
  TableName table;
  std::vector<Identifier> partitions;
  Identifier alias;
  bool alias_as = false;
  // kMulti / kMultiUsing
  std::vector<Target> targets;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<LimitClause> limit;
  std::vector<SelectItem> returning;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_STATEMENT_H_
