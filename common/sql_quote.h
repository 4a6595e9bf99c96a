// Writing bytes into SQL text as string literals: the one place that knows how MariaDB reads a
// quoted string back. Used wherever the proxy splices values into statements (prepared-statement
// parameters, bound subquery results, rewrites).
#ifndef SHARDPROXY_COMMON_SQL_QUOTE_H_
#define SHARDPROXY_COMMON_SQL_QUOTE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace shardproxy {

// Appends '…' holding exactly `bytes`. With backslash escapes (the default sql_mode) NUL, \n, \r,
// ^Z, \, ' and " are escaped with a backslash; under NO_BACKSLASH_ESCAPES a backslash is an
// ordinary byte and only ' is doubled.
void AppendQuotedSqlString(absl::string_view bytes, bool no_backslash_escapes, std::string* out);

// Appends X'…' (upper-case hex): for bytes that must not go through a character set (binary
// values, or a client charset whose multi-byte characters may contain a backslash byte).
void AppendHexSqlString(absl::string_view bytes, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_COMMON_SQL_QUOTE_H_
