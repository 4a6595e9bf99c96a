// User variables (@x) in sharded sessions. A MariaDB connection keeps its user variables, but a
// sharded session's statements run on whichever pooled connections of whichever data sources
// they route to, so a variable set on one would be NULL (or somebody else's) on the next. The
// session therefore keeps them itself, each as the SQL literal of its value, and the handler:
//   * answers SET @a = e1, @b = e2 by running SELECT e1, e2 (routed like any SELECT; a subquery
//     over sharded tables in e1 is evaluated first, RouteContext::values_only) and keeping the
//     row's values; a SET that also assigns system variables (mysqldump's
//     SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0) then runs on the default data
//     source as before, for its system variables;
//   * answers SELECT … INTO @a, @b the same way, without the INTO clause: one row sets the
//     variables, none leaves them (warning 1329), more is ERR 1172, as in MariaDB;
//   * replaces every read of @x elsewhere with its literal (NULL when unset) before routing, so
//     WHERE id = @x routes on the value; a select item keeps its name (@x + 1 AS `@x + 1`).
// `@x := expr` inside a statement, and user variables in statements whose expressions the parser
// does not see (CALL, DO, PREPARE …), are refused (1235) rather than run without them.
#ifndef SHARDPROXY_PROXY_SERVER_USER_VARIABLES_H_
#define SHARDPROXY_PROXY_SERVER_USER_VARIABLES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "parser/bound_statement.h"

namespace shardproxy {

// Values by lower-case name (MariaDB's user variable names ignore case), as SQL literals.
using UserVariables = absl::flat_hash_map<std::string, std::string>;

// How a statement uses user variables.
struct UserVariableUse {
  struct Read {
    uint32_t begin = 0;  // bytes of the statement's text
    uint32_t end = 0;
    std::string name;  // lower case, without '@'
    // An ORDER BY / GROUP BY item of its own, where a bare integer would mean a column position.
    bool position_context = false;
  };
  std::vector<Read> reads;  // in text order
  // Select items without an alias that read a variable: MariaDB names their column after the
  // text as written ("@x + 1"), which the item keeps as an alias once the value replaces @x.
  struct Alias {
    uint32_t at = 0;  // the item's end
    std::string name;
  };
  std::vector<Alias> aliases;     // in text order
  std::vector<std::string> into;  // SELECT … INTO targets, lower case, in order
  std::vector<std::string> set;   // SET @x = … targets, lower case, in order
  bool other_set = false;         // the SET also assigns something else (a system variable)
  bool assigns_inline = false;    // @x := expr
  // Marks of user variables in the text that none of the above accounts for.
  bool unaccounted = false;
};

// A variable's name as written ("@`Some name`", "@x") → its key in UserVariables ("some name").
std::string UserVariableName(absl::string_view written);

// Whether `sql` may mention a user variable at all (a '@' in code that is not part of '@@' or of
// a 'user'@'host' name): the cheap test before FindUserVariables.
bool MayUseUserVariables(absl::string_view sql);

// Finds the uses in a parsed statement.
UserVariableUse FindUserVariables(const sql::BoundStatement& statement);

// The statement's text with every read replaced by its value's literal (NULL when unset).
std::string SubstituteUserVariableReads(const sql::BoundStatement& statement,
                                        const UserVariableUse& use, const UserVariables& values);

// A SELECT statement's text without its INTO clause; nullopt when there is none.
absl::optional<std::string> WithoutIntoClause(const sql::BoundStatement& statement);

// SELECT with the value expressions of a SET statement's user variable assignments, in order.
std::string SelectOfSetValues(const sql::BoundStatement& statement);

// The literal that gives back a result cell's value with its type: integers and decimals as
// written, a DOUBLE with an exponent, binary strings in hex, other strings quoted, NULL.
std::string UserVariableLiteral(const ColumnDefinition& column,
                                const absl::optional<std::string>& cell);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_USER_VARIABLES_H_
