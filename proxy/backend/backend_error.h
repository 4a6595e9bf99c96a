// The errors the backend layer raises itself. Each names the data source, so a client (and the
// DBA reading the log) can tell which shard failed. A backend's own ERR never goes through here:
// it reaches the client unchanged via BackendError (common/mysql_error.h).
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_ERROR_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_ERROR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "proxy/backend/backend_endpoint.h"

namespace shardproxy {

namespace backend_errc {
// Client-library codes, reused because clients and DBAs know them.
inline constexpr uint16_t kCannotConnect = 2003;   // CR_CONN_HOST_ERROR
inline constexpr uint16_t kServerGone = 2006;      // CR_SERVER_GONE_ERROR
inline constexpr uint16_t kLostConnection = 2013;  // CR_SERVER_LOST
inline constexpr uint16_t kTooManyConnections = 1040;
}  // namespace backend_errc

// 2003: could not open a connection (refused, unreachable, authentication rejected, ...).
// `detail` is what the connector or server said.
absl::Status ConnectError(const BackendEndpoint& endpoint, absl::string_view detail);
// 2003: the connection was not established within `timeout`.
absl::Status ConnectTimeoutError(const BackendEndpoint& endpoint, absl::Duration timeout);
// 2013: the connection broke while `during` ("query", "reading rows", "ping", ...) was running.
absl::Status LostConnectionError(const BackendEndpoint& endpoint, absl::string_view during,
                                 absl::string_view detail);
// 2006: a command was started on a connection that had already broken.
absl::Status BrokenConnectionError(const BackendEndpoint& endpoint);
// 1040: no connection became free within the acquire timeout, or too many sessions wait.
absl::Status PoolExhaustedError(const BackendEndpoint& endpoint, absl::string_view why);

// True for errors after which the connection cannot be used again: the client library's own
// errors (2000-2999) and the server's "connection killed / shutting down" errors.
bool IsConnectionFatal(unsigned int code);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_ERROR_H_
