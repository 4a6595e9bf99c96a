// How a session's transactions reach their data sources.
//
//   kXa    (the default, config `transaction.type: xa`): every explicit transaction and every
//          autocommit statement that writes on more than one data source runs as one XA
//          transaction with a branch per data source. COMMIT is atomic: all data sources commit
//          or none does, also across a crash of the proxy or of a data source (two-phase
//          commit with a durable decision log and recovery; see xa/README.md).
//   kLocal (config `transaction.type: local`): each data source runs an ordinary local
//          transaction (START TRANSACTION ... COMMIT). COMMIT is sent to every data source
//          independently, so a failure between them leaves some committed and others not:
//          NOT atomic. Cheaper (no XA statements, no decision log), for workloads that accept it.
//
// A session switches with `SET shardproxy.transaction_type = 'xa' | 'local'` (parsed by the
// proxy; the value is case-insensitive; DEFAULT means the config's type). The change applies to
// the next transaction; inside a transaction it is refused, as MySQL refuses to change
// transaction characteristics mid-transaction.
#ifndef SHARDPROXY_XA_TRANSACTION_TYPE_H_
#define SHARDPROXY_XA_TRANSACTION_TYPE_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

enum class TransactionType { kLocal, kXa };

// The session variable's name, without the "shardproxy." prefix.
inline constexpr absl::string_view kTransactionTypeVariable = "transaction_type";

// "xa" / "local" (any case). Anything else: 1231/42000 "Variable 'shardproxy.transaction_type'
// can't be set to the value of '<value>'", MySQL's error for a bad enum value.
absl::StatusOr<TransactionType> ParseTransactionType(absl::string_view value);
absl::string_view TransactionTypeName(TransactionType type);

// OK outside a transaction. Inside one: 1568/25001 "Transaction characteristics can't be changed
// while a transaction is in progress".
absl::Status CheckTransactionTypeChange(bool in_transaction);

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_TRANSACTION_TYPE_H_
