// The command byte that starts every client packet after authentication. The session reads it
// with CommandOf() and dispatches; a byte it does not handle is answered with ERR 1047
// (UnknownCommandError in protocol_error.h).
#ifndef SHARDPROXY_PROXY_PROTOCOL_COMMAND_H_
#define SHARDPROXY_PROXY_PROTOCOL_COMMAND_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

enum class Command : uint8_t {
  kSleep = 0x00,
  kQuit = 0x01,
  kInitDb = 0x02,
  kQuery = 0x03,
  kFieldList = 0x04,
  kCreateDb = 0x05,
  kDropDb = 0x06,
  kRefresh = 0x07,
  kShutdown = 0x08,
  kStatistics = 0x09,
  kProcessInfo = 0x0a,
  kConnect = 0x0b,
  kProcessKill = 0x0c,
  kDebug = 0x0d,
  kPing = 0x0e,
  kTime = 0x0f,
  kDelayedInsert = 0x10,
  kChangeUser = 0x11,
  kBinlogDump = 0x12,
  kTableDump = 0x13,
  kConnectOut = 0x14,
  kRegisterSlave = 0x15,
  kStmtPrepare = 0x16,
  kStmtExecute = 0x17,
  kStmtSendLongData = 0x18,
  kStmtClose = 0x19,
  kStmtReset = 0x1a,
  kSetOption = 0x1b,
  kStmtFetch = 0x1c,
  kDaemon = 0x1d,
  kBinlogDumpGtid = 0x1e,
  kResetConnection = 0x1f,
  kMariadbComMulti = 0xfe,         // MariaDB; needs a capability the proxy never offers
  kMariadbStmtBulkExecute = 0xfa,  // MariaDB; same
};

// The command byte of a client packet, or an error for an empty packet. Any byte value is
// returned, also one that names no command: the caller answers those with ERR 1047.
absl::StatusOr<uint8_t> CommandOf(absl::string_view payload);

// "COM_QUERY", "COM_STMT_EXECUTE", ... for logs and error messages; "COM_UNKNOWN" otherwise.
absl::string_view CommandName(uint8_t command);

// Commands without arguments (COM_PING, COM_QUIT, COM_STATISTICS, COM_RESET_CONNECTION,
// COM_DEBUG) are the command byte alone; the session needs nothing but CommandOf() for them and
// ignores any bytes after it, as MySQL does.
void EncodeSimpleCommand(Command command, std::string* out);

// The statement id of COM_STMT_EXECUTE / CLOSE / RESET / SEND_LONG_DATA / FETCH, which the
// session needs before it can decode COM_STMT_EXECUTE (see com_stmt_execute.h).
absl::StatusOr<uint32_t> StatementIdOf(absl::string_view payload);

// Used by the command decoders: consumes the command byte, which must be `command`.
absl::Status ConsumeCommandByte(absl::string_view* input, Command command);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COMMAND_H_
