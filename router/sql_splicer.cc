#include "router/sql_splicer.h"

#include <algorithm>

#include "parser/literal.h"

namespace shardproxy::router {

SqlSplicer::SqlSplicer(const sql::BoundStatement& statement) : statement_(statement) {
  const sql::TokenSpan& span = statement.statement().span;
  first_ = span.valid() ? span.begin : 0;
  end_ = span.valid() ? span.end : static_cast<int32_t>(statement.digest().tokens().size());
}

void SqlSplicer::RenameTable(int32_t begin, int32_t end, int table, bool quote) {
  Rename r{begin, end, table, quote};
  auto it = std::lower_bound(renames_.begin(), renames_.end(), begin,
                             [](const Rename& a, int32_t b) { return a.begin < b; });
  if (it != renames_.end() && it->begin == begin) return;  // already renamed
  renames_.insert(it, r);
}

void SqlSplicer::Replace(int32_t begin, int32_t end, std::vector<SplicePiece> pieces) {
  if (begin < end) {
    // The new text stands for the whole range: insertions made inside it earlier (a naming
    // alias of a select item that is now rewritten) would land after it.
    edits_.erase(std::remove_if(edits_.begin(), edits_.end(),
                                [&](const Edit& e) {
                                  return e.begin == e.end && e.begin > begin && e.begin <= end;
                                }),
                 edits_.end());
  }
  auto it = std::upper_bound(edits_.begin(), edits_.end(), begin,
                             [](int32_t b, const Edit& e) { return b < e.begin; });
  edits_.insert(it, Edit{begin, end, std::move(pieces)});
}

bool SqlSplicer::RenamesWithin(int32_t begin, int32_t end) const {
  for (const Rename& r : renames_) {
    if (r.begin >= begin && r.end <= end) return true;
  }
  return false;
}

absl::string_view SqlSplicer::OriginalText(int32_t begin, int32_t end) const {
  if (begin >= end) return {};
  absl::string_view sql = statement_.sql();
  uint32_t from = statement_.digest().tokens()[begin].begin;
  uint32_t to = statement_.digest().tokens()[end - 1].end;
  return sql.substr(from, to - from);
}

absl::string_view SqlSplicer::Tail() const {
  if (end_ <= first_) return {};
  auto tokens = statement_.digest().tokens();
  uint32_t from = tokens[end_ - 1].end;
  uint32_t to = end_ < static_cast<int32_t>(tokens.size())
                    ? tokens[end_].begin
                    : static_cast<uint32_t>(statement_.sql().size());
  absl::string_view tail = statement_.sql().substr(from, to - from);
  size_t closer = tail.find("*/");
  return closer == absl::string_view::npos ? absl::string_view() : tail.substr(0, closer + 2);
}

absl::string_view SqlSplicer::UneditedText() const {
  if (end_ <= first_) return statement_.sql();
  auto tokens = statement_.digest().tokens();
  size_t end = tokens[end_ - 1].end + Tail().size();
  return statement_.sql().substr(0, end);
}

void SqlSplicer::AppendGapBefore(int32_t token, std::string* out) const {
  if (token <= first_) return;
  auto tokens = statement_.digest().tokens();
  uint32_t from = tokens[token - 1].end;
  uint32_t to = tokens[token].begin;
  if (to > from) out->append(statement_.sql().data() + from, to - from);
}

void SqlSplicer::RenderTokens(int32_t begin, int32_t end, absl::Span<const absl::string_view> names,
                              std::string* out) const {
  auto r = std::lower_bound(renames_.begin(), renames_.end(), begin,
                            [](const Rename& a, int32_t b) { return a.begin < b; });
  for (int32_t i = begin; i < end;) {
    if (i > begin) AppendGapBefore(i, out);
    if (r != renames_.end() && r->begin == i && r->end <= end) {
      absl::string_view name = names[static_cast<size_t>(r->table)];
      if (r->quote) {
        sql::AppendQuotedIdentifier(name, out);
      } else {
        out->append(name.data(), name.size());
      }
      i = r->end;
      ++r;
      continue;
    }
    absl::string_view text = statement_.TokenSql(i);
    out->append(text.data(), text.size());
    ++i;
  }
}

void SqlSplicer::AppendPieces(const std::vector<SplicePiece>& pieces,
                              absl::Span<const absl::string_view> names, std::string* out) const {
  for (const SplicePiece& p : pieces) {
    if (p.begin >= 0) {
      RenderTokens(p.begin, p.end, names, out);
    } else {
      out->append(p.text);
    }
  }
}

void SqlSplicer::Render(absl::Span<const absl::string_view> names, std::string* out) const {
  out->clear();
  auto tokens = statement_.digest().tokens();
  // Leading comments are kept (optimizer hints and tracing comments mean something to people).
  if (first_ < end_) out->append(statement_.sql().data(), tokens[first_].begin);
  int32_t i = first_;
  for (const Edit& edit : edits_) {
    if (edit.begin > i) {
      if (i > first_) AppendGapBefore(i, out);
      RenderTokens(i, edit.begin, names, out);
      i = edit.begin;
    }
    if (edit.begin == edit.end) {
      // An insertion is glued to the token before it; its text brings its own spacing.
      AppendPieces(edit.pieces, names, out);
      continue;
    }
    if (edit.begin > first_) AppendGapBefore(edit.begin, out);
    AppendPieces(edit.pieces, names, out);
    i = edit.end;
  }
  if (i < end_) {
    if (i > first_) AppendGapBefore(i, out);
    RenderTokens(i, end_, names, out);
  }
  absl::string_view tail = Tail();
  out->append(tail.data(), tail.size());
}

}  // namespace shardproxy::router
