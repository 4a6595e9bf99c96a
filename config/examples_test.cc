// The example configs in config/examples/ load, and route the way their comments say.
#include <cstdlib>

#include "config/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

std::shared_ptr<const Config> LoadExample(absl::string_view name) {
  const char* root = std::getenv("SHARDPROXY_SOURCE_DIR");
  auto config =
      LoadConfigFile(absl::StrCat(root != nullptr ? root : ".", "/config/examples/", name));
  EXPECT_TRUE(config.ok()) << name << ": " << config.status();
  return config.ok() ? *config : nullptr;
}

std::string Node(const TableRule& table, int node) {
  if (node < 0) return "unplaced";
  return absl::StrCat(table.data_nodes()[node].data_source, ".", table.data_nodes()[node].table);
}

TEST(ExamplesTest, Passthrough) {
  auto config = LoadExample("passthrough.yaml");
  ASSERT_NE(config, nullptr);
  EXPECT_TRUE(config->sharding.empty());
  EXPECT_EQ(config->default_data_source, "ds0");
  EXPECT_EQ(config->database, "shop");
  EXPECT_EQ(config->transaction.type, TransactionConfig::Type::kLocal);
}

TEST(ExamplesTest, QuickstartMatchesTheQuickstartScript) {
  auto config = LoadExample("quickstart.yaml");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 3307);
  EXPECT_EQ(config->database, "shop");
  ASSERT_NE(config->FindUser("app"), nullptr);
  EXPECT_EQ(config->FindUser("app")->password, "app_pw");
  ASSERT_EQ(config->data_sources.size(), 2u);
  EXPECT_EQ(config->data_sources[0].port, 13306);
  EXPECT_EQ(config->data_sources[0].database, "shop_0");
  EXPECT_EQ(config->data_sources[1].port, 13307);
  EXPECT_EQ(config->data_sources[1].database, "shop_1");
  const TableRule* order = config->sharding.FindTable("t_order");
  ASSERT_NE(order, nullptr);
  // The demo data's order 1003 of user 3.
  EXPECT_EQ(
      Node(*order, order->NodeFor({ShardingValue::Integer(3)}, {ShardingValue::Integer(1003)})),
      "ds1.t_order_1");
  EXPECT_NE(config->sharding.FindTable("t_order_item")->key_generator(), nullptr);
  EXPECT_TRUE(config->sharding.IsBroadcast("t_product"));
}

TEST(ExamplesTest, EcommerceIsTheIssueLayout) {
  auto config = LoadExample("ecommerce.yaml");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->data_sources[1].port, 3308);
  EXPECT_EQ(config->sharding.tables().size(), 3u);
  EXPECT_TRUE(config->sharding.AreBound("t_order", "t_order_item"));
}

TEST(ExamplesTest, SysbenchShardedById) {
  for (int count : {2, 4}) {
    auto config = LoadExample(absl::StrCat("sysbench-", count, ".yaml"));
    ASSERT_NE(config, nullptr);
    ASSERT_EQ(config->sharding.tables().size(), 16u);
    for (int t = 1; t <= 16; ++t) {
      const TableRule* table = config->sharding.FindTable(absl::StrCat("sbtest", t));
      ASSERT_NE(table, nullptr);
      for (int64_t id = 1; id <= 100; ++id) {
        ASSERT_EQ(Node(*table, table->NodeFor({ShardingValue::Integer(id)}, {})),
                  absl::StrCat("ds", id % count, ".sbtest", t));
      }
    }
  }
}

TEST(ExamplesTest, SysbenchDatabaseAndTableSharding) {
  auto config = LoadExample("sysbench-2x2.yaml");
  ASSERT_NE(config, nullptr);
  const TableRule* table = config->sharding.FindTable("sbtest7");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->data_nodes().size(), 4u);
  for (int64_t id = 1; id <= 1000; ++id) {
    const ShardingValue value = ShardingValue::Integer(id);
    ASSERT_EQ(Node(*table, table->NodeFor({value}, {value})),
              absl::StrCat("ds", id % 2, ".sbtest7_", id % 4));
  }
}

}  // namespace
}  // namespace shardproxy
