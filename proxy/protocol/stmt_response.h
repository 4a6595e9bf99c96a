// Reading a MariaDB server's replies to COM_STMT_PREPARE and COM_STMT_EXECUTE, packet by packet,
// as the proxy's backend connection receives them (the proxy is the client here). Pure: the
// caller frames packets (PacketFramer) and feeds their payloads in order.
//
// The backend connection is MariaDB Connector/C's, so the reply has that client's shape: no
// CLIENT_DEPRECATE_EOF (an EOF packet ends each group of definitions and each result set's rows);
// with a MariaDB server also its extended type info in column definitions and metadata caching
// (an execute's column count is followed by a byte saying whether the definitions follow; when
// they do not, the definitions from the prepare or the last execute still hold, and the EOF that
// ends the group still comes).
#ifndef SHARDPROXY_PROXY_PROTOCOL_STMT_RESPONSE_H_
#define SHARDPROXY_PROXY_PROTOCOL_STMT_RESPONSE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/mysql_error.h"
#include "common/mysql_types.h"
#include "proxy/protocol/ok_packet.h"

namespace shardproxy {

// What the backend connection negotiated.
struct BackendProtocol {
  uint32_t capabilities = 0;           // capability:: bits in effect
  uint32_t mariadb_capabilities = 0;   // mariadb_capability:: bits in effect
};

// COM_STMT_PREPARE's reply: PREPARE_OK, parameter definitions + EOF, column definitions + EOF;
// or ERR.
class PrepareResponseReader {
 public:
  explicit PrepareResponseReader(BackendProtocol protocol) : protocol_(protocol) {}

  // One packet's payload. True once the reply is complete; an error when the packet does not fit
  // (the connection is then out of step and must be closed).
  absl::StatusOr<bool> Feed(absl::string_view payload);

  // After completion: the server's ERR, if it refused the statement.
  const absl::optional<MysqlError>& server_error() const { return server_error_; }
  uint32_t statement_id() const { return statement_id_; }
  uint16_t num_params() const { return num_params_; }
  uint16_t warnings() const { return warnings_; }
  std::vector<ColumnDefinition>& columns() { return columns_; }

 private:
  enum class Stage : uint8_t { kFirst, kParams, kParamsEof, kColumns, kColumnsEof, kDone };
  absl::StatusOr<bool> AfterParams();

  BackendProtocol protocol_;
  Stage stage_ = Stage::kFirst;
  absl::optional<MysqlError> server_error_;
  uint32_t statement_id_ = 0;
  uint16_t num_params_ = 0;
  uint16_t num_columns_ = 0;
  uint16_t params_seen_ = 0;
  uint16_t warnings_ = 0;
  std::vector<ColumnDefinition> columns_;
};

// COM_STMT_EXECUTE's reply: one or more results (OK, or column count [+ definitions + EOF] +
// binary rows + EOF), each but the last flagged kMoreResultsExist; or ERR at any point.
class ExecuteResponseReader {
 public:
  enum class Event : uint8_t {
    kNeedMore,  // the packet was consumed; feed the next one
    kOk,        // ok(): a result without rows
    kColumns,   // columns(): a result set starts
    kRow,       // row(): the payload of one binary row (0x00, NULL bitmap, values)
    kEnd,       // end_flags(), end_warnings(): the result set is over
    kError,     // server_error(): the statement failed; the reply is over
  };

  // `columns`: the statement's result columns as last described (by its prepare or an earlier
  // execute); used when the server does not send them again. Updated from the reply.
  ExecuteResponseReader(BackendProtocol protocol, std::vector<ColumnDefinition>* columns)
      : protocol_(protocol), columns_(columns) {}

  // Starts reading the reply to a new execute (the reader is reused: no allocation per execute).
  void Start(BackendProtocol protocol, std::vector<ColumnDefinition>* columns) {
    protocol_ = protocol;
    columns_ = columns;
    stage_ = Stage::kFirst;
  }
  absl::StatusOr<Event> Feed(absl::string_view payload);
  // True after kOk / kEnd / kError that ended the reply; false while more results follow.
  bool done() const { return stage_ == Stage::kDone; }

  const OkPacket& ok() const { return ok_; }  // its strings point into the fed payload
  const std::vector<ColumnDefinition>& columns() const { return *columns_; }
  absl::string_view row() const { return row_; }
  // After kColumns: the status flags of the EOF that ended the definitions.
  uint16_t columns_end_flags() const { return columns_end_flags_; }
  uint16_t end_flags() const { return end_flags_; }
  uint16_t end_warnings() const { return end_warnings_; }
  const MysqlError& server_error() const { return server_error_; }

 private:
  enum class Stage : uint8_t { kFirst, kColumns, kColumnsEof, kRows, kDone };

  absl::StatusOr<Event> AfterResult(uint16_t status_flags, Event event);

  BackendProtocol protocol_;
  std::vector<ColumnDefinition>* columns_;
  Stage stage_ = Stage::kFirst;
  uint64_t column_count_ = 0;
  OkPacket ok_;
  absl::string_view row_;
  uint16_t columns_end_flags_ = 0;
  uint16_t end_flags_ = 0;
  uint16_t end_warnings_ = 0;
  MysqlError server_error_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_STMT_RESPONSE_H_
