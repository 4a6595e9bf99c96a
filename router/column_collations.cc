#include "router/column_collations.h"

#include "absl/strings/ascii.h"

namespace shardproxy::router {

bool ColumnCollations::Knows(absl::string_view table) const {
  return tables_.contains(absl::AsciiStrToLower(table));
}

absl::optional<uint16_t> ColumnCollations::Find(absl::string_view table,
                                                absl::string_view column) const {
  auto t = tables_.find(absl::AsciiStrToLower(table));
  if (t == tables_.end()) return absl::nullopt;
  auto c = t->second.find(absl::AsciiStrToLower(column));
  if (c == t->second.end()) return absl::nullopt;
  return c->second;
}

void ColumnCollations::Set(absl::string_view table,
                           const std::vector<std::pair<std::string, uint16_t>>& columns) {
  auto& entry = tables_[absl::AsciiStrToLower(table)];
  entry.clear();
  for (const auto& [name, collation] : columns) entry[absl::AsciiStrToLower(name)] = collation;
}

}  // namespace shardproxy::router
