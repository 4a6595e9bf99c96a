// Decoding literal values and encoding values as SQL literals. ANTLR-free.
#ifndef SHARDPROXY_PARSER_LITERAL_H_
#define SHARDPROXY_PARSER_LITERAL_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "parser/token.h"

namespace shardproxy::sql {

// The bytes a string literal stands for: handles N'…', adjacent parts ('a' 'b' → ab, comments
// between them included), '' and "" doubling and MySQL's backslash escapes (\0 \' \" \b \n \r
// \t \Z \\ \% \_ — the last two keep their backslash, as in MySQL). Hex and bit literals
// (x'41', 0x41, b'1', 0b1) decode to their bytes.
std::string DecodeLiteralBytes(const LiteralValue& value);
std::string DecodeStringLiteral(absl::string_view raw);

// Integer value of a kInteger literal (with optional sign). False on overflow or other kinds.
bool LiteralToInt64(const LiteralValue& value, int64_t* out);
bool LiteralToUint64(const LiteralValue& value, uint64_t* out);

// Identifier as written → name: strips backticks and undoubles ``.
std::string UnquoteIdentifier(absl::string_view raw);

// Appends `bytes` as a single-quoted SQL string literal, escaping \ ' NUL \n \r and ^Z, so the
// result is safe to splice into a statement (prepared-statement parameters, rewrites).
void AppendSqlStringLiteral(absl::string_view bytes, std::string* out);
// Appends `name` as a backtick-quoted identifier.
void AppendQuotedIdentifier(absl::string_view name, std::string* out);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_LITERAL_H_
