// shardproxy's SQL parser: the public entry point of parser/.
//
//   sql::Parser parser;                      // one per process, shared by all workers
//   sql::BoundStatement stmt;                // one per session, reused
//   absl::Status s = parser.Parse(sql_text, &stmt);
//   if (!s.ok()) → send ToMysqlError(s) (1064 / 1065 / 1436 with MySQL's message)
//   stmt.statement()                         // our AST (parser/ast/…); never an ANTLR type
//   stmt.statement().tables                  // every table mentioned, with token positions
//   stmt.Value(limit.count), stmt.Values(in.list_slot), stmt.Rows(...)  // literal values
//   Rewrite(stmt, edits, &out)               // splice replacements into the original text
//   PrintSql(stmt.statement(), stmt)         // AST → SQL
//
// Parse() tokenizes the statement with the digest tokenizer; a digest seen before takes the
// template from the cache (no ANTLR, no allocation once the session's buffers are warm); a new
// digest is parsed by the ANTLR grammar (SLL first, LL only if SLL fails) and cached.
//
// Prepared statements: Prepare() parses once and returns a PreparedStatement; Bind() at execute
// copies its tokens into a BoundStatement and sets the parameter values.
//
// Cheap helpers that need no parse at all (passthrough mode) are in parser/classify.h
// (statement kind, flags, candidate table names) and parser/split.h (multi-statement strings).
// The router may include parser/parser.h, parser/bound_statement.h, parser/ast/*.h,
// parser/printer.h, parser/rewrite.h, parser/classify.h, parser/split.h, parser/literal.h,
// parser/sql_digest.h — none of them includes ANTLR.
#ifndef SHARDPROXY_PARSER_PARSER_H_
#define SHARDPROXY_PARSER_PARSER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "parser/bound_statement.h"
#include "parser/template_cache.h"

namespace shardproxy::sql {

struct ParserOptions {
  size_t cache_capacity = 20000;  // digests kept
  size_t cache_shards = 32;
  // Statements with more normalized tokens than this are parsed every time and not cached, so a
  // stream of huge one-off statements cannot fill the cache with huge templates.
  size_t max_cached_tokens = 4096;
};

// A statement parsed at COM_STMT_PREPARE. Immutable and shareable; owns a copy of its text.
class PreparedStatement {
 public:
  absl::string_view sql() const { return sql_; }
  int param_count() const { return digest_.param_count(); }
  const Statement& statement() const { return *template_->statement; }
  const std::shared_ptr<const StatementTemplate>& shared_template() const { return template_; }

  // Fills `out` with this statement and parameter i set to params[i]. Each value's text must be
  // SQL literal text (a number as digits, a string quoted with AppendSqlStringLiteral, NULL as
  // "NULL" with kind kNull) and must outlive `out`'s use. Fails with 1210 if the count is wrong.
  absl::Status Bind(absl::Span<const LiteralValue> params, BoundStatement* out) const;

 private:
  friend class Parser;
  PreparedStatement() = default;
  std::string sql_;
  SqlDigest digest_;  // views into sql_
  std::shared_ptr<const StatementTemplate> template_;
};

class Parser {
 public:
  explicit Parser(ParserOptions options = {});
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses one statement of the text protocol (a trailing ';' is allowed; split multi-statement
  // strings first with SplitStatements). `?` is a syntax error here, as in MySQL. `sql` must
  // outlive the use of `out`. Thread-safe.
  absl::Status Parse(absl::string_view sql, BoundStatement* out);

  // Parses a statement with `?` parameter markers once, for COM_STMT_PREPARE. Thread-safe.
  absl::StatusOr<std::shared_ptr<const PreparedStatement>> Prepare(absl::string_view sql);

  // Always runs the grammar (no cache lookup or insert); for tests and benchmarks.
  absl::Status ParseUncached(absl::string_view sql, BoundStatement* out, bool allow_params = false);

  TemplateCache::Stats cache_stats() const { return cache_.stats(); }

 private:
  absl::Status ParseDigested(BoundStatement* out, bool allow_params, bool use_cache);

  ParserOptions options_;
  TemplateCache cache_;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_PARSER_H_
