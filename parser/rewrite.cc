#include "parser/rewrite.h"

#include "common/mysql_error.h"

namespace shardproxy::sql {

absl::Status RewriteSql(const BoundStatement& statement, absl::Span<const TextEdit> edits,
                        std::string* out) {
  out->clear();
  const SqlDigest& digest = statement.digest();
  const absl::string_view sql = digest.sql();
  const auto tokens = digest.tokens();
  const auto slots = digest.slots();
  size_t pos = 0;
  size_t next_slot = 0;
  int32_t previous_end = 0;
  // Substitutes bound parameters whose tokens lie before `limit_token`.
  auto flush_params = [&](int32_t limit_token) {
    if (!digest.params_bound()) return;
    for (; next_slot < slots.size(); ++next_slot) {
      const Slot& slot = slots[next_slot];
      if (static_cast<int32_t>(slot.token) >= limit_token) break;
      if (slot.kind != Slot::Kind::kParam) continue;
      const Token& t = tokens[slot.token];
      out->append(sql.data() + pos, t.begin - pos);
      absl::string_view value = digest.values()[slot.first_value].text;
      out->append(value.data(), value.size());
      pos = t.end;
    }
  };
  for (const TextEdit& edit : edits) {
    if (edit.token_begin < previous_end || edit.token_end < edit.token_begin ||
        edit.token_end > static_cast<int32_t>(tokens.size()) || edit.token_begin < 0) {
      return InternalError("RewriteSql: edits out of order, overlapping or out of range");
    }
    flush_params(edit.token_begin);
    // Skip parameters covered by the edit.
    while (next_slot < slots.size() &&
           static_cast<int32_t>(slots[next_slot].token) < edit.token_end) {
      ++next_slot;
    }
    if (edit.token_begin == edit.token_end) {  // pure insertion before token_begin
      size_t at = edit.token_begin < static_cast<int32_t>(tokens.size())
                      ? tokens[edit.token_begin].begin
                      : sql.size();
      out->append(sql.data() + pos, at - pos);
      out->append(edit.replacement.data(), edit.replacement.size());
      pos = at;
    } else {
      out->append(sql.data() + pos, tokens[edit.token_begin].begin - pos);
      out->append(edit.replacement.data(), edit.replacement.size());
      pos = tokens[edit.token_end - 1].end;
    }
    previous_end = edit.token_end;
  }
  flush_params(static_cast<int32_t>(tokens.size()));
  out->append(sql.data() + pos, sql.size() - pos);
  return absl::OkStatus();
}

}  // namespace shardproxy::sql
