// The seams between the XA machinery and the proxy's execution layer. The executor implements
// them over its non-blocking backend connections and worker event loops; tests implement them
// over blocking Connector/C connections. Nothing in xa/ touches a socket.
#ifndef SHARDPROXY_XA_PARTICIPANT_H_
#define SHARDPROXY_XA_PARTICIPANT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace shardproxy {

// What a statement returned: rows (XA RECOVER, the lock-wait query) as text cells, nullopt for
// NULL; empty for statements that answer OK.
struct SqlResult {
  std::vector<std::vector<absl::optional<std::string>>> rows;
};
using SqlCallback = absl::AnyInvocable<void(absl::StatusOr<SqlResult>)>;

// One connection to one data source, as the coordinator, recovery and the deadlock detector use
// it. The coordinator's participants are the session's pinned connections: the same connection
// runs the client's statements of the transaction and the XA statements around them.
class XaParticipant {
 public:
  virtual ~XaParticipant() = default;

  // The data source's configured name; errors name it, and it is the branch qualifier.
  virtual const std::string& data_source() const = 0;

  // Runs one statement. `done` is called exactly once, never from inside Execute, always on the
  // thread that owns this participant (the worker's loop). Errors: the backend's ERR unchanged
  // (MySQL code and SQLSTATE via common/mysql_error.h), or a connection error (2003/2006/2013)
  // naming the data source. Only one statement runs at a time; callers never overlap them.
  virtual void Execute(std::string sql, SqlCallback done) = 0;

  // The branch on this connection is left to recovery (it may be prepared). The connection must
  // be closed, never reset or handed to another session: MariaDB 10.11 keeps a prepared branch
  // attached to the connection that prepared it (XA COMMIT from any other connection answers
  // XAER_NOTA until that connection goes away), and a connection reset while it held a prepared
  // branch fails later XA statements with ERR 1031.
  virtual void Abandon() = 0;
};

// Connections for recovery and deadlock scans: a connection with no transaction of its own.
// Destroying the participant gives the connection back (or closes it, after Abandon()).
class XaConnector {
 public:
  using ConnectCallback = absl::AnyInvocable<void(absl::StatusOr<std::unique_ptr<XaParticipant>>)>;
  virtual ~XaConnector() = default;
  // `done` follows the same rules as XaParticipant::Execute's callback.
  virtual void Connect(absl::string_view data_source, ConnectCallback done) = 0;
};

// The thread that owns a coordinator or the recovery driver (a worker's EventLoop).
class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  // Thread-safe: runs `task` soon on the runner's thread.
  virtual void Post(absl::AnyInvocable<void()> task) = 0;
  // Runner's thread only: runs `task` on the runner's thread after `delay`.
  virtual void RunAfter(absl::Duration delay, absl::AnyInvocable<void()> task) = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_PARTICIPANT_H_
