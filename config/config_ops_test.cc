// The protection and observability keys (issue 9): limits, timeouts, metrics, per data source
// queue_timeout_ms and breaker, per user rate_limit.
#include "config/config.h"

#include "absl/strings/str_cat.h"
#include "config/config_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kHead = R"(listen: 127.0.0.1:3310
users:
  - { name: app, password: app_pw, rate_limit: { statements_per_second: 100, burst: 20 } }
  - { name: batch }
data_sources:
  ds0: { host: 127.0.0.1, port: 13306, user: root, database: shop_0, queue_timeout_ms: 250,
         breaker: { failures: 3, open_ms: 1500 } }
)";

TEST(ConfigOpsTest, DefaultsKeepTodaysBehaviour) {
  auto config = ParseConfig(R"(users: [{ name: app }]
data_sources:
  ds0: { host: h, user: root, database: shop }
)",
                            "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const Config& c = **config;
  EXPECT_EQ(c.limits.max_client_connections, 0);
  EXPECT_EQ(c.limits.max_in_flight_statements, 0);
  EXPECT_EQ(c.timeouts.statement_ms, 0);
  EXPECT_EQ(c.timeouts.drain_ms, 10000);
  EXPECT_EQ(c.timeouts.backend_connect_ms, 5000);
  EXPECT_EQ(c.timeouts.client_idle_ms, 0);
  EXPECT_EQ(c.metrics.listen_port, 0);
  EXPECT_EQ(c.data_sources[0].queue_timeout_ms, 5000);
  EXPECT_EQ(c.data_sources[0].breaker.failures, 5);
  EXPECT_EQ(c.data_sources[0].breaker.open_ms, 5000);
  EXPECT_EQ(c.users[0].rate_limit.statements_per_second, 0);
}

TEST(ConfigOpsTest, ReadsEveryKey) {
  auto config = ParseConfig(absl::StrCat(kHead, R"(limits: { max_client_connections: 2000, max_in_flight_statements: 500 }
timeouts: { statement_ms: 3000, drain_ms: 20000, backend_connect_ms: 800, client_idle_ms: 60000,
            slow_statement_ms: 1000 }
metrics: { listen: 0.0.0.0:9104 }
)"),
                            "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const Config& c = **config;
  EXPECT_EQ(c.limits.max_client_connections, 2000);
  EXPECT_EQ(c.limits.max_in_flight_statements, 500);
  EXPECT_EQ(c.timeouts.statement_ms, 3000);
  EXPECT_EQ(c.timeouts.drain_ms, 20000);
  EXPECT_EQ(c.timeouts.backend_connect_ms, 800);
  EXPECT_EQ(c.timeouts.client_idle_ms, 60000);
  EXPECT_EQ(c.timeouts.slow_statement_ms, 1000);
  EXPECT_EQ(c.metrics.listen_host, "0.0.0.0");
  EXPECT_EQ(c.metrics.listen_port, 9104);
  EXPECT_EQ(c.data_sources[0].queue_timeout_ms, 250);
  EXPECT_EQ(c.data_sources[0].breaker.failures, 3);
  EXPECT_EQ(c.data_sources[0].breaker.open_ms, 1500);
  EXPECT_EQ(c.users[0].rate_limit.statements_per_second, 100);
  EXPECT_EQ(c.users[0].rate_limit.burst, 20);
  EXPECT_EQ(c.users[1].rate_limit.statements_per_second, 0);
  const std::string summary = DescribeConfig(c);
  EXPECT_THAT(summary, HasSubstr("limits: max_client_connections 2000, max_in_flight_statements "
                                 "500\n"));
  EXPECT_THAT(summary, HasSubstr("timeouts: statement 3000 ms, drain 20000 ms, backend connect "
                                 "800 ms\n"));
  EXPECT_THAT(summary, HasSubstr("metrics: http://0.0.0.0:9104/metrics\n"));
}

TEST(ConfigOpsTest, MistakesNameFileLineAndSuggest) {
  EXPECT_THAT(ErrorOf(absl::StrCat(kHead, "limits: { max_client_conections: 10 }\n")),
              HasSubstr("unknown key 'max_client_conections' in limits; did you mean "
                        "'max_client_connections'? (test.yaml:8:11)"));
  EXPECT_THAT(ErrorOf(absl::StrCat(kHead, "timeouts: { drain_ms: -1 }\n")),
              HasSubstr("timeouts drain_ms must be an integer between 0 and 86400000, found "
                        "'-1' (test.yaml:8:23)"));
  EXPECT_THAT(ErrorOf(absl::StrCat(kHead, "metrics: { listen: nowhere }\n")),
              HasSubstr("expected listen: HOST:PORT"));
  EXPECT_THAT(ErrorOf(absl::StrCat(kHead, "metrics: {}\n")),
              HasSubstr("missing 'listen' in metrics"));
  EXPECT_THAT(ErrorOf(absl::StrCat(kHead, "timeoutz: {}\n")), HasSubstr("did you mean 'timeouts'"));
  EXPECT_THAT(ErrorOf(R"(users: [{ name: app, rate_limit: { burst: 5 } }]
data_sources:
  ds0: { host: h, user: root, database: shop, breaker: { failure: 3 } }
)"),
              HasSubstr("missing 'statements_per_second' in rate_limit of user app"));
  EXPECT_THAT(ErrorOf(R"(users: [{ name: app }]
data_sources:
  ds0: { host: h, user: root, database: shop, breaker: { failure: 3 } }
)"),
              HasSubstr("did you mean 'failures'"));
}

}  // namespace
}  // namespace shardproxy
