#include "proxy/server/sharded_handler.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/like_pattern.h"
#include "common/mysql_error.h"
#include "parser/ast/session.h"
#include "parser/literal.h"
#include "parser/split.h"
#include "proxy/backend/backend_result.h"
#include "proxy/server/admin_statements.h"
#include "proxy/server/ops_runtime.h"
#include "proxy/server/ops_statements.h"
#include "proxy/server/prepared_statement.h"
#include "proxy/server/schema_view.h"
#include "proxy/server/statement_words.h"
#include "proxy/server/user_variables.h"
#include "router/common_tables.h"
#include "router/found_rows.h"
#include "router/router.h"
#include "xa/show_xa_transactions.h"
#include "xa/transaction_type.h"

namespace shardproxy {
namespace {

using router::NodeStatement;
using router::PlanKind;
using router::RoutePlan;
using router::Router;

absl::Status Unsupported(absl::string_view what) {
  return MysqlStatus(mysql_errc::kNotSupportedYet, "42000",
                     absl::StrCat("This version of shardproxy doesn't yet support '", what,
                                  "' on a sharded configuration"));
}

// The value of `SET shardproxy.transaction_type = 'xa'`, as written after the '='.
absl::string_view AssignedValue(absl::string_view sql) {
  size_t eq = sql.find('=');
  if (eq == absl::string_view::npos) return {};
  absl::string_view value = absl::StripAsciiWhitespace(sql.substr(eq + 1));
  while (!value.empty() && value.back() == ';') {
    value.remove_suffix(1);
    value = absl::StripAsciiWhitespace(value);
  }
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// The value of a boolean system variable as MariaDB reads it (1/0, ON/OFF, TRUE/FALSE, DEFAULT,
// quoted or not); nullopt for anything else.
absl::optional<bool> ParseSwitch(absl::string_view value) {
  std::string v = absl::AsciiStrToLower(value);
  if (v == "1" || v == "on" || v == "true" || v == "default") return true;
  if (v == "0" || v == "off" || v == "false") return false;
  return absl::nullopt;
}

// Whether the code before `at` ends with the keyword `word` (any case, then only spaces).
bool PrecededByWord(absl::string_view sql, size_t at, absl::string_view word) {
  size_t end = at;
  while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(sql[end - 1]))) --end;
  if (end < word.size() ||
      !absl::EqualsIgnoreCase(sql.substr(end - word.size(), word.size()), word)) {
    return false;
  }
  size_t start = end - word.size();
  return start == 0 || !(absl::ascii_isalnum(static_cast<unsigned char>(sql[start - 1])) ||
                         sql[start - 1] == '_' || sql[start - 1] == '`');
}

// A plan that reads with one statement on one data source.
std::shared_ptr<RoutePlan> ReadOn(std::string data_source, std::string sql) {
  auto plan = std::make_shared<RoutePlan>();
  plan->kind = PlanKind::kRead;
  plan->statements.push_back(NodeStatement{std::move(data_source), std::move(sql)});
  return plan;
}

// The number a one-row, one-column answer holds (a COUNT(*)); nullopt for anything else.
absl::optional<uint64_t> OnlyNumber(
    const std::vector<std::vector<absl::optional<std::string>>>& rows) {
  uint64_t n = 0;
  if (rows.size() != 1 || rows[0].empty() || !rows[0][0].has_value() ||
      !absl::SimpleAtoi(*rows[0][0], &n)) {
    return absl::nullopt;
  }
  return n;
}

bool IsDdl(const sql::BoundStatement& statement) {
  if (!statement.has_statement()) return false;
  switch (statement.kind()) {
    case sql::StatementKind::kCreateTable:
    case sql::StatementKind::kAlterTable:
    case sql::StatementKind::kDropTable:
    case sql::StatementKind::kTruncateTable:
    case sql::StatementKind::kCreateIndex:
    case sql::StatementKind::kDropIndex:
      return true;
    default:
      return false;
  }
}

// Whether the code before `at` ends with ',' (then only spaces).
bool PrecededByComma(absl::string_view sql, size_t at) {
  size_t end = at;
  while (end > 0 && absl::ascii_isspace(static_cast<unsigned char>(sql[end - 1]))) --end;
  return end > 0 && sql[end - 1] == ',';
}

// `sql` with its `?` markers replaced by values that parse where a parameter may stand: NULL,
// or 0 where LIMIT / OFFSET need a number.
std::string WithStandInParameters(absl::string_view sql, absl::Span<const uint32_t> markers) {
  std::string text;
  size_t from = 0;
  bool previous_in_limit = false;
  for (uint32_t marker : markers) {
    // LIMIT ?, OFFSET ? and LIMIT ?, ? take a number: NULL there is a syntax error.
    bool in_limit = PrecededByWord(sql, marker, "limit") || PrecededByWord(sql, marker, "offset") ||
                    (previous_in_limit && PrecededByComma(sql, marker));
    absl::StrAppend(&text, sql.substr(from, marker - from), in_limit ? "0" : "NULL");
    previous_in_limit = in_limit;
    from = marker + 1;
  }
  absl::StrAppend(&text, sql.substr(from));
  return text;
}

bool ContainsIgnoringCase(absl::string_view haystack, absl::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) {
                       return absl::ascii_tolower(static_cast<unsigned char>(a)) ==
                              absl::ascii_tolower(static_cast<unsigned char>(b));
                     }) != haystack.end();
}

// SHOW XA TRANSACTIONS, any case and spacing, an optional ';'.
bool IsShowXaTransactions(absl::string_view sql) {
  // Every statement passes here: most are decided by their first letter.
  if (sql.size() < 4 || !absl::StartsWithIgnoreCase(sql, "show")) return false;
  return StatementWords(sql).Are({"show", "xa", "transactions"});
}

// SHOW WARNINGS' columns as MariaDB 10.11 describes them to a utf8mb4 client: Level
// VARCHAR(7), Code INT UNSIGNED, Message VARCHAR(512), all NOT NULL.
std::vector<ColumnDefinition> ConditionColumns() {
  auto text = [](std::string name, uint32_t characters) {
    ColumnDefinition c;
    c.name = std::move(name);
    c.type = FieldType::kVarString;
    c.character_set = collation_id::kUtf8mb4GeneralCi;
    c.column_length = characters * 4;
    c.flags = column_flag::kNotNull;
    c.decimals = 39;  // NOT_FIXED_DEC
    return c;
  };
  ColumnDefinition code;
  code.name = "Code";
  code.type = FieldType::kLong;
  code.character_set = collation_id::kBinary;
  code.column_length = 4;
  code.flags = column_flag::kNotNull | column_flag::kUnsigned | column_flag::kBinary;
  return {text("Level", 7), std::move(code), text("Message", 512)};
}

}  // namespace

sql::Parser* SharedParser() {
  static sql::Parser* parser = new sql::Parser();
  return parser;
}

ShardedHandler::ShardedHandler(HandlerContext context, const ExecutorEnvironment* environment,
                               sql::Parser* parser, uint64_t session_id)
    : context_(std::move(context)),
      environment_(std::make_shared<ExecutorEnvironment>(*environment)),
      parser_(parser),
      session_id_(session_id),
      max_execution_time_ms_(context_.config->timeouts.statement_ms),
      executor_(std::make_unique<SessionExecutor>(
          environment_.get(), ConnectionOptions{.found_rows = context_.client_found_rows},
          session_id)) {}

ShardedHandler::~ShardedHandler() {
  *alive_ = false;
  DisarmStatementTimer();
  ReleaseExecutor();
}

void ShardedHandler::ReleaseExecutor() {
  cross_node_.reset();
  if (executor_ == nullptr) return;
  // The executor rolls back and gives its connections back asynchronously; it is destroyed
  // once that is over, never inside its own callback.
  // Its environment and the snapshot it may still use go with it.
  SessionExecutor* executor = executor_.release();
  EventLoop* loop = context_.loop;
  executor->Abort([executor, loop, environment = environment_, snapshot = snapshot_] {
    loop->AddTimer(absl::ZeroDuration(), [executor, environment, snapshot] { delete executor; });
  });
}

void ShardedHandler::Execute(absl::string_view sql, ResultSink* sink) {
  sink_ = sink;
  killed_ = false;
  text_.assign(sql.data(), sql.size());
  statements_ = sql::SplitStatements(text_);
  next_ = 0;
  row_error_ = absl::OkStatus();
  if (statements_.empty()) {
    WriteStatementError(MysqlStatus(mysql_errc::kEmptyQuery, "42000", "Query was empty"));
    return StatementDone(false);
  }
  RunNext();
}

void ShardedHandler::RunNext() { RunStatement(statements_[next_++]); }

void ShardedHandler::TakeSnapshot() {
  if (snapshot_ != nullptr && executor_->in_transaction()) return;
  if (snapshot_ == *context_.latest) return;
  snapshot_ = *context_.latest;
  environment_->config = snapshot_->config.get();
  environment_->pools = &snapshot_->pools;
}

void ShardedHandler::ReleaseSnapshot() {
  if (executor_ != nullptr && executor_->in_transaction()) return;
  // The executor is idle: nothing reads its environment before the next TakeSnapshot.
  snapshot_.reset();
  environment_->config = nullptr;
  environment_->pools = nullptr;
}

void ShardedHandler::RunStatement(absl::string_view sql) {
  logical_show_ = LogicalShow::kNone;
  renamed_from_.clear();
  rows_sent_ = 0;
  calc_found_rows_ = false;
  counted_found_rows_.reset();
  collations_loaded_ = false;
  names_tables_ = false;
  capture_.reset();
  collecting_.reset();
  schema_names_.reset();
  schema_rows_.reset();
  TakeSnapshot();
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(sql);
  if (absl::optional<std::vector<SessionFunctionSelect>> select =
          MatchSessionFunctionSelect(trimmed)) {
    return RunSessionFunctionSelect(*select);
  }
  absl::StatusOr<bool> substituted =
      SubstituteSessionFunctions(sql, SessionFunctions(), &rewritten_);
  if (!substituted.ok()) {
    WriteStatementError(substituted.status());
    return StatementDone(false);
  }
  if (*substituted) {
    sql = rewritten_;
    trimmed = absl::StripLeadingAsciiWhitespace(sql);
  }
  if (IsAdminStatement(trimmed)) return RunAdmin(trimmed);
  if (trimmed.size() > 8 && absl::StartsWithIgnoreCase(trimmed, "PREVIEW") &&
      absl::ascii_isspace(static_cast<unsigned char>(trimmed[7]))) {
    return RunPreview(trimmed.substr(8));
  }
  if (IsShowXaTransactions(trimmed)) return RunShowXaTransactions();
  if (OpsStatement ops = RecognizeOpsStatement(trimmed); ops.kind != OpsStatementKind::kNone) {
    return RunOpsStatement(ops);
  }
  absl::Status parsed = parser_->Parse(sql, &bound_);
  if (parsed.ok() && bound_.kind() == sql::StatementKind::kOther) {
    absl::StatusOr<absl::optional<SqlPrepareCommand>> command = ParseSqlPrepareCommand(bound_);
    if (!command.ok()) {
      WriteStatementError(command.status());
      return StatementDone(false);
    }
    if (command->has_value()) return RunSqlPrepareCommand(**command);
    const SessionState& state = *context_.session_state;
    absl::StatusOr<absl::optional<TableMaintenance>> maintenance = PlanTableMaintenance(
        bound_, *snapshot_->config, state.schema ? absl::string_view(*state.schema) : "");
    if (!maintenance.ok()) {
      WriteStatementError(maintenance.status());
      return StatementDone(false);
    }
    if (maintenance->has_value()) {
      names_tables_ = true;
      return RunTableMaintenance(**std::move(maintenance));
    }
  }
  if (parsed.ok() && MayUseUserVariables(sql)) {
    parsed = BindUserVariables();
    sql = bound_.sql();
  }
  if (parsed.ok() && bound_.kind() == sql::StatementKind::kSelect &&
      ContainsIgnoringCase(sql, "information_schema") && ReadsOnlyInformationSchema(bound_)) {
    schema_names_ = SchemaNamesOf(*snapshot_->config, snapshot_->default_data_source());
    if (absl::optional<std::string> physical = WithPhysicalNames(bound_, *schema_names_)) {
      parsed = Reparse(*std::move(physical));
      sql = bound_.sql();
    }
  }
  if (!parsed.ok()) {
    WriteStatementError(parsed);
    return StatementDone(false);
  }
  if (!Router::Handles(bound_.kind()) || bound_.kind() == sql::StatementKind::kShow) {
    return RunSessionStatement(sql);
  }
  if (bound_.kind() == sql::StatementKind::kSelect) {
    const auto& select = static_cast<const sql::SelectStatement&>(bound_.statement());
    if (select.query != nullptr && select.query->kind == sql::QueryKind::kSelect) {
      const std::vector<std::string>& options = select.query->As<sql::SelectNode>().options;
      calc_found_rows_ = absl::c_linear_search(options, "SQL_CALC_FOUND_ROWS");
    }
  }
  if (calc_found_rows_ && !capture_) {
    if (absl::optional<router::FoundRowsQueries> queries = router::SplitCalcFoundRows(bound_)) {
      // The count first (router/found_rows.h), then the rows; FOUND_ROWS() answers the count.
      return CollectRouted(
          std::move(queries->count), SIZE_MAX,
          [this, rows = std::move(queries->rows)](Collected count) {
            absl::optional<uint64_t> found = OnlyNumber(count.rows);
            if (!found.has_value()) {
              WriteStatementError(InternalError("SQL_CALC_FOUND_ROWS: the count gave no number"));
              return StatementDone(false);
            }
            counted_found_rows_ = found;
            RunStaged(rows);
          });
    }
  }
  RunRouted();
}

absl::Status ShardedHandler::Reparse(std::string text) {
  // bound_ views its text: the new text goes to the buffer the current statement does not use.
  variable_sql_index_ ^= 1;
  variable_sql_[variable_sql_index_] = std::move(text);
  return parser_->Parse(variable_sql_[variable_sql_index_], &bound_);
}

absl::Status ShardedHandler::BindUserVariables() {
  UserVariableUse use = FindUserVariables(bound_);
  if (use.assigns_inline) {
    return Unsupported("assigning a user variable inside a statement (@x := …); use SET @x = …");
  }
  if (use.unaccounted) {
    return Unsupported(absl::StrCat(
        "user variables in ", sql::StatementKindName(bound_.kind()),
        " statements (only SET, SELECT … INTO and reads in SELECT, INSERT, UPDATE and DELETE)"));
  }
  if (!use.reads.empty()) {
    absl::Status parsed = Reparse(SubstituteUserVariableReads(bound_, use, user_variables_));
    if (!parsed.ok()) return parsed;
  }
  if (!use.set.empty()) {
    capture_.emplace();
    capture_->names = std::move(use.set);
    if (use.other_set) capture_->then_set = std::string(bound_.sql());
    return Reparse(SelectOfSetValues(bound_));
  }
  if (!use.into.empty()) {
    absl::optional<std::string> select = WithoutIntoClause(bound_);
    if (!select) return InternalError("SELECT … INTO: the INTO clause was not found");
    capture_.emplace();
    capture_->names = std::move(use.into);
    capture_->select_into = true;
    return Reparse(*std::move(select));
  }
  return absl::OkStatus();
}

void ShardedHandler::FinishCapture(uint16_t warnings) {
  UserVariableCapture capture = *std::move(capture_);
  capture_.reset();
  if (capture.columns.size() != capture.names.size()) {
    WriteStatementError(MysqlStatus(
        1222, "21000", "The used SELECT statements have a different number of columns"));
    return StatementDone(false);
  }
  if (capture.rows > 1) {
    WriteStatementError(MysqlStatus(1172, "42000", "Result consisted of more than one row"));
    return StatementDone(false);
  }
  OkResult ok;
  ok.status_flags = executor_->StatusFlags();
  if (capture.rows == 0) {
    // As MariaDB: the variables keep their values, and a warning says why.
    conditions_.assign(1,
                       Condition{.level = "Warning",
                                 .code = 1329,
                                 .message = "No data - zero rows fetched, selected, or processed"});
    warning_count_ = 1;
    ok.warnings = 1;
  } else {
    for (size_t i = 0; i < capture.names.size(); ++i) {
      user_variables_[capture.names[i]] = std::move(capture.values[i]);
    }
    if (!capture.then_set.empty()) {
      // The system variables next, as any SET; never from inside the executor's own call.
      then_set_ = std::move(capture.then_set);
      std::weak_ptr<bool> alive = alive_;
      context_.loop->AddTimer(absl::ZeroDuration(), [this, alive] {
        if (alive.expired() || sink_ == nullptr) return;
        RunOnDefaultDataSource(then_set_);
      });
      return;
    }
    ok.affected_rows = capture.select_into ? 1 : 0;
    ok.warnings = warnings;
  }
  if (more_results()) ok.status_flags |= server_status::kMoreResultsExist;
  row_count_ = static_cast<int64_t>(ok.affected_rows);
  sink_->WriteOk(ok, more_results());
  StatementDone(true);
}

void ShardedHandler::RunRouted() {
  if (killed_) {
    // Killed between two stages (INSERT … SELECT, a staged query): nothing more starts.
    WriteStatementError(
        MysqlStatus(mysql_errc::kQueryInterrupted, "70100", "Query execution was interrupted"));
    return StatementDone(false);
  }
  const SessionState& state = *context_.session_state;
  // A merge's string keys compare in their columns' declared collations, loaded once per table
  // (column_collation_cache.h); not while the session collects a stage's answer itself.
  router::ColumnCollations* collations =
      environment_->column_collations != nullptr && !collecting_
          ? environment_->column_collations->Current(snapshot_->config.get())
          : nullptr;
  collations_missing_.clear();
  router::RouteContext route_context{
      .config = snapshot_->config.get(),
      .current_database = state.schema ? absl::string_view(*state.schema) : absl::string_view(),
      .broadcast_read_choice = session_id_,
      .values_only = capture_.has_value(),
      .collations = collations,
      .collations_missing = collations != nullptr ? &collations_missing_ : nullptr};
  absl::StatusOr<RoutePlan> plan = Router::Route(bound_, route_context);
  if (plan.ok() && !collations_missing_.empty() && !collations_loaded_) {
    return LoadCollations();
  }
  // DDL the router routed may change column collations on its nodes (see StatementDone).
  if (plan.ok() && plan->kind == PlanKind::kDdl) changes_schema_ = true;
  if (!plan.ok()) {
    const bool refused = ToMysqlError(plan.status()).code == mysql_errc::kNotSupportedYet;
    // Statements that run in stages (cross-node joins, derived tables, ...) merge too: their
    // tables' collations first.
    if (refused && collations != nullptr && !collations_loaded_ && NoteUnknownTables(*collations)) {
      return LoadCollations();
    }
    if (!collecting_ && refused && (StartInsertSelect() || StartColumnListLookup())) return;
    if (refused) {
      // WITH over data nodes: its common tables as derived tables, which run in stages.
      if (absl::optional<std::string> derived = router::CommonTablesAsDerived(bound_)) {
        return RunStaged(*std::move(derived));
      }
    }
    if (cross_node_ == nullptr) {
      cross_node_ = std::make_unique<CrossNodeRunner>(
          context_.loop, parser_, CrossNodeRunner::Options{.budget = environment_->merge_budget});
    }
    if (cross_node_->Run(bound_, route_context, plan.status(), executor_.get(),
                         context_.session_state, this)) {
      names_tables_ = true;  // only statements over sharded tables run in stages
      return;
    }
    if (refused && !collecting_ && StartStagedUnion()) {
      names_tables_ = true;
      return;
    }
    WriteStatementError(plan.status());
    return StatementDone(false);
  }
  if (plan->write_limit.has_value() && !collecting_) {
    return StartLimitedWrite(*std::move(plan), route_context);
  }
  // As MySQL's max_execution_time: read-only SELECTs only (a write cut short half-way would
  // leave more to explain than it saves).
  if (bound_.kind() == sql::StatementKind::kSelect) ArmStatementTimer();
  names_tables_ = names_tables_ || plan->names_tables;
  executor_->Execute(std::make_shared<const RoutePlan>(*std::move(plan)), context_.session_state,
                     this);
}

void ShardedHandler::StartLimitedWrite(RoutePlan write, const router::RouteContext& context) {
  auto refuse = [this](absl::string_view why) {
    WriteStatementError(UnsupportedError(absl::StrCat(
        sql::StatementKindName(bound_.kind()), " with LIMIT over several data nodes: ", why)));
    StatementDone(false);
  };
  // Each node's matching rows first: the count, routed as a SELECT, gives one statement per
  // node of the write, in the same order.
  limit_count_sql_ = std::move(write.write_limit_count);
  absl::Status parsed = parser_->Parse(limit_count_sql_, &limit_count_);
  if (!parsed.ok()) return refuse(parsed.message());
  absl::StatusOr<RoutePlan> count = Router::Route(limit_count_, context);
  if (!count.ok()) return refuse(count.status().message());
  if (count->statements.size() != write.statements.size()) {
    return refuse("its count reads other nodes than it writes");
  }
  std::vector<CollectStep> steps;
  for (size_t i = 0; i < count->statements.size(); ++i) {
    if (count->statements[i].data_source != write.statements[i].data_source) {
      return refuse("its count reads other nodes than it writes");
    }
    steps.push_back(CollectStep{
        ReadOn(std::move(count->statements[i].data_source), std::move(count->statements[i].sql)),
        ""});
  }
  auto shared = std::make_shared<RoutePlan>(std::move(write));
  CollectEach(std::move(steps), SIZE_MAX, [this, shared](std::vector<Collected> counts) {
    RoutePlan& plan = *shared;
    const std::string suffix = absl::StrCat("LIMIT ", *plan.write_limit);
    uint64_t left = *plan.write_limit;
    std::vector<NodeStatement> kept;
    for (size_t i = 0; i < plan.statements.size() && i < counts.size(); ++i) {
      absl::optional<uint64_t> matching = OnlyNumber(counts[i].rows);
      if (!matching.has_value()) {
        WriteStatementError(InternalError("a node's count of the rows to change gave no number"));
        return StatementDone(false);
      }
      const uint64_t share = std::min(*matching, left);
      left -= share;
      NodeStatement& statement = plan.statements[i];
      if (!absl::EndsWith(statement.sql, suffix)) {
        WriteStatementError(InternalError("a limited write's statement does not end in LIMIT"));
        return StatementDone(false);
      }
      if (share == 0 && !(kept.empty() && i + 1 == plan.statements.size())) continue;
      statement.sql.resize(statement.sql.size() - suffix.size());
      absl::StrAppend(&statement.sql, "LIMIT ", share);
      kept.push_back(std::move(statement));
    }
    plan.statements = std::move(kept);
    plan.write_limit.reset();
    names_tables_ = names_tables_ || plan.names_tables;
    executor_->Execute(std::make_shared<const RoutePlan>(std::move(plan)), context_.session_state,
                       this);
  });
}

bool ShardedHandler::NoteUnknownTables(const router::ColumnCollations& collations) {
  const Config& config = *snapshot_->config;
  for (const sql::TableOccurrence& table : bound_.statement().tables) {
    if (table.cte || (!table.name.schema.empty() && table.name.schema.name != config.database)) {
      continue;
    }
    const std::string& name = table.name.name.name;
    if ((config.sharding.FindTable(name) != nullptr || config.sharding.IsBroadcast(name)) &&
        !collations.Knows(name) && !absl::c_linear_search(collations_missing_, name)) {
      collations_missing_.push_back(name);
    }
  }
  return !collations_missing_.empty();
}

void ShardedHandler::LoadCollations() {
  collations_loaded_ = true;  // once per statement, whatever DDL elsewhere does meanwhile
  const Config& config = *snapshot_->config;
  std::vector<CollectStep> steps;
  std::vector<std::string> tables = std::move(collations_missing_);
  collations_missing_.clear();
  for (const std::string& table : tables) {
    // The table's first node; a broadcast or unsharded table's copy on the default source.
    std::string data_source = snapshot_->default_data_source();
    std::string actual = table;
    const TableRule* rule = config.sharding.FindTable(table);
    if (rule != nullptr && !rule->data_nodes().empty()) {
      data_source = rule->data_nodes().front().data_source;
      actual = rule->data_nodes().front().table;
    }
    std::string lookup =
        "SELECT c.COLUMN_NAME, l.ID FROM information_schema.COLUMNS c JOIN "
        "information_schema.COLLATIONS l ON l.COLLATION_NAME = c.COLLATION_NAME WHERE "
        "c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ";
    sql::AppendSqlStringLiteral(actual, &lookup);
    steps.push_back(CollectStep{ReadOn(std::move(data_source), std::move(lookup)), ""});
  }
  CollectEach(std::move(steps), SIZE_MAX,
              [this, tables = std::move(tables)](std::vector<Collected> answers) {
                router::ColumnCollations* collations =
                    environment_->column_collations->Current(snapshot_->config.get());
                for (size_t t = 0; t < tables.size() && t < answers.size(); ++t) {
                  std::vector<std::pair<std::string, uint16_t>> columns;
                  for (const auto& row : answers[t].rows) {
                    uint32_t id = 0;
                    if (row.size() == 2 && row[0].has_value() && row[1].has_value() &&
                        absl::SimpleAtoi(*row[1], &id) && id <= UINT16_MAX) {
                      columns.emplace_back(*row[0], static_cast<uint16_t>(id));
                    }
                  }
                  collations->Set(tables[t], columns);
                }
                RunRouted();
              });
}

bool ShardedHandler::StartInsertSelect() {
  if (bound_.kind() != sql::StatementKind::kInsert) return false;
  const auto& insert = bound_.statement().As<sql::InsertStatement>();
  if (insert.source != sql::InsertStatement::Source::kSelect || insert.select == nullptr ||
      !insert.select->span.valid() || insert.select->span.empty()) {
    return false;
  }
  absl::string_view sql = bound_.sql();
  const uint32_t begin = bound_.TokenRange(insert.select->span.begin).begin;
  const uint32_t end = bound_.TokenRange(insert.select->span.end - 1).end;
  std::string prefix(sql.substr(0, begin));
  std::string suffix(sql.substr(end));
  CollectRouted(
      std::string(sql.substr(begin, end - begin)), kMaxInsertSelectBytes,
      [this, prefix = std::move(prefix), suffix = std::move(suffix)](Collected selected) {
        if (selected.too_large) {
          WriteStatementError(UnsupportedError(absl::StrCat(
              "INSERT … SELECT whose rows live elsewhere than its target's data nodes runs "
              "in stages, and its SELECT gave more than ",
              kMaxInsertSelectBytes >> 20,
              " MiB of values; copy the rows in smaller parts (LIMIT)")));
          return StatementDone(false);
        }
        if (selected.rows.empty()) {
          LocalResult none;
          none.info = "Records: 0  Duplicates: 0  Warnings: 0";
          return AnswerLocally(none);
        }
        // The INSERT with the rows as VALUES, routed like any.
        std::string text = absl::StrCat(prefix, " VALUES ");
        for (size_t r = 0; r < selected.rows.size(); ++r) {
          text.append(r == 0 ? "(" : ", (");
          const auto& row = selected.rows[r];
          for (size_t i = 0; i < row.size() && i < selected.columns.size(); ++i) {
            if (i > 0) text.append(", ");
            text.append(UserVariableLiteral(selected.columns[i], row[i]));
          }
          text.push_back(')');
        }
        absl::StrAppend(&text, " ", suffix);
        RunStaged(std::move(text));
      });
  return true;
}

bool ShardedHandler::StartColumnListLookup() {
  if (bound_.kind() != sql::StatementKind::kInsert) return false;
  const auto& insert = bound_.statement().As<sql::InsertStatement>();
  if (insert.has_column_list || insert.source == sql::InsertStatement::Source::kSet ||
      !insert.partitions.empty() || !insert.table.span.valid()) {
    return false;
  }
  const Config& config = *snapshot_->config;
  if (!insert.table.schema.empty() && insert.table.schema.name != config.database) return false;
  const TableRule* rule = config.sharding.FindTable(insert.table.name.name);
  if (rule == nullptr || rule->data_nodes().empty()) return false;
  const DataNode& first = rule->data_nodes().front();
  std::string lookup =
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
      "TABLE_NAME = ";
  sql::AppendSqlStringLiteral(first.table, &lookup);
  absl::StrAppend(&lookup, " AND EXTRA NOT LIKE '%INVISIBLE%' ORDER BY ORDINAL_POSITION");
  std::shared_ptr<RoutePlan> plan = ReadOn(first.data_source, std::move(lookup));
  // The statement's text with the column list after the table's name.
  absl::string_view sql = bound_.sql();
  const uint32_t at = bound_.TokenRange(insert.table.span.end - 1).end;
  std::string before(sql.substr(0, at));
  std::string after(sql.substr(at));
  std::string table = rule->name();
  Collect(std::move(plan), SIZE_MAX,
          [this, before = std::move(before), after = std::move(after),
           table = std::move(table)](Collected columns) {
            if (columns.rows.empty()) {
              WriteStatementError(MysqlStatus(mysql_errc::kNoSuchTable, "42S02",
                                              absl::StrCat("Table '", snapshot_->config->database,
                                                           ".", table, "' doesn't exist")));
              return StatementDone(false);
            }
            std::string text = absl::StrCat(before, " (");
            for (size_t i = 0; i < columns.rows.size(); ++i) {
              if (i > 0) text.append(", ");
              const auto& row = columns.rows[i];
              sql::AppendQuotedIdentifier(row.empty() ? "" : row[0].value_or(""), &text);
            }
            absl::StrAppend(&text, ")", after);
            RunStaged(std::move(text));
          });
  return true;
}

bool ShardedHandler::StartStagedUnion() {
  absl::optional<StagedUnion> plan = PlanStagedUnion(bound_);
  if (!plan) return false;
  std::vector<CollectStep> branches;
  for (std::string& branch : plan->branches) branches.push_back(CollectStep{nullptr, branch});
  CollectEach(
      std::move(branches), kMaxUnionBytes,
      [this, plan = *std::move(plan)](std::vector<Collected> answers) {
        if (!answers.empty() && answers.back().too_large) {
          WriteStatementError(UnsupportedError(absl::StrCat(
              "a UNION of sharded tables runs branch by branch, held in the proxy, and "
              "its branches gave more than ",
              kMaxUnionBytes >> 20, " MiB; narrow them or add a LIMIT to each")));
          return StatementDone(false);
        }
        std::vector<UnionBranch> branches;
        for (Collected& answer : answers) {
          branches.push_back(UnionBranch{std::move(answer.columns), std::move(answer.rows)});
        }
        absl::StatusOr<LocalResult> result = CombineStagedUnion(plan, std::move(branches));
        if (!result.ok()) {
          WriteStatementError(result.status());
          return StatementDone(false);
        }
        AnswerLocally(*result);
      });
  return true;
}

void ShardedHandler::Collect(std::shared_ptr<RoutePlan> plan, size_t max_bytes, CollectDone done) {
  collecting_.emplace();
  collecting_->max_bytes = max_bytes;
  collecting_->done = std::move(done);
  executor_->Execute(std::move(plan), context_.session_state, this);
}

void ShardedHandler::CollectRouted(std::string sql, size_t max_bytes, CollectDone done) {
  absl::Status parsed = Reparse(std::move(sql));
  if (!parsed.ok()) {
    WriteStatementError(parsed);
    return StatementDone(false);
  }
  collecting_.emplace();
  collecting_->max_bytes = max_bytes;
  collecting_->done = std::move(done);
  RunRouted();
}

void ShardedHandler::CollectEach(std::vector<CollectStep> steps, size_t max_bytes,
                                 CollectEachDone done) {
  auto sequence = std::make_shared<CollectSequence>();
  sequence->steps = std::move(steps);
  sequence->max_bytes = max_bytes;
  sequence->done = std::move(done);
  CollectNextStep(std::move(sequence));
}

void ShardedHandler::CollectNextStep(std::shared_ptr<CollectSequence> sequence) {
  if (sequence->next == sequence->steps.size()) {
    return sequence->done(std::move(sequence->answers));
  }
  CollectStep& step = sequence->steps[sequence->next++];
  // Callbacks run only while the statement does: an error ends it and drops the sequence.
  auto then = [this, sequence](Collected answer) {
    sequence->bytes += answer.bytes;
    const bool too_large = answer.too_large;
    sequence->answers.push_back(std::move(answer));
    if (too_large) return sequence->done(std::move(sequence->answers));
    CollectNextStep(sequence);
  };
  const size_t left = sequence->max_bytes - sequence->bytes;
  if (step.plan != nullptr) return Collect(std::move(step.plan), left, std::move(then));
  CollectRouted(std::move(step.sql), left, std::move(then));
}

void ShardedHandler::FinishCollect() {
  Collecting collecting = *std::move(collecting_);
  collecting_.reset();
  // Never from inside the executor's own call.
  std::weak_ptr<bool> alive = alive_;
  auto shared = std::make_shared<Collecting>(std::move(collecting));
  context_.loop->AddTimer(absl::ZeroDuration(), [this, alive, shared] {
    if (alive.expired() || sink_ == nullptr) return;
    shared->done(std::move(shared->collected));
  });
}

void ShardedHandler::RunStaged(std::string sql) {
  absl::Status parsed = Reparse(std::move(sql));
  if (!parsed.ok()) {
    WriteStatementError(parsed);
    return StatementDone(false);
  }
  RunRouted();
}

void ShardedHandler::ArmStatementTimer() {
  timed_out_ = false;
  if (max_execution_time_ms_ <= 0) return;
  std::weak_ptr<bool> alive = alive_;
  statement_timer_ =
      context_.loop->AddTimer(absl::Milliseconds(max_execution_time_ms_), [this, alive] {
        if (alive.expired()) return;
        statement_timer_ = 0;
        if (sink_ == nullptr || executor_ == nullptr) return;
        timed_out_ = true;
        if (context_.ops != nullptr) context_.ops->statement_timeouts->Add(context_.worker_index);
        executor_->Interrupt();
      });
}

void ShardedHandler::DisarmStatementTimer() {
  if (statement_timer_ != 0) context_.loop->CancelTimer(statement_timer_);
  statement_timer_ = 0;
}

void ShardedHandler::RunSqlPrepareCommand(const SqlPrepareCommand& command) {
  using Kind = SqlPrepareCommand::Kind;
  std::string key = absl::AsciiStrToLower(command.name);
  if (command.kind == Kind::kDeallocate) {
    if (sql_prepared_.erase(key) == 0) {
      WriteStatementError(MysqlStatus(mysql_errc::kUnknownStmtHandler, "HY000",
                                      absl::StrCat("Unknown prepared statement handler (",
                                                   command.name, ") given to DEALLOCATE PREPARE")));
      return StatementDone(false);
    }
    return AnswerLocally(LocalResult());
  }
  std::string text = command.text;
  if (!command.text_variable.empty()) {
    auto it = user_variables_.find(command.text_variable);
    text = TextOfUserVariable(it != user_variables_.end() ? it->second : "NULL");
  }
  absl::optional<absl::string_view> sql_mode = context_.session_state->Variable("sql_mode");
  const bool no_backslash_escapes =
      sql_mode.has_value() && absl::StrContains(*sql_mode, "NO_BACKSLASH_ESCAPES");
  if (command.kind == Kind::kExecute) {
    auto it = sql_prepared_.find(key);
    if (it == sql_prepared_.end()) {
      WriteStatementError(MysqlStatus(mysql_errc::kUnknownStmtHandler, "HY000",
                                      absl::StrCat("Unknown prepared statement handler (",
                                                   command.name, ") given to EXECUTE")));
      return StatementDone(false);
    }
    text = it->second;
  } else {
    // Checked as MariaDB checks it when preparing: one statement that parses, and not one of
    // these commands itself.
    std::string stand_in =
        WithStandInParameters(text, FindParameterMarkers(text, no_backslash_escapes));
    sql::BoundStatement checked;
    absl::Status parsed = parser_->Parse(stand_in, &checked);
    if (parsed.ok() && sql::SplitStatements(text).size() > 1) {
      parsed = SyntaxError("a prepared statement is one statement; the text holds several");
    }
    if (parsed.ok()) {
      absl::StatusOr<absl::optional<SqlPrepareCommand>> nested = ParseSqlPrepareCommand(checked);
      if (!nested.ok() || nested->has_value()) {
        parsed =
            MysqlStatus(mysql_errc::kUnsupportedPs, "HY000",
                        "This command is not supported in the prepared statement protocol yet");
      }
    }
    if (!parsed.ok()) {
      WriteStatementError(parsed);
      return StatementDone(false);
    }
    if (command.kind == Kind::kPrepare) {
      if (sql_prepared_.size() >= kMaxSqlPrepared && !sql_prepared_.contains(key)) {
        WriteStatementError(MysqlStatus(
            mysql_errc::kMaxPreparedStmtCount, "42000",
            absl::StrCat("Can't create more than max_prepared_stmt_count statements (current "
                         "value: ",
                         kMaxSqlPrepared, ")")));
        return StatementDone(false);
      }
      sql_prepared_[key] = std::move(text);
      LocalResult prepared;
      prepared.info = "Statement prepared";
      return AnswerLocally(prepared);
    }
  }
  absl::StatusOr<std::string> bound =
      BindSqlPrepared(text, command.arguments, user_variables_, no_backslash_escapes);
  if (!bound.ok()) {
    WriteStatementError(bound.status());
    return StatementDone(false);
  }
  // Runs like a statement of the client's text; execute_sql_ stays unchanged while it runs.
  execute_sql_ = *std::move(bound);
  RunStatement(execute_sql_);
}

void ShardedHandler::RunTableMaintenance(TableMaintenance maintenance) {
  std::vector<CollectStep> nodes;
  for (const TableMaintenance::Node& node : maintenance.nodes) {
    std::shared_ptr<RoutePlan> plan = ReadOn(node.data_source, node.sql);
    plan->may_write = true;
    plan->implicit_commit = maintenance.implicit_commit;
    nodes.push_back(CollectStep{std::move(plan), {}});
  }
  CollectEach(std::move(nodes), SIZE_MAX,
              [this, maintenance = std::move(maintenance)](std::vector<Collected> answers) {
                std::vector<ColumnDefinition> columns;
                std::vector<std::vector<std::vector<absl::optional<std::string>>>> rows;
                for (Collected& answer : answers) {
                  if (columns.empty()) columns = std::move(answer.columns);
                  // Msg_text names the data source's database and actual table ("Table
                  // 'shop_0.x' doesn't exist").
                  for (auto& row : answer.rows) {
                    if (row.size() > 3 && row[3].has_value()) {
                      row[3] = router::RestoreLogicalNamesInMessage(*snapshot_->config, *row[3]);
                    }
                  }
                  rows.push_back(std::move(answer.rows));
                }
                AnswerLocally(MergeTableMaintenance(maintenance, std::move(columns), rows));
              });
}

void ShardedHandler::RunSessionStatement(absl::string_view sql) {
  const sql::Statement& statement = bound_.statement();
  switch (statement.kind) {
    case sql::StatementKind::kBegin:
      return executor_->Begin(this);
    case sql::StatementKind::kCommit:
      return executor_->Commit(this);
    case sql::StatementKind::kRollback:
      return executor_->Rollback(this);
    case sql::StatementKind::kSavepoint:
      return executor_->Savepoint(TransactionContext::SavepointCommand::kSet,
                                  statement.As<sql::SavepointStatement>().name.name, this);
    case sql::StatementKind::kRollbackToSavepoint:
      return executor_->Savepoint(TransactionContext::SavepointCommand::kRollbackTo,
                                  statement.As<sql::RollbackToSavepointStatement>().name.name,
                                  this);
    case sql::StatementKind::kReleaseSavepoint:
      return executor_->Savepoint(TransactionContext::SavepointCommand::kRelease,
                                  statement.As<sql::ReleaseSavepointStatement>().name.name, this);
    case sql::StatementKind::kUse: {
      const auto& use = static_cast<const sql::UseStatement&>(statement);
      if (use.database.name != snapshot_->config->database) {
        WriteStatementError(
            MysqlStatus(mysql_errc::kBadDatabase, "42000",
                        absl::StrCat("Unknown database '", use.database.name, "'")));
        return StatementDone(false);
      }
      context_.session_state->schema = use.database.name;
      return AnswerLocally(LocalResult());
    }
    case sql::StatementKind::kSet: {
      const auto& set = static_cast<const sql::SetStatement&>(statement);
      for (const sql::SetAssignment& assignment : set.assignments) {
        std::string written = absl::AsciiStrToLower(assignment.written);
        if (absl::StrContains(written, "shardproxy.")) {
          if (set.assignments.size() != 1 || written != "shardproxy.transaction_type") {
            WriteStatementError(MysqlStatus(
                mysql_errc::kUnknownSystemVariable, "HY000",
                absl::StrCat("Unknown system variable '", assignment.written,
                             "' (shardproxy has shardproxy.transaction_type, set alone)")));
            return StatementDone(false);
          }
          absl::StatusOr<TransactionType> type = ParseTransactionType(AssignedValue(sql));
          absl::Status changed = type.ok() ? executor_->SetTransactionType(*type) : type.status();
          if (!changed.ok()) {
            WriteStatementError(changed);
            return StatementDone(false);
          }
          return AnswerLocally(LocalResult());
        }
        if (assignment.kind == sql::SetAssignment::Kind::kSystemVariable &&
            absl::EqualsIgnoreCase(assignment.name, "autocommit")) {
          // The executor owns every transaction (backend connections stay in autocommit), so
          // the session's autocommit is its business, not a data source's.
          if (assignment.scope == sql::VariableScope::kGlobal || set.assignments.size() != 1) {
            WriteStatementError(
                Unsupported("SET autocommit together with other variables, or "
                            "GLOBAL autocommit"));
            return StatementDone(false);
          }
          absl::optional<bool> on = ParseSwitch(AssignedValue(sql));
          if (!on) {
            WriteStatementError(
                MysqlStatus(mysql_errc::kWrongValueForVar, "42000",
                            absl::StrCat("Variable 'autocommit' can't be set to the value of '",
                                         AssignedValue(sql), "'")));
            return StatementDone(false);
          }
          return executor_->SetAutocommit(*on, this);
        }
      }
      return RunOnDefaultDataSource(sql);
    }
    case sql::StatementKind::kShow: {
      const auto& show = static_cast<const sql::ShowStatement&>(statement);
      if (show.kind == sql::ShowStatement::Kind::kWarnings ||
          show.kind == sql::ShowStatement::Kind::kErrors ||
          show.kind == sql::ShowStatement::Kind::kCountWarnings ||
          show.kind == sql::ShowStatement::Kind::kCountErrors) {
        return AnswerConditions(show);
      }
      names_tables_ = true;  // SHOW reads the server's tables of tables, as in MySQL
      if ((show.kind == sql::ShowStatement::Kind::kTables ||
           show.kind == sql::ShowStatement::Kind::kTableStatus) &&
          show.where == nullptr &&
          (show.database.empty() || show.database.name == snapshot_->config->database)) {
        // The default data source lists its actual tables under its own database; the LIKE
        // applies to the logical names, so it is matched here, after the renaming.
        bool status = show.kind == sql::ShowStatement::Kind::kTableStatus;
        StartLogicalShow(status ? LogicalShow::kTableStatus : LogicalShow::kTables, show);
        return RunOnDefaultDataSource(status      ? "SHOW TABLE STATUS"
                                      : show.full ? "SHOW FULL TABLES"
                                                  : "SHOW TABLES");
      }
      if (show.kind == sql::ShowStatement::Kind::kDatabases && show.where == nullptr) {
        // The default data source lists its own database (shop_0), and the other data
        // sources' when they share its server; the client's database is the logical one.
        StartLogicalShow(LogicalShow::kDatabases, show);
        return RunOnDefaultDataSource("SHOW DATABASES");
      }
      if (show.kind == sql::ShowStatement::Kind::kCreateDatabase &&
          show.database.name == snapshot_->config->database) {
        // The logical database is the default data source's, named so.
        const std::string& physical =
            snapshot_->config->FindDataSource(snapshot_->default_data_source())->database;
        renamed_object_ = "DATABASE";
        renamed_to_ = snapshot_->config->database;
        renamed_from_ = physical;
        std::string text = "SHOW CREATE DATABASE ";
        sql::AppendQuotedIdentifier(physical, &text);
        return RunOnDefaultDataSource(text);
      }
      if ((show.kind == sql::ShowStatement::Kind::kCreateTable ||
           show.kind == sql::ShowStatement::Kind::kIndex) &&
          show.table.has_value() && !show.create_view) {
        // Answered by one of its actual tables, whose name the result must not show.
        const TableRule* rule = snapshot_->config->sharding.FindTable(show.table->name.name);
        if (rule != nullptr && !rule->data_nodes().empty()) {
          renamed_object_ = "TABLE";
          renamed_to_ = rule->name();
          renamed_from_ = rule->data_nodes().front().table;
        }
      }
      return Router::Handles(statement.kind) ? RunRouted() : RunOnDefaultDataSource(sql);
    }
    case sql::StatementKind::kLockTables:
      WriteStatementError(UnsupportedError(
          "LOCK TABLES on a sharded configuration (the locks would have to be held on every data "
          "node of the tables); to load a mysqldump output through the proxy, dump with "
          "--skip-add-locks"));
      return StatementDone(false);
    case sql::StatementKind::kUnlockTables:
      // No session here ever holds table locks: nothing to release, as MariaDB then answers.
      return AnswerLocally(LocalResult());
    case sql::StatementKind::kExplain:
    case sql::StatementKind::kDescribe:
      names_tables_ = true;
      return RunOnDefaultDataSource(sql);
    case sql::StatementKind::kOther:
      return RunOnDefaultDataSource(sql);
    default:
      WriteStatementError(Unsupported(sql::StatementKindName(statement.kind)));
      return StatementDone(false);
  }
}

void ShardedHandler::RunOnDefaultDataSource(absl::string_view sql) {
  executor_->Execute(ReadOn(snapshot_->default_data_source(), std::string(sql)),
                     context_.session_state, this);
}

void ShardedHandler::AnswerLocally(const LocalResult& result) {
  if (result.columns.empty()) {
    row_count_ = 0;
  } else {
    NoteResultSet(result.rows.size());
  }
  StatementDone(WriteLocalResult(result, executor_->StatusFlags(), more_results(), sink_));
}

void ShardedHandler::NoteResultSet(uint64_t rows) {
  row_count_ = -1;
  found_rows_ = counted_found_rows_ ? counted_found_rows_
                : calc_found_rows_  ? absl::nullopt
                                    : absl::optional<uint64_t>(rows);
}

void ShardedHandler::StatementDone(bool ok) {
  DisarmStatementTimer();
  if (changes_schema_) {
    // Also when it failed: on several nodes, some may have run it.
    changes_schema_ = false;
    NoteSchemaChange();
  }
  timed_out_ = false;
  if (!ok) row_count_ = -1;
  // Never continue inside the executor's own sink call: the next statement starts from the loop.
  std::weak_ptr<bool> alive = alive_;
  context_.loop->AddTimer(absl::ZeroDuration(), [this, alive, ok] {
    if (alive.expired() || sink_ == nullptr) return;
    if (ok && more_results()) return RunNext();
    ReleaseSnapshot();
    ResultSink* sink = sink_;
    sink_ = nullptr;
    sink->Done();
  });
}

void ShardedHandler::WriteStatementError(const absl::Status& status) {
  capture_.reset();
  collecting_.reset();
  // An error replaces the session's conditions, as MySQL's diagnostics area does.
  MysqlError error = ToMysqlError(status);
  conditions_.assign(1, Condition{.level = "Error", .code = error.code, .message = error.message});
  warning_count_ = 1;
  sink_->WriteError(status);
}

void ShardedHandler::NoteConditions(uint16_t warnings) {
  absl::optional<std::vector<Condition>> reported = executor_->TakeConditions();
  if (!reported) return;  // not a statement the executor ran (BEGIN, COMMIT, ...)
  if (reported->empty() && warnings == 0 && !names_tables_) return;
  conditions_ = *std::move(reported);
  if (conditions_.size() > kMaxConditions) conditions_.resize(kMaxConditions);
  const bool ddl = IsDdl(bound_);
  for (Condition& c : conditions_) {
    c.message = router::RestoreLogicalNamesInMessage(*snapshot_->config, c.message, ddl);
  }
  if (ddl) {
    // DDL ran on every node of a table: each said the same ("Table 't_order' already exists").
    std::vector<Condition> distinct;
    for (Condition& c : conditions_) {
      bool seen = false;
      for (const Condition& d : distinct) {
        seen = seen || (d.level == c.level && d.code == c.code && d.message == c.message);
      }
      if (!seen) distinct.push_back(std::move(c));
    }
    warnings = static_cast<uint16_t>(std::min<size_t>(warnings, distinct.size()));
    conditions_ = std::move(distinct);
  }
  warning_count_ = std::max<uint64_t>(conditions_.size(), warnings);
}

void ShardedHandler::AnswerConditions(const sql::ShowStatement& show) {
  using Kind = sql::ShowStatement::Kind;
  const bool errors_only = show.kind == Kind::kErrors || show.kind == Kind::kCountErrors;
  LocalResult result;
  if (show.kind == Kind::kCountWarnings || show.kind == Kind::kCountErrors) {
    SessionFunctionSelect select;
    select.function = errors_only ? SessionFunctionSelect::Function::kErrorCount
                                  : SessionFunctionSelect::Function::kWarningCount;
    select.column_name = errors_only ? "@@session.error_count" : "@@session.warning_count";
    SessionFunctionValues values = SessionFunctions();
    result.columns.push_back(SessionFunctionColumn(select));
    result.rows.push_back({absl::StrCat(errors_only ? values.error_count : values.warning_count)});
    return AnswerLocally(result);
  }
  uint64_t offset = 0;
  uint64_t count = UINT64_MAX;
  if (show.limit.has_value()) {
    if (!sql::LiteralToUint64(bound_.Value(show.limit->count), &count) ||
        (show.limit->offset.valid() &&
         !sql::LiteralToUint64(bound_.Value(show.limit->offset), &offset))) {
      WriteStatementError(SyntaxError("SHOW WARNINGS/ERRORS LIMIT takes whole numbers"));
      return StatementDone(false);
    }
  }
  result.columns = ConditionColumns();
  uint64_t index = 0;
  for (const Condition& c : conditions_) {
    if (errors_only && c.level != "Error") continue;
    if (index++ < offset) continue;
    if (result.rows.size() >= count) break;
    result.rows.push_back({c.level, absl::StrCat(c.code), c.message});
  }
  AnswerLocally(result);
}

void ShardedHandler::WriteOk(const OkSummary& summary) {
  if (summary.last_insert_id != 0) last_insert_id_ = summary.last_insert_id;
  if (collecting_ && !(summary.status_flags & server_status::kMoreResultsExist)) {
    return FinishCollect();  // an answer without rows
  }
  OkResult ok;
  ok.affected_rows = summary.affected_rows;
  ok.last_insert_id = summary.last_insert_id;
  ok.status_flags = summary.status_flags;
  ok.warnings = summary.warnings;
  ok.info = summary.info;
  // A passed-through statement with several results (CALL) goes on after this OK.
  if (summary.status_flags & server_status::kMoreResultsExist) {
    sink_->WriteOk(ok, true);
    return;
  }
  if (more_results()) ok.status_flags |= server_status::kMoreResultsExist;
  NoteConditions(summary.warnings);
  // DDL's conditions are each node's alike, counted once.
  if (IsDdl(bound_))
    ok.warnings = static_cast<uint16_t>(std::min<uint64_t>(ok.warnings, warning_count_));
  row_count_ = static_cast<int64_t>(summary.affected_rows);
  sink_->WriteOk(ok, more_results());
  StatementDone(true);
}

void ShardedHandler::WriteError(const absl::Status& status) {
  DisarmStatementTimer();
  if (timed_out_) {
    // Whatever each shard said about the KILL (1317 interrupted, or a lost connection), the
    // client sees MySQL's answer for an expired max_execution_time.
    timed_out_ = false;
    WriteStatementError(
        MysqlStatus(mysql_errc::kQueryTimeout, "HY000",
                    "Query execution was interrupted, maximum statement execution time exceeded"));
    return StatementDone(false);
  }
  // A data source names its own database and tables; the client knows the logical ones.
  MysqlError error = ToMysqlError(status);
  std::string message =
      snapshot_ != nullptr ? router::RestoreLogicalNamesInMessage(*snapshot_->config, error.message)
                           : error.message;
  WriteStatementError(message == error.message ? status
                                               : MysqlStatus(error.code, error.sqlstate, message));
  StatementDone(false);
}

void ShardedHandler::WriteColumns(absl::Span<const ColumnDefinition> columns) {
  if (schema_names_) schema_rows_.emplace(&*schema_names_, columns);
  if (collecting_) {
    collecting_->collected.columns.assign(columns.begin(), columns.end());
    return;
  }
  if (capture_) {
    capture_->columns.assign(columns.begin(), columns.end());
    return;
  }
  if (logical_show_ != LogicalShow::kNone) {
    show_columns_.assign(columns.begin(), columns.end());
    return;
  }
  sink_->WriteColumns(columns);
}

bool ShardedHandler::WriteRow(RowView row) {
  if (schema_rows_) {
    if (!schema_rows_->Map(row, &schema_row_)) return true;  // another node's actual table
    row = schema_row_;
  }
  if (collecting_) {
    Collected& collected = collecting_->collected;
    if (collected.too_large) return true;  // drained; the stage fails at its end
    std::vector<absl::optional<std::string>> cells;
    cells.reserve(row.size());
    for (const Cell& cell : row) {
      if (cell) collected.bytes += cell->size();
      cells.push_back(cell ? absl::optional<std::string>(*cell) : absl::nullopt);
    }
    if (collected.bytes > collecting_->max_bytes) {
      collected.too_large = true;
      collected.rows.clear();
      return true;
    }
    collected.rows.push_back(std::move(cells));
    return true;
  }
  if (capture_) {
    if (capture_->rows++ == 0) {
      for (size_t i = 0; i < row.size() && i < capture_->columns.size(); ++i) {
        capture_->values.push_back(
            UserVariableLiteral(capture_->columns[i], row[i] ? absl::optional<std::string>(*row[i])
                                                             : absl::optional<std::string>()));
      }
    }
    return true;
  }
  if (logical_show_ != LogicalShow::kNone) {
    std::vector<absl::optional<std::string>> cells;
    for (const Cell& cell : row) {
      cells.push_back(cell ? absl::optional<std::string>(*cell) : absl::nullopt);
    }
    show_rows_.push_back(std::move(cells));
    return true;
  }
  if (!row_error_.ok()) return true;  // swallow the rest; the error replaces the end
  std::vector<Cell> renamed;
  if (!renamed_from_.empty() && !row.empty() && row[0].has_value()) {
    // The Table column, and CREATE TABLE `t_order_0` (...) in SHOW CREATE TABLE's second.
    renamed.assign(row.begin(), row.end());
    if (*row[0] == renamed_from_) renamed[0] = renamed_to_;
    const std::string quoted_from =
        absl::StrCat("CREATE ", renamed_object_, " `", renamed_from_, "`");
    if (row.size() > 1 && row[1].has_value() && absl::StartsWith(*row[1], quoted_from)) {
      renamed_text_ = absl::StrCat("CREATE ", renamed_object_, " `", renamed_to_, "`",
                                   row[1]->substr(quoted_from.size()));
      renamed[1] = renamed_text_;
    }
    row = renamed;
  }
  absl::Status written = sink_->WriteRow(row);
  if (!written.ok()) row_error_ = std::move(written);
  ++rows_sent_;
  return sink_->WantsMore();
}

void ShardedHandler::WriteEnd(uint16_t status_flags, uint16_t warnings) {
  if (!(status_flags & server_status::kMoreResultsExist)) NoteConditions(warnings);
  // A stage the session collects comes first, as in WriteColumns and WriteRow: it may run for
  // a statement whose answer is captured (SET @x = (SELECT …) over a lookup or a staged UNION).
  if (collecting_ && !(status_flags & server_status::kMoreResultsExist)) return FinishCollect();
  if (capture_ && !(status_flags & server_status::kMoreResultsExist)) {
    return FinishCapture(warnings);
  }
  if (logical_show_ != LogicalShow::kNone) return FinishLogicalShow();
  if (!row_error_.ok()) {
    WriteStatementError(row_error_);
    row_error_ = absl::OkStatus();
    return StatementDone(false);
  }
  if (status_flags & server_status::kMoreResultsExist) {
    sink_->WriteEnd(status_flags, warnings, true);
    return;
  }
  if (more_results()) status_flags |= server_status::kMoreResultsExist;
  NoteResultSet(rows_sent_);
  sink_->WriteEnd(status_flags, warnings, more_results());
  StatementDone(true);
}

void ShardedHandler::StartLogicalShow(LogicalShow kind, const sql::ShowStatement& show) {
  logical_show_ = kind;
  show_like_.reset();
  if (show.like.slot >= 0) show_like_ = sql::DecodeLiteralBytes(bound_.Value(show.like));
  show_columns_.clear();
  show_rows_.clear();
}

void ShardedHandler::FinishLogicalDatabases() {
  logical_show_ = LogicalShow::kNone;
  const Config& config = *snapshot_->config;
  std::vector<std::vector<absl::optional<std::string>>> rows;
  absl::flat_hash_set<std::string> seen;
  auto add = [&](std::string name) {
    if (show_like_ && !MatchesLikePattern(name, *show_like_)) return;
    if (seen.insert(name).second) rows.push_back({std::move(name)});
  };
  add(config.database);
  for (auto& row : show_rows_) {
    if (row.empty() || !row[0].has_value()) continue;
    bool physical = false;
    for (const DataSourceConfig& ds : config.data_sources) {
      physical = physical || ds.database == *row[0];
    }
    if (!physical) add(*std::move(row[0]));
  }
  std::sort(rows.begin(), rows.end());
  show_rows_.clear();
  LocalResult result;
  result.columns = std::move(show_columns_);
  if (result.columns.empty()) result.columns.push_back(TextColumn("Database", 64));
  if (show_like_) {
    result.columns[0].name = absl::StrCat("Database (", *show_like_, ")");
    result.columns[0].org_name = result.columns[0].name;
  }
  result.rows = std::move(rows);
  AnswerLocally(result);
}

void ShardedHandler::FinishLogicalShow() {
  if (logical_show_ == LogicalShow::kDatabases) return FinishLogicalDatabases();
  const bool status = logical_show_ == LogicalShow::kTableStatus;
  logical_show_ = LogicalShow::kNone;
  const Config& config = *snapshot_->config;
  const std::string& default_ds = snapshot_->default_data_source();
  absl::flat_hash_map<std::string, std::string> logical_of;  // actual table → logical
  std::vector<std::string> always;  // sharded tables with no node in the default data source
  for (const TableRule& table : config.sharding.tables()) {
    bool in_default = false;
    for (const DataNode& node : table.data_nodes()) {
      if (node.data_source == default_ds) {
        in_default = true;
        logical_of[node.table] = table.name();
      }
    }
    if (!in_default) always.push_back(table.name());
  }
  // SHOW TABLE STATUS: the sizes and counters of one actual table are not the logical table's
  // (its rows are spread over every node), so a sharded table shows NULL for them.
  std::vector<size_t> per_node_columns;
  if (status) {
    for (size_t i = 0; i < show_columns_.size(); ++i) {
      for (absl::string_view name : {"Rows", "Avg_row_length", "Data_length", "Index_length",
                                     "Data_free", "Auto_increment", "Max_index_length"}) {
        if (show_columns_[i].name == name) per_node_columns.push_back(i);
      }
    }
  }
  absl::flat_hash_set<std::string> seen;
  std::vector<std::vector<absl::optional<std::string>>> rows;
  for (auto& row : show_rows_) {
    if (row.empty() || !row[0].has_value()) continue;
    auto it = logical_of.find(*row[0]);
    if (it != logical_of.end()) {
      row[0] = it->second;
      for (size_t i : per_node_columns) {
        if (i < row.size()) row[i].reset();
      }
    }
    if (show_like_ && !MatchesLikePattern(*row[0], *show_like_)) continue;
    if (seen.insert(*row[0]).second) rows.push_back(std::move(row));
  }
  for (const std::string& name : always) {
    if (show_like_ && !MatchesLikePattern(name, *show_like_)) continue;
    if (!seen.insert(name).second) continue;
    std::vector<absl::optional<std::string>> row(std::max<size_t>(show_columns_.size(), 1));
    row[0] = name;
    if (!status && show_columns_.size() > 1) row[1] = "BASE TABLE";
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end());
  if (!status && !show_columns_.empty()) {
    std::string name = absl::StrCat("Tables_in_", config.database);
    if (show_like_) absl::StrAppend(&name, " (", *show_like_, ")");
    show_columns_[0].name = name;
    show_columns_[0].org_name = name;
    show_columns_[0].schema = config.database;
  }
  show_rows_.clear();
  LocalResult result;
  result.columns = std::move(show_columns_);
  result.rows = std::move(rows);
  AnswerLocally(result);
}

void ShardedHandler::RunAdmin(absl::string_view sql) {
  std::weak_ptr<bool> alive = alive_;
  AdminContext admin{
      .loop = context_.loop, .config = snapshot_->config, .reloader = context_.reloader};
  RunAdminStatement(sql, admin, [this, alive](AdminAnswer answer) {
    if (alive.expired() || sink_ == nullptr) return;
    StatementDone(WriteAdminAnswer(answer, executor_->StatusFlags(), more_results(), sink_));
  });
}

SessionFunctionValues ShardedHandler::SessionFunctions() const {
  SessionFunctionValues values;
  values.last_insert_id = last_insert_id_;
  values.row_count = row_count_;
  values.found_rows = found_rows_;
  values.database = context_.session_state->schema;
  values.autocommit = executor_->autocommit();
  values.warning_count = warning_count_;
  values.connection_id = context_.connection_id;
  values.error_count = static_cast<uint64_t>(
      absl::c_count_if(conditions_, [](const Condition& c) { return c.level == "Error"; }));
  return values;
}

void ShardedHandler::RunSessionFunctionSelect(absl::Span<const SessionFunctionSelect> select) {
  const SessionFunctionValues values = SessionFunctions();
  LocalResult result;
  std::vector<absl::optional<std::string>>& row = result.rows.emplace_back();
  for (const SessionFunctionSelect& item : select) {
    absl::StatusOr<absl::optional<std::string>> cell = SessionFunctionCell(item, values);
    if (!cell.ok()) {
      WriteStatementError(cell.status());
      return StatementDone(false);
    }
    result.columns.push_back(SessionFunctionColumn(item));
    row.push_back(*std::move(cell));
  }
  AnswerLocally(result);
}

void ShardedHandler::RunOpsStatement(const OpsStatement& statement) {
  if (statement.kind == OpsStatementKind::kShowProcesslist ||
      statement.kind == OpsStatementKind::kKill) {
    std::weak_ptr<bool> alive = alive_;
    auto answer = [this, alive](absl::StatusOr<LocalResult> result) {
      if (alive.expired() || sink_ == nullptr) return;
      if (!result.ok()) {
        WriteStatementError(result.status());
        return StatementDone(false);
      }
      AnswerLocally(*result);
    };
    if (statement.kind == OpsStatementKind::kKill) {
      return KillSession(context_, statement, std::move(answer));
    }
    return CollectProcesslist(context_, statement.full, std::move(answer));
  }
  absl::StatusOr<LocalResult> result =
      shardproxy::RunOpsStatement(statement, context_, &max_execution_time_ms_);
  if (!result.ok()) {
    WriteStatementError(result.status());
    return StatementDone(false);
  }
  AnswerLocally(*result);
}

void ShardedHandler::RunShowXaTransactions() {
  if (environment_->coordinator == nullptr) {
    WriteStatementError(Unsupported("SHOW XA TRANSACTIONS without transaction.type xa"));
    return StatementDone(false);
  }
  LocalResult result;
  for (const std::string& name : ShowXaTransactionsColumns()) {
    result.columns.push_back(TextColumn(name, 256));
  }
  auto rows = ShowXaTransactionsRows(environment_->coordinator->registry()->Snapshot());
  for (const auto& row : rows) {
    std::vector<absl::optional<std::string>>& cells = result.rows.emplace_back();
    for (const auto& cell : row) cells.push_back(cell.value_or(""));
  }
  AnswerLocally(result);
}

void ShardedHandler::RunPreview(absl::string_view sql) {
  absl::Status parsed = parser_->Parse(sql, &bound_);
  absl::StatusOr<RoutePlan> plan = Unsupported("PREVIEW");
  if (!parsed.ok()) {
    plan = parsed;
  } else {
    if (!Router::Handles(bound_.kind())) {
      plan = Unsupported(absl::StrCat("PREVIEW of ", sql::StatementKindName(bound_.kind())));
    } else {
      const SessionState& state = *context_.session_state;
      plan = Router::Route(
          bound_, {.config = snapshot_->config.get(),
                   .current_database = state.schema ? absl::string_view(*state.schema) : "",
                   .broadcast_read_choice = session_id_});
    }
  }
  if (!plan.ok()) {
    WriteStatementError(plan.status());
    return StatementDone(false);
  }
  LocalResult result;
  result.columns = {TextColumn("data_source", 64), TextColumn("actual_sql", 65535)};
  for (const NodeStatement& node : plan->statements) {
    result.rows.push_back({node.data_source, node.sql});
  }
  AnswerLocally(result);
}

void ShardedHandler::Resume() {
  if (cross_node_ != nullptr) cross_node_->ResumeOutput();
  if (executor_ != nullptr) executor_->ResumeOutput();
}

void ShardedHandler::ResetSession() {
  user_variables_.clear();
  ReleaseExecutor();
  // The released executor keeps the environment it runs on until it is gone; the new one gets
  // its own, which the next statement points at its snapshot.
  environment_ = std::make_shared<ExecutorEnvironment>(*environment_);
  executor_ = std::make_unique<SessionExecutor>(
      environment_.get(), ConnectionOptions{.found_rows = context_.client_found_rows}, session_id_);
  ReleaseSnapshot();
}

void ShardedHandler::InterruptStatement() {
  if (sink_ == nullptr || executor_ == nullptr) return;
  killed_ = true;
  executor_->Interrupt();
}

void ShardedHandler::Abort() {
  sink_ = nullptr;
  ReleaseExecutor();
}

void ShardedHandler::Prepare(absl::string_view sql, PrepareCallback done) {
  // The shape comes from the data source that would run the statement: parameters as NULL,
  // routed like any statement, the first node's SQL prepared there (and closed at once).
  std::vector<uint32_t> markers = FindParameterMarkers(sql, /*no_backslash_escapes=*/false);
  auto text = std::make_shared<std::string>(WithStandInParameters(sql, markers));
  const uint16_t num_params = static_cast<uint16_t>(markers.size());
  std::weak_ptr<bool> alive = alive_;
  // The loop, not `this`: the handler may be gone when the data source answers.
  auto finish = [loop = context_.loop, alive, done = std::move(done)](
                    absl::StatusOr<BackendConnection::StatementShape> shape) mutable {
    loop->AddTimer(absl::ZeroDuration(),
                   [alive, done = std::move(done), shape = std::move(shape)]() mutable {
                     if (!alive.expired()) done(std::move(shape));
                   });
  };
  // The statement's snapshot, kept alive by the callbacks below until the shape is known.
  std::shared_ptr<const ConfigSnapshot> snapshot =
      snapshot_ != nullptr && executor_->in_transaction() ? snapshot_ : *context_.latest;
  sql::BoundStatement bound;
  absl::Status parsed = parser_->Parse(*text, &bound);
  if (!parsed.ok()) return finish(parsed);
  if (bound.kind() != sql::StatementKind::kSelect || !Router::Handles(bound.kind())) {
    BackendConnection::StatementShape shape;
    shape.num_params = num_params;
    return finish(std::move(shape));
  }
  const SessionState& state = *context_.session_state;
  router::RouteContext route_context{
      .config = snapshot->config.get(),
      .current_database = state.schema ? absl::string_view(*state.schema) : "",
      .broadcast_read_choice = session_id_};
  absl::StatusOr<RoutePlan> routed = Router::Route(bound, route_context);
  if (!routed.ok() &&
      (CrossNodeRunner::Applies(bound, route_context, routed.status()) ||
       router::CommonTablesAsDerived(bound).has_value() ||
       router::SplitCalcFoundRows(bound).has_value() || PlanStagedUnion(bound).has_value())) {
    // Run in stages at EXECUTE: no single node can describe the result; it comes with it.
    BackendConnection::StatementShape shape;
    shape.num_params = num_params;
    return finish(std::move(shape));
  }
  if (!routed.ok()) return finish(routed.status());
  auto plan = std::make_shared<RoutePlan>(*std::move(routed));
  BackendPool* pool = snapshot->PoolFor(plan->statements.front().data_source);
  if (pool == nullptr) return finish(InternalError("prepare: no pool for the data source"));
  auto finish_shared = std::make_shared<decltype(finish)>(std::move(finish));
  pool->Acquire(
      ConnectionOptions{.found_rows = context_.client_found_rows},
      [plan, num_params, finish_shared, snapshot](absl::StatusOr<PooledConnection> conn) mutable {
        if (!conn.ok()) return (*finish_shared)(conn.status());
        auto held = std::make_shared<PooledConnection>(*std::move(conn));
        (*held)->Prepare(plan->statements.front().sql,
                         [plan, num_params, finish_shared, held, snapshot](
                             absl::StatusOr<BackendConnection::StatementShape> shape) mutable {
                           held->Release();
                           if (shape.ok()) {
                             shape->num_params = num_params;
                             router::RestoreLogicalNames(*plan, *snapshot->config,
                                                         absl::MakeSpan(shape->columns));
                           }
                           (*finish_shared)(std::move(shape));
                         });
      });
}

}  // namespace shardproxy
