// The transformer: turns the ANTLR parse tree of one statement into our AST while the tree is
// alive (DuckDB's transformer pattern). One file per statement family: transform_<kind>.cc.
// PRIVATE to parser/: it includes generated ANTLR headers.
#ifndef SHARDPROXY_PARSER_ANTLR_TRANSFORMER_H_
#define SHARDPROXY_PARSER_ANTLR_TRANSFORMER_H_

#include <string>
#include <vector>

#include "MySqlParser.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"
#include "parser/ast/statement.h"
#include "parser/sql_digest.h"
#include "parser/statement_template.h"

namespace shardproxy::sql {

using P = antlr::MySqlParser;

class Transformer {
 public:
  Transformer(const SqlDigest& digest, StatementTemplate* tmpl) : digest_(digest), tmpl_(tmpl) {}

  // Builds the statement; records pinned slots in the template.
  StatementPtr Transform(P::RootContext* root);

  // A syntax error the grammar lets through (CAST(x) without AS, …): the token MariaDB reports
  // it at, or -1. Token index == token count means the end of the statement.
  int32_t error_token() const { return error_token_; }

 private:
  friend class TransformerTest;
  StatementPtr TransformStatement(P::StatementContext* ctx);

  // transform_select.cc
  StatementPtr TransformSelectStatement(P::SelectStatementContext* ctx);
  QueryPtr TransformQueryExpression(P::QueryExpressionContext* ctx);
  QueryPtr TransformQueryPrimary(P::QueryPrimaryContext* ctx);
  QueryPtr TransformQuerySpecification(P::QuerySpecificationContext* ctx);
  void TransformSelectItems(P::SelectItemListContext* ctx, std::vector<SelectItem>* out);
  std::vector<TableRefPtr> TransformTableReferenceList(P::TableReferenceListContext* ctx,
                                                       TableUsage usage);
  TableRefPtr TransformTableReference(P::TableReferenceContext* ctx, TableUsage usage);
  TableRefPtr TransformTableFactor(P::TableFactorContext* ctx, TableUsage usage);
  std::vector<OrderItem> TransformOrderItems(const std::vector<P::OrderItemContext*>& items);
  LimitClause TransformLimit(P::LimitClauseContext* ctx);
  LimitClause TransformFetch(P::FetchClauseContext* ctx);
  LockingClause TransformLocking(P::LockingClauseContext* ctx);
  void TransformWindowSpec(P::WindowSpecContext* ctx, WindowSpec* out);

  // transform_insert.cc / transform_update.cc / transform_delete.cc
  StatementPtr TransformInsert(P::InsertStatementContext* ctx);
  StatementPtr TransformUpdate(P::UpdateStatementContext* ctx);
  StatementPtr TransformDelete(P::DeleteStatementContext* ctx);
  Assignment TransformAssignment(P::AssignmentContext* ctx);

  // transform_expression.cc
  ExprPtr TransformExpr(P::ExprContext* ctx) { return TransformOperatorNode(ctx); }
  ExprPtr TransformBitExpr(P::BitExprContext* ctx) { return TransformOperatorNode(ctx); }
  // An `expr` or `bitExpr` node (both have the same alternative shapes), or a primaryExpr.
  ExprPtr TransformOperatorNode(antlr4::ParserRuleContext* ctx);
  ExprPtr TransformOperand(antlr4::tree::ParseTree* node);
  ExprPtr TransformPrimary(P::PrimaryExprContext* ctx);
  ExprPtr TransformLiteral(P::LiteralContext* ctx);
  ExprPtr TransformFunctionCall(P::FunctionCallContext* ctx);
  std::unique_ptr<ColumnRefExpr> TransformColumnRef(P::ColumnRefContext* ctx);
  std::vector<ExprPtr> TransformExprList(P::ExprListContext* ctx);
  DataType TransformCastType(P::CastTypeContext* ctx);
  DataType TransformDataType(P::DataTypeContext* ctx);

  // transform_ddl.cc
  StatementPtr TransformCreateTable(P::CreateTableStatementContext* ctx);
  StatementPtr TransformAlterTable(P::AlterTableStatementContext* ctx);
  StatementPtr TransformDropTable(P::DropTableStatementContext* ctx);
  StatementPtr TransformTruncateTable(P::TruncateTableStatementContext* ctx);
  StatementPtr TransformRenameTable(P::RenameTableStatementContext* ctx);
  StatementPtr TransformCreateIndex(P::CreateIndexStatementContext* ctx);
  StatementPtr TransformDropIndex(P::DropIndexStatementContext* ctx);
  StatementPtr TransformCreateDatabase(P::CreateDatabaseStatementContext* ctx);
  StatementPtr TransformDropDatabase(P::DropDatabaseStatementContext* ctx);
  ColumnDefinition TransformColumnDefinition(P::ColumnDefinitionContext* ctx);
  IndexDefinition TransformIndexDefinition(P::IndexDefinitionContext* ctx);

  // transform_transaction.cc
  StatementPtr TransformBegin(P::BeginStatementContext* ctx);
  StatementPtr TransformCommit(P::CommitStatementContext* ctx);
  StatementPtr TransformRollback(P::RollbackStatementContext* ctx);
  StatementPtr TransformSavepoint(P::SavepointStatementContext* ctx);
  StatementPtr TransformReleaseSavepoint(P::ReleaseSavepointStatementContext* ctx);
  StatementPtr TransformXa(P::XaStatementContext* ctx);

  // transform_session.cc
  StatementPtr TransformSet(P::SetStatementContext* ctx);
  StatementPtr TransformUse(P::UseStatementContext* ctx);
  StatementPtr TransformShow(P::ShowStatementContext* ctx);
  StatementPtr TransformExplain(P::ExplainStatementContext* ctx);
  StatementPtr TransformKill(P::KillStatementContext* ctx);
  StatementPtr TransformLockTables(P::LockTablesStatementContext* ctx);
  StatementPtr TransformUnlockTables(P::UnlockTablesStatementContext* ctx);
  StatementPtr TransformOther(P::OtherStatementContext* ctx);

  // transform_common.cc: helpers shared by all of the above.
  int32_t TokenIndex(antlr4::Token* token) const;
  int32_t TokenIndex(antlr4::tree::TerminalNode* node) const;
  absl::string_view TokenText(int32_t index) const;
  TokenSpan SpanOf(antlr4::ParserRuleContext* ctx) const;
  // Upper-case text of all tokens of ctx joined by single spaces ("DOUBLE PRECISION").
  std::string UpperText(antlr4::ParserRuleContext* ctx) const;
  std::string UpperText(antlr4::tree::TerminalNode* node) const;
  Identifier MakeIdentifier(P::IdentifierContext* ctx) const;
  Identifier MakeIdentifierFromToken(int32_t index) const;
  TableName MakeTableName(P::TableNameContext* ctx) const;
  SlotRef MakeSlot(antlr4::tree::TerminalNode* node) const;
  // Records token's slot as pinned and returns its raw text.
  std::string Pin(antlr4::tree::TerminalNode* node);
  std::string PinnedStringValue(antlr4::tree::TerminalNode* node);  // decoded string literal
  // A charset/collation name: identifier text, or a pinned string literal's value.
  std::string CharsetName(P::CharsetOrCollationNameContext* ctx);
  void AddTable(const TableName& name, const Identifier& alias, TableUsage usage);
  void AddQualifier(const Identifier& schema, const Identifier& table);
  // Sorts tables and qualifiers, marks CTE names and the qualifiers and DELETE targets that
  // name aliases.
  void FinishTables(Statement* statement);
  // The first child terminal of ctx with the given token type, or null.
  static antlr4::tree::TerminalNode* FindToken(antlr4::ParserRuleContext* ctx, size_t type);

  void ReportError(int32_t token) {
    if (error_token_ < 0) error_token_ = token;
  }

  const SqlDigest& digest_;
  StatementTemplate* tmpl_;
  int32_t error_token_ = -1;
  std::vector<TableOccurrence> tables_;
  std::vector<ColumnQualifier> qualifiers_;
  std::vector<int32_t> delete_target_tokens_;  // name tokens of multi-table DELETE targets
  std::vector<std::string> cte_names_;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_ANTLR_TRANSFORMER_H_
