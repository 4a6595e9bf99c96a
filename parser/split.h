// Splitting a multi-statement string (COM_QUERY with CLIENT_MULTI_STATEMENTS) into statements.
#ifndef SHARDPROXY_PARSER_SPLIT_H_
#define SHARDPROXY_PARSER_SPLIT_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace shardproxy::sql {

// Splits at every ';' that is outside quotes ('…', "…", `…`) and comments (#, -- , /* */).
// Semicolons inside `/*! … */` versioned comments split too, because MariaDB executes their
// content as code. Pieces keep their text (leading/trailing whitespace and comments included,
// the ';' excluded); pieces with nothing but whitespace and comments are dropped. An
// unterminated quote runs to the end (the parser then reports it). `no_backslash_escapes`: the
// session's sql_mode has NO_BACKSLASH_ESCAPES (a backslash then escapes nothing in quotes).
std::vector<absl::string_view> SplitStatements(absl::string_view sql,
                                               bool no_backslash_escapes = false);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_SPLIT_H_
