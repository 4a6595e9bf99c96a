#include "xa/transaction_type.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(TransactionTypeTest, ParsesBothTypesInAnyCase) {
  EXPECT_EQ(*ParseTransactionType("xa"), TransactionType::kXa);
  EXPECT_EQ(*ParseTransactionType("XA"), TransactionType::kXa);
  EXPECT_EQ(*ParseTransactionType("Local"), TransactionType::kLocal);
  EXPECT_EQ(TransactionTypeName(TransactionType::kXa), "xa");
  EXPECT_EQ(TransactionTypeName(TransactionType::kLocal), "local");
}

TEST(TransactionTypeTest, BadValueIsMysqlsWrongValueError) {
  absl::StatusOr<TransactionType> bad = ParseTransactionType("2pc");
  ASSERT_FALSE(bad.ok());
  MysqlError error = ToMysqlError(bad.status());
  EXPECT_EQ(error.code, 1231);
  EXPECT_EQ(error.sqlstate, "42000");
  EXPECT_EQ(error.message,
            "Variable 'shardproxy.transaction_type' can't be set to the value of '2pc'");
}

TEST(TransactionTypeTest, NoChangeInsideATransaction) {
  EXPECT_TRUE(CheckTransactionTypeChange(false).ok());
  MysqlError error = ToMysqlError(CheckTransactionTypeChange(true));
  EXPECT_EQ(error.code, 1568);
  EXPECT_EQ(error.sqlstate, "25001");
}

}  // namespace
}  // namespace shardproxy
