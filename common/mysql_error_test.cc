#include "common/mysql_error.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

TEST(MysqlErrorTest, SyntaxErrorCarriesCodeAndState) {
  MysqlError e = ToMysqlError(SyntaxError("near 'FORM t' at line 1"));
  EXPECT_EQ(e.code, 1064);
  EXPECT_EQ(e.sqlstate, "42000");
  EXPECT_EQ(e.message, "near 'FORM t' at line 1");
}

TEST(MysqlErrorTest, PlainStatusBecomesUnknownError) {
  MysqlError e = ToMysqlError(absl::InternalError("boom"));
  EXPECT_EQ(e.code, 1105);
  EXPECT_EQ(e.sqlstate, "HY000");
  EXPECT_EQ(e.message, "boom");
}

TEST(MysqlErrorTest, BackendErrorPassesThroughUnchanged) {
  MysqlError in{1146, "42S02", "Table 'shop.nope' doesn't exist"};
  MysqlError out = ToMysqlError(BackendError(in));
  EXPECT_EQ(out.code, in.code);
  EXPECT_EQ(out.sqlstate, in.sqlstate);
  EXPECT_EQ(out.message, in.message);
}

TEST(MysqlErrorTest, CanonicalCodeFollowsMysqlCode) {
  EXPECT_EQ(UnsupportedError("x").code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(MysqlStatus(1213, "40001", "deadlock").code(), absl::StatusCode::kAborted);
  EXPECT_EQ(XaFailure("x").code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(ToMysqlError(XaFailure("x")).sqlstate, "XAE07");
}

TEST(MysqlErrorTest, ShortSqlstateIsPadded) {
  EXPECT_EQ(ToMysqlError(MysqlStatus(1105, "HY", "x")).sqlstate, "HY000");
}

}  // namespace
}  // namespace shardproxy
