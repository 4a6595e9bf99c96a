#include "proxy/executor/cross_node_runner.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/mysql_error.h"
#include "merger/filter_stream.h"
#include "merger/hash_join_stream.h"
#include "merger/memory_row_stream.h"
#include "merger/merger.h"
#include "merger/output_columns.h"

namespace shardproxy {

// A materialised statement result (a join side).
struct CollectedResult {
  std::vector<ColumnDefinition> columns;
  OwnedRows rows;
};

// One statement on its way: the top one (answering the caller's sink) or a stage of its parent
// (answering the parent's collector). Owns its text, since a BoundStatement views it.
struct CrossNodeRunner::Job {
  std::string sql;
  sql::BoundStatement bound;
  PlanResultSink* sink = nullptr;
  int depth = 0;   // nesting: 0 for the top statement
  int rounds = 0;  // staging rounds of this statement

  // Subqueries.
  std::vector<router::StagedSubquery> staged;
  std::vector<std::string> replacements;
  size_t next = 0;
  std::unique_ptr<BindingCollector> binding;
  // Describes the columns of bound select-item subqueries; between the job and its sink once
  // the first is bound.
  std::unique_ptr<ScalarColumnDescriber> describer;

  // Join.
  absl::optional<router::JoinPlan> join;
  absl::optional<router::DerivedTablePlan> derived;
  // Declared before the collectors: their charges are given back when they are destroyed.
  std::shared_ptr<MemoryBudget> budget;
  std::unique_ptr<RowCollector> probe_left;   // columns of each side, when conditions name
  std::unique_ptr<RowCollector> probe_right;  // unqualified columns
  std::unique_ptr<RowCollector> first;
  std::unique_ptr<RowCollector> second;

  std::unique_ptr<Job> child;  // the running stage
};

// Where a stage's answer goes. The terminal call (end, error, or an OK where rows were
// expected) continues the parent from the loop, never inside the executor's call; past an
// error the rest of the rows is read and dropped (the executor must reach the end to give its
// connections back), and the error is the answer.
class CrossNodeRunner::StageCollector : public PlanResultSink {
 public:
  using Continuation = void (CrossNodeRunner::*)(Job* parent, absl::Status status);

  StageCollector(CrossNodeRunner* runner, Job* parent, Continuation then, const char* what)
      : runner_(runner), parent_(parent), then_(then), what_(what) {}

  void WriteOk(const OkSummary&) override {
    Finish(InternalError(absl::StrCat(what_, " answered OK instead of rows")));
  }
  void WriteError(const absl::Status& status) override { Finish(status); }
  void WriteEnd(uint16_t, uint16_t) override { Finish(error_); }

 protected:
  absl::Status error_;

 private:
  void Finish(absl::Status status) {
    CrossNodeRunner* runner = runner_;
    Job* parent = parent_;
    Continuation then = then_;
    runner->Defer([runner, parent, then, status = std::move(status)]() mutable {
      (runner->*then)(parent, std::move(status));
    });
  }

  CrossNodeRunner* runner_;
  Job* parent_;
  Continuation then_;
  const char* what_;
};

// A subquery's rows, bound into its parent's text.
class CrossNodeRunner::BindingCollector final : public StageCollector {
 public:
  BindingCollector(CrossNodeRunner* runner, Job* parent, const router::StagedSubquery& staged,
                   router::SubqueryLimits limits, bool no_backslash_escapes)
      : StageCollector(runner, parent, &CrossNodeRunner::OnSubqueryDone, "a subquery"),
        binder_(staged, limits, no_backslash_escapes) {}

  const router::SubqueryResultBinder& binder() const { return binder_; }

  void WriteColumns(absl::Span<const ColumnDefinition> columns) override {
    if (error_.ok()) error_ = binder_.SetColumns(columns);
  }
  bool WriteRow(RowView row) override {
    if (error_.ok()) error_ = binder_.AddRow(row);
    return true;
  }

 private:
  router::SubqueryResultBinder binder_;
};

// Passes a job's answer on, with the columns of scalar subqueries that were whole select items
// described as MariaDB describes such a subquery rather than as the literal bound in its place
// (router/subquery_binder.h).
class CrossNodeRunner::ScalarColumnDescriber final : public PlanResultSink {
 public:
  explicit ScalarColumnDescriber(PlanResultSink* next) : next_(next) {}

  void Add(const router::StagedSubquery& staged, const ColumnDefinition& selected) {
    columns_.push_back(Column{static_cast<size_t>(staged.result_column),
                              staged.result_column_from_end, ScalarSubqueryColumn(selected)});
  }

  void WriteOk(const OkSummary& ok) override { next_->WriteOk(ok); }
  void WriteError(const absl::Status& status) override { next_->WriteError(status); }
  void WriteColumns(absl::Span<const ColumnDefinition> columns) override {
    described_.assign(columns.begin(), columns.end());
    for (const Column& c : columns_) {
      if (c.index >= described_.size()) continue;
      ColumnDefinition& target = described_[c.from_end ? described_.size() - 1 - c.index : c.index];
      std::string name = std::move(target.name);
      target = c.definition;
      target.name = std::move(name);
    }
    next_->WriteColumns(described_);
  }
  bool WriteRow(RowView row) override { return next_->WriteRow(row); }
  void WriteEnd(uint16_t status_flags, uint16_t warnings) override {
    next_->WriteEnd(status_flags, warnings);
  }

 private:
  struct Column {
    size_t index;
    bool from_end;
    ColumnDefinition definition;
  };
  PlanResultSink* const next_;
  std::vector<Column> columns_;
  // Kept: the sink reads the columns again with each row (the binary protocol's encoding).
  std::vector<ColumnDefinition> described_;
};

// A join side's rows, kept (within the statement's memory budget) for the hash join.
class CrossNodeRunner::RowCollector final : public StageCollector {
 public:
  RowCollector(CrossNodeRunner* runner, Job* parent, MemoryBudget* budget)
      : StageCollector(runner, parent, &CrossNodeRunner::OnJoinSideDone, "a join side"),
        charge_(budget, "cross-node join side") {}

  CollectedResult& result() { return result_; }

  void WriteColumns(absl::Span<const ColumnDefinition> columns) override {
    result_.columns.assign(columns.begin(), columns.end());
  }
  bool WriteRow(RowView row) override {
    if (!error_.ok()) return true;
    size_t bytes = sizeof(OwnedCell) * row.size() + sizeof(std::vector<OwnedCell>);
    for (const Cell& c : row) bytes += c.has_value() ? c->size() : 0;
    error_ = charge_.Add(bytes);
    if (!error_.ok()) {
      result_.rows.clear();
      return true;
    }
    std::vector<OwnedCell> owned;
    owned.reserve(row.size());
    for (const Cell& c : row) {
      owned.push_back(c.has_value() ? OwnedCell(std::string(*c)) : OwnedCell());
    }
    result_.rows.push_back(std::move(owned));
    return true;
  }

 private:
  MemoryCharge charge_;
  CollectedResult result_;
};

CrossNodeRunner::CrossNodeRunner(EventLoop* loop, sql::Parser* parser, Options options)
    : loop_(loop), parser_(parser), options_(std::move(options)) {}

CrossNodeRunner::~CrossNodeRunner() { *alive_ = false; }

void CrossNodeRunner::Defer(absl::AnyInvocable<void()> fn) {
  std::weak_ptr<bool> alive = alive_;
  loop_->AddTimer(absl::ZeroDuration(), [alive, fn = std::move(fn)]() mutable {
    if (!alive.expired()) fn();
  });
}

bool CrossNodeRunner::NoBackslashEscapes() const {
  auto mode = state_->variables.find("sql_mode");
  return mode != state_->variables.end() &&
         absl::StrContains(absl::AsciiStrToUpper(mode->second), "NO_BACKSLASH_ESCAPES");
}

bool CrossNodeRunner::Applies(const sql::BoundStatement& statement,
                              const router::RouteContext& context,
                              const absl::Status& route_error) {
  if (ToMysqlError(route_error).code != mysql_errc::kNotSupportedYet ||
      !statement.has_statement()) {
    return false;
  }
  sql::StatementKind kind = statement.kind();
  if (kind != sql::StatementKind::kSelect && kind != sql::StatementKind::kUpdate &&
      kind != sql::StatementKind::kDelete && kind != sql::StatementKind::kInsert) {
    return false;
  }
  absl::StatusOr<std::vector<router::StagedSubquery>> staged =
      router::FindStagedSubqueries(statement, context);
  if (!staged.ok() || !staged->empty()) return true;
  return kind == sql::StatementKind::kSelect &&
         (router::PlanCrossNodeJoin(statement, context).ok() ||
          router::PlanDerivedTable(statement, context).ok());
}

bool CrossNodeRunner::Run(const sql::BoundStatement& statement, const router::RouteContext& context,
                          const absl::Status& route_error, SessionExecutor* executor,
                          SessionState* state, PlanResultSink* sink) {
  // Only statements one of the stages applies to; for a join or derived table the stages
  // cannot run either, their planner says why better than the router.
  if (!Applies(statement, context, route_error)) {
    absl::Status reason = ShapeRefusal(statement, context);
    if (reason.ok() || ToMysqlError(route_error).code != mysql_errc::kNotSupportedYet) {
      return false;
    }
    PlanResultSink* answer = sink;
    Defer([answer, reason] { answer->WriteError(reason); });
    return true;
  }
  absl::StatusOr<std::vector<router::StagedSubquery>> staged =
      router::FindStagedSubqueries(statement, context);
  current_database_ = std::string(context.current_database);
  context_ = context;
  context_.current_database = current_database_;
  executor_ = executor;
  state_ = state;
  output_.reset();
  output_sink_ = nullptr;
  output_paused_ = false;
  top_ = std::make_unique<Job>();
  top_->sink = sink;
  if (!staged.ok()) {
    Fail(top_.get(), staged.status());
    return true;
  }
  // The statement as text with parameters as literals: it is parsed again after binding.
  top_->sql = router::BindSubqueries(statement, {}, {});
  absl::Status parsed = parser_->Parse(top_->sql, &top_->bound);
  if (!parsed.ok()) {
    Fail(top_.get(), parsed);
    return true;
  }
  Defer([this, job = top_.get()] { Route(job); });
  return true;
}

absl::Status CrossNodeRunner::ShapeRefusal(const sql::BoundStatement& statement,
                                           const router::RouteContext& context) {
  if (!statement.has_statement() || statement.kind() != sql::StatementKind::kSelect) {
    return absl::OkStatus();
  }
  const sql::QueryNode& query = *statement.statement().As<sql::SelectStatement>().query;
  if (query.kind != sql::QueryKind::kSelect) return absl::OkStatus();
  const auto& block = query.As<sql::SelectNode>();
  if (block.from.size() == 1 && block.from[0]->kind == sql::TableRefKind::kDerived) {
    return router::PlanDerivedTable(statement, context).status();
  }
  if (block.from.size() >= 2 ||
      (block.from.size() == 1 && block.from[0]->kind == sql::TableRefKind::kJoin)) {
    return router::PlanCrossNodeJoin(statement, context).status();
  }
  return absl::OkStatus();
}

void CrossNodeRunner::Fail(Job* job, absl::Status status) {
  PlanResultSink* sink = job->sink;
  Defer([sink, status = std::move(status)] { sink->WriteError(status); });
}

void CrossNodeRunner::Route(Job* job) {
  absl::StatusOr<router::RoutePlan> plan = router::Router::Route(job->bound, context_);
  if (plan.ok()) {
    executor_->Execute(std::make_shared<const router::RoutePlan>(*std::move(plan)), state_,
                       job->sink);
    return;
  }
  if (ToMysqlError(plan.status()).code != mysql_errc::kNotSupportedYet ||
      job->depth + job->rounds >= options_.max_depth) {
    return Fail(job, plan.status());
  }
  absl::StatusOr<std::vector<router::StagedSubquery>> staged =
      router::FindStagedSubqueries(job->bound, context_);
  if (!staged.ok()) return Fail(job, staged.status());
  if (!staged->empty()) {
    job->staged = *std::move(staged);
    return RunNextSubquery(job);
  }
  if (job->bound.kind() != sql::StatementKind::kSelect) return Fail(job, plan.status());
  absl::StatusOr<router::JoinPlan> join = router::PlanCrossNodeJoin(job->bound, context_);
  if (join.ok()) return StartJoin(job, *std::move(join));
  absl::StatusOr<router::DerivedTablePlan> derived = router::PlanDerivedTable(job->bound, context_);
  if (derived.ok()) {
    job->derived = *std::move(derived);
    job->budget = options_.budget != nullptr ? options_.budget : std::make_shared<MemoryBudget>();
    job->first = std::make_unique<RowCollector>(this, job, job->budget.get());
    return RunChild(job, job->derived->sql, job->first.get());
  }
  // The reason of the planner the statement's shape was meant for; the router's otherwise.
  absl::Status reason = ShapeRefusal(job->bound, context_);
  return Fail(job, reason.ok() ? plan.status() : reason);
}

void CrossNodeRunner::RunChild(Job* job, std::string sql, PlanResultSink* sink) {
  job->child = std::make_unique<Job>();
  Job* child = job->child.get();
  child->sql = std::move(sql);
  child->sink = sink;
  child->depth = job->depth + 1;
  absl::Status parsed = parser_->Parse(child->sql, &child->bound);
  if (!parsed.ok()) return Fail(child, parsed);
  Route(child);
}

void CrossNodeRunner::RunNextSubquery(Job* job) {
  if (job->next == job->staged.size()) {
    // Every subquery is bound: the statement without them, routed afresh.
    std::string sql = router::BindSubqueries(job->bound, job->staged, job->replacements);
    job->staged.clear();
    job->replacements.clear();
    job->next = 0;
    job->child.reset();
    job->binding.reset();
    ++job->rounds;
    job->sql = std::move(sql);
    absl::Status parsed = parser_->Parse(job->sql, &job->bound);
    if (!parsed.ok()) return Fail(job, parsed);
    return Route(job);
  }
  const router::StagedSubquery& staged = job->staged[job->next];
  job->binding =
      std::make_unique<BindingCollector>(this, job, staged, options_.limits, NoBackslashEscapes());
  RunChild(job, staged.sql, job->binding.get());
}

void CrossNodeRunner::OnSubqueryDone(Job* job, absl::Status status) {
  if (!status.ok()) {
    MysqlError error = ToMysqlError(status);
    if (error.code == 1054) {
      status = UnsupportedError(absl::StrCat(
          error.message,
          " in a subquery spanning several data nodes; if it refers to the outer query: "
          "correlated subqueries over tables on other data nodes than the outer query's are "
          "not supported"));
    }
    return Fail(job, std::move(status));
  }
  const router::SubqueryResultBinder& binder = job->binding->binder();
  job->replacements.push_back(binder.Replacement());
  const router::StagedSubquery& staged = job->staged[job->next];
  // The column the subquery selects: a correlated aggregate's comes after its keys.
  const size_t selected = staged.use == router::SubqueryUse::kAggregateByKeys
                              ? static_cast<size_t>(staged.operand_width)
                              : 0;
  if (staged.result_column >= 0 && selected < binder.columns().size()) {
    if (job->describer == nullptr) {
      job->describer = std::make_unique<ScalarColumnDescriber>(job->sink);
      job->sink = job->describer.get();
    }
    job->describer->Add(staged, binder.columns()[selected]);
  }
  ++job->next;
  RunNextSubquery(job);
}

void CrossNodeRunner::StartJoin(Job* job, router::JoinPlan plan) {
  job->join = std::move(plan);
  job->budget = options_.budget != nullptr ? options_.budget : std::make_shared<MemoryBudget>();
  if (!job->join->unresolved.empty()) {
    // Which side an unqualified column belongs to decides where its condition may go.
    job->probe_left = std::make_unique<RowCollector>(this, job, job->budget.get());
    return RunChild(job, job->join->left.ProbeSql(), job->probe_left.get());
  }
  FetchFirstSide(job);
}

void CrossNodeRunner::FetchFirstSide(Job* job) {
  job->first = std::make_unique<RowCollector>(this, job, job->budget.get());
  const router::JoinSidePlan& first = job->join->left_first ? job->join->left : job->join->right;
  RunChild(job, first.Sql(), job->first.get());
}

void CrossNodeRunner::OnJoinSideDone(Job* job, absl::Status status) {
  if (!status.ok()) return Fail(job, std::move(status));
  if (job->derived.has_value()) return FinishDerived(job);
  if (job->first == nullptr) {
    if (job->probe_right == nullptr) {
      job->probe_right = std::make_unique<RowCollector>(this, job, job->budget.get());
      return RunChild(job, job->join->right.ProbeSql(), job->probe_right.get());
    }
    absl::Status placed = router::PlaceUnqualifiedConditions(job->bound, context_, &*job->join,
                                                             job->probe_left->result().columns,
                                                             job->probe_right->result().columns);
    if (!placed.ok()) return Fail(job, placed);
    return FetchFirstSide(job);
  }
  if (job->second != nullptr) return FinishJoin(job);
  const router::JoinPlan& plan = *job->join;
  absl::StatusOr<std::string> lookup =
      router::JoinLookupCondition(plan, job->first->result().columns, job->first->result().rows,
                                  options_.max_lookup_keys, NoBackslashEscapes());
  if (!lookup.ok()) return Fail(job, lookup.status());
  job->second = std::make_unique<RowCollector>(this, job, job->budget.get());
  const router::JoinSidePlan& second = plan.left_first ? plan.right : plan.left;
  RunChild(job, second.Sql(*lookup), job->second.get());
}

void CrossNodeRunner::FinishJoin(Job* job) {
  const router::JoinPlan& plan = *job->join;
  CollectedResult& first = job->first->result();
  CollectedResult& second = job->second->result();
  CollectedResult& left = plan.left_first ? first : second;
  CollectedResult& right = plan.left_first ? second : first;
  absl::StatusOr<router::JoinExecution> execution =
      router::ResolveJoinExecution(job->bound, plan, left.columns, right.columns, context_);
  if (!execution.ok()) return Fail(job, execution.status());
  auto left_stream = std::make_unique<MemoryRowStream>(left.columns, std::move(left.rows));
  auto right_stream = std::make_unique<MemoryRowStream>(right.columns, std::move(right.rows));
  absl::StatusOr<std::unique_ptr<HashJoinStream>> joined = HashJoinStream::Make(
      std::move(left_stream), std::move(right_stream), execution->join, job->budget);
  if (!joined.ok()) return Fail(job, joined.status());
  StartOutput(job, *std::move(joined), *std::move(execution));
}

void CrossNodeRunner::FinishDerived(Job* job) {
  CollectedResult& inner = job->first->result();
  absl::StatusOr<router::JoinExecution> execution =
      router::ResolveDerivedExecution(job->bound, *job->derived, &inner.columns, context_);
  if (!execution.ok()) return Fail(job, execution.status());
  StartOutput(job, std::make_unique<MemoryRowStream>(inner.columns, std::move(inner.rows)),
              *std::move(execution));
}

void CrossNodeRunner::StartOutput(Job* job, std::unique_ptr<RowStream> current,
                                  router::JoinExecution execution) {
  if (execution.filter.has_value()) {
    std::vector<CellComparator> comparators;
    for (const ColumnDefinition& c : current->columns()) {
      absl::StatusOr<CellComparator> comparator = CellComparator::ForColumn(c);
      if (!comparator.ok()) {
        ColumnDefinition binary = c;
        binary.character_set = collation_id::kBinary;
        comparator = CellComparator::ForColumn(binary);
      }
      if (!comparator.ok()) return Fail(job, comparator.status());
      comparators.push_back(*comparator);
    }
    absl::Status valid = execution.filter->Validate(static_cast<int>(current->columns().size()));
    if (!valid.ok()) return Fail(job, valid);
    current =
        std::make_unique<FilterStream>(std::move(current), *execution.filter,
                                       std::move(comparators), context_.div_precision_increment);
  }
  std::vector<std::unique_ptr<RowStream>> inputs;
  inputs.push_back(std::move(current));
  absl::StatusOr<std::unique_ptr<RowStream>> merged =
      BuildMergePipeline(execution.merge, std::move(inputs), {.budget = job->budget});
  if (!merged.ok()) return Fail(job, merged.status());
  output_ = *std::move(merged);
  output_sink_ = job->sink;
  output_paused_ = false;
  output_sink_->WriteColumns(output_->columns());
  PumpJoin();
}

void CrossNodeRunner::ResumeOutput() {
  if (output_ == nullptr || !output_paused_) return;
  output_paused_ = false;
  PumpJoin();
}

void CrossNodeRunner::PumpJoin() {
  while (output_ != nullptr) {
    RowView row;
    StreamState state = output_->Next(&row);
    if (state == StreamState::kHaveRow) {
      if (!output_sink_->WriteRow(row)) {
        output_paused_ = true;
        return;
      }
      continue;
    }
    if (state == StreamState::kBlocked) {
      // In-memory inputs never block; a pipeline that does is a bug, not a hang.
      output_.reset();
      output_sink_->WriteError(InternalError("cross-node join blocked on in-memory input"));
      return;
    }
    absl::Status status = output_->status();
    std::unique_ptr<RowStream> done = std::move(output_);
    PlanResultSink* sink = output_sink_;
    output_sink_ = nullptr;
    if (status.ok()) {
      sink->WriteEnd(executor_->StatusFlags(), 0);
    } else {
      sink->WriteError(status);
    }
    return;
  }
}

}  // namespace shardproxy
