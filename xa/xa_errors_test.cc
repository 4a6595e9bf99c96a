#include "xa/xa_errors.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(XaErrorsTest, RolledBackKeepsRetryableCodes) {
  EXPECT_EQ(ToMysqlError(RolledBackError(MysqlStatus(1213, "40001", "d"), "why")).code, 1213);
  EXPECT_EQ(ToMysqlError(RolledBackError(MysqlStatus(1205, "HY000", "t"), "why")).code, 1205);
  MysqlError rb_deadlock = ToMysqlError(RolledBackError(MysqlStatus(1614, "XA102", "x"), "why"));
  EXPECT_EQ(rb_deadlock.code, 1213);
  EXPECT_EQ(rb_deadlock.sqlstate, "40001");
  EXPECT_EQ(ToMysqlError(RolledBackError(MysqlStatus(1613, "XA106", "x"), "why")).code, 1205);
  MysqlError other = ToMysqlError(RolledBackError(MysqlStatus(2013, "HY000", "lost"), "because"));
  EXPECT_EQ(other.code, 1402);
  EXPECT_EQ(other.sqlstate, "XA100");
  EXPECT_EQ(other.message, "Transaction branch was rolled back: because");
}

TEST(XaErrorsTest, WhatAbortsTheTransaction) {
  EXPECT_TRUE(AbortsTransaction(MysqlStatus(1213, "40001", "deadlock")));
  EXPECT_TRUE(AbortsTransaction(MysqlStatus(2013, "HY000", "lost")));
  EXPECT_TRUE(AbortsTransaction(MysqlStatus(1614, "XA102", "rb")));
  EXPECT_TRUE(
      AbortsTransaction(MysqlStatus(1399, "XAE07",
                                    "XAER_RMFAIL: The command cannot be executed when global "
                                    "transaction is in the  ROLLBACK ONLY state")));
  EXPECT_FALSE(AbortsTransaction(MysqlStatus(1205, "HY000", "lock wait timeout")));
  EXPECT_FALSE(AbortsTransaction(MysqlStatus(1062, "23000", "duplicate")));
  EXPECT_FALSE(AbortsTransaction(absl::OkStatus()));
}

TEST(XaErrorsTest, NameDataSourceOnce) {
  absl::Status named = NameDataSource(MysqlStatus(2013, "HY000", "Lost connection"), "ds1");
  MysqlError e = ToMysqlError(named);
  EXPECT_EQ(e.code, 2013);
  EXPECT_EQ(e.message, "data source 'ds1': Lost connection");
  EXPECT_EQ(ToMysqlError(NameDataSource(named, "ds1")).message, e.message);
}

TEST(XaErrorsTest, BranchGone) {
  EXPECT_TRUE(IsBranchGoneOrRolledBack(MysqlStatus(1397, "XAE04", "XAER_NOTA")));
  EXPECT_TRUE(IsBranchGoneOrRolledBack(MysqlStatus(1614, "XA102", "rb")));
  EXPECT_FALSE(IsBranchGoneOrRolledBack(MysqlStatus(2013, "HY000", "lost")));
}

}  // namespace
}  // namespace shardproxy
