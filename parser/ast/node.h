// Building blocks shared by all AST nodes.
//
// Positions in the AST are indices into the statement's normalized token stream
// (SqlDigest::tokens()), never byte offsets: a cached template is shared by every statement with
// the same digest, and token indices are the same for all of them. BoundStatement turns a token
// index into the byte range of that token in the statement at hand.
#ifndef SHARDPROXY_PARSER_AST_NODE_H_
#define SHARDPROXY_PARSER_AST_NODE_H_

#include <cstdint>
#include <string>

namespace shardproxy::sql {

// Half-open range [begin, end) of normalized token indices; empty when begin == end.
struct TokenSpan {
  int32_t begin = -1;
  int32_t end = -1;
  bool valid() const { return begin >= 0 && end >= begin; }
  bool empty() const { return !valid() || begin == end; }
};

// An identifier as written. `name` is unquoted (`a``b` → a`b); `token` is its token index.
struct Identifier {
  std::string name;
  bool quoted = false;
  int32_t token = -1;
  bool empty() const { return token < 0 && name.empty(); }
};

// [schema.]name of a table (or of a database-qualified object).
struct TableName {
  Identifier schema;  // empty when not qualified
  Identifier name;
  TokenSpan span;  // the whole qualified name
};

// A literal or `?` marker whose value lives in the bound statement's slot `slot`.
struct SlotRef {
  int32_t slot = -1;
  int32_t token = -1;
  bool valid() const { return slot >= 0; }
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_AST_NODE_H_
