#include "proxy/ops/rate_limiter.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy::ops {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(RateLimiterTest, BurstThenSteadyRate) {
  RateLimiter limiter(/*per_second=*/10, /*burst=*/3);
  // A quiet limiter admits a burst of 3 at once, then nothing until a token refills.
  EXPECT_TRUE(limiter.TryAcquire(kStart));
  EXPECT_TRUE(limiter.TryAcquire(kStart));
  EXPECT_TRUE(limiter.TryAcquire(kStart));
  EXPECT_FALSE(limiter.TryAcquire(kStart));
  EXPECT_FALSE(limiter.TryAcquire(kStart + absl::Milliseconds(99)));
  EXPECT_TRUE(limiter.TryAcquire(kStart + absl::Milliseconds(100)));
  EXPECT_FALSE(limiter.TryAcquire(kStart + absl::Milliseconds(150)));
  // Over a long run the admitted rate is the configured one.
  int admitted = 0;
  for (int ms = 1000; ms < 11000; ++ms) {
    admitted += limiter.TryAcquire(kStart + absl::Milliseconds(ms)) ? 1 : 0;
  }
  EXPECT_GE(admitted, 100);
  EXPECT_LE(admitted, 103);  // 10 s at 10/s, plus at most the burst after the pause
}

TEST(RateLimiterTest, RejectionDoesNotConsumeTokens) {
  RateLimiter limiter(1, 1);
  EXPECT_TRUE(limiter.TryAcquire(kStart));
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(limiter.TryAcquire(kStart + absl::Milliseconds(i)));
  EXPECT_TRUE(limiter.TryAcquire(kStart + absl::Seconds(1)));
}

TEST(RateLimiterTest, ErrorsCarryMysqlCodes) {
  MysqlError error = ToMysqlError(RateLimitError("app", 100));
  EXPECT_EQ(error.code, 1226);
  EXPECT_EQ(error.sqlstate, "42000");
  EXPECT_NE(error.message.find("'app'"), std::string::npos);
  MysqlError overload = ToMysqlError(InFlightLimitError(500));
  EXPECT_EQ(overload.code, 1040);
  EXPECT_NE(overload.message.find("500"), std::string::npos);
}

TEST(InFlightLimitTest, CapsAndReleases) {
  InFlightLimit limit(2);
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_FALSE(limit.TryAcquire());
  EXPECT_EQ(limit.in_flight(), 2);
  limit.Release();
  EXPECT_TRUE(limit.TryAcquire());
  InFlightLimit unlimited(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(unlimited.TryAcquire());
}

TEST(InFlightLimitTest, ACapSetLaterCountsWhatAlreadyRuns) {
  InFlightLimit limit(0);
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_TRUE(limit.TryAcquire());
  limit.set_max(2);  // a reload sets a cap while two statements run
  EXPECT_FALSE(limit.TryAcquire());
  limit.Release();
  EXPECT_TRUE(limit.TryAcquire());
  limit.set_max(0);
  EXPECT_TRUE(limit.TryAcquire());
  EXPECT_EQ(limit.in_flight(), 3);
}

}  // namespace
}  // namespace shardproxy::ops
