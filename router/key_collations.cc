#include "router/key_collations.h"

#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "merger/value/collation.h"

namespace shardproxy::router {

KeyCollations::KeyCollations(const RouteContext& context, const sql::SelectNode& block)
    : context_(context) {
  if (context.collations == nullptr) return;
  for (const sql::TableRefPtr& ref : block.from) AddTables(*ref);
}

void KeyCollations::AddTables(const sql::TableRef& ref) {
  switch (ref.kind) {
    case sql::TableRefKind::kBase:
      tables_.push_back(&ref.As<sql::BaseTableRef>());
      break;
    case sql::TableRefKind::kJoin:
      AddTables(*ref.As<sql::JoinTableRef>().left);
      AddTables(*ref.As<sql::JoinTableRef>().right);
      break;
    case sql::TableRefKind::kNested:
      for (const sql::TableRefPtr& item : ref.As<sql::NestedTableRef>().items) AddTables(*item);
      break;
    case sql::TableRefKind::kDerived:
      derived_.push_back(&ref.As<sql::DerivedTableRef>());
      break;
  }
}

absl::optional<uint16_t> KeyCollations::OfColumn(const sql::ColumnRefExpr& ref) const {
  const ColumnCollations* known = context_.collations;
  if (known == nullptr) return absl::nullopt;
  absl::optional<uint16_t> found;
  int matches = 0;
  for (const sql::BaseTableRef* table : tables_) {
    const std::string& name = table->name.name.name;
    if (!ref.table.empty() &&
        !absl::EqualsIgnoreCase(table->alias.empty() ? name : table->alias.name, ref.table.name)) {
      continue;
    }
    if (!known->Knows(name)) {
      if (context_.collations_missing != nullptr &&
          !absl::c_linear_search(*context_.collations_missing, name)) {
        context_.collations_missing->push_back(name);
      }
      continue;
    }
    if (absl::optional<uint16_t> collation = known->Find(name, ref.column.name)) {
      found = collation;
      ++matches;
    }
  }
  for (const sql::DerivedTableRef* table : derived_) {
    if (!ref.table.empty() && !absl::EqualsIgnoreCase(table->alias.name, ref.table.name)) continue;
    if (absl::optional<uint16_t> collation = OfDerivedColumn(*table, ref.column.name)) {
      found = collation;
      ++matches;
    }
  }
  return matches == 1 ? found : absl::nullopt;
}

absl::optional<uint16_t> KeyCollations::OfDerivedColumn(const sql::DerivedTableRef& table,
                                                        const std::string& column) const {
  if (table.query == nullptr || table.query->kind != sql::QueryKind::kSelect) return absl::nullopt;
  const auto& block = table.query->As<sql::SelectNode>();
  for (size_t i = 0; i < block.items.size(); ++i) {
    const sql::SelectItem& item = block.items[i];
    if (item.kind != sql::SelectItem::Kind::kExpr) return absl::nullopt;  // columns unknown
    const bool named =
        i < table.columns.size() ? absl::EqualsIgnoreCase(table.columns[i].name, column)
        : !item.alias.empty()
            ? absl::EqualsIgnoreCase(item.alias.name, column)
            : item.expr->kind == sql::ExprKind::kColumnRef &&
                  absl::EqualsIgnoreCase(item.expr->As<sql::ColumnRefExpr>().column.name, column);
    if (named) return KeyCollations(context_, block).Of(*item.expr);
  }
  return absl::nullopt;
}

std::vector<absl::optional<uint16_t>> KeyCollations::OfItems(
    const std::vector<sql::SelectItem>& items) const {
  std::vector<absl::optional<uint16_t>> out;
  bool any = false;
  for (const sql::SelectItem& item : items) {
    out.push_back(item.kind == sql::SelectItem::Kind::kExpr ? Of(*item.expr) : absl::nullopt);
    any = any || out.back().has_value();
  }
  if (!any) out.clear();
  return out;
}

absl::optional<uint16_t> KeyCollations::Of(const sql::Expr& e) const {
  switch (e.kind) {
    case sql::ExprKind::kCollate: {
      const Collation* c = Collation::FindByName(e.As<sql::CollateExpr>().collation);
      return c != nullptr ? absl::optional<uint16_t>(c->id()) : absl::nullopt;
    }
    case sql::ExprKind::kColumnRef:
      return OfColumn(e.As<sql::ColumnRefExpr>());
    case sql::ExprKind::kFunction: {
      const auto& f = e.As<sql::FunctionExpr>();
      static constexpr absl::string_view kKeepCollation[] = {
          "MIN",    "MAX",       "LOWER",   "LCASE",    "UPPER", "UCASE",          "TRIM",
          "LTRIM",  "RTRIM",     "LEFT",    "RIGHT",    "MID",   "SUBSTRING",      "SUBSTR",
          "CONCAT", "CONCAT_WS", "REPLACE", "LPAD",     "RPAD",  "REVERSE",        "COALESCE",
          "IFNULL", "NULLIF",    "IF",      "GREATEST", "LEAST", "SUBSTRING_INDEX"};
      if (f.over != nullptr || !absl::c_linear_search(kKeepCollation, f.upper_name)) {
        return absl::nullopt;
      }
      absl::optional<uint16_t> common;
      for (const sql::ExprPtr& arg : f.args) {
        absl::optional<uint16_t> c = Of(*arg);
        if (!c.has_value()) continue;
        if (common.has_value() && *common != *c) return absl::nullopt;
        common = c;
      }
      return common;
    }
    default:
      return absl::nullopt;
  }
}

}  // namespace shardproxy::router
