// Where a data source lives and how to log in to it. The session layer maps the configuration's
// DataSourceConfig onto this; the backend layer needs nothing else from the config.
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_ENDPOINT_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_ENDPOINT_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace shardproxy {

struct BackendEndpoint {
  std::string name;                // the data source's name; every error about it says this name
  std::string host = "127.0.0.1";  // reached over TCP, also "localhost"; unused with a socket
  int port = 3306;
  std::string socket;  // a Unix socket path instead of host and port
  std::string user;
  std::string password;  // never logged: use Describe()
  std::string database;  // selected at connect; empty for none
  // Over all workers; BackendPool takes PerWorkerConnectionLimit() of it.
  int max_connections = 64;

  // Connector/C's host and unix_socket arguments: "localhost" and the path over a socket (with
  // MYSQL_PROTOCOL_SOCKET: without a path, "localhost" would mean the default socket), else the
  // host and none (with MYSQL_PROTOCOL_TCP).
  const char* connect_host() const { return socket.empty() ? host.c_str() : "localhost"; }
  const char* connect_socket() const { return socket.empty() ? nullptr : socket.c_str(); }
  // "127.0.0.1:3306" or the socket path.
  std::string Address() const { return socket.empty() ? absl::StrCat(host, ":", port) : socket; }
  // "ds0 (127.0.0.1:3306)", for errors and logs.
  std::string Describe() const { return absl::StrCat(name, " (", Address(), ")"); }
};

// Properties a connection is opened with that cannot change afterwards. A pool keeps idle
// connections apart by them.
struct ConnectionOptions {
  // CLIENT_FOUND_ROWS: UPDATE reports matched rather than changed rows. Passed through from the
  // client's handshake, because it changes the affected-rows count the client sees.
  bool found_rows = false;

  friend bool operator==(const ConnectionOptions&, const ConnectionOptions&) = default;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_ENDPOINT_H_
