// A structural dump of an AST, and AST equality defined on it.
//
// The dump names every node and every semantic field (kinds, flags, names, operators, slot
// values as written, token spans as their token texts) and leaves out positions, so two ASTs
// are equal exactly when they describe the same statement: AstEquals(a, b) ⇔ dumps are equal.
// This is what the round-trip property parse(print(parse(s))) == parse(s) is checked with, and
// it is independent of the printer (a printer that dropped a field would change the dump).
#ifndef SHARDPROXY_PARSER_AST_DUMP_H_
#define SHARDPROXY_PARSER_AST_DUMP_H_

#include <string>

#include "parser/ast/statement.h"
#include "parser/statement_text.h"

namespace shardproxy::sql {

std::string DumpAst(const Statement& statement, const StatementText& text);

bool AstEquals(const Statement& a, const StatementText& a_text, const Statement& b,
               const StatementText& b_text);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_DUMP_H_
