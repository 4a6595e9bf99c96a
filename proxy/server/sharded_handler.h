// The sharded path: each statement is parsed (parser/), routed and rewritten (router/), and its
// plan run on this worker's pools by the session's executor (proxy/executor/), which merges the
// shard results and runs multi-shard writes as XA transactions.
//
// Statements the router does not route are the session's:
//   BEGIN / START TRANSACTION, COMMIT, ROLLBACK, → the executor's transaction
//   SAVEPOINT, ROLLBACK TO, RELEASE SAVEPOINT      (savepoints on every branch)
//   SET shardproxy.transaction_type = 'xa'|'local' → the executor's type for later transactions
//   USE <logical database>                       → checked against the config's `database`
//   SET @x = …, SELECT … INTO @x, reads of @x     → the session's user variables
//                                                  (user_variables.h)
//   other SET statements                         → run on the default data source; the state the
//                                                  backend reports is carried to every shard
//   INSERT … SELECT the router refuses            → the SELECT first, its rows then as VALUES
//   UNION of different sharded tables            → branch by branch, combined (staged_union.h)
//   ANALYZE/CHECK/CHECKSUM/OPTIMIZE/REPAIR TABLE → on every actual table, answered merged
//   PREPARE / EXECUTE / DEALLOCATE PREPARE        → the session's prepared texts, each EXECUTE
//                                                  routed on its values
//                                                  (sql_prepared_statements.h)
//   SHOW [FULL] TABLES, SHOW DATABASES           → logical table and database names
//   SELECT … FROM information_schema.…           → logical names (schema_view.h)
//   SHOW XA TRANSACTIONS                         → live, in-doubt and recently resolved ones
//   SHOW WARNINGS / ERRORS [LIMIT], SHOW COUNT(*) WARNINGS / ERRORS, SELECT @@warning_count,
//   SELECT @@error_count                         → the session's conditions: the data sources'
//                                                  warnings of its last statement (read by the
//                                                  executor), or the error it was answered
//   PREVIEW <statement>                          → one row per node: data source, rewritten SQL
//   SHOW SHARDING TABLE[S], RELOAD CONFIG        → admin_statements.h
//   anything else (XA, KILL, LOCK TABLES)       → 1235, never a partial effect
// Multi-statement texts run one statement after another, stopping at the first error.
//
// Config reload: each statement takes the worker's newest ConfigSnapshot when it starts (an
// explicit transaction keeps the one its BEGIN took until it ends), and routes and runs on that
// snapshot's rules and pools; between statements outside a transaction the handler holds none,
// so the pools a reload retired can close.
#ifndef SHARDPROXY_PROXY_SERVER_SHARDED_HANDLER_H_
#define SHARDPROXY_PROXY_SERVER_SHARDED_HANDLER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "parser/ast/session.h"
#include "parser/bound_statement.h"
#include "parser/parser.h"
#include "proxy/executor/cross_node_runner.h"
#include "proxy/executor/executor_environment.h"
#include "proxy/executor/result_sink.h"
#include "proxy/executor/session_executor.h"
#include "proxy/server/config_snapshot.h"
#include "proxy/server/local_result.h"
#include "proxy/server/ops_statements.h"
#include "proxy/server/schema_view.h"
#include "proxy/server/session_functions.h"
#include "proxy/server/sql_prepared_statements.h"
#include "proxy/server/staged_union.h"
#include "proxy/server/statement_handler.h"
#include "proxy/server/table_maintenance.h"
#include "proxy/server/user_variables.h"

namespace shardproxy {

// The process's parser (its digest cache is shared by every worker).
sql::Parser* SharedParser();

class ShardedHandler final : public StatementHandler, private PlanResultSink {
 public:
  // `environment` and `parser` belong to the worker / process and outlive the handler; the
  // handler runs its executor on a copy of `environment` pointed at each statement's snapshot.
  ShardedHandler(HandlerContext context, const ExecutorEnvironment* environment,
                 sql::Parser* parser, uint64_t session_id);
  ~ShardedHandler() override;

  void Execute(absl::string_view sql, ResultSink* sink) override;
  void Prepare(absl::string_view sql, PrepareCallback done) override;
  void Resume() override;
  void InterruptStatement() override;
  void ResetSession() override;
  void Abort() override;
  std::string DescribeLastNodeTimes() const override {
    return executor_ != nullptr ? executor_->DescribeLastNodeTimes() : std::string();
  }

 private:
  // PlanResultSink: what the executor writes, forwarded to the session's sink.
  void WriteOk(const OkSummary& ok) override;
  void WriteError(const absl::Status& status) override;
  void WriteColumns(absl::Span<const ColumnDefinition> columns) override;
  bool WriteRow(RowView row) override;
  void WriteEnd(uint16_t status_flags, uint16_t warnings) override;

  // Every error a statement is answered with goes through here: it becomes the session's
  // conditions.
  void WriteStatementError(const absl::Status& status);
  // A statement the executor ran ended well: its data sources' conditions become the session's
  // when it had any or named a table (as MySQL, a statement without tables and without
  // conditions leaves the list alone).
  void NoteConditions(uint16_t warnings);
  void AnswerConditions(const sql::ShowStatement& show);
  // User variables (user_variables.h): reads replaced by values, SET and SELECT … INTO turned
  // into a SELECT whose row capture_ keeps; 1235 for uses the session cannot keep.
  absl::Status BindUserVariables();
  // Parses `text` into bound_ (kept in variable_sql_).
  absl::Status Reparse(std::string text);
  // The SELECT of a SET or SELECT … INTO ended: the variables take its row.
  void FinishCapture(uint16_t warnings);
  // Results the session reads itself instead of the client: the INSERT … SELECT's rows, each
  // node's table maintenance answer, a table's columns. Rows past `max_bytes` (counted as their
  // cells' bytes) are dropped and `too_large` set.
  struct Collected {
    std::vector<ColumnDefinition> columns;
    std::vector<std::vector<absl::optional<std::string>>> rows;
    size_t bytes = 0;
    bool too_large = false;
  };
  using CollectDone = absl::AnyInvocable<void(Collected)>;
  struct Collecting {
    Collected collected;
    size_t max_bytes = 0;
    CollectDone done;
  };
  // INSERT … SELECT the router refused (the rows live elsewhere than the target's nodes): the
  // SELECT runs first, routed and merged like any, and its rows become the VALUES of an INSERT
  // routed like any. False when bound_ is not an INSERT … SELECT.
  bool StartInsertSelect();
  // INSERT into a sharded table without a column list: the table's columns are read from its
  // first node (visible ones, in order) and the INSERT runs with them listed. False when bound_
  // is not such an INSERT.
  bool StartColumnListLookup();
  // UPDATE / DELETE … LIMIT n over several nodes (RoutePlan::write_limit): counts each node's
  // matching rows, then runs `write` with each node's LIMIT lowered to its share of n.
  void StartLimitedWrite(router::RoutePlan write, const router::RouteContext& context);
  // Adds the sharded and broadcast tables bound_ names whose collations are unknown to
  // collations_missing_; true when there are any.
  bool NoteUnknownTables(const router::ColumnCollations& collations);
  // Loads the column collations of collations_missing_'s tables into the worker's cache, then
  // routes bound_ again.
  void LoadCollations();
  // UNION of branches no node runs whole (staged_union.h): branch after branch, then combined.
  // False when bound_ is not such a UNION.
  bool StartStagedUnion();
  // Runs `plan` with its answer collected instead of sent; `done` runs from the loop once the
  // answer is complete (an error ends the statement instead).
  void Collect(std::shared_ptr<router::RoutePlan> plan, size_t max_bytes, CollectDone done);
  // The same for `sql`, parsed into bound_ and routed like a client's statement (a parse error
  // ends the statement).
  void CollectRouted(std::string sql, size_t max_bytes, CollectDone done);
  // Collects each step's answer, one after another, at most `max_bytes` of them together (the
  // answer past it, too_large set, is the last), then `done` with them in order.
  struct CollectStep {
    std::shared_ptr<router::RoutePlan> plan;  // a plan to run, or
    std::string sql;                          // a statement to route
  };
  using CollectEachDone = absl::AnyInvocable<void(std::vector<Collected>)>;
  void CollectEach(std::vector<CollectStep> steps, size_t max_bytes, CollectEachDone done);
  struct CollectSequence {
    std::vector<CollectStep> steps;
    size_t next = 0;
    size_t max_bytes = 0;
    size_t bytes = 0;
    std::vector<Collected> answers;
    CollectEachDone done;
  };
  void CollectNextStep(std::shared_ptr<CollectSequence> sequence);
  void FinishCollect();
  // Parses `sql` into bound_ and routes it.
  void RunStaged(std::string sql);
  // PREPARE / EXECUTE / DEALLOCATE PREPARE in SQL (sql_prepared_statements.h).
  void RunSqlPrepareCommand(const SqlPrepareCommand& command);
  // ANALYZE / CHECK / CHECKSUM / OPTIMIZE / REPAIR TABLE (table_maintenance.h): node after node,
  // then the merged rows.
  void RunTableMaintenance(TableMaintenance plan);

  void RunNext();
  // Takes the worker's newest snapshot unless a transaction holds on to its own.
  void TakeSnapshot();
  // Lets go of the snapshot between statements outside a transaction.
  void ReleaseSnapshot();
  void RunAdmin(absl::string_view sql);
  // Runs one statement; returns false when it finished synchronously with `status` (the caller
  // then reports it) — true when the executor will call back.
  void RunStatement(absl::string_view sql);
  void RunSessionStatement(absl::string_view sql);
  // Routes bound_ and hands the plan to the executor.
  void RunRouted();
  void RunOnDefaultDataSource(absl::string_view sql);
  // The statement is over; `ok` says whether the text goes on.
  void StatementDone(bool ok);
  // Answers the statement with what the proxy made itself (an OK when `result` has no columns:
  // PREVIEW, SHOW TABLES, session functions, ops and SET statements it keeps), then ends it.
  void AnswerLocally(const LocalResult& result);
  void RunPreview(absl::string_view sql);
  void RunShowXaTransactions();
  // SELECT LAST_INSERT_ID(), SELECT DATABASE() and friends (session_functions.h).
  void RunSessionFunctionSelect(absl::Span<const SessionFunctionSelect> select);
  SessionFunctionValues SessionFunctions() const;
  // A result set of `rows` rows ended the statement: what ROW_COUNT() and FOUND_ROWS() say next.
  void NoteResultSet(uint64_t rows);
  // SHOW DATA SOURCES, SET max_execution_time, ... (ops_statements.h).
  void RunOpsStatement(const OpsStatement& statement);
  // The statement timeout: KILL QUERY on every shard when it expires, ERR 3024 to the client.
  void ArmStatementTimer();
  void DisarmStatementTimer();
  // SHOW [FULL] TABLES: the default data source's tables with every sharded table's actual
  // tables replaced by its logical name.
  void FinishLogicalShow();
  // SHOW [FULL] TABLES, SHOW TABLE STATUS [FROM <logical database>], SHOW DATABASES [LIKE '…']:
  // the default data source's list is collected (the LIKE kept to match the logical names),
  // then answered with logical names.
  enum class LogicalShow : uint8_t { kNone, kTables, kTableStatus, kDatabases };
  void StartLogicalShow(LogicalShow kind, const sql::ShowStatement& show);
  // SHOW DATABASES [LIKE '…']: the default data source's list with the data sources' databases
  // replaced by the logical one.
  void FinishLogicalDatabases();
  bool more_results() const { return next_ < statements_.size(); }
  void ReleaseExecutor();

  HandlerContext context_;
  // The worker's environment with config and pools of snapshot_; shared with an aborting
  // executor, which may outlive the handler (ResetSession gives the next executor a new one).
  std::shared_ptr<ExecutorEnvironment> environment_;
  std::shared_ptr<const ConfigSnapshot> snapshot_;  // the running statement's (or transaction's)
  sql::Parser* const parser_;
  const uint64_t session_id_;
  // The session's statement timeout (timeouts.statement_ms, SET max_execution_time); 0 = none.
  int64_t max_execution_time_ms_ = 0;
  EventLoop::TimerId statement_timer_ = 0;
  bool timed_out_ = false;  // the timer fired: the statement's error becomes 3024
  bool killed_ = false;     // KILL QUERY: no further stage of the client's command starts
  std::unique_ptr<SessionExecutor> executor_;
  // SELECTs refused for subqueries or joins spanning data nodes, run in stages.
  std::unique_ptr<CrossNodeRunner> cross_node_;
  sql::BoundStatement bound_;

  ResultSink* sink_ = nullptr;  // non-null while a statement text runs
  std::string text_;
  std::vector<absl::string_view> statements_;  // into text_
  size_t next_ = 0;
  absl::Status row_error_;
  // The insert id of the last OK that carried one (LAST_INSERT_ID() of this session), and the
  // running statement with LAST_INSERT_ID() and DATABASE() replaced by their values.
  uint64_t last_insert_id_ = 0;
  std::string rewritten_;
  // ROW_COUNT() and FOUND_ROWS() of this session (session_functions.h); rows_sent_ counts the
  // running statement's rows, calc_found_rows_ says it is a SELECT SQL_CALC_FOUND_ROWS.
  int64_t row_count_ = -1;
  absl::optional<uint64_t> found_rows_ = 0;
  uint64_t rows_sent_ = 0;
  bool calc_found_rows_ = false;
  absl::optional<uint64_t> counted_found_rows_;  // SQL_CALC_FOUND_ROWS's count, run first
  // The session's conditions (SHOW WARNINGS) and @@warning_count; names_tables_ says the running
  // statement names a table. At most max_error_count (64, MariaDB's default) are kept.
  static constexpr size_t kMaxConditions = 64;
  std::vector<Condition> conditions_;
  uint64_t warning_count_ = 0;
  bool names_tables_ = false;
  std::vector<std::string> collations_missing_;  // tables the last routing lacked collations of
  bool collations_loaded_ = false;               // this statement loaded them once already
  bool changes_schema_ = false;
  std::string limit_count_sql_;  // StartLimitedWrite's count, and
  sql::BoundStatement
      limit_count_;  // parsed  // DDL routed: cached column collations are stale once it ends
  // The session's user variables, and the row of the running SET / SELECT … INTO.
  UserVariables user_variables_;
  struct UserVariableCapture {
    std::vector<std::string> names;
    bool select_into = false;
    std::vector<ColumnDefinition> columns;
    std::vector<std::string> values;
    uint64_t rows = 0;
    std::string then_set;  // a SET that also assigns system variables: the SET itself, after
  };
  absl::optional<UserVariableCapture> capture_;
  absl::optional<Collecting> collecting_;
  // Rows a staged UNION / INSERT … SELECT may hold in the proxy.
  static constexpr size_t kMaxUnionBytes = 32 << 20;
  static constexpr size_t kMaxInsertSelectBytes = 8 << 20;
  // Statements prepared in SQL, by lower-case name (MariaDB's names ignore case), and the text
  // the running EXECUTE runs.
  static constexpr size_t kMaxSqlPrepared = 1024;
  absl::flat_hash_map<std::string, std::string> sql_prepared_;
  std::string execute_sql_;
  std::string then_set_;
  std::string variable_sql_[2];
  int variable_sql_index_ = 0;
  // A SELECT of information_schema: the names it maps (schema_view.h), and its answer's rows.
  absl::optional<SchemaNames> schema_names_;
  absl::optional<SchemaViewRows> schema_rows_;
  std::vector<Cell> schema_row_;
  // SHOW CREATE TABLE / SHOW INDEX of a sharded table ran on one of its actual tables (SHOW
  // CREATE DATABASE on the default data source's database): the first cell and the CREATE text
  // name the logical object instead.
  std::string renamed_object_;  // TABLE or DATABASE
  std::string renamed_from_;
  std::string renamed_to_;
  std::string renamed_text_;
  // Which logical SHOW the running statement is (StartLogicalShow).
  LogicalShow logical_show_ = LogicalShow::kNone;
  absl::optional<std::string> show_like_;  // the LIKE pattern, matched against logical names
  std::vector<ColumnDefinition> show_columns_;
  std::vector<std::vector<absl::optional<std::string>>> show_rows_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_SHARDED_HANDLER_H_
