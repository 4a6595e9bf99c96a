#include "xa/xa_errors.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::Status DeadlockVictimError() {
  return MysqlStatus(mysql_errc::kLockDeadlock, "40001",
                     "Deadlock found when trying to get lock; try restarting transaction");
}

absl::Status RolledBackError(const absl::Status& cause, absl::string_view why) {
  MysqlError error = ToMysqlError(cause);
  std::string message = absl::StrCat("Transaction branch was rolled back: ", why);
  if (error.code == mysql_errc::kLockDeadlock || error.code == mysql_errc::kLockWaitTimeout) {
    return MysqlStatus(error.code, error.sqlstate, message);
  }
  // A branch rolled back by the data source's deadlock or lock-wait handling: the client sees
  // the code a single MySQL would give, so its retry logic applies.
  if (error.code == xa_errc::kXaRbDeadlock) {
    return MysqlStatus(mysql_errc::kLockDeadlock, "40001", message);
  }
  if (error.code == xa_errc::kXaRbTimeout) {
    return MysqlStatus(mysql_errc::kLockWaitTimeout, "HY000", message);
  }
  return MysqlStatus(mysql_errc::kXaRbrollback, "XA100", message);
}

bool AbortsTransaction(const absl::Status& status) {
  if (status.ok()) return false;
  MysqlError error = ToMysqlError(status);
  switch (error.code) {
    case mysql_errc::kLockDeadlock:
    case mysql_errc::kXaRbrollback:
    case xa_errc::kXaRbTimeout:
    case xa_errc::kXaRbDeadlock:
    case xa_errc::kServerLost:
    case xa_errc::kServerGone:
    case mysql_errc::kCannotConnectToDataSource:
      return true;
    case mysql_errc::kXaerRmfail:
      return absl::StrContains(error.message, "ROLLBACK ONLY");
    default:
      return false;
  }
}

absl::Status NameDataSource(const absl::Status& status, absl::string_view data_source) {
  if (status.ok()) return status;
  MysqlError error = ToMysqlError(status);
  if (absl::StrContains(error.message, absl::StrCat("data source '", data_source, "'"))) {
    return status;
  }
  return MysqlStatus(error.code, error.sqlstate,
                     absl::StrCat("data source '", data_source, "': ", error.message));
}

bool IsBranchGoneOrRolledBack(const absl::Status& status) {
  if (status.ok()) return false;
  uint16_t code = ToMysqlError(status).code;
  return code == mysql_errc::kXaerNota || code == mysql_errc::kXaRbrollback ||
         code == xa_errc::kXaRbTimeout || code == xa_errc::kXaRbDeadlock;
}

}  // namespace shardproxy
