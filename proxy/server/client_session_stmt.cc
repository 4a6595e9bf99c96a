// Prepared statements of ClientSession. The proxy owns the statement ids. A statement the handler
// can keep prepared on its data source (passthrough; StatementHandler::RunsNatively) runs there
// natively: the client's executes go to it as binary packets. Any other statement: PREPARE finds
// the `?` markers and asks the data source for the statement's shape (it prepares and closes it
// at once); EXECUTE writes the bound values into the text as SQL literals and runs it like a
// COM_QUERY, answering with binary rows.
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/protocol/com_stmt_close.h"
#include "proxy/protocol/com_stmt_execute.h"
#include "proxy/protocol/com_stmt_prepare.h"
#include "proxy/protocol/com_stmt_reset.h"
#include "proxy/protocol/com_stmt_send_long_data.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/sql_literal.h"
#include "proxy/protocol/stmt_prepare_ok.h"
#include "proxy/server/client_session.h"

namespace shardproxy {
namespace {

absl::Status UnknownStatement(uint32_t id, absl::string_view command) {
  return MysqlStatus(
      mysql_errc::kUnknownStmtHandler, "HY000",
      absl::StrCat("Unknown prepared statement handler (", id, ") given to ", command));
}

}  // namespace

PreparedStatement* ClientSession::FindStatement(uint32_t id) {
  if (id == kLastPreparedStatementId) id = last_statement_id_;
  auto it = statements_.find(id);
  return it == statements_.end() ? nullptr : it->second.get();
}

void ClientSession::HandleStmtPrepare(absl::string_view payload) {
  absl::StatusOr<ComStmtPrepare> prepare = DecodeComStmtPrepare(payload, capabilities_);
  if (!prepare.ok()) return SendError(prepare.status());
  if (prepare->query.find_first_not_of(" \t\r\n;") == absl::string_view::npos) {
    return SendError(MysqlStatus(mysql_errc::kEmptyQuery, "42000", "Query was empty"));
  }
  auto statement = std::make_unique<PreparedStatement>();
  statement->sql.assign(prepare->query.data(), prepare->query.size());
  absl::optional<absl::string_view> sql_mode = state_.Variable("sql_mode");
  bool no_backslash_escapes =
      sql_mode.has_value() && absl::StrContains(*sql_mode, "NO_BACKSLASH_ESCAPES");
  statement->markers = FindParameterMarkers(statement->sql, no_backslash_escapes);
  statement->long_data.resize(statement->markers.size());
  // The data source prepares it too (and closes it at once): its parameter count, result
  // columns and errors are what the client would get from MariaDB.
  running_ = true;
  absl::string_view sql = statement->sql;
  auto answer = [this, statement = std::move(statement)](
                    absl::StatusOr<BackendConnection::StatementShape> shape) mutable {
    running_ = false;
    if (phase_ == Phase::kClosed) return;
    if (!shape.ok()) {
      SendError(shape.status());
    } else if (shape->num_params != statement->num_params()) {
      SendError(InternalError(absl::StrCat("the proxy found ", statement->num_params(),
                                           " parameter markers in the statement where ",
                                           "the data source counts ", shape->num_params)));
    } else {
      statement->id = next_statement_id_++;
      statement->native = shape->native;
      statement->columns = std::move(shape->columns);
      std::vector<ColumnDefinition> params(statement->markers.size(), PlaceholderDefinition());
      AppendStmtPrepareResponse(statement->id, shape->warnings, params, statement->columns,
                                status_flags_, capabilities_, &sequence_id_, &out_);
      last_statement_id_ = statement->id;
      statements_[statement->id] = std::move(statement);
    }
    Flush();
    if (phase_ == Phase::kClosed) return;
    ProcessPackets();
    UpdateInterest();
  };
  if (handler_->RunsNatively(sql)) {
    handler_->PrepareNative(next_statement_id_, sql, std::move(answer));
  } else {
    handler_->Prepare(sql, std::move(answer));
  }
}

void ClientSession::HandleStmtExecute(absl::string_view payload) {
  absl::StatusOr<uint32_t> id = StatementIdOf(payload);
  if (!id.ok()) return SendError(id.status());
  PreparedStatement* statement = FindStatement(*id);
  if (statement == nullptr) return SendError(UnknownStatement(*id, "mysqld_stmt_execute"));
  absl::InlinedVector<absl::optional<absl::string_view>, 16> long_data;
  bool any_long_data = false;
  for (const absl::optional<std::string>& data : statement->long_data) {
    if (data.has_value()) {
      long_data.emplace_back(*data);
      any_long_data = true;
    } else {
      long_data.emplace_back(absl::nullopt);
    }
  }
  StmtExecuteContext context{
      .num_params = statement->num_params(),
      .previous_types = statement->param_types,
      .long_data = any_long_data ? absl::MakeConstSpan(long_data)
                                 : absl::Span<const absl::optional<absl::string_view>>()};
  absl::StatusOr<ComStmtExecute> execute = DecodeComStmtExecute(payload, context);
  if (!execute.ok()) return SendError(execute.status());
  if (execute->new_params_bound) {
    statement->param_types.assign(execute->param_types.begin(), execute->param_types.end());
  }
  if (statement->native) {
    NativeExecute native{.id = statement->id,
                         .sql = statement->sql,
                         .payload = payload,
                         .num_params = statement->num_params(),
                         .param_types = statement->param_types,
                         .long_data = statement->long_data};
    executing_ = statement;
    if (BeginStatement(statement->sql, ResultMode::kBinary)) handler_->ExecuteNative(native, this);
    statement->DropLongData();
    return;
  }
  SqlLiteralOptions options;
  absl::optional<absl::string_view> sql_mode = state_.Variable("sql_mode");
  options.no_backslash_escapes =
      sql_mode.has_value() && absl::StrContains(*sql_mode, "NO_BACKSLASH_ESCAPES");
  absl::optional<absl::string_view> charset = state_.Variable("character_set_client");
  if (charset.has_value() && IsAsciiUnsafeCharset(*charset)) {
    options.ascii_unsafe_charset = *charset;
  }
  absl::Status built = BuildExecuteSql(*statement, *execute, options, &statement_sql_);
  statement->DropLongData();
  if (!built.ok()) return SendError(built);
  executing_ = statement;
  RunStatement(statement_sql_, ResultMode::kBinary);
}

void ClientSession::HandleStmtSendLongData(absl::string_view payload) {
  // No reply, not even for an error (the next execute would report it; we drop bad pieces).
  absl::StatusOr<ComStmtSendLongData> piece = DecodeComStmtSendLongData(payload, capabilities_);
  if (!piece.ok()) return;
  PreparedStatement* statement = FindStatement(piece->statement_id);
  if (statement == nullptr || piece->param_id >= statement->num_params()) return;
  absl::optional<std::string>& data = statement->long_data[piece->param_id];
  if (!data.has_value()) data.emplace();
  data->append(piece->data.data(), piece->data.size());
}

void ClientSession::HandleStmtClose(absl::string_view payload) {
  absl::StatusOr<ComStmtClose> close = DecodeComStmtClose(payload, capabilities_);
  if (!close.ok()) return;  // COM_STMT_CLOSE has no reply
  uint32_t id =
      close->statement_id == kLastPreparedStatementId ? last_statement_id_ : close->statement_id;
  auto found = statements_.find(id);
  if (found == statements_.end()) return;
  if (found->second->native) handler_->CloseNative(id);
  statements_.erase(found);
}

void ClientSession::HandleStmtReset(absl::string_view payload) {
  absl::StatusOr<ComStmtReset> reset = DecodeComStmtReset(payload, capabilities_);
  if (!reset.ok()) return SendError(reset.status());
  PreparedStatement* statement = FindStatement(reset->statement_id);
  if (statement == nullptr) {
    return SendError(UnknownStatement(reset->statement_id, "mysqld_stmt_reset"));
  }
  statement->DropLongData();
  SendOk();
}

}  // namespace shardproxy
