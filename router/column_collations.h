// The collations of logical tables' string columns, as their first data node declares them.
//
// Result metadata cannot say: MariaDB describes every string column of a result with the
// default collation of the connection's result character set, so a `utf8mb4_unicode_ci` column
// arrives labelled `utf8mb4_general_ci` (a `_bin` one at least carries the BINARY flag). A merge
// that compared such values in the labelled collation would order, group and deduplicate them
// differently from the nodes and from one server ('ß' = 'ss' and '_' < 'a' in unicode_ci, not in
// general_ci). The router therefore takes the collation of merged string keys from here.
//
// Filled by the proxy from information_schema (one query per table, cached per worker, emptied
// after DDL through the proxy); the router only reads it.
#ifndef SHARDPROXY_ROUTER_COLUMN_COLLATIONS_H_
#define SHARDPROXY_ROUTER_COLUMN_COLLATIONS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy::router {

class ColumnCollations {
 public:
  // Whether `table`'s columns were loaded (a table without string columns, or one that does not
  // exist, is known too: it has none).
  bool Knows(absl::string_view table) const;
  // The collation id of string column `column` of `table`; nullopt for other columns and
  // unknown tables. Names compare case-insensitively.
  absl::optional<uint16_t> Find(absl::string_view table, absl::string_view column) const;

  // `table`'s string columns (name, collation id); replaces what was known of it.
  void Set(absl::string_view table, const std::vector<std::pair<std::string, uint16_t>>& columns);
  void Clear() { tables_.clear(); }

 private:
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, uint16_t>> tables_;
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_COLUMN_COLLATIONS_H_
