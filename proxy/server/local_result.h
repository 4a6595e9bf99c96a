// A result the proxy answers itself, without a data source: admin and ops statements, session
// functions, SHOW output rewritten to logical names, EXPLAIN of a plan. One writer for all of
// them, so each answers with the same columns/rows/end (or OK) sequence and status flags.
#ifndef SHARDPROXY_PROXY_SERVER_LOCAL_RESULT_H_
#define SHARDPROXY_PROXY_SERVER_LOCAL_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "proxy/server/statement_handler.h"

namespace shardproxy {

struct LocalResult {
  std::vector<ColumnDefinition> columns;  // none: the answer is an OK packet
  std::vector<std::vector<absl::optional<std::string>>> rows;  // nullopt = SQL NULL
  std::string info;                                            // the OK's message
};

// Columns of a local result: VARCHAR utf8mb4 of up to `characters` characters, BIGINT NOT NULL.
ColumnDefinition TextColumn(std::string name, uint32_t characters);
ColumnDefinition NumberColumn(std::string name);

// Writes `result` to `sink`: columns, rows and the end packet, or an OK when it has no columns.
// `status_flags` are the session's (autocommit, in transaction); MORE_RESULTS is added when
// `more_results`. Does not call Done(). False when a row could not be sent (the error is
// written instead).
bool WriteLocalResult(const LocalResult& result, uint16_t status_flags, bool more_results,
                      ResultSink* sink);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_LOCAL_RESULT_H_
