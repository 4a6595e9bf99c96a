// Where the executor writes one statement's answer: the client session implements it over its
// socket and the protocol codec (text rows for COM_QUERY, binary rows for COM_STMT_EXECUTE).
//
// Per statement the executor makes exactly one of these call sequences, and nothing after it:
//   WriteOk                                         (writes, DDL, transaction control)
//   WriteError                                      (nothing was sent before)
//   WriteColumns, WriteRow*, WriteEnd               (a result set)
//   WriteColumns, WriteRow*, WriteError             (a shard failed mid-result: the ERR replaces
//                                                    the rest, as MySQL does mid-result)
// A passthrough of a multi-statement text repeats OK / result-set groups; every one but the last
// carries server_status::kMoreResultsExist in its status flags.
//
// Calls never happen re-entrantly: a sink must not call back into the executor from inside
// them (post to the loop instead).
#ifndef SHARDPROXY_PROXY_EXECUTOR_RESULT_SINK_H_
#define SHARDPROXY_PROXY_EXECUTOR_RESULT_SINK_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"

namespace shardproxy {

// What the client's OK packet says.
struct OkSummary {
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t status_flags = 0;  // server_status:: bits (proxy/backend/backend_result.h)
  uint16_t warnings = 0;
  std::string info;
};

// One condition (error, warning or note) of a statement, as SHOW WARNINGS lists it.
struct Condition {
  std::string level;  // "Error", "Warning" or "Note"
  uint32_t code = 0;
  std::string message;
};

class PlanResultSink {
 public:
  virtual ~PlanResultSink() = default;

  virtual void WriteOk(const OkSummary& ok) = 0;
  // `status` carries the MySQL code and SQLSTATE (common/mysql_error.h).
  virtual void WriteError(const absl::Status& status) = 0;
  // `columns` stay valid until the result set's end: a sink may read them with each row (the
  // binary protocol encodes rows by their types).
  virtual void WriteColumns(absl::Span<const ColumnDefinition> columns) = 0;
  // The row (valid only during the call) has been taken. Returning false asks the executor to
  // stop producing rows (the client socket is full); it stops pulling from the backends until
  // the session calls SessionExecutor::ResumeOutput().
  virtual bool WriteRow(RowView row) = 0;
  // The end of a result set (EOF or OK-as-EOF).
  virtual void WriteEnd(uint16_t status_flags, uint16_t warnings) = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_RESULT_SINK_H_
