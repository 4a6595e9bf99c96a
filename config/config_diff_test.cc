#include "config/config_diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::shared_ptr<const Config> Parse(absl::string_view text) {
  auto config = ParseConfig(text, "test.yaml");
  EXPECT_TRUE(config.ok()) << config.status();
  return *config;
}

constexpr absl::string_view kBefore = R"(listen: 127.0.0.1:3307
users: [{ name: app, password: a }]
data_sources:
  ds0: { host: h0, user: root, database: d0 }
  ds1: { host: h1, user: root, database: d1 }
  ds2: { host: h2, user: root, database: d2 }
  ds3: { host: h3, user: root, database: d3 }
default_data_source: ds0
sharding:
  tables:
    t: { data_nodes: "ds${0..1}.t", database_strategy: { column: id, algorithm: m } }
  algorithms:
    m: { type: mod, count: 2 }
)";

TEST(ConfigDiffTest, IdenticalConfigsHaveNoChanges) {
  const ConfigDiff diff = DiffConfigs(*Parse(kBefore), *Parse(kBefore));
  EXPECT_TRUE(diff.empty());
  EXPECT_EQ(diff.ToString(), "no changes");
}

TEST(ConfigDiffTest, ListsDataSourceChangesAndRestartOnlySettings) {
  const ConfigDiff diff = DiffConfigs(*Parse(kBefore), *Parse(R"(listen: 127.0.0.1:3308
workers: 2
users: [{ name: app, password: b }]
data_sources:
  ds0: { host: h0, user: root, database: d0, max_connections: 10 }
  ds1: { host: h1, user: root, password: new, database: d1 }
  ds2: { socket: /run/mysqld/h2.sock, user: root, database: d2 }
  ds4: { host: h4, user: root, database: d4 }
default_data_source: ds0
sharding:
  tables:
    t: { data_nodes: "ds${0..1}.t", database_strategy: { column: id, algorithm: m } }
  algorithms:
    m: { type: hash_mod, count: 2 }
)"));
  EXPECT_THAT(diff.data_sources_added, ElementsAre("ds4"));
  EXPECT_THAT(diff.data_sources_removed, ElementsAre("ds3"));
  EXPECT_THAT(diff.data_sources_changed, ElementsAre("ds1", "ds2"));
  EXPECT_THAT(diff.data_sources_resized, ElementsAre("ds0"));
  EXPECT_TRUE(diff.users_changed);
  EXPECT_TRUE(diff.sharding_changed);
  EXPECT_FALSE(diff.default_data_source_changed);
  EXPECT_THAT(diff.restart_required, ElementsAre("listen", "workers"));
  EXPECT_EQ(diff.ToString(),
            "data sources added: ds4; data sources removed: ds3; data sources changed: ds1, ds2; data "
            "sources resized: ds0; users changed; sharding rules changed; needs a restart to "
            "apply: listen, workers");
}

TEST(ConfigDiffTest, OpsSettings) {
  std::string after(kBefore);
  after.replace(after.find("users: [{ name: app, password: a }]"),
                std::string("users: [{ name: app, password: a }]").size(),
                "users: [{ name: app, password: a, rate_limit: { statements_per_second: 5 } }]");
  after.replace(after.find("  ds1: { host: h1, user: root, database: d1 }"),
                std::string("  ds1: { host: h1, user: root, database: d1 }").size(),
                "  ds1: { host: h1, user: root, database: d1, breaker: { failures: 2 } }");
  after += "limits: { max_in_flight_statements: 10 }\n"
           "timeouts: { statement_ms: 100, drain_ms: 1 }\n"
           "metrics: { listen: 127.0.0.1:9104 }\n";
  const ConfigDiff diff = DiffConfigs(*Parse(kBefore), *Parse(after));
  EXPECT_TRUE(diff.limits_changed);
  EXPECT_TRUE(diff.timeouts_changed);
  EXPECT_FALSE(diff.users_changed);  // a rate limit is not a login change
  EXPECT_THAT(diff.data_sources_changed, ElementsAre("ds1"));
  EXPECT_THAT(diff.restart_required, ElementsAre("metrics", "timeouts.drain_ms"));
  EXPECT_EQ(diff.ToString(),
            "data sources changed: ds1; limits changed; timeouts changed; needs a restart to "
            "apply: metrics, timeouts.drain_ms");
}

TEST(ConfigDiffTest, ShardingChangeInNodesOnly) {
  std::string after(kBefore);
  after.replace(after.find("ds${0..1}.t"), 11, "ds${0..1}.t_${0..0}");
  after.replace(after.find("database_strategy"), 0, "");
  const ConfigDiff diff = DiffConfigs(*Parse(kBefore), *Parse(after));
  EXPECT_TRUE(diff.sharding_changed);
  EXPECT_THAT(diff.data_sources_added, IsEmpty());
}

}  // namespace
}  // namespace shardproxy
