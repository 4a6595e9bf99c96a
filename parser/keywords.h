// Keyword facts needed without the grammar (printing identifiers, classifying statements).
#ifndef SHARDPROXY_PARSER_KEYWORDS_H_
#define SHARDPROXY_PARSER_KEYWORDS_H_

#include "absl/strings/string_view.h"

namespace shardproxy::sql {

// True if `word` (any case) is a MariaDB reserved word, i.e. needs backticks as an identifier.
bool IsReservedWord(absl::string_view word);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_KEYWORDS_H_
