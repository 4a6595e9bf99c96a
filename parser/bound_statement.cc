#include "parser/bound_statement.h"

namespace shardproxy::sql {

absl::string_view BoundStatement::TokenSql(int32_t token) const {
  int32_t slot = digest_.tokens()[token].slot;
  if (slot >= 0) return SlotSql(slot);
  return digest_.TokenText(static_cast<size_t>(token));
}

absl::string_view BoundStatement::SlotSql(int32_t slot) const {
  const Slot& s = digest_.slots()[slot];
  if (s.kind == Slot::Kind::kParam) return digest_.values()[s.first_value].text;
  return digest_.TokenText(s.token);
}

}  // namespace shardproxy::sql
