// Errors are absl::Status values. Every status that can reach a client carries the MySQL error
// code and SQLSTATE the client will see, attached as a payload, so that a layer deep in the
// pipeline (parser, router, XA) decides what the client sees without knowing the wire format.
//
// A status without the payload is reported as 1105 / HY000 (ER_UNKNOWN_ERROR), like MySQL does
// for errors it has no better code for.
#ifndef SHARDPROXY_COMMON_MYSQL_ERROR_H_
#define SHARDPROXY_COMMON_MYSQL_ERROR_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace shardproxy {

// Error codes the proxy raises itself. Backend errors pass through with their own codes.
namespace mysql_errc {
inline constexpr uint16_t kConCount = 1040;          // Too many connections (08004)
inline constexpr uint16_t kOutOfResources = 1041;    // HY000
inline constexpr uint16_t kHandshakeError = 1043;    // Bad handshake (08S01)
inline constexpr uint16_t kAccessDenied = 1045;      // 28000
inline constexpr uint16_t kNoDatabase = 1046;        // 3D000
inline constexpr uint16_t kUnknownCommand = 1047;    // 08S01
inline constexpr uint16_t kBadDatabase = 1049;       // 42000
inline constexpr uint16_t kTableExists = 1050;       // 42S01
inline constexpr uint16_t kBadTable = 1051;          // 42S02
inline constexpr uint16_t kBadField = 1054;          // 42S22
inline constexpr uint16_t kParse = 1064;             // 42000
inline constexpr uint16_t kEmptyQuery = 1065;        // 42000
inline constexpr uint16_t kUnknownError = 1105;      // HY000
inline constexpr uint16_t kNoSuchTable = 1146;       // 42S02
inline constexpr uint16_t kNetPacketTooLarge = 1153; // 08S01
inline constexpr uint16_t kNetReadError = 1158;      // 08S01
inline constexpr uint16_t kNetPacketsOutOfOrder = 1156;  // 08S01
inline constexpr uint16_t kLockWaitTimeout = 1205;   // HY000
inline constexpr uint16_t kLockDeadlock = 1213;      // 40001
inline constexpr uint16_t kUserLimitReached = 1226;  // 42000
inline constexpr uint16_t kNotSupportedYet = 1235;   // 42000
inline constexpr uint16_t kUnknownSystemVariable = 1193;  // HY000
inline constexpr uint16_t kWrongValueForVar = 1231;  // 42000
inline constexpr uint16_t kWrongArguments = 1210;    // HY000
inline constexpr uint16_t kUnknownStmtHandler = 1243;  // HY000
inline constexpr uint16_t kNoSuchThread = 1094;        // HY000
inline constexpr uint16_t kKillDenied = 1095;          // HY000
inline constexpr uint16_t kUnsupportedPs = 1295;       // HY000
inline constexpr uint16_t kSpDoesNotExist = 1305;      // 42000 (also SAVEPOINT … does not exist)
inline constexpr uint16_t kMaxPreparedStmtCount = 1461;  // 42000
inline constexpr uint16_t kXaerNota = 1397;          // XAE04
inline constexpr uint16_t kXaerInval = 1398;         // XAE05
inline constexpr uint16_t kXaerRmfail = 1399;        // XAE07
inline constexpr uint16_t kXaerOutside = 1400;       // XAE09
inline constexpr uint16_t kXaerRmerr = 1401;         // XAE03
inline constexpr uint16_t kXaRbrollback = 1402;      // XA100
inline constexpr uint16_t kQueryInterrupted = 1317;  // 70100
inline constexpr uint16_t kStatementTimeout = 1969;  // 70100 (MariaDB max_statement_time)
inline constexpr uint16_t kQueryTimeout = 3024;      // HY000 (MySQL max_execution_time)
inline constexpr uint16_t kCannotConnectToDataSource = 2003;  // HY000 (client-side code reused)
}  // namespace mysql_errc

// What the client sees in an ERR packet.
struct MysqlError {
  uint16_t code = mysql_errc::kUnknownError;
  std::string sqlstate = "HY000";  // always 5 characters
  std::string message;
};

// A status carrying `code` and `sqlstate`. The absl canonical code is derived from the MySQL code
// so that generic code (retries, logging) can still reason about it.
absl::Status MysqlStatus(uint16_t code, absl::string_view sqlstate, absl::string_view message);

// The common cases, so call sites read as what went wrong.
absl::Status SyntaxError(absl::string_view message);       // 1064 / 42000
absl::Status UnsupportedError(absl::string_view message);  // 1235 / 42000
absl::Status XaFailure(absl::string_view message);         // 1399 / XAE07
absl::Status InternalError(absl::string_view message);     // 1105 / HY000

// The error a client should see for `status` (which must not be OK).
MysqlError ToMysqlError(const absl::Status& status);

// Re-wraps a backend's own ERR unchanged.
inline absl::Status BackendError(const MysqlError& error) {
  return MysqlStatus(error.code, error.sqlstate, error.message);
}

}  // namespace shardproxy

#endif  // SHARDPROXY_COMMON_MYSQL_ERROR_H_
