#include "parser/parser.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/antlr/antlr_parse.h"
#include "parser/syntax_error.h"

namespace shardproxy::sql {

Parser::Parser(ParserOptions options)
    : options_(options), cache_(options.cache_capacity, options.cache_shards) {}

absl::Status Parser::Parse(absl::string_view sql, BoundStatement* out) {
  absl::Status status = out->digest_.Compute(sql);
  if (!status.ok()) return status;
  return ParseDigested(out, /*allow_params=*/false, /*use_cache=*/true);
}

absl::Status Parser::ParseUncached(absl::string_view sql, BoundStatement* out, bool allow_params) {
  absl::Status status = out->digest_.Compute(sql);
  if (!status.ok()) return status;
  return ParseDigested(out, allow_params, /*use_cache=*/false);
}

absl::Status Parser::ParseDigested(BoundStatement* out, bool allow_params, bool use_cache) {
  const SqlDigest& digest = out->digest_;
  if (!allow_params && digest.param_count() > 0) {
    for (const Slot& slot : digest.slots()) {
      if (slot.kind == Slot::Kind::kParam) {
        return SyntaxErrorAt(digest.sql(), digest.tokens()[slot.token].begin);
      }
    }
  }
  if (use_cache) {
    std::shared_ptr<const StatementTemplate> cached = cache_.Lookup(digest);
    if (cached != nullptr) {
      out->template_ = std::move(cached);
      return absl::OkStatus();
    }
  }
  absl::StatusOr<std::unique_ptr<StatementTemplate>> built = BuildTemplate(digest);
  if (!built.ok()) {
    out->template_.reset();
    return built.status();
  }
  std::shared_ptr<const StatementTemplate> tmpl = std::move(*built);
  if (use_cache && digest.tokens().size() <= options_.max_cached_tokens) {
    cache_.Insert(digest, tmpl);
  }
  out->template_ = std::move(tmpl);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const PreparedStatement>> Parser::Prepare(absl::string_view sql) {
  std::shared_ptr<PreparedStatement> prepared(new PreparedStatement());
  prepared->sql_ = std::string(sql);
  BoundStatement scratch;
  absl::Status status = scratch.digest_.Compute(prepared->sql_);
  if (!status.ok()) return status;
  status = ParseDigested(&scratch, /*allow_params=*/true, /*use_cache=*/true);
  if (!status.ok()) return status;
  prepared->digest_ = scratch.digest_;
  prepared->template_ = scratch.template_;
  return std::shared_ptr<const PreparedStatement>(std::move(prepared));
}

absl::Status PreparedStatement::Bind(absl::Span<const LiteralValue> params,
                                     BoundStatement* out) const {
  if (static_cast<int>(params.size()) != digest_.param_count()) {
    return MysqlStatus(mysql_errc::kWrongArguments, "HY000",
                       "Incorrect arguments to mysqld_stmt_execute");
  }
  out->template_ = template_;
  out->digest_ = digest_;
  for (size_t i = 0; i < params.size(); ++i) {
    out->digest_.BindParam(static_cast<int>(i), params[i]);
  }
  return absl::OkStatus();
}

}  // namespace shardproxy::sql
