// Builds the SQL a data node receives by splicing the client's statement text: tokens are
// copied with the whitespace and comments between them, table names are replaced by each node's
// actual names, and whole token ranges can be replaced by generated text (the rewritten select
// list of a cross-shard aggregate, LIMIT o+n, …). Bound parameters of a prepared statement are
// written as their literal values.
//
// One splicer describes the edits of a plan; Render() is called once per node with that node's
// table names, so the edits are computed once however many nodes the statement runs on.
#ifndef SHARDPROXY_ROUTER_SQL_SPLICER_H_
#define SHARDPROXY_ROUTER_SQL_SPLICER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "parser/bound_statement.h"

namespace shardproxy::router {

// Generated text, or a token range of the statement rendered with the table renames applied.
struct SplicePiece {
  static SplicePiece Text(std::string text) { return SplicePiece{std::move(text), -1, -1}; }
  static SplicePiece Tokens(int32_t begin, int32_t end) { return SplicePiece{{}, begin, end}; }
  std::string text;
  int32_t begin = -1;
  int32_t end = -1;
};

class SqlSplicer {
 public:
  explicit SqlSplicer(const sql::BoundStatement& statement);

  // Tokens [begin, end) print as the name of table slot `table` (see Render).
  void RenameTable(int32_t begin, int32_t end, int table, bool quote);
  // Tokens [begin, end) print as `pieces`; begin == end inserts before token `begin` (the
  // statement's end token count appends). A replacement drops earlier insertions after `begin`
  // up to `end`, which it supersedes (naming aliases of select items it rewrites).
  void Replace(int32_t begin, int32_t end, std::vector<SplicePiece> pieces);

  bool has_renames() const { return !renames_.empty(); }
  // Whether a rename falls inside tokens [begin, end).
  bool RenamesWithin(int32_t begin, int32_t end) const;

  // The statement with all edits; `names[slot]` is the actual name of each table slot.
  void Render(absl::Span<const absl::string_view> names, std::string* out) const;
  // Tokens [begin, end) with the whitespace between them and the renames within.
  void RenderTokens(int32_t begin, int32_t end, absl::Span<const absl::string_view> names,
                    std::string* out) const;
  // The statement as written, without a trailing ';' (what Render gives without edits).
  absl::string_view UneditedText() const;
  // The original text of tokens [begin, end), as the client wrote it.
  absl::string_view OriginalText(int32_t begin, int32_t end) const;

  int32_t first_token() const { return first_; }
  int32_t end_token() const { return end_; }

 private:
  struct Rename {
    int32_t begin;
    int32_t end;
    int table;
    bool quote;
  };
  struct Edit {
    int32_t begin;
    int32_t end;
    std::vector<SplicePiece> pieces;
  };
  // Bytes after the last token that must stay: the closer of a versioned comment.
  absl::string_view Tail() const;
  void AppendGapBefore(int32_t token, std::string* out) const;
  void AppendPieces(const std::vector<SplicePiece>& pieces,
                    absl::Span<const absl::string_view> names, std::string* out) const;

  const sql::BoundStatement& statement_;
  int32_t first_ = 0;
  int32_t end_ = 0;
  std::vector<Rename> renames_;  // sorted by begin, disjoint
  std::vector<Edit> edits_;      // kept sorted by begin
};

}  // namespace shardproxy::router

#endif  // SHARDPROXY_ROUTER_SQL_SPLICER_H_
