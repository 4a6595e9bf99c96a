#include "proxy/ops/circuit_breaker.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy::ops {
namespace {

using Admission = CircuitBreaker::Admission;
using State = CircuitBreaker::State;
const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);

TEST(CircuitBreakerTest, OpensAfterConsecutiveFailuresOnly) {
  CircuitBreaker breaker("ds1", {.failure_threshold = 3, .open_for = absl::Seconds(5)});
  breaker.RecordFailure(kT0);
  breaker.RecordFailure(kT0);
  breaker.RecordSuccess();  // the streak is broken
  breaker.RecordFailure(kT0);
  breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_EQ(breaker.Admit(kT0), Admission::kAllowed);
  breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(1)), Admission::kRejected);
  MysqlError error = ToMysqlError(breaker.OpenError(kT0 + absl::Seconds(1)));
  EXPECT_EQ(error.code, 2003);
  EXPECT_NE(error.message.find("'ds1'"), std::string::npos);
  EXPECT_NE(error.message.find("next probe in 4.0s"), std::string::npos);
}

TEST(CircuitBreakerTest, HalfOpenLetsOneProbeThroughAndClosesOnSuccess) {
  CircuitBreaker breaker("ds0", {.failure_threshold = 1, .open_for = absl::Seconds(2)});
  breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(2)), Admission::kProbe);
  EXPECT_EQ(breaker.state(), State::kHalfOpen);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(2)), Admission::kRejected);  // one probe at a time
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(3)), Admission::kAllowed);
  EXPECT_EQ(breaker.times_opened(), 1);
}

TEST(CircuitBreakerTest, FailedProbeReopensAndLostProbeIsReplaced) {
  CircuitBreaker breaker("ds0", {.failure_threshold = 2, .open_for = absl::Seconds(2)});
  breaker.RecordFailure(kT0);
  breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(2)), Admission::kProbe);
  breaker.RecordFailure(kT0 + absl::Seconds(2));  // a single failed probe reopens
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(3)), Admission::kRejected);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(4)), Admission::kProbe);
  // That probe's session vanished without reporting: after open_for another probe may go.
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(5)), Admission::kRejected);
  EXPECT_EQ(breaker.Admit(kT0 + absl::Seconds(6)), Admission::kProbe);
  EXPECT_EQ(breaker.times_opened(), 2);
}

}  // namespace
}  // namespace shardproxy::ops
