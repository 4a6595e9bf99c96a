#include "config/sharding_rules.h"

#include "config/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr absl::string_view kHeader = R"(listen: 127.0.0.1:3307
users: [{ name: app, password: app_pw }]
data_sources:
  ds0: { host: 127.0.0.1, port: 13306, user: root, database: shop_0 }
  ds1: { host: 127.0.0.1, port: 13307, user: root, database: shop_1 }
default_data_source: ds0
)";

constexpr absl::string_view kShop = R"(sharding:
  tables:
    t_order:
      data_nodes: ds${0..1}.t_order_${0..1}
      database_strategy: { column: user_id, algorithm: db_mod }
      table_strategy: { column: order_id, algorithm: t_order_inline }
      key_generator: { column: order_id, type: snowflake }
    t_order_item:
      data_nodes: ds${0..1}.t_order_item_${0..1}
      database_strategy: { column: user_id, algorithm: db_mod }
      table_strategy: { column: order_id, algorithm: t_item_inline }
    t_user:
      data_nodes: ds${0..1}.t_user
      database_strategy: { column: user_id, algorithm: db_mod }
  binding_tables:
    - [t_order, t_order_item]
  broadcast_tables: [t_product, t_region]
  algorithms:
    db_mod: { type: mod, count: 2 }
    t_order_inline: { type: inline, expression: "t_order_${order_id % 2}" }
    t_item_inline: { type: inline, expression: "t_order_item_${order_id % 2}" }
)";

std::shared_ptr<const Config> Load(absl::string_view sharding) {
  auto config = ParseConfig(absl::StrCat(kHeader, sharding), "test.yaml");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : nullptr;
}

std::string NodeName(const TableRule& rule, int node) {
  if (node < 0) return "unplaced";
  return absl::StrCat(rule.data_nodes()[node].data_source, ".", rule.data_nodes()[node].table);
}

TEST(ShardingRulesTest, ShopLayout) {
  auto config = Load(kShop);
  ASSERT_NE(config, nullptr);
  const ShardingRules& rules = config->sharding;
  EXPECT_FALSE(rules.empty());
  ASSERT_EQ(rules.tables().size(), 3u);
  const TableRule* order = rules.FindTable("t_order");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(rules.FindTable("T_ORDER"), nullptr);  // case-sensitive, like MySQL on Linux
  EXPECT_EQ(rules.FindTable("t_product"), nullptr);
  ASSERT_EQ(order->data_nodes().size(), 4u);
  EXPECT_EQ(NodeName(*order, 0), "ds0.t_order_0");
  EXPECT_EQ(NodeName(*order, 1), "ds0.t_order_1");
  EXPECT_EQ(NodeName(*order, 2), "ds1.t_order_0");
  EXPECT_EQ(NodeName(*order, 3), "ds1.t_order_1");
  EXPECT_THAT(order->data_source_targets(), ElementsAre("ds0", "ds1"));
  EXPECT_THAT(order->table_targets(), ElementsAre("t_order_0", "t_order_1"));
  ASSERT_NE(order->database_strategy(), nullptr);
  EXPECT_THAT(order->database_strategy()->columns, ElementsAre("user_id"));
  EXPECT_EQ(order->database_strategy()->algorithm_name, "db_mod");
  ASSERT_NE(order->table_strategy(), nullptr);
  EXPECT_EQ(order->table_strategy()->algorithm->spec().type, "inline");
  ASSERT_NE(order->key_generator(), nullptr);
  EXPECT_EQ(order->key_generator()->column, "order_id");
  EXPECT_TRUE(order->IsShardingColumn("USER_ID"));  // columns are case-insensitive
  EXPECT_TRUE(order->IsShardingColumn("order_id"));
  EXPECT_FALSE(order->IsShardingColumn("status"));

  // user 7 -> ds1, order 1002 -> t_order_0
  EXPECT_EQ(
      NodeName(*order, order->NodeFor({ShardingValue::Integer(7)}, {ShardingValue::Integer(1002)})),
      "ds1.t_order_0");
  EXPECT_EQ(NodeName(*order, order->NodeFor({ShardingValue::String("4")},
                                            {ShardingValue::Decimal("1003.0")})),
            "ds0.t_order_1");
  EXPECT_EQ(order->NodeFor({ShardingValue::Null()}, {ShardingValue::Integer(1)}),
            ShardingAlgorithm::kUnplaced);
  auto insert = order->NodeForInsert({ShardingValue::Integer(1)}, {ShardingValue::Integer(-3)});
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(insert.status().message(),
            "no table of table t_order for order_id = -3 (algorithm t_order_inline, inline): "
            "t_order_${order_id % 2} gives 't_order_-1', which is not a table in data_nodes of "
            "table t_order (% keeps the sign of a negative key, as in MySQL: use abs() to place "
            "negative keys)");
  insert = order->NodeForInsert({ShardingValue::String("x")}, {ShardingValue::Integer(1)});
  ASSERT_FALSE(insert.ok());
  EXPECT_EQ(insert.status().message(),
            "no data source of table t_order for user_id = 'x' (algorithm db_mod, mod): mod needs "
            "an integer value");

  // user_id = 3 only: ds1, both tables.
  const TargetSet ds =
      TargetSet::Of(order->database_strategy()->algorithm->Shard(ShardingValue::Integer(3)));
  std::vector<int> nodes = order->NodesFor(ds, TargetSet::All());
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(NodeName(*order, nodes[0]), "ds1.t_order_0");
  EXPECT_EQ(NodeName(*order, nodes[1]), "ds1.t_order_1");
  EXPECT_EQ(order->NodesFor(TargetSet::All(), TargetSet::All()).size(), 4u);
  EXPECT_THAT(order->NodesFor(TargetSet(), TargetSet::All()), IsEmpty());

  const TableRule* user = rules.FindTable("t_user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->table_strategy(), nullptr);
  EXPECT_EQ(NodeName(*user, user->NodeFor({ShardingValue::Integer(5)}, {})), "ds1.t_user");
  EXPECT_EQ(user->binding_group(), -1);

  EXPECT_TRUE(rules.IsBroadcast("t_product"));
  EXPECT_TRUE(rules.IsBroadcast("t_region"));
  EXPECT_FALSE(rules.IsBroadcast("t_order"));
  ASSERT_NE(rules.BindingGroupOf("t_order_item"), nullptr);
  EXPECT_THAT(*rules.BindingGroupOf("t_order_item"), ElementsAre("t_order", "t_order_item"));
  EXPECT_EQ(rules.BindingGroupOf("t_user"), nullptr);
  EXPECT_TRUE(rules.AreBound("t_order", "t_order_item"));
  EXPECT_FALSE(rules.AreBound("t_order", "t_user"));
  ASSERT_EQ(rules.algorithms().size(), 3u);
  EXPECT_EQ(rules.algorithms()[2].PropertiesText(), "expression=t_order_item_${order_id % 2}");
}

TEST(ShardingRulesTest, TableOnlyStrategyAcrossDataSources) {
  // Table names are unique across data sources, so the table strategy alone picks the node.
  auto config = Load(R"(sharding:
  tables:
    t_log:
      data_nodes: [ "ds0.t_log_${0..1}", "ds1.t_log_${2..3}" ]
      table_strategy: { column: id, algorithm: mod4 }
  algorithms:
    mod4: { type: mod, count: 4 }
)");
  ASSERT_NE(config, nullptr);
  const TableRule* log = config->sharding.FindTable("t_log");
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(NodeName(*log, log->NodeFor({}, {ShardingValue::Integer(6)})), "ds1.t_log_2");
  EXPECT_EQ(NodeName(*log, log->NodeFor({}, {ShardingValue::Integer(-3)})), "ds0.t_log_1");
  EXPECT_EQ(log->NodeAt(0, 2), -1);
}

TEST(ShardingRulesTest, SingleNodeTableNeedsNoStrategy) {
  auto config = Load(R"(sharding:
  tables:
    t_config:
      data_nodes: ds1.t_config
)");
  ASSERT_NE(config, nullptr);
  const TableRule* table = config->sharding.FindTable("t_config");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(NodeName(*table, table->NodeFor({}, {})), "ds1.t_config");
}

TEST(ShardingRulesTest, ComplexInlineStrategy) {
  auto config = Load(R"(sharding:
  tables:
    t_mix:
      data_nodes: ds0.t_mix_${0..1}_${0..2}
      table_strategy: { columns: [a, b], algorithm: mix }
  algorithms:
    mix: { type: complex_inline, expression: "t_mix_${a % 2}_${b % 3}" }
)");
  ASSERT_NE(config, nullptr);
  const TableRule* table = config->sharding.FindTable("t_mix");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(
      NodeName(*table, table->NodeFor({}, {ShardingValue::Integer(3), ShardingValue::Integer(5)})),
      "ds0.t_mix_1_2");
  EXPECT_EQ(table->table_strategy()->ColumnIndex("B"), 1);
}

TEST(ShardingRulesTest, KeyGeneratorIsSharedAcrossReloads) {
  auto first = Load(kShop);
  auto second = Load(kShop);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  const KeyGeneratorConfig* a = first->sharding.FindTable("t_order")->key_generator();
  const KeyGeneratorConfig* b = second->sharding.FindTable("t_order")->key_generator();
  EXPECT_EQ(a->generator, b->generator);
  const int64_t k1 = a->generator->Next();
  const int64_t k2 = b->generator->Next();
  EXPECT_GT(k2, k1);
}

}  // namespace
}  // namespace shardproxy
