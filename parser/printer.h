// AST → SQL. The output is SQL that MariaDB accepts and that means the same as the statement
// the AST came from; parsing it again yields an equal AST (AstEquals). Literals are printed as
// written in the bound statement (or `?` for a bare template); identifiers keep their quoting
// and get backticks when they need them; nested operators are parenthesised.
//
// Used by tests and by rewrites that restructure a statement. Rewrites that only replace names
// or values should splice the original text instead (parser/rewrite.h), which keeps comments,
// optimizer hints and formatting.
#ifndef SHARDPROXY_PARSER_PRINTER_H_
#define SHARDPROXY_PARSER_PRINTER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"
#include "parser/ast/statement.h"
#include "parser/statement_text.h"

namespace shardproxy::sql {

struct PrintOptions {
  // Tables printed under another name: table name (unquoted, as written) → new name. The
  // schema qualifier, if any, is kept. Applies everywhere, token spans included.
  const absl::flat_hash_map<std::string, std::string>* table_renames = nullptr;
};

std::string PrintSql(const Statement& statement, const StatementText& text,
                     const PrintOptions& options = {});
std::string PrintExpr(const Expr& expr, const StatementText& text);
std::string PrintQuery(const QueryNode& query, const StatementText& text);

// Appends `name` as an identifier: bare when it is a plain word that is not reserved and was not
// quoted, else in backticks.
void AppendIdentifier(const Identifier& id, std::string* out);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_PRINTER_H_
