// SessionExecutor: errors, draining what is left of shard results, and the one answer.
#include <algorithm>
#include <utility>

#include "common/mysql_error.h"
#include "merger/memory_row_stream.h"
#include "proxy/backend/backend_result.h"
#include "proxy/executor/session_executor.h"
#include "proxy/executor/session_executor_state.h"
#include "router/router.h"

namespace shardproxy {

using router::PlanKind;
using router::RoutePlan;

void SessionExecutor::AbandonLane(Lane* lane) {
  if (lane->abandoned) return;
  if (lane->acquiring) lane->pool->CancelAcquire(lane->ticket);
  lane->acquiring = false;
  lane->abandoned = true;
  lane->busy = false;
  lane->live = false;
  if (lane->connection != nullptr) lane->connection->SetWaker(nullptr);
  // The pool closes a connection that comes back mid-command or mid-result.
  lane->owned.Release();
  lane->connection = nullptr;
}

void SessionExecutor::Fail(absl::Status status, int statement_index) {
  Execution& e = *execution_;
  if (!e.failed || statement_index < e.error_index) {
    e.error = std::move(status);
    e.error_index = statement_index;
  }
  if (!e.failed) {
    e.failed = true;
    // Reads stop at the first error; nothing more of the answer is wanted. Outside a
    // transaction the other shards' connections are simply closed. Writes let every statement
    // run (and answer the first error in plan order) so nothing is cut off mid-write.
    if (e.plan->kind == PlanKind::kRead) {
      for (auto& lane : e.lanes) {
        if (!lane->transactional) AbandonLane(lane.get());
      }
    }
  }
  MaybeFinish();
}

// Reads what is left of unfinished results; true once no lane has anything outstanding.
bool SessionExecutor::DrainLanes() {
  Execution& e = *execution_;
  bool settled = true;
  for (auto& lane : e.lanes) {
    if (lane->abandoned) continue;
    if (lane->busy) {
      settled = false;
      continue;
    }
    if (!lane->live) continue;
    BackendRowStream* rows = lane->connection->rows();
    RowView row;
    StreamState state;
    while ((state = rows->Next(&row)) == StreamState::kHaveRow) {
      if (!lane->transactional && ++lane->drained_rows > kMaxDrainRows) break;
    }
    if (state == StreamState::kHaveRow) {
      AbandonLane(lane.get());  // too much left: the pool closes the connection
      continue;
    }
    if (state == StreamState::kBlocked) {
      settled = false;
      continue;
    }
    lane->live = false;
    e.warnings += rows->end_warnings();
    lane->warnings += rows->end_warnings();
    if (!rows->status().ok() && lane->transactional && AbortsTransaction(rows->status())) {
      transaction_->LoseBranch(lane->data_source, rows->status());
    }
    if (lane->connection->has_more_results()) {
      // A multi-statement's further results: not part of this answer; the connection cannot be
      // trusted with the rest.
      if (lane->transactional) {
        transaction_->LoseBranch(lane->data_source, InternalError("unexpected further results"));
        lane->abandoned = true;
      } else {
        AbandonLane(lane.get());
      }
    }
  }
  return settled;
}

void SessionExecutor::MaybeFinish() {
  Execution& e = *execution_;
  if (e.completing || e.condition_reads_pending > 0) return;
  bool reads = e.plan->kind == PlanKind::kRead;
  if (reads && !e.failed && !e.output_done) return;
  if (!DrainLanes()) return;
  if (!reads && !e.failed) {
    for (auto& lane : e.lanes) {
      if (lane->position < lane->statements.size()) return;  // still running
    }
  }
  Complete();
}

void SessionExecutor::AdoptSessionState(Lane* lane) {
  BackendConnection* connection = lane->connection;
  if (connection == nullptr || lane->abandoned) return;
  if (connection->session_state_version() == lane->version_before) return;
  // Variables follow the backend; the schema stays the session's logical one.
  const SessionState& reported = connection->session_state();
  SessionState& state = *execution_->state;
  if (reported.variables != state.variables) state.variables = reported.variables;
  state.multi_statements = reported.multi_statements;
  lane->version_before = connection->session_state_version();
}

void SessionExecutor::ReleaseLanes() {
  for (auto& lane : execution_->lanes) {
    if (lane->abandoned || lane->transactional || !lane->owned) continue;
    AdoptSessionState(lane.get());
    lane->connection->SetWaker(nullptr);
    if (lane->owned->is_ready() && lane->owned->IsSessionBound() &&
        !held_.contains(lane->data_source)) {
      held_.emplace(lane->data_source, std::move(lane->owned));
    } else {
      lane->owned.Release();
    }
    lane->connection = nullptr;
  }
}

void SessionExecutor::Complete() {
  Execution& e = *execution_;
  if (!e.failed && !e.deadlock_victim && !e.conditions_asked) {
    e.conditions_asked = true;
    if (ReadConditions()) return;
  }
  e.completing = true;
  for (auto& lane : e.lanes) {
    if (lane->transactional && !lane->abandoned) {
      AdoptSessionState(lane.get());
      if (lane->connection != nullptr) lane->connection->SetWaker(nullptr);
    }
  }
  ReleaseLanes();
  const RoutePlan& plan = *e.plan;
  if (transaction_->active()) {
    bool implicit = transaction_->implicit();
    bool abort = false;
    if (e.deadlock_victim) {
      // Whatever the killed statement answered (1317, or success if it got its lock just before
      // the KILL), the transaction is the victim: rolled back, 1213, as a single MySQL does.
      e.failed = true;
      e.error = DeadlockVictimError();
    }
    if (e.failed) {
      // A statement that failed on some data sources of a multi-source write may have applied
      // on others: only rolling back the whole transaction undoes that.
      abort = implicit || AbortsTransaction(e.error) || transaction_->must_roll_back() ||
              (plan.kind == PlanKind::kWrite && plan.DataSourceCount() >= 2);
    } else if (transaction_->must_roll_back()) {
      abort = true;
      e.error = XaFailure("the transaction lost a data source's connection and was rolled back");
      e.failed = true;
    }
    if (abort) {
      transaction_busy_ = true;
      transaction_->Rollback([this](absl::Status) {
        transaction_busy_ = false;
        Answer(execution_->error);
      });
      return;
    }
    if (implicit) {
      transaction_busy_ = true;
      transaction_->Commit([this](absl::Status status) {
        transaction_busy_ = false;
        Answer(status);
      });
      return;
    }
  }
  Answer(e.failed ? e.error : absl::OkStatus());
}

void SessionExecutor::Answer(absl::Status status) {
  std::shared_ptr<Execution> e = std::move(execution_);
  last_node_times_.clear();
  if (e->started != absl::Time()) {
    for (const auto& lane : e->lanes) {
      last_node_times_.emplace_back(lane->data_source, lane->answered);
    }
  }
  if (abort_done_) {
    auto done = std::move(abort_done_);
    execution_ = nullptr;
    return Abort(std::move(done));
  }
  execution_ = e;  // StatusFlags() reads the session state through it
  PlanResultSink* sink = e->sink;
  const RoutePlan& plan = *e->plan;
  uint16_t flags = StatusFlags();
  OkSummary ok;
  bool write_ok = false;
  if (status.ok()) {
    if (plan.kind != PlanKind::kRead) {
      write_ok = true;
      ok.status_flags = flags;
      uint64_t first_insert_id = 0;
      uint32_t warnings = 0;
      bool first_copy = true;
      for (const auto& oks : e->oks) {
        for (const OkResult& result : oks) {
          // A replicated (broadcast) write reports one copy's count, as one server would.
          if (!plan.replicated || first_copy) ok.affected_rows += result.affected_rows;
          warnings += result.warnings;
          if (first_insert_id == 0) first_insert_id = result.last_insert_id;
        }
        first_copy = false;
      }
      ok.last_insert_id = plan.generated_insert_id.value_or(first_insert_id);
      ok.warnings = static_cast<uint16_t>(std::min<uint32_t>(warnings, 0xFFFF));
      if (plan.statements.size() == 1 && e->oks[0].size() == 1) ok.info = e->oks[0][0].info;
    } else if (e->passthrough && e->final_ok) {
      write_ok = true;
      ok = *e->final_ok;
    }
  }
  execution_.reset();
  if (!status.ok()) return sink->WriteError(status);
  conditions_ = std::move(e->conditions);
  if (plan.returns_rows) {
    return WriteReturnedRows(*e, flags,
                             static_cast<uint16_t>(std::min<uint32_t>(e->warnings, 0xFFFF)));
  }
  if (write_ok) return sink->WriteOk(ok);
  if (e->passthrough) return sink->WriteEnd(e->final_end_flags, e->final_end_warnings);
  sink->WriteEnd(flags, static_cast<uint16_t>(std::min<uint32_t>(e->warnings, 0xFFFF)));
}

void SessionExecutor::WriteReturnedRows(Execution& e, uint16_t status_flags, uint16_t warnings) {
  const RoutePlan& plan = *e.plan;
  // Every statement selects the same items: the first answer describes them.
  std::vector<std::unique_ptr<MemoryRowStream>> answers;
  for (MaterializedResult& result : e.returned) {
    if (e.columns.empty()) e.columns = result.columns;
    answers.push_back(
        std::make_unique<MemoryRowStream>(std::move(result.columns), std::move(result.rows)));
    if (plan.replicated) break;  // one copy's rows, as one server answers
  }
  if (environment_->config != nullptr) {
    router::RestoreLogicalNames(plan, *environment_->config, absl::MakeSpan(e.columns));
  }
  PlanResultSink* sink = e.sink;
  sink->WriteColumns(e.columns);
  // The rows are already read and the write is done: they all go now, whatever the socket says
  // (RETURNING answers the rows a statement wrote, not a large scan).
  RowView row;
  auto next_of = [&](size_t statement) {
    if (statement < answers.size() && answers[statement]->Next(&row) == StreamState::kHaveRow) {
      sink->WriteRow(row);
    }
  };
  if (!plan.returning_order.empty() && !plan.replicated) {
    for (int statement : plan.returning_order) next_of(static_cast<size_t>(statement));
  }
  for (auto& answer : answers) {
    while (answer->Next(&row) == StreamState::kHaveRow) sink->WriteRow(row);
  }
  sink->WriteEnd(status_flags, warnings);
}

}  // namespace shardproxy
