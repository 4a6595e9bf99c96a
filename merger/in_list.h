// Batched lookups for cross-node joins and IN-subqueries: the key values collected from one side
// become `IN (...)` literal lists pushed into the SQL sent to the other side's shards.
//
// Literals are written so the backend reads back exactly the value the cell held: integers and
// decimals as they are, doubles in round-trip form, character strings quoted with every special
// byte escaped (for the backends' sql_mode, with or without NO_BACKSLASH_ESCAPES), binary strings,
// BIT and GEOMETRY as X'..' hex. NULL keys are dropped (x IN (NULL) never holds) and so are exact
// duplicates; lists are split to stay under a value count and a byte size (max_allowed_packet).
#ifndef SHARDPROXY_MERGER_IN_LIST_H_
#define SHARDPROXY_MERGER_IN_LIST_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"

namespace shardproxy {

// `value` of a column described by `column` as a SQL literal ("NULL" for NULL).
std::string SqlLiteral(const Cell& value, const ColumnDefinition& column,
                       bool no_backslash_escapes = false);

struct InListOptions {
  size_t max_values = 1000;        // per list
  size_t max_bytes = 1024 * 1024;  // per list text
  bool no_backslash_escapes = false;
};

class InListBuilder {
 public:
  // One column: `x IN (v1, v2)`; several: `(a, b) IN ((1, 'x'), (2, 'y'))`.
  explicit InListBuilder(std::vector<ColumnDefinition> key_columns, InListOptions options = {});

  // Adds one key (cells for the key columns, in order). Keys with a NULL and repeats are skipped.
  void Add(RowView key);
  size_t size() const { return values_.size(); }

  // The lists, each "(v1,v2,...)" ready to follow IN; empty when no key was added (an IN with
  // nothing in it matches nothing: callers skip the lookup).
  std::vector<std::string> Lists() const;

 private:
  std::vector<ColumnDefinition> columns_;
  InListOptions options_;
  std::vector<std::string> values_;  // rendered literals (tuples for several columns)
  absl::flat_hash_set<std::string> seen_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_IN_LIST_H_
