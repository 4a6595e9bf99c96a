#include "proxy/backend/backend_error.h"

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::Status ConnectError(const BackendEndpoint& endpoint, absl::string_view detail) {
  return MysqlStatus(backend_errc::kCannotConnect, "HY000",
                     absl::StrCat("Can't connect to data source '", endpoint.name, "' (",
                                  endpoint.Address(), "): ", detail));
}

absl::Status ConnectTimeoutError(const BackendEndpoint& endpoint, absl::Duration timeout) {
  return MysqlStatus(
      backend_errc::kCannotConnect, "HY000",
      absl::StrCat("Can't connect to data source '", endpoint.name, "' (", endpoint.Address(),
                   "): no answer within ", absl::FormatDuration(timeout)));
}

absl::Status LostConnectionError(const BackendEndpoint& endpoint, absl::string_view during,
                                 absl::string_view detail) {
  return MysqlStatus(backend_errc::kLostConnection, "HY000",
                     absl::StrCat("Lost connection to data source '", endpoint.name, "' (",
                                  endpoint.Address(), ") during ", during, ": ", detail));
}

absl::Status BrokenConnectionError(const BackendEndpoint& endpoint) {
  return MysqlStatus(backend_errc::kServerGone, "HY000",
                     absl::StrCat("Connection to data source '", endpoint.name, "' (",
                                  endpoint.Address(), ") is gone"));
}

absl::Status PoolExhaustedError(const BackendEndpoint& endpoint, absl::string_view why) {
  return MysqlStatus(
      backend_errc::kTooManyConnections, "HY000",
      absl::StrCat("Too many connections to data source '", endpoint.name, "': ", why));
}

bool IsConnectionFatal(unsigned int code) {
  if (code >= 2000 && code < 3000) return true;
  switch (code) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1152:  // ER_ABORTING_CONNECTION
    case 1184:  // ER_NEW_ABORTING_CONNECTION
    case 1927:  // ER_CONNECTION_KILLED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT
      return true;
    default:
      return false;
  }
}

}  // namespace shardproxy
