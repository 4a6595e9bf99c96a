#include "proxy/executor/session_executor.h"

#include <climits>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/mysql_error.h"
#include "merger/memory_row_stream.h"
#include "merger/merger.h"
#include "proxy/backend/backend_result.h"
#include "proxy/executor/session_executor_state.h"
#include "router/router.h"

namespace shardproxy {
namespace {

using router::PlanKind;
using router::RoutePlan;

// A connection's open result as a stream the merge pipeline can own; the rows stay the
// connection's.
class BorrowedRowStream final : public RowStream {
 public:
  explicit BorrowedRowStream(BackendRowStream* rows) : rows_(rows) {}
  absl::Span<const ColumnDefinition> columns() const override { return rows_->columns(); }
  StreamState Next(RowView* row) override { return rows_->Next(row); }
  absl::Status status() const override { return rows_->status(); }

 private:
  BackendRowStream* const rows_;
};

}  // namespace

template <typename F>
auto SessionExecutor::Guard(Lane* lane, F fn) {
  std::weak_ptr<Execution> weak = execution_;
  return [this, weak, lane, fn = std::move(fn)](auto&&... args) mutable {
    std::shared_ptr<Execution> execution = weak.lock();
    if (!execution || execution.get() != execution_.get() || lane->abandoned) return;
    fn(std::forward<decltype(args)>(args)...);
  };
}

SessionExecutor::SessionExecutor(const ExecutorEnvironment* environment, ConnectionOptions options,
                                 uint64_t session)
    : environment_(environment),
      options_(options),
      session_(session),
      transaction_type_(environment->default_transaction_type),
      transaction_(NewTransactionContext()) {}

std::unique_ptr<TransactionContext> SessionExecutor::NewTransactionContext() {
  // The context is the executor's: once either is gone, the verdict is dropped by the context.
  return std::make_unique<TransactionContext>(environment_, options_, session_,
                                              [this] { OnDeadlockVictim(); });
}

void SessionExecutor::OnDeadlockVictim() {
  // Only a statement of the transaction that is still waiting can be in a cycle; the detector
  // repeats its verdict until the locks are gone, and a repeat changes nothing.
  if (execution_ == nullptr || execution_->deadlock_victim || execution_->completing ||
      transaction_busy_ || !transaction_->active()) {
    return;
  }
  bool waiting = false;
  for (auto& lane : execution_->lanes) {
    if (!lane->transactional || lane->abandoned || lane->connection == nullptr) continue;
    if (!lane->busy && !lane->live) continue;
    waiting = true;
    KillQuery(lane->data_source, lane->connection->server_thread_id());
  }
  if (waiting) execution_->deadlock_victim = true;
}

void SessionExecutor::KillQuery(const std::string& data_source, uint64_t server_thread_id) {
  if (environment_->side_connections == nullptr || server_thread_id == 0) return;
  TaskRunner* runner = environment_->runner;
  environment_->side_connections->Connect(
      data_source, [runner, server_thread_id, data_source](
                       absl::StatusOr<std::unique_ptr<XaParticipant>> connection) {
        if (!connection.ok()) {
          SP_LOG(kWarning, "executor", "cannot stop a deadlock victim's statement on '",
                 data_source, "': ", connection.status().message());
          return;
        }
        XaParticipant* raw = connection->get();
        std::shared_ptr<XaParticipant> owned(std::move(*connection));
        raw->Execute(absl::StrCat("KILL QUERY ", server_thread_id),
                     [runner, owned](absl::StatusOr<SqlResult>) mutable {
                       // Not inside its own callback: the connection goes back on the next turn.
                       runner->Post([owned = std::move(owned)] {});
                     });
      });
}

SessionExecutor::~SessionExecutor() {
  *alive_ = false;
  if (execution_) {
    for (auto& lane : execution_->lanes) {
      if (lane->acquiring) lane->pool->CancelAcquire(lane->ticket);
      lane->abandoned = true;
      lane->owned.Discard();
    }
  }
  for (auto& [name, connection] : held_) connection.Discard();
}

void SessionExecutor::Defer(absl::AnyInvocable<void()> fn) {
  std::weak_ptr<bool> alive = alive_;
  environment_->loop->AddTimer(absl::ZeroDuration(), [alive, fn = std::move(fn)]() mutable {
    if (!alive.expired()) fn();
  });
}

uint16_t SessionExecutor::StatusFlags() const {
  uint16_t flags = 0;
  if (in_transaction()) flags |= server_status::kInTransaction;
  if (autocommit_ && (execution_ == nullptr || execution_->state == nullptr ||
                      execution_->state->autocommit())) {
    flags |= server_status::kAutocommit;
  }
  return flags;
}

absl::optional<std::vector<Condition>> SessionExecutor::TakeConditions() {
  absl::optional<std::vector<Condition>> taken = std::move(conditions_);
  conditions_.reset();
  return taken;
}

absl::Status SessionExecutor::SetTransactionType(TransactionType type) {
  absl::Status status = CheckTransactionTypeChange(in_transaction());
  if (status.ok()) transaction_type_ = type;
  return status;
}

// ---------------------------------------------------------------------------------------------
// Transaction control.

void SessionExecutor::AfterTransactionCommand(PlanResultSink* sink, absl::Status status) {
  transaction_busy_ = false;
  if (abort_done_) {
    auto done = std::move(abort_done_);
    return Abort(std::move(done));
  }
  if (!status.ok()) return sink->WriteError(status);
  OkSummary ok;
  ok.status_flags = StatusFlags();
  sink->WriteOk(ok);
}

void SessionExecutor::Begin(PlanResultSink* sink) {
  auto begin = [this, sink](absl::Status status) {
    if (status.ok()) transaction_->Begin(transaction_type_, /*implicit=*/false);
    AfterTransactionCommand(sink, status);
  };
  transaction_busy_ = true;
  if (transaction_->active()) {
    transaction_->Commit(std::move(begin));
  } else {
    Defer([begin = std::move(begin)]() mutable { begin(absl::OkStatus()); });
  }
}

void SessionExecutor::Commit(PlanResultSink* sink) {
  transaction_busy_ = true;
  if (!transaction_->active()) {
    return Defer([this, sink] { AfterTransactionCommand(sink, absl::OkStatus()); });
  }
  transaction_->Commit([this, sink](absl::Status s) { AfterTransactionCommand(sink, s); });
}

void SessionExecutor::Rollback(PlanResultSink* sink) {
  transaction_busy_ = true;
  if (!transaction_->active()) {
    return Defer([this, sink] { AfterTransactionCommand(sink, absl::OkStatus()); });
  }
  transaction_->Rollback([this, sink](absl::Status s) { AfterTransactionCommand(sink, s); });
}

void SessionExecutor::Savepoint(TransactionContext::SavepointCommand command,
                                absl::string_view name, PlanResultSink* sink) {
  if (!autocommit_ && !transaction_->active()) {
    transaction_->Begin(transaction_type_, /*implicit=*/false);
  }
  transaction_busy_ = true;
  if (!transaction_->active()) {
    absl::Status status = command == TransactionContext::SavepointCommand::kSet
                              ? absl::OkStatus()
                              : MysqlStatus(mysql_errc::kSpDoesNotExist, "42000",
                                            absl::StrCat("SAVEPOINT ", name, " does not exist"));
    return Defer([this, sink, status] { AfterTransactionCommand(sink, status); });
  }
  transaction_->Savepoint(command, name,
                          [this, sink](absl::Status s) { AfterTransactionCommand(sink, s); });
}

void SessionExecutor::SetAutocommit(bool on, PlanResultSink* sink) {
  transaction_busy_ = true;
  if (on && transaction_->active()) {
    return transaction_->Commit([this, sink](absl::Status status) {
      if (status.ok()) autocommit_ = true;
      AfterTransactionCommand(sink, status);
    });
  }
  autocommit_ = on;
  Defer([this, sink] { AfterTransactionCommand(sink, absl::OkStatus()); });
}

void SessionExecutor::Abort(absl::AnyInvocable<void()> done) {
  if (transaction_busy_) {
    // A COMMIT/ROLLBACK is past the point of no return or nearly done: let it finish.
    abort_done_ = std::move(done);
    return;
  }
  bool busy_transaction = false;
  if (execution_) {
    for (auto& lane : execution_->lanes) {
      if (lane->transactional && (lane->busy || lane->live)) busy_transaction = true;
      AbandonLane(lane.get());
    }
    execution_.reset();
  }
  if (busy_transaction) {
    // A statement of the transaction was cut short: its connections' state is unknown. Closing
    // them rolls back every branch (none can be prepared outside COMMIT).
    transaction_ = NewTransactionContext();
  }
  for (auto& [name, connection] : held_) connection.Release();
  held_.clear();
  if (!transaction_->active()) {
    return Defer(std::move(done));
  }
  transaction_busy_ = true;
  transaction_->Rollback([this, done = std::move(done)](absl::Status) mutable {
    transaction_busy_ = false;
    done();
  });
}

// ---------------------------------------------------------------------------------------------
// Statements.

void SessionExecutor::Execute(std::shared_ptr<const RoutePlan> plan, SessionState* state,
                              PlanResultSink* sink) {
  conditions_.reset();
  auto execution = std::make_shared<Execution>();
  execution->id = next_execution_id_++;
  if (timing_nodes()) execution->started = absl::Now();
  execution->plan = std::move(plan);
  execution->state = state;
  execution->sink = sink;
  execution_ = execution;
  const RoutePlan& p = *execution->plan;
  absl::Status invalid;
  if (p.statements.empty()) {
    invalid = InternalError("executor: the route plan has no statement");
  } else if (p.kind == PlanKind::kRead && p.merge == nullptr && p.statements.size() != 1) {
    invalid = InternalError("executor: a read without a merge must have exactly one statement");
  }
  for (const auto& statement : p.statements) {
    if (!invalid.ok()) break;
    if (environment_->pools == nullptr || !environment_->pools->contains(statement.data_source)) {
      invalid = InternalError(
          absl::StrCat("executor: unknown data source '", statement.data_source, "'"));
    }
  }
  if (!invalid.ok()) {
    return Defer([this, invalid] { Answer(invalid); });
  }
  execution->passthrough = p.kind == PlanKind::kRead && p.merge == nullptr;
  const bool commits_first = p.kind == PlanKind::kDdl || p.implicit_commit;
  if (commits_first && transaction_->active()) {
    // DDL commits implicitly in MySQL; it never runs inside an XA branch.
    transaction_busy_ = true;
    transaction_->Commit([this](absl::Status status) {
      transaction_busy_ = false;
      if (!status.ok()) return Answer(status);
      if (abort_done_) return Answer(absl::OkStatus());  // runs the Abort that waited
      Start();
    });
    return;
  }
  if (!autocommit_ && !transaction_->active() && !commits_first) {
    // autocommit off: the statement opens the session's next transaction.
    transaction_->Begin(transaction_type_, /*implicit=*/false);
  }
  if (p.kind == PlanKind::kWrite && !transaction_->active() && p.DataSourceCount() >= 2 &&
      transaction_type_ == TransactionType::kXa) {
    transaction_->Begin(TransactionType::kXa, /*implicit=*/true);
  }
  Start();
}

void SessionExecutor::Start() {
  Execution& e = *execution_;
  const RoutePlan& plan = *e.plan;
  bool transactional = transaction_->active();
  size_t n = plan.statements.size();
  e.streams.resize(n);
  e.oks.resize(n);
  if (plan.returns_rows) e.returned.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string& ds = plan.statements[i].data_source;
    Lane* lane = nullptr;
    if (transactional) {
      for (auto& existing : e.lanes) {
        if (existing->data_source == ds) lane = existing.get();
      }
    }
    if (lane == nullptr) {
      lane = e.lanes.emplace_back(std::make_unique<Lane>()).get();
      lane->data_source = ds;
      lane->pool = environment_->pools->at(ds);
      lane->transactional = transactional;
    }
    lane->statements.push_back(static_cast<int>(i));
  }
  e.streams_pending = plan.kind == PlanKind::kRead ? static_cast<int>(e.lanes.size()) : 0;
  std::vector<std::pair<std::string, BackendPool*>> missing;
  if (transactional) {
    for (auto& lane : e.lanes) {
      if (transaction_->ConnectionFor(lane->data_source) == nullptr) {
        missing.emplace_back(lane->data_source, lane->pool);
      }
    }
  }
  if (missing.empty()) {
    for (auto& lane : e.lanes) RunLane(lane.get());
    return;
  }
  // The transaction reaches new data sources: their branches start together (one join).
  for (auto& lane : e.lanes) lane->busy = true;
  std::weak_ptr<Execution> weak = execution_;
  transaction_->Join(std::move(missing), *e.state, [this, weak](absl::Status status) {
    std::shared_ptr<Execution> execution = weak.lock();
    if (!execution || execution.get() != execution_.get()) return;
    for (auto& lane : execution->lanes) lane->busy = false;
    if (!status.ok()) {
      for (auto& lane : execution->lanes) lane->abandoned = true;  // nothing ran on them
      return Fail(status, INT_MAX);
    }
    for (auto& lane : execution->lanes) RunLane(lane.get());
  });
}

void SessionExecutor::RunLane(Lane* lane) {
  Execution& e = *execution_;
  bool writes = e.plan->kind != PlanKind::kRead || e.plan->may_write;
  if (lane->transactional) {
    lane->connection = transaction_->ConnectionFor(lane->data_source);
    if (lane->connection == nullptr) {
      lane->abandoned = true;
      return Fail(InternalError(absl::StrCat("executor: the transaction has no connection to '",
                                             lane->data_source, "'")),
                  INT_MAX);
    }
    if (writes) transaction_->MarkWrites(lane->data_source);
    return RunNextStatement(lane);
  }
  auto held = held_.find(lane->data_source);
  if (held != held_.end()) {
    lane->owned = std::move(held->second);
    held_.erase(held);
    lane->connection = lane->owned.get();
    return RunNextStatement(lane);
  }
  lane->busy = true;
  lane->acquiring = true;
  lane->ticket = lane->pool->Acquire(
      options_, Guard(lane, [this, lane](absl::StatusOr<PooledConnection> connection) {
        lane->busy = false;
        lane->acquiring = false;
        if (!connection.ok()) return Fail(connection.status(), lane->statements.front());
        lane->owned = std::move(*connection);
        lane->connection = lane->owned.get();
        if (!KeepGoing(lane)) return MaybeFinish();
        RunNextStatement(lane);
      }));
}

const SessionState& SessionExecutor::DesiredFor(Lane* lane) {
  const SessionState& state = *execution_->state;
  const std::string& database = lane->pool->endpoint().database;
  if (database.empty() || (state.schema && *state.schema == database)) return state;
  lane->desired = state;
  lane->desired.schema = database;
  return lane->desired;
}

bool SessionExecutor::KeepGoing(const Lane* lane) const {
  // After an error, writes outside a transaction still run everywhere (DDL must reach every
  // node; a plain write cannot be undone on the nodes that already ran it anyway). Inside a
  // transaction the rollback that follows undoes everything, so nothing more is sent.
  return !execution_->failed || (execution_->plan->kind != PlanKind::kRead && !lane->transactional);
}

void SessionExecutor::RunNextStatement(Lane* lane) {
  Execution& e = *execution_;
  int index = lane->statements[lane->position];
  const std::string& sql = e.plan->statements[index].sql;
  bool last = lane->position + 1 == lane->statements.size();
  lane->busy = true;
  lane->version_before = lane->connection->session_state_version();
  if (e.passthrough) {
    lane->connection->SetWaker(Guard(lane, [this, lane] { OnWake(lane); }));
    lane->connection->Query(DesiredFor(lane), sql, Guard(lane, [this, lane](absl::Status status) {
                              OnPassthroughResult(lane, std::move(status));
                            }));
    return;
  }
  if (e.plan->kind == PlanKind::kRead && last) {
    lane->connection->SetWaker(Guard(lane, [this, lane] { OnWake(lane); }));
    lane->connection->Query(DesiredFor(lane), sql,
                            Guard(lane, [this, lane, index](absl::Status status) {
                              OnLiveResult(lane, index, std::move(status));
                            }));
    return;
  }
  RunStatement(lane->connection, &DesiredFor(lane), sql,
               Guard(lane, [this, lane, index](absl::StatusOr<StatementOutcome> outcome) {
                 OnMaterialized(lane, index, std::move(outcome));
               }));
}

bool SessionExecutor::timing_nodes() const {
  return environment_->config != nullptr && environment_->config->timeouts.slow_statement_ms > 0;
}

void SessionExecutor::NoteAnswer(Lane* lane) {
  if (execution_->started != absl::Time()) lane->answered = absl::Now() - execution_->started;
}

std::string SessionExecutor::DescribeLastNodeTimes() const {
  std::string out;
  for (const auto& [name, took] : last_node_times_) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", name, " ", absl::ToInt64Milliseconds(took),
                    " ms");
  }
  return out;
}

void SessionExecutor::OnMaterialized(Lane* lane, int index,
                                     absl::StatusOr<StatementOutcome> outcome) {
  Execution& e = *execution_;
  lane->busy = false;
  NoteAnswer(lane);
  AdoptSessionState(lane);
  if (!outcome.ok()) return Fail(outcome.status(), index);
  if (e.plan->kind == PlanKind::kRead) {
    if (outcome->result_sets.empty()) {
      return Fail(InternalError(absl::StrCat("executor: the read on data source '",
                                             lane->data_source, "' returned no result set")),
                  index);
    }
    MaterializedResult& result = outcome->result_sets.front();
    e.warnings += result.end_warnings;
    lane->warnings += result.end_warnings;
    e.streams[index] =
        std::make_unique<MemoryRowStream>(std::move(result.columns), std::move(result.rows));
  } else {
    for (const OkResult& ok : outcome->oks) lane->warnings += ok.warnings;
    e.oks[index] = std::move(outcome->oks);
    if (e.plan->returns_rows) {
      if (outcome->result_sets.empty()) {
        return Fail(
            InternalError(absl::StrCat("executor: the write with RETURNING on data source '",
                                       lane->data_source, "' returned no rows")),
            index);
      }
      e.warnings += outcome->result_sets.front().end_warnings;
      lane->warnings += outcome->result_sets.front().end_warnings;
      e.returned[index] = std::move(outcome->result_sets.front());
    }
  }
  if (!KeepGoing(lane)) return MaybeFinish();
  ++lane->position;
  if (lane->position < lane->statements.size()) return RunNextStatement(lane);
  MaybeFinish();  // writes: this lane is done
}

void SessionExecutor::OnLiveResult(Lane* lane, int index, absl::Status status) {
  Execution& e = *execution_;
  lane->busy = false;
  NoteAnswer(lane);
  if (!status.ok()) {
    AdoptSessionState(lane);
    return Fail(std::move(status), index);
  }
  if (lane->connection->result_kind() != ResultKind::kRows) {
    return Fail(InternalError(absl::StrCat("executor: the read on data source '", lane->data_source,
                                           "' returned no result set")),
                index);
  }
  lane->live = true;
  if (e.failed) return MaybeFinish();
  e.streams[index] = std::make_unique<BorrowedRowStream>(lane->connection->rows());
  --e.streams_pending;
  MaybeStartOutput();
}

void SessionExecutor::MaybeStartOutput() {
  Execution& e = *execution_;
  if (e.streams_pending > 0 || e.failed) return;
  MergeOptions options;
  options.budget = environment_->merge_budget;
  absl::StatusOr<std::shared_ptr<const MergeSpec>> spec =
      router::MergeSpecFor(*e.plan, e.streams.empty() ? absl::Span<const ColumnDefinition>()
                                                      : e.streams.front()->columns());
  if (!spec.ok()) return Fail(spec.status(), INT_MAX);
  absl::StatusOr<std::unique_ptr<RowStream>> output =
      BuildMergePipeline(*spec, std::move(e.streams), options);
  if (!output.ok()) return Fail(output.status(), INT_MAX);
  e.output = std::move(*output);
  WriteClientColumns(e.output->columns());
  e.header_sent = true;
  Pump();
}

void SessionExecutor::WriteClientColumns(absl::Span<const ColumnDefinition> columns) {
  Execution& e = *execution_;
  const Config* config = environment_->config;
  bool physical_names = config != nullptr && !e.plan->result_tables.empty();
  for (size_t i = 0; config != nullptr && !physical_names && i < columns.size(); ++i) {
    physical_names = !columns[i].schema.empty() && columns[i].schema != config->database;
  }
  if (!physical_names) {
    e.sink->WriteColumns(columns);
    return;
  }
  e.columns.assign(columns.begin(), columns.end());
  router::RestoreLogicalNames(*e.plan, *environment_->config, absl::MakeSpan(e.columns));
  e.sink->WriteColumns(e.columns);
}

void SessionExecutor::Pump() {
  Execution& e = *execution_;
  if (e.paused || e.failed || e.output_done || e.output == nullptr) return;
  RowView row;
  while (true) {
    StreamState state = e.output->Next(&row);
    if (state == StreamState::kBlocked) return;
    if (state == StreamState::kFinished) break;
    if (!e.sink->WriteRow(row)) {
      e.paused = true;
      return;
    }
  }
  if (!e.output->status().ok()) return Fail(e.output->status(), INT_MAX);
  e.output_done = true;
  MaybeFinish();
}

void SessionExecutor::OnPassthroughResult(Lane* lane, absl::Status status) {
  Execution& e = *execution_;
  lane->busy = false;
  NoteAnswer(lane);
  if (!status.ok()) {
    AdoptSessionState(lane);
    return Fail(std::move(status), 0);
  }
  BackendConnection* connection = lane->connection;
  if (connection->result_kind() == ResultKind::kOk) {
    const OkResult& ok = connection->ok_result();
    lane->warnings += ok.warnings;
    OkSummary summary{ok.affected_rows, ok.last_insert_id, ok.status_flags, ok.warnings, ok.info};
    summary.status_flags |= StatusFlags() & server_status::kInTransaction;
    if (connection->has_more_results()) {
      e.sink->WriteOk(summary);
      lane->busy = true;
      connection->NextResult(
          Guard(lane, [this, lane](absl::Status s) { OnPassthroughResult(lane, std::move(s)); }));
      return;
    }
    e.final_ok = std::move(summary);
    e.output_done = true;
    return MaybeFinish();
  }
  WriteClientColumns(connection->rows()->columns());
  e.header_sent = true;
  lane->live = true;
  PumpPassthrough(lane);
}

void SessionExecutor::PumpPassthrough(Lane* lane) {
  Execution& e = *execution_;
  if (e.paused || e.failed || !lane->live) return;
  BackendRowStream* rows = lane->connection->rows();
  RowView row;
  while (true) {
    StreamState state = rows->Next(&row);
    if (state == StreamState::kBlocked) return;
    if (state == StreamState::kFinished) break;
    if (!e.sink->WriteRow(row)) {
      e.paused = true;
      return;
    }
  }
  lane->live = false;
  if (!rows->status().ok()) return Fail(rows->status(), 0);
  lane->warnings += rows->end_warnings();
  uint16_t flags = rows->end_status_flags() | (StatusFlags() & server_status::kInTransaction);
  if (lane->connection->has_more_results()) {
    e.sink->WriteEnd(flags, rows->end_warnings());
    lane->busy = true;
    lane->connection->NextResult(
        Guard(lane, [this, lane](absl::Status s) { OnPassthroughResult(lane, std::move(s)); }));
    return;
  }
  e.final_end_flags = flags;
  e.final_end_warnings = rows->end_warnings();
  e.output_done = true;
  MaybeFinish();
}

bool SessionExecutor::ReadConditions() {
  Execution& e = *execution_;
  for (auto& owned_lane : e.lanes) {
    Lane* lane = owned_lane.get();
    if (lane->warnings == 0 || lane->abandoned || lane->connection == nullptr || lane->busy ||
        lane->live) {
      continue;
    }
    ++e.condition_reads_pending;
    lane->busy = true;
    RunStatement(lane->connection, nullptr, "SHOW WARNINGS",
                 Guard(lane, [this, lane](absl::StatusOr<StatementOutcome> outcome) {
                   Execution& e = *execution_;
                   lane->busy = false;
                   // Without an answer the statement still stands; only its list is shorter.
                   if (outcome.ok() && !outcome->result_sets.empty()) {
                     for (const auto& row : outcome->result_sets.front().rows) {
                       if (row.size() < 3) continue;
                       Condition& c = e.conditions.emplace_back();
                       c.level = row[0].value_or("");
                       c.code = static_cast<uint32_t>(
                           std::strtoul(row[1].value_or("0").c_str(), nullptr, 10));
                       c.message = row[2].value_or("");
                     }
                   }
                   if (--e.condition_reads_pending == 0) Complete();
                 }));
  }
  return e.condition_reads_pending > 0;
}

void SessionExecutor::OnWake(Lane* lane) {
  Execution& e = *execution_;
  if (e.failed || e.output_done) return MaybeFinish();  // draining
  if (e.passthrough) return PumpPassthrough(lane);
  Pump();
}

int SessionExecutor::Interrupt() {
  if (!execution_) return 0;
  int sent = 0;
  for (auto& lane : execution_->lanes) {
    if (lane->abandoned || lane->connection == nullptr || lane->pool == nullptr) continue;
    if (!lane->busy && !lane->live) continue;
    lane->pool->KillQuery(lane->connection, [](absl::Status) {});
    ++sent;
  }
  return sent;
}

void SessionExecutor::ResumeOutput() {
  if (!execution_ || !execution_->paused) return;
  execution_->paused = false;
  if (execution_->passthrough) {
    for (auto& lane : execution_->lanes) PumpPassthrough(lane.get());
  } else {
    Pump();
  }
}

}  // namespace shardproxy
