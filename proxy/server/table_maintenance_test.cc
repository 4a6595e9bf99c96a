#include "proxy/server/table_maintenance.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "config/config.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy {
namespace {

using Rows = std::vector<std::vector<absl::optional<std::string>>>;

class TableMaintenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The e-commerce layout: t_order in t_order_0/1 of ds0 and ds1, t_user in one table of each,
    // t_region a copy in each, anything else in ds0.
    const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
    auto config =
        LoadConfigFile(absl::StrCat(dir != nullptr ? dir : ".", "/config/examples/ecommerce.yaml"));
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *config;
  }
  absl::StatusOr<absl::optional<TableMaintenance>> Plan(const std::string& sql,
                                                        absl::string_view database = "shop") {
    text_ = sql;
    EXPECT_TRUE(parser_.Parse(text_, &statement_).ok()) << sql;
    return PlanTableMaintenance(statement_, *config_, database);
  }
  TableMaintenance Planned(const std::string& sql) {
    auto plan = Plan(sql);
    EXPECT_TRUE(plan.ok() && plan->has_value()) << sql;
    return plan.ok() && plan->has_value() ? **plan : TableMaintenance();
  }

  std::shared_ptr<const Config> config_;
  sql::Parser parser_;
  sql::BoundStatement statement_;
  std::string text_;
};

TEST_F(TableMaintenanceTest, EveryActualTableAndEveryCopyOnce) {
  TableMaintenance plan = Planned("CHECK TABLE t_order, shop.t_region, t_audit EXTENDED");
  EXPECT_FALSE(plan.checksum);
  EXPECT_TRUE(plan.implicit_commit);
  EXPECT_EQ(plan.tables,
            (std::vector<std::string>{"shop.t_order", "shop.t_region", "shop.t_audit"}));
  std::vector<std::string> nodes;
  for (const TableMaintenance::Node& node : plan.nodes) {
    nodes.push_back(absl::StrCat(node.data_source, ": ", node.sql, " #", node.table));
  }
  EXPECT_EQ(nodes, (std::vector<std::string>{
                       "ds0: CHECK TABLE `t_order_0` EXTENDED #0",
                       "ds0: CHECK TABLE `t_order_1` EXTENDED #0",
                       "ds1: CHECK TABLE `t_order_0` EXTENDED #0",
                       "ds1: CHECK TABLE `t_order_1` EXTENDED #0",
                       "ds0: CHECK TABLE `t_region` EXTENDED #1",
                       "ds1: CHECK TABLE `t_region` EXTENDED #1",
                       "ds0: CHECK TABLE `t_audit` EXTENDED #2",
                   }));
}

TEST_F(TableMaintenanceTest, ModifiersAndOtherDatabasesAsWritten) {
  TableMaintenance plan = Planned("ANALYZE NO_WRITE_TO_BINLOG TABLE `t_user` PERSISTENT FOR ALL");
  ASSERT_EQ(plan.nodes.size(), 2u);
  EXPECT_EQ(plan.nodes[1].sql, "ANALYZE NO_WRITE_TO_BINLOG TABLE `t_user` PERSISTENT FOR ALL");
  EXPECT_EQ(plan.nodes[1].data_source, "ds1");
  plan = Planned("OPTIMIZE TABLE mysql.user");
  ASSERT_EQ(plan.nodes.size(), 1u);
  EXPECT_EQ(plan.nodes[0].sql, "OPTIMIZE TABLE mysql.user");
  EXPECT_EQ(plan.tables[0], "mysql.user");
}

TEST_F(TableMaintenanceTest, OtherStatementsAndNoDatabase) {
  for (const char* sql : {"CALL p()", "SELECT 1", "CHECK VIEW v", "FLUSH TABLES"}) {
    auto plan = Plan(sql);
    ASSERT_TRUE(plan.ok()) << sql;
    EXPECT_FALSE(plan->has_value()) << sql;
  }
  auto plan = Plan("CHECK TABLE t_user", "");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(ToMysqlError(plan.status()).code, 1046);
}

TEST_F(TableMaintenanceTest, RowsNamedLogicallyAndAlikeOnce) {
  TableMaintenance plan = Planned("OPTIMIZE TABLE t_user");
  std::vector<Rows> rows = {
      {{"shop_0.t_user", "optimize", "note", "Table does not support optimize"},
       {"shop_0.t_user", "optimize", "status", "OK"}},
      {{"shop_1.t_user", "optimize", "note", "Table does not support optimize"},
       {"shop_1.t_user", "optimize", "status", "Operation failed"}},
  };
  LocalResult result = MergeTableMaintenance(plan, {}, rows);
  EXPECT_EQ(result.rows,
            (Rows{{"shop.t_user", "optimize", "note", "Table does not support optimize"},
                  {"shop.t_user", "optimize", "status", "OK"},
                  {"shop.t_user", "optimize", "status", "Operation failed"}}));
}

TEST_F(TableMaintenanceTest, ChecksumsAddUpModulo32Bits) {
  TableMaintenance plan = Planned("CHECKSUM TABLE t_user, t_region, nosuch");
  EXPECT_TRUE(plan.checksum);
  EXPECT_FALSE(plan.implicit_commit);
  ASSERT_EQ(plan.nodes.size(), 5u);  // 2 nodes, 2 copies, 1
  // MariaDB 10.11 over 199 rows: the whole table 22045793, its two halves 1081091765 and
  // 3235921324.
  std::vector<Rows> rows = {{{"shop_0.t_user", "1081091765"}},
                            {{"shop_1.t_user", "3235921324"}},
                            {{"shop_0.t_region", "7"}},
                            {{"shop_1.t_region", "7"}},
                            {{"shop_0.nosuch", absl::nullopt}}};
  LocalResult result = MergeTableMaintenance(plan, {}, rows);
  EXPECT_EQ(
      result.rows,
      (Rows{{"shop.t_user", "22045793"}, {"shop.t_region", "7"}, {"shop.nosuch", absl::nullopt}}));
}

}  // namespace
}  // namespace shardproxy
