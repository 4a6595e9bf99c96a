// A parsed statement shape: the AST of one digest, shared (immutable) by every statement with
// that digest, in the cache and in prepared statements.
#ifndef SHARDPROXY_PARSER_STATEMENT_TEMPLATE_H_
#define SHARDPROXY_PARSER_STATEMENT_TEMPLATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "parser/ast/statement.h"

namespace shardproxy::sql {

// A literal the AST depends on structurally (a type length, a string alias, a charset name
// given as a string, …). Its value is baked into the template, so a cached template serves a
// statement only if that statement has the same text in this slot.
struct PinnedSlot {
  int32_t slot = -1;
  std::string text;
};

struct StatementTemplate {
  StatementPtr statement;
  std::string digest;                    // SqlDigest::text() of the statement it was built from
  std::vector<uint32_t> digest_offsets;  // token i's spelling starts at digest[digest_offsets[i]]
  std::vector<int32_t> token_slots;      // token i's slot, or -1
  int32_t slot_count = 0;
  int32_t param_count = 0;
  std::vector<PinnedSlot> pinned;

  // Token i as spelled in the digest ("?i", "?list", keywords and identifiers as written).
  absl::string_view TokenSpelling(size_t i) const {
    size_t begin = digest_offsets[i];
    size_t end = i + 1 < digest_offsets.size() ? digest_offsets[i + 1] - 1 : digest.size();
    return absl::string_view(digest).substr(begin, end - begin);
  }
  size_t token_count() const { return digest_offsets.size(); }
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_STATEMENT_TEMPLATE_H_
