// SessionExecutor's per-statement state, shared by its two source files (session_executor.cc:
// starting statements and streaming results; session_executor_end.cc: errors, draining and the
// answer). Not for use outside proxy/executor.
#ifndef SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_STATE_H_
#define SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_STATE_H_

#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "proxy/executor/session_executor.h"

namespace shardproxy {

// Rows read to the end of an unfinished result outside a transaction before giving up and
// letting the pool close the connection instead (a new connection is cheaper than a big drain).
constexpr int kMaxDrainRows = 1000;

struct SessionExecutor::Lane {
  std::string data_source;
  BackendPool* pool = nullptr;
  std::vector<int> statements;  // plan indices, in plan order
  size_t position = 0;          // statements[position] runs now (or next)
  BackendConnection* connection = nullptr;
  PooledConnection owned;  // outside a transaction; inside, the transaction owns it
  bool transactional = false;
  BackendPool::Ticket ticket = 0;
  bool acquiring = false;
  bool busy = false;       // a callback is outstanding
  bool live = false;       // connection->rows() is open and not finished
  bool abandoned = false;  // given up: its callbacks do nothing
  int drained_rows = 0;
  uint32_t warnings = 0;  // what the data source's OKs and ends reported for this statement
  uint64_t version_before = 0;
  // When the data source last answered, from the statement's start (only while the slow log
  // is on: timeouts.slow_statement_ms).
  absl::Duration answered;
  // The session's state with the data source's own database as schema (the session's schema is
  // the logical one; each data source keeps its tables in the database its config names).
  SessionState desired;
};

struct SessionExecutor::Execution {
  uint64_t id = 0;
  absl::Time started;  // set only while the slow log is on
  std::shared_ptr<const router::RoutePlan> plan;
  SessionState* state = nullptr;
  PlanResultSink* sink = nullptr;
  bool passthrough = false;
  std::vector<std::unique_ptr<Lane>> lanes;
  std::vector<std::unique_ptr<RowStream>> streams;  // reads, per statement
  std::vector<std::vector<OkResult>> oks;           // writes, per statement
  std::vector<MaterializedResult> returned;         // writes with RETURNING, per statement
  int streams_pending = 0;
  std::unique_ptr<RowStream> output;
  std::vector<ColumnDefinition> columns;  // the client's, with logical table names restored
  bool header_sent = false;
  bool paused = false;
  bool failed = false;
  bool output_done = false;  // the answer's rows are all out; draining what is left
  bool completing = false;
  // The lanes' SHOW WARNINGS: asked once, before the connections go back.
  bool conditions_asked = false;
  int condition_reads_pending = 0;
  std::vector<Condition> conditions;
  // The deadlock detector chose this transaction while this statement waited: its waiting
  // statement was killed, and the answer is ERR 1213 after the transaction rolled back.
  bool deadlock_victim = false;
  absl::Status error;
  int error_index = INT_MAX;
  uint32_t warnings = 0;
  // Passthrough: the last result's OK or end-of-rows, written as the terminal call.
  absl::optional<OkSummary> final_ok;
  uint16_t final_end_flags = 0;
  uint16_t final_end_warnings = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_SESSION_EXECUTOR_STATE_H_
