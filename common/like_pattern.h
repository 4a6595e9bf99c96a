// SQL LIKE matching for names the proxy lists itself (SHOW TABLES LIKE over logical tables).
#ifndef SHARDPROXY_COMMON_LIKE_PATTERN_H_
#define SHARDPROXY_COMMON_LIKE_PATTERN_H_

#include "absl/strings/string_view.h"

namespace shardproxy {

// Whether `text` matches the LIKE `pattern`: `%` any run of characters, `_` one character (a
// whole UTF-8 sequence), `\` makes the next character literal. Case-sensitive, as MySQL matches
// table names on Linux (lower_case_table_names=0).
bool MatchesLikePattern(absl::string_view text, absl::string_view pattern);

}  // namespace shardproxy

#endif  // SHARDPROXY_COMMON_LIKE_PATTERN_H_
