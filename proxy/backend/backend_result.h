// What one statement on a backend connection produced: an OK, or rows as a RowStream.
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_RESULT_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_RESULT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"
#include "proxy/backend/session_state.h"
#include "proxy/protocol/server_status.h"  // server_status::k*

namespace shardproxy {

class BackendConnection;


// An OK packet from the backend, everything the client's OK needs.
struct OkResult {
  uint64_t affected_rows = 0;
  uint64_t last_insert_id = 0;
  uint16_t status_flags = 0;  // includes kMoreResultsExist when another result follows
  uint16_t warnings = 0;
  std::string info;  // "Rows matched: 1  Changed: 1  Warnings: 0", ...; often empty
  // Session-state changes in the order the backend reported them (when kSessionStateChanged).
  // The connection has already applied them to its session_state().
  std::vector<SessionTrackEntry> session_track;
};

// The rows of one result set, read from the backend only as fast as Next() is called: a row is
// fetched when the previous one has been consumed, so a consumer that stops pulling stops the
// backend once the socket buffers are full (backpressure, no read-ahead beyond them).
//
// Owned by its BackendConnection and reused for each result; valid until the connection's next
// NextResult()/Query() or until the connection is released. Rows (and their cells) are valid
// until the next call to Next().
class BackendRowStream final : public RowStream {
 public:
  BackendRowStream(const BackendRowStream&) = delete;
  BackendRowStream& operator=(const BackendRowStream&) = delete;

  // The column definitions exactly as the backend sent them.
  absl::Span<const ColumnDefinition> columns() const override { return columns_; }
  // kBlocked: the next row is not here yet; the connection's waker is called once Next() may
  // make progress (never from inside Next()).
  StreamState Next(RowView* row) override;
  // After kFinished: OK, the backend's ERR unchanged (e.g. 1317 query interrupted), or a lost
  // connection naming the data source.
  absl::Status status() const override { return status_; }

  // After kFinished with an OK status: the EOF packet's status flags (with kMoreResultsExist
  // when another result follows) and warning count.
  uint16_t end_status_flags() const { return end_status_flags_; }
  uint16_t end_warnings() const { return end_warnings_; }
  // Rows handed out so far.
  uint64_t rows_read() const { return rows_read_; }

 private:
  friend class BackendConnection;
  explicit BackendRowStream(BackendConnection* connection) : connection_(connection) {}

  BackendConnection* const connection_;
  std::vector<ColumnDefinition> columns_;
  std::vector<Cell> cells_;
  absl::Status status_;
  uint16_t end_status_flags_ = 0;
  uint16_t end_warnings_ = 0;
  uint64_t rows_read_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_RESULT_H_
