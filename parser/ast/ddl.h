// DDL statements. The router needs their table names (to create or alter every physical table)
// and a few facts; bodies are kept as token spans and printed back verbatim.
#ifndef SHARDPROXY_PARSER_AST_DDL_H_
#define SHARDPROXY_PARSER_AST_DDL_H_

#include <optional>
#include <string>
#include <vector>

#include "parser/ast/statement.h"

namespace shardproxy::sql {

struct ColumnDefinition {
  Identifier name;
  DataType type;
  bool not_null = false;
  bool auto_increment = false;
  bool primary_key = false;
  bool unique = false;
  TokenSpan span;  // the whole definition
};

struct IndexDefinition {
  enum class Kind : uint8_t { kPrimary, kUnique, kIndex, kFulltext, kSpatial, kForeign, kCheck };
  Kind kind = Kind::kIndex;
  Identifier constraint_name;  // CONSTRAINT name
  Identifier index_name;
  std::vector<Identifier> columns;
  std::optional<TableName> references;  // FOREIGN KEY … REFERENCES t
  TokenSpan span;
};

struct CreateTableStatement : Statement {
  CreateTableStatement() : Statement(StatementKind::kCreateTable) {}
  bool or_replace = false;
  bool temporary = false;
  bool if_not_exists = false;
  TableName table;
  std::optional<TableName> like;  // CREATE TABLE t LIKE s / (LIKE s)
  bool like_parenthesized = false;
  std::vector<ColumnDefinition> columns;
  std::vector<IndexDefinition> indexes;
  TokenSpan elements;   // "( … )" including the parentheses; empty when absent
  TokenSpan options;    // table options
  TokenSpan partition;  // PARTITION BY …
  QueryPtr select;      // CREATE TABLE … [AS] SELECT
  bool select_as = false;
};

struct AlterSpecification {
  enum class Kind : uint8_t {
    kAddColumn,
    kAddIndex,
    kDropColumn,
    kDropIndex,
    kDropPrimaryKey,
    kDropForeignKey,
    kDropConstraint,
    kModifyColumn,
    kChangeColumn,
    kAlterColumn,
    kRenameTable,
    kRenameColumn,
    kRenameIndex,
    kDisableKeys,
    kEnableKeys,
    kConvertCharset,
    kAlgorithmOrLock,
    kForce,
    kOrderBy,
    kTableOptions,
  };
  Kind kind = Kind::kTableOptions;
  std::vector<ColumnDefinition> columns;  // added / modified / changed columns
  std::optional<IndexDefinition> index;   // kAddIndex
  std::optional<TableName> rename_to;     // kRenameTable
  Identifier name;                        // dropped/renamed/changed column or index
  TokenSpan span;
};

struct AlterTableStatement : Statement {
  AlterTableStatement() : Statement(StatementKind::kAlterTable) {}
  std::string modifier;  // ONLINE / IGNORE
  TableName table;
  std::vector<AlterSpecification> specifications;
};

struct DropTableStatement : Statement {
  DropTableStatement() : Statement(StatementKind::kDropTable) {}
  bool temporary = false;
  bool if_exists = false;
  std::vector<TableName> tables;
  std::string behavior;  // RESTRICT / CASCADE
};

struct TruncateTableStatement : Statement {
  TruncateTableStatement() : Statement(StatementKind::kTruncateTable) {}
  bool table_keyword = true;
  TableName table;
};

struct RenameTableStatement : Statement {
  struct Pair {
    TableName from;
    TableName to;
  };
  RenameTableStatement() : Statement(StatementKind::kRenameTable) {}
  std::vector<Pair> pairs;
};

struct CreateIndexStatement : Statement {
  CreateIndexStatement() : Statement(StatementKind::kCreateIndex) {}
  bool or_replace = false;
  std::string index_kind;  // UNIQUE / FULLTEXT / SPATIAL or empty
  bool if_not_exists = false;
  Identifier name;
  TableName table;
  std::vector<Identifier> columns;
  TokenSpan index_type;  // USING BTREE before ON
  TokenSpan rest;        // "(key parts) options…" after the table name
};

struct DropIndexStatement : Statement {
  DropIndexStatement() : Statement(StatementKind::kDropIndex) {}
  bool if_exists = false;
  Identifier name;
  TableName table;
};

struct CreateDatabaseStatement : Statement {
  CreateDatabaseStatement() : Statement(StatementKind::kCreateDatabase) {}
  bool or_replace = false;
  bool if_not_exists = false;
  Identifier name;
  TokenSpan options;
};

struct DropDatabaseStatement : Statement {
  DropDatabaseStatement() : Statement(StatementKind::kDropDatabase) {}
  bool if_exists = false;
  Identifier name;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_DDL_H_
