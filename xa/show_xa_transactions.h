// The rows of the admin statement SHOW XA TRANSACTIONS: live distributed transactions, branches
// recovery found in doubt, and recently finished or recovered transactions — all from the
// registry. The proxy's admin layer turns them into a text result set (every column a string).
#ifndef SHARDPROXY_XA_SHOW_XA_TRANSACTIONS_H_
#define SHARDPROXY_XA_SHOW_XA_TRANSACTIONS_H_

#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "xa/transaction_registry.h"

namespace shardproxy {

// gtrid, state, data_sources (comma-separated), started, finished (UTC, microseconds; NULL when
// unknown or not yet), note. Order: live (oldest first), in doubt, recent (newest first).
const std::vector<std::string>& ShowXaTransactionsColumns();
std::vector<std::vector<absl::optional<std::string>>> ShowXaTransactionsRows(
    const XaTransactionRegistry::View& view);

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_SHOW_XA_TRANSACTIONS_H_
