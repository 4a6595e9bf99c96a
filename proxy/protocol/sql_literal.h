// A bound parameter value -> the SQL literal a MariaDB backend parses back to the same value.
//
// The proxy prepares statements itself and sends the backends text SQL, so each '?' becomes a
// literal (ARCHITECTURE.md: "a parameter is just a literal that arrived late"). The literal keeps
// the value and, where SQL can say it, the type a server-side prepared statement would give it:
//   integers      42, -7, 18446744073709551615
//   FLOAT/DOUBLE  shortest round-trip digits in exponent form (1.0000000149011612e-01), which
//                 MariaDB reads as DOUBLE, as it does a FLOAT or DOUBLE parameter
//   DECIMAL       the digits as sent (123.450), read as DECIMAL; anything that is not plain
//                 [+-]digits[.digits] is quoted and left to the server's string conversion
//   strings       '...' in the connection character set, escaped for the session's sql_mode
//   BLOB types    _binary'...' (a binary string, as servers treat BLOB-typed parameters)
//   DATE          DATE'2024-02-29';  DATETIME/TIMESTAMP  TIMESTAMP'2024-02-29 13:14:15.000001';
//   TIME          TIME'-838:59:59'; values a typed literal rejects (2024-02-31, 900:00:00) are
//                 quoted strings instead, converted (or refused) by the server in context
//   NULL          NULL
//
// Escaping follows the server's lexer: with backslash escapes, \0 \n \r \\ \' \" and \Z (0x1a)
// are escaped; under NO_BACKSLASH_ESCAPES only the quote is doubled and every other byte,
// including NUL, goes through as is (as mysql_real_escape_string does). Bytes are never
// reinterpreted: invalid UTF-8 stays exactly as sent. For client character sets in which a
// multi-byte character can end in the byte of '\\' or '\'' (IsAsciiUnsafeCharset: big5, cp932,
// gbk, sjis, gb18030) byte-wise escaping could be undone by the lexer, so strings are written in
// hex with the charset's introducer instead (_gbk X'c4e3'), which MariaDB reads as a string.
#ifndef SHARDPROXY_PROXY_PROTOCOL_SQL_LITERAL_H_
#define SHARDPROXY_PROXY_PROTOCOL_SQL_LITERAL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proxy/protocol/com_stmt_execute.h"

namespace shardproxy {

struct SqlLiteralOptions {
  // The session's sql_mode contains NO_BACKSLASH_ESCAPES.
  bool no_backslash_escapes = false;
  // The client character set's name when IsAsciiUnsafeCharset(name), else empty.
  absl::string_view ascii_unsafe_charset;
};

// Appends the literal for `value`. Fails (1210, HY000) only for values no literal can carry: a
// NaN or infinite FLOAT/DOUBLE, or a temporal value with more than 6 fraction digits; `out` is
// then unchanged.
absl::Status AppendSqlLiteral(const ParamValue& value, const SqlLiteralOptions& options,
                              std::string* out);

// '...' with `bytes` escaped as above (or the hex form for an unsafe charset).
void AppendQuotedString(absl::string_view bytes, const SqlLiteralOptions& options,
                        std::string* out);

// big5, cp932, gbk, sjis, gb18030 (case-insensitive).
bool IsAsciiUnsafeCharset(absl::string_view charset);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_SQL_LITERAL_H_
