#include "config/admin_tables.h"

#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::shared_ptr<const Config> Quickstart() {
  const char* root = std::getenv("SHARDPROXY_SOURCE_DIR");
  auto config = LoadConfigFile(absl::StrCat(root ? root : ".", "/config/examples/quickstart.yaml"));
  EXPECT_TRUE(config.ok()) << config.status();
  return *config;
}

TEST(AdminTablesTest, ShowShardingTables) {
  const AdminTable table = ShowShardingTables(*Quickstart());
  EXPECT_THAT(table.columns,
              ElementsAre("table", "type", "data_nodes", "data_sources", "database_strategy",
                          "table_strategy", "binding_tables", "key_generator"));
  ASSERT_EQ(table.rows.size(), 5u);
  EXPECT_THAT(table.rows[0],
              ElementsAre("t_order", "sharded", "4", "ds0,ds1", "user_id -> db_mod (mod: count=2)",
                          "order_id -> t_order_inline (inline: expression=t_order_${order_id % 2})",
                          "t_order,t_order_item", "order_id (snowflake, worker_id=0)"));
  EXPECT_THAT(table.rows[2], ElementsAre("t_user", "sharded", "2", "ds0,ds1",
                                         "user_id -> db_mod (mod: count=2)", "", "", ""));
  EXPECT_THAT(table.rows[3], ElementsAre("t_product", "broadcast", "2", "ds0,ds1", "", "", "", ""));
}

TEST(AdminTablesTest, ShowShardingTable) {
  auto config = Quickstart();
  absl::StatusOr<AdminTable> table = ShowShardingTable(*config, "t_order");
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].size(), table->columns.size());
  EXPECT_THAT(table->rows[0],
              ElementsAre("t_order", "sharded",
                          "ds0.t_order_0, ds0.t_order_1, ds1.t_order_0, ds1.t_order_1", "ds0,ds1",
                          "user_id", "db_mod", "mod", "count=2", "order_id", "t_order_inline",
                          "inline", "expression=t_order_${order_id % 2}", "order_id", "snowflake",
                          "worker_id=0", "t_order,t_order_item"));
  table = ShowShardingTable(*config, "t_region");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows[0][2], "ds0.t_region, ds1.t_region");
  table = ShowShardingTable(*config, "T_ORDER");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(std::string(table.status().message()), "'T_ORDER' is not a sharded or broadcast table");
}

TEST(AdminTablesTest, ShowDataSourcesHasNoPasswords) {
  auto config = ParseConfig(R"(users: [{ name: app, password: pw }]
data_sources:
  ds0: { host: db.local, port: 3310, user: u, password: topsecret, database: d0 }
)",
                            "t.yaml");
  ASSERT_TRUE(config.ok());
  const AdminTable table = ShowDataSources(**config);
  EXPECT_THAT(table.columns, ElementsAre("name", "host", "port", "user", "database",
                                         "max_connections", "is_default"));
  EXPECT_THAT(table.rows[0], ElementsAre("ds0", "db.local", "3310", "u", "d0", "64", "YES"));
}

TEST(DescribeConfigTest, QuickstartSummary) {
  const std::string summary = DescribeConfig(*Quickstart());
  EXPECT_THAT(summary, HasSubstr("listen: 127.0.0.1:3307  workers: one per core\n"));
  EXPECT_THAT(summary, HasSubstr("  ds0: root@127.0.0.1:13306/shop_0, max_connections 64 "
                                 "[default: unsharded tables]\n"));
  EXPECT_THAT(summary, HasSubstr("  t_order: 4 data nodes in ds0, ds1\n"
                                 "    nodes: ds0.t_order_0, ds0.t_order_1, ds1.t_order_0, "
                                 "ds1.t_order_1\n"
                                 "    data source by: user_id -> db_mod (mod: count=2)\n"
                                 "    table by: order_id -> t_order_inline (inline: "
                                 "expression=t_order_${order_id % 2})\n"
                                 "    generated key: order_id (snowflake, worker_id 0)\n"));
  EXPECT_THAT(summary, HasSubstr("binding tables: t_order, t_order_item\n"));
  EXPECT_THAT(summary, HasSubstr("broadcast tables (a copy in every data source): t_product, "
                                 "t_region\n"));
  EXPECT_THAT(summary, Not(HasSubstr("app_pw")));
}

}  // namespace
}  // namespace shardproxy
