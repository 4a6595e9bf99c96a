#include "common/mysql_error.h"

#include <array>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace shardproxy {
namespace {

// The payload is "<code>:<sqlstate>", readable in logs and stable across versions.
constexpr absl::string_view kPayloadUrl = "shardproxy.dev/mysql-error";

absl::StatusCode CanonicalCodeFor(uint16_t code, absl::string_view sqlstate) {
  switch (code) {
    case mysql_errc::kParse:
    case mysql_errc::kEmptyQuery:
    case mysql_errc::kWrongArguments:
      return absl::StatusCode::kInvalidArgument;
    case mysql_errc::kNotSupportedYet:
      return absl::StatusCode::kUnimplemented;
    case mysql_errc::kAccessDenied:
      return absl::StatusCode::kPermissionDenied;
    case mysql_errc::kConCount:
    case mysql_errc::kOutOfResources:
      return absl::StatusCode::kResourceExhausted;
    case mysql_errc::kLockDeadlock:
    case mysql_errc::kXaRbrollback:
      return absl::StatusCode::kAborted;
    case mysql_errc::kLockWaitTimeout:
    case mysql_errc::kStatementTimeout:
      return absl::StatusCode::kDeadlineExceeded;
    case mysql_errc::kCannotConnectToDataSource:
      return absl::StatusCode::kUnavailable;
    default:
      break;
  }
  if (absl::StartsWith(sqlstate, "42")) return absl::StatusCode::kInvalidArgument;
  if (absl::StartsWith(sqlstate, "08")) return absl::StatusCode::kUnavailable;
  return absl::StatusCode::kUnknown;
}

}  // namespace

absl::Status MysqlStatus(uint16_t code, absl::string_view sqlstate, absl::string_view message) {
  std::string state(sqlstate.substr(0, 5));
  state.resize(5, '0');
  absl::Status status(CanonicalCodeFor(code, state), message);
  status.SetPayload(kPayloadUrl, absl::Cord(absl::StrCat(code, ":", state)));
  return status;
}

absl::Status SyntaxError(absl::string_view message) {
  return MysqlStatus(mysql_errc::kParse, "42000", message);
}
absl::Status UnsupportedError(absl::string_view message) {
  return MysqlStatus(mysql_errc::kNotSupportedYet, "42000", message);
}
absl::Status XaFailure(absl::string_view message) {
  return MysqlStatus(mysql_errc::kXaerRmfail, "XAE07", message);
}
absl::Status InternalError(absl::string_view message) {
  return MysqlStatus(mysql_errc::kUnknownError, "HY000", message);
}

MysqlError ToMysqlError(const absl::Status& status) {
  MysqlError error;
  error.message = std::string(status.message());
  if (error.message.empty()) error.message = status.ToString();
  absl::optional<absl::Cord> payload = status.GetPayload(kPayloadUrl);
  if (!payload) return error;
  std::string text(*payload);
  size_t colon = text.find(':');
  uint32_t code = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(text.substr(0, colon), &code) ||
      code > 0xFFFF) {
    return error;
  }
  error.code = static_cast<uint16_t>(code);
  error.sqlstate = text.substr(colon + 1, 5);
  return error;
}

}  // namespace shardproxy
