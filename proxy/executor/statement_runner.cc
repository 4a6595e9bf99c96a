#include "proxy/executor/statement_runner.h"

#include <memory>
#include <utility>

namespace shardproxy {
namespace {

// One run's state; kept alive by the callbacks it hands to the connection.
struct Run : std::enable_shared_from_this<Run> {
  BackendConnection* connection;
  StatementCallback done;
  StatementOutcome outcome;

  void OnResult(absl::Status status) {
    if (!status.ok()) return Finish(std::move(status));
    if (connection->result_kind() == ResultKind::kOk) {
      outcome.oks.push_back(connection->ok_result());
      return NextOrFinish();
    }
    MaterializedResult& result = outcome.result_sets.emplace_back();
    auto columns = connection->rows()->columns();
    result.columns.assign(columns.begin(), columns.end());
    connection->SetWaker([self = shared_from_this()] { self->Pump(); });
    Pump();
  }

  void Pump() {
    MaterializedResult& result = outcome.result_sets.back();
    BackendRowStream* rows = connection->rows();
    RowView row;
    StreamState state;
    while ((state = rows->Next(&row)) == StreamState::kHaveRow) {
      std::vector<OwnedCell>& copy = result.rows.emplace_back();
      copy.reserve(row.size());
      for (const Cell& cell : row) {
        copy.push_back(cell ? OwnedCell(std::string(*cell)) : absl::nullopt);
      }
    }
    if (state == StreamState::kBlocked) return;
    connection->SetWaker(nullptr);
    if (!rows->status().ok()) return Finish(rows->status());
    result.end_status_flags = rows->end_status_flags();
    result.end_warnings = rows->end_warnings();
    NextOrFinish();
  }

  void NextOrFinish() {
    if (connection->has_more_results()) {
      connection->NextResult(
          [self = shared_from_this()](absl::Status s) { self->OnResult(std::move(s)); });
      return;
    }
    Finish(absl::OkStatus());
  }

  void Finish(absl::Status status) {
    StatementCallback callback = std::move(done);
    if (status.ok()) {
      callback(std::move(outcome));
    } else {
      callback(std::move(status));
    }
  }
};

}  // namespace

void RunStatement(BackendConnection* connection, const SessionState* desired, absl::string_view sql,
                  StatementCallback done) {
  auto run = std::make_shared<Run>();
  run->connection = connection;
  run->done = std::move(done);
  auto on_result = [run](absl::Status s) { run->OnResult(std::move(s)); };
  if (desired != nullptr) {
    connection->Query(*desired, sql, std::move(on_result));
  } else {
    connection->Query(sql, std::move(on_result));
  }
}

}  // namespace shardproxy
