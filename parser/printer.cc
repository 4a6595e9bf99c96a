#include "parser/printer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parser/keywords.h"
#include "parser/literal.h"
#include "parser/printer_internal.h"

namespace shardproxy::sql {

void AppendIdentifier(const Identifier& id, std::string* out) {
  bool plain = !id.quoted && !id.name.empty() && !IsReservedWord(id.name);
  bool all_digits = true;
  for (char c : id.name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(absl::ascii_isalnum(u) || c == '_' || c == '$' || u >= 0x80)) plain = false;
    if (!absl::ascii_isdigit(u)) all_digits = false;
  }
  if (plain && !all_digits) {
    out->append(id.name);
  } else {
    AppendQuotedIdentifier(id.name, out);
  }
}

std::string PrintSql(const Statement& statement, const StatementText& text,
                     const PrintOptions& options) {
  printer_internal::Printer printer(text, options);
  printer.SetStatementTables(statement);
  printer.Statement_(statement);
  return printer.Finish();
}

std::string PrintExpr(const Expr& expr, const StatementText& text) {
  PrintOptions options;
  printer_internal::Printer printer(text, options);
  printer.Expression(expr);
  return printer.Finish();
}

std::string PrintQuery(const QueryNode& query, const StatementText& text) {
  PrintOptions options;
  printer_internal::Printer printer(text, options);
  printer.Query(query);
  return printer.Finish();
}

}  // namespace shardproxy::sql
