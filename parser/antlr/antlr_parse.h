// The one border between ANTLR and the rest of shardproxy: runs the generated parser over the
// digest tokens and returns our AST. Every ANTLR exception is caught in BuildTemplate and turned
// into a status; nothing ANTLR-specific leaves this function. PRIVATE to parser/.
#ifndef SHARDPROXY_PARSER_ANTLR_ANTLR_PARSE_H_
#define SHARDPROXY_PARSER_ANTLR_ANTLR_PARSE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "parser/sql_digest.h"
#include "parser/statement_template.h"

namespace shardproxy::sql {

// Which prediction mode succeeded, for tests and statistics.
struct AntlrParseStats {
  bool used_ll_fallback = false;
};

// Parses the normalized tokens of `digest` (two-stage: SLL with bail-out, then full LL only if
// SLL failed). Syntax errors come back as 1064 with MySQL's message; nesting that would overrun
// the stack as 1436.
absl::StatusOr<std::unique_ptr<StatementTemplate>> BuildTemplate(const SqlDigest& digest,
                                                                 AntlrParseStats* stats = nullptr);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_ANTLR_ANTLR_PARSE_H_
