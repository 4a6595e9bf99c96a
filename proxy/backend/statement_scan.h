// A lexical scan of SQL text for the few things that decide whether a backend connection may be
// shared after a statement: user variables, GET_LOCK, SQL_CALC_FOUND_ROWS, and whether every
// statement is a plain SET of system variables or USE (whose effects session tracking reports
// completely, so Sync can replay them on another connection).
//
// This is not a parser: it only knows where string literals, quoted identifiers and comments are
// (MariaDB's executable comments `/*! ... */` and `/*M! ... */` count as code). It errs towards
// "this statement holds state" — a false positive only keeps a connection with its session longer.
#ifndef SHARDPROXY_PROXY_BACKEND_STATEMENT_SCAN_H_
#define SHARDPROXY_PROXY_BACKEND_STATEMENT_SCAN_H_

#include "absl/strings/string_view.h"

namespace shardproxy {

struct StatementTraits {
  // `@name`, `@'name'` or @`name` outside literals and comments (`@@sys_var` does not count).
  bool uses_user_variable = false;
  bool uses_get_lock = false;         // GET_LOCK( — a named lock held by the connection
  bool uses_calc_found_rows = false;  // SQL_CALC_FOUND_ROWS: FOUND_ROWS() must follow here
  // Every statement in the text is `SET <system variables>` (not SET ROLE / STATEMENT /
  // PASSWORD / DEFAULT ROLE) or `USE`, and none uses a user variable.
  bool only_system_variable_sets = false;

  // The statement leaves state on the connection that Sync cannot carry elsewhere.
  bool BindsSession() const { return uses_user_variable || uses_get_lock || uses_calc_found_rows; }
};

StatementTraits ScanStatement(absl::string_view sql);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_STATEMENT_SCAN_H_
