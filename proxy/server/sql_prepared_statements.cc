#include "proxy/server/sql_prepared_statements.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/ast/session.h"
#include "parser/literal.h"
#include "parser/token.h"
#include "proxy/server/prepared_statement.h"

namespace shardproxy {
namespace {

using sql::TokenKind;

// Walks the statement's tokens; every read past the end sees an empty word.
class TokenCursor {
 public:
  explicit TokenCursor(const sql::BoundStatement& statement) : statement_(statement) {}

  bool done() const { return next_ >= statement_.digest().tokens().size(); }
  const sql::Token& token() const { return statement_.digest().tokens()[next_]; }
  absl::string_view text() const {
    return done() ? absl::string_view() : statement_.digest().TokenText(next_);
  }
  bool AtWord(absl::string_view upper) const { return statement_.digest().IsWord(next_, upper); }
  bool AtPunct(sql::Punct punct) const { return statement_.digest().IsPunct(next_, punct); }
  absl::optional<std::string> Identifier() const { return statement_.digest().IdentifierAt(next_); }
  void Advance() { ++next_; }

 private:
  const sql::BoundStatement& statement_;
  size_t next_ = 0;
};

absl::Status Malformed(absl::string_view keyword) {
  return SyntaxError(
      absl::StrCat("You have an error in your SQL syntax in ", keyword, ": expected ",
                   keyword == "PREPARE" ? "PREPARE name FROM '…' | @var"
                   : keyword == "EXECUTE" ? "EXECUTE name [USING value, …] or EXECUTE IMMEDIATE '…'"
                                          : "DEALLOCATE PREPARE name"));
}

// A statement name: a word or a quoted identifier.
bool TakeName(TokenCursor* cursor, std::string* name) {
  absl::optional<std::string> identifier = cursor->Identifier();
  if (!identifier) return false;
  *name = *std::move(identifier);
  cursor->Advance();
  return true;
}

// '…' (after an optional introducer such as _utf8mb4) or @var.
bool TakeText(TokenCursor* cursor, SqlPrepareCommand* command) {
  if (!cursor->done() && cursor->token().kind == TokenKind::kIntroducer) cursor->Advance();
  if (cursor->done()) return false;
  if (cursor->token().kind == TokenKind::kString) {
    command->text = sql::DecodeStringLiteral(cursor->text());
  } else if (cursor->token().kind == TokenKind::kUserVar) {
    command->text_variable = UserVariableName(cursor->text());
  } else {
    return false;
  }
  cursor->Advance();
  return true;
}

absl::Status ExpressionArgument() {
  return UnsupportedError("EXECUTE … USING with expressions; pass user variables or literals");
}

absl::Status TakeArguments(TokenCursor* cursor, SqlPrepareCommand* command) {
  if (cursor->done()) return absl::OkStatus();
  if (!cursor->AtWord("USING")) return Malformed("EXECUTE");
  cursor->Advance();
  do {
    if (cursor->done()) return Malformed("EXECUTE");
    SqlPrepareCommand::Argument argument;
    const sql::Token& token = cursor->token();
    if (token.kind == TokenKind::kUserVar) {
      argument.variable = true;
      argument.text = UserVariableName(cursor->text());
    } else if (sql::IsLiteralKind(token.kind) || cursor->AtWord("NULL")) {
      argument.text = std::string(cursor->text());
    } else {
      return ExpressionArgument();
    }
    command->arguments.push_back(std::move(argument));
    cursor->Advance();
    if (cursor->done()) return absl::OkStatus();
    if (!cursor->AtPunct(sql::Punct::kComma)) return ExpressionArgument();
    cursor->Advance();
  } while (true);
}

}  // namespace

absl::StatusOr<absl::optional<SqlPrepareCommand>> ParseSqlPrepareCommand(
    const sql::BoundStatement& statement) {
  if (statement.kind() != sql::StatementKind::kOther) return absl::nullopt;
  const std::string& leading = statement.statement().As<sql::OtherStatement>().leading;
  SqlPrepareCommand command;
  TokenCursor cursor(statement);
  cursor.Advance();
  if (leading == "PREPARE") {
    command.kind = SqlPrepareCommand::Kind::kPrepare;
    if (!TakeName(&cursor, &command.name) || !cursor.AtWord("FROM")) return Malformed(leading);
    cursor.Advance();
    if (!TakeText(&cursor, &command) || !cursor.done()) return Malformed(leading);
    return command;
  }
  if (leading == "EXECUTE") {
    if (cursor.AtWord("IMMEDIATE")) {
      cursor.Advance();
      command.kind = SqlPrepareCommand::Kind::kExecuteImmediate;
      if (!TakeText(&cursor, &command)) return Malformed(leading);
    } else {
      command.kind = SqlPrepareCommand::Kind::kExecute;
      if (!TakeName(&cursor, &command.name)) return Malformed(leading);
    }
    absl::Status arguments = TakeArguments(&cursor, &command);
    if (!arguments.ok()) return arguments;
    return command;
  }
  if (leading == "DEALLOCATE" || leading == "DROP PREPARE") {
    command.kind = SqlPrepareCommand::Kind::kDeallocate;
    if (leading == "DEALLOCATE") {
      if (!cursor.AtWord("PREPARE")) return Malformed("DEALLOCATE");
    }
    cursor.Advance();  // PREPARE
    if (!TakeName(&cursor, &command.name) || !cursor.done()) return Malformed("DEALLOCATE");
    return command;
  }
  return absl::nullopt;
}

std::string TextOfUserVariable(absl::string_view literal) {
  if (absl::StartsWith(literal, "'")) return sql::DecodeStringLiteral(literal);
  if (absl::StartsWithIgnoreCase(literal, "X'")) {
    return sql::DecodeLiteralBytes(sql::LiteralValue{TokenKind::kHexString, literal});
  }
  return std::string(literal);
}

absl::StatusOr<std::string> BindSqlPrepared(absl::string_view text,
                                            absl::Span<const SqlPrepareCommand::Argument> arguments,
                                            const UserVariables& variables,
                                            bool no_backslash_escapes) {
  std::vector<uint32_t> markers = FindParameterMarkers(text, no_backslash_escapes);
  if (markers.size() != arguments.size()) {
    return MysqlStatus(mysql_errc::kWrongArguments, "HY000", "Incorrect arguments to EXECUTE");
  }
  std::string out;
  size_t from = 0;
  for (size_t i = 0; i < markers.size(); ++i) {
    absl::StrAppend(&out, text.substr(from, markers[i] - from));
    const SqlPrepareCommand::Argument& argument = arguments[i];
    if (!argument.variable) {
      out.append(argument.text);
    } else {
      auto it = variables.find(argument.text);
      out.append(it != variables.end() ? it->second : "NULL");
    }
    from = markers[i] + 1;
  }
  absl::StrAppend(&out, text.substr(from));
  return out;
}

}  // namespace shardproxy
