// The collation a merged string key compares in (see column_collations.h): COLLATE's; a column's
// declared one; that of functions whose result keeps their string arguments' collation (LOWER,
// CONCAT, MIN, ...) when those agree. Otherwise nullopt: the collation the result metadata names,
// which is right for strings in the connection's collation (literals, CAST, DATE_FORMAT).
//
// Columns resolve against the tables of one SELECT block's FROM clause (by alias or name; an
// unqualified name that fits several tables gets none); a derived table's column is its select
// item. A table the context's collations do
// not know is appended to its `collations_missing`.
#ifndef SHARDPROXY_ROUTER_KEY_COLLATIONS_H_
#define SHARDPROXY_ROUTER_KEY_COLLATIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "parser/ast/expression.h"
#include "parser/ast/query.h"
#include "router/router.h"

namespace shardproxy::router {

class KeyCollations {
 public:
  KeyCollations(const RouteContext& context, const sql::SelectNode& block);

  absl::optional<uint16_t> Of(const sql::Expr& e) const;
  // Of() of each select item (nullopt for a star); empty when none is known.
  std::vector<absl::optional<uint16_t>> OfItems(const std::vector<sql::SelectItem>& items) const;

 private:
  void AddTables(const sql::TableRef& ref);
  absl::optional<uint16_t> OfColumn(const sql::ColumnRefExpr& ref) const;

  // The collation of a derived table's column: its select item's.
  absl::optional<uint16_t> OfDerivedColumn(const sql::DerivedTableRef& table,
                                           const std::string& column) const;

  const RouteContext& context_;
  std::vector<const sql::BaseTableRef*> tables_;
  std::vector<const sql::DerivedTableRef*> derived_;
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_KEY_COLLATIONS_H_
