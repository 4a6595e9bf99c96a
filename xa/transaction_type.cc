#include "xa/transaction_type.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::StatusOr<TransactionType> ParseTransactionType(absl::string_view value) {
  if (absl::EqualsIgnoreCase(value, "xa")) return TransactionType::kXa;
  if (absl::EqualsIgnoreCase(value, "local")) return TransactionType::kLocal;
  return MysqlStatus(1231, "42000",
                     absl::StrCat("Variable 'shardproxy.", kTransactionTypeVariable,
                                  "' can't be set to the value of '", value, "'"));
}

absl::string_view TransactionTypeName(TransactionType type) {
  return type == TransactionType::kXa ? "xa" : "local";
}

absl::Status CheckTransactionTypeChange(bool in_transaction) {
  if (!in_transaction) return absl::OkStatus();
  return MysqlStatus(1568, "25001",
                     "Transaction characteristics can't be changed while a transaction is in "
                     "progress");
}

}  // namespace shardproxy
