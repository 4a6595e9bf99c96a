// PREPARE / EXECUTE / EXECUTE IMMEDIATE / DEALLOCATE PREPARE in sharded sessions. MariaDB keeps a
// prepared statement on the connection that prepared it, but a sharded session's statements run
// on whichever pooled connections of whichever data sources they route to: prepared on one, the
// statement would be unknown to the next, and it would read only that source's part of a sharded
// table. The session therefore keeps the text (ShardedHandler), and EXECUTE runs it like a
// statement the client sent, each `?` replaced by its USING value, so it is routed on the values.
#ifndef SHARDPROXY_PROXY_SERVER_SQL_PREPARED_STATEMENTS_H_
#define SHARDPROXY_PROXY_SERVER_SQL_PREPARED_STATEMENTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "parser/bound_statement.h"
#include "proxy/server/user_variables.h"

namespace shardproxy {

struct SqlPrepareCommand {
  enum class Kind : uint8_t { kPrepare, kExecute, kExecuteImmediate, kDeallocate };
  Kind kind = Kind::kPrepare;
  std::string name;           // as written, unquoted (PREPARE, EXECUTE, DEALLOCATE)
  std::string text;           // the statement of PREPARE … FROM '…' / EXECUTE IMMEDIATE '…'
  std::string text_variable;  // … FROM @v instead: v in lower case
  // EXECUTE … USING: a user variable (its lower-case name) or a literal as written.
  struct Argument {
    bool variable = false;
    std::string text;
  };
  std::vector<Argument> arguments;
};

// The command a parsed statement is; nullopt for every other statement; 1064 when it is one but
// malformed, 1235 for USING arguments other than user variables and literals.
absl::StatusOr<absl::optional<SqlPrepareCommand>> ParseSqlPrepareCommand(
    const sql::BoundStatement& statement);

// The statement text a user variable holds (PREPARE … FROM @v): its string value; a number as
// written; NULL as the word NULL, which MariaDB then refuses to prepare as well.
std::string TextOfUserVariable(absl::string_view literal);

// `text` with its `?` markers replaced by the arguments' values (a user variable by its value's
// literal, NULL when unset); 1210 when their counts differ, as MariaDB says it.
absl::StatusOr<std::string> BindSqlPrepared(absl::string_view text,
                                            absl::Span<const SqlPrepareCommand::Argument> arguments,
                                            const UserVariables& variables,
                                            bool no_backslash_escapes);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_SQL_PREPARED_STATEMENTS_H_
