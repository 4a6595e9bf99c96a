// The errors the XA layer hands to the client, and how the executor tells an error that ends the
// whole distributed transaction from one that ends only the statement.
#ifndef SHARDPROXY_XA_XA_ERRORS_H_
#define SHARDPROXY_XA_XA_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

// MariaDB's XA rollback codes (XA_RB*, SQLSTATE XA100) and the XA error codes the coordinator
// meets beyond those in common/mysql_error.h.
namespace xa_errc {
inline constexpr uint16_t kXaRbTimeout = 1613;   // XA106
inline constexpr uint16_t kXaRbDeadlock = 1614;  // XA102
inline constexpr uint16_t kServerLost = 2013;    // HY000 (Lost connection during query)
inline constexpr uint16_t kServerGone = 2006;    // HY000 (server has gone away)
}  // namespace xa_errc

// 1213 / 40001, MySQL's own text: what the victim of a cross-shard deadlock sees.
absl::Status DeadlockVictimError();

// 1402 / XA100 "Transaction branch was rolled back: <why>": a COMMIT that ended in a rollback
// of every branch. Retryable causes keep a retryable code so applications retry as they do with
// one MySQL: 1213 and 1614 (XA_RBDEADLOCK) -> 1213/40001, 1205 and 1613 (XA_RBTIMEOUT) -> 1205.
absl::Status RolledBackError(const absl::Status& cause, absl::string_view why);

// True when `status`, returned by a statement inside a transaction, means that the data source
// already rolled its branch back or lost it (deadlock, XA_RB*, a lost connection, a branch left
// ROLLBACK ONLY): the executor must then roll back the whole transaction. A lock wait timeout
// (1205) is not one of them: MariaDB rolls back only the statement (innodb_rollback_on_timeout
// is off by default).
bool AbortsTransaction(const absl::Status& status);

// `status` with "data source '<name>': " in front of its message unless the message already
// names it; code and SQLSTATE unchanged.
absl::Status NameDataSource(const absl::Status& status, absl::string_view data_source);

// True for ERR 1397 (XAER_NOTA, unknown xid) and the XA_RB* family (1402, 1613, 1614): answers
// to XA ROLLBACK that mean the branch is gone or rolled back.
bool IsBranchGoneOrRolledBack(const absl::Status& status);

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_XA_ERRORS_H_
