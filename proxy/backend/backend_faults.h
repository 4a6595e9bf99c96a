// The fault seam in front of the data sources (house style 6c): a BackendConnection asks its
// BackendFaults, if it has one, before each connect and each statement it sends, and can be told
// to fail there — with a given server error, or by losing the connection just before or just
// after the statement goes out (after: the server may or may not have run it, which is exactly
// the case two-phase commit must survive). Losing the connection is done to the real socket, so
// the real error path runs.
//
// Production code passes no BackendFaults (nullptr): one pointer test per statement.
#ifndef SHARDPROXY_PROXY_BACKEND_BACKEND_FAULTS_H_
#define SHARDPROXY_PROXY_BACKEND_BACKEND_FAULTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_endpoint.h"

namespace shardproxy {

struct Fault {
  enum class Kind {
    kNone,
    kError,                 // answer with `error` as if the server sent it; nothing is sent
    kDisconnectBeforeSend,  // the connection dies before the statement is sent
    kDisconnectAfterSend,   // the statement is sent, then the connection dies unanswered
  };
  Kind kind = Kind::kNone;
  MysqlError error;

  static Fault None() { return {}; }
  static Fault Error(uint16_t code, absl::string_view sqlstate, absl::string_view message) {
    return Fault{Kind::kError, MysqlError{code, std::string(sqlstate), std::string(message)}};
  }
  static Fault DisconnectBeforeSend() { return Fault{Kind::kDisconnectBeforeSend, {}}; }
  static Fault DisconnectAfterSend() { return Fault{Kind::kDisconnectAfterSend, {}}; }
};

class BackendFaults {
 public:
  virtual ~BackendFaults() = default;
  // Before each connection attempt. kError fails the connect with that error; the disconnect
  // kinds fail it as a refused connection.
  virtual Fault OnConnect(const BackendEndpoint& endpoint) = 0;
  // Before each statement: the caller's (Query) and the connection's own (session tracking
  // setup, Sync's SET, ...).
  virtual Fault OnStatement(const BackendEndpoint& endpoint, absl::string_view sql) = 0;
};

// Faults by rule, for tests: "the 2nd statement on ds1 containing 'XA COMMIT' loses the
// connection after sending". Rules are tried in the order added; each fires `times` times on
// the matching occurrences starting at the `nth`.
class ScriptedFaults : public BackendFaults {
 public:
  void AddConnectFault(std::string data_source, Fault fault, int nth = 1, int times = 1);
  void AddStatementFault(std::string data_source, std::string sql_substring, Fault fault,
                         int nth = 1, int times = 1);

  Fault OnConnect(const BackendEndpoint& endpoint) override;
  Fault OnStatement(const BackendEndpoint& endpoint, absl::string_view sql) override;

  int fired() const { return fired_; }

 private:
  struct Rule {
    bool on_connect;
    std::string data_source;
    std::string sql_substring;
    Fault fault;
    int nth;
    int times;
    int seen = 0;
  };
  Fault Match(bool on_connect, const BackendEndpoint& endpoint, absl::string_view sql);

  std::vector<Rule> rules_;
  int fired_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_BACKEND_FAULTS_H_
