#include "proxy/server/schema_view.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "config/config.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy {
namespace {

class SchemaViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The e-commerce layout: t_order in t_order_0 and t_order_1 of each data source, t_user in
    // one table of each.
    const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
    auto config =
        LoadConfigFile(absl::StrCat(dir != nullptr ? dir : ".", "/config/examples/ecommerce.yaml"));
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = *config;
    names_ = SchemaNamesOf(*config_, "ds0");
  }
  const sql::BoundStatement& Parse(absl::string_view sql) {
    text_ = std::string(sql);
    EXPECT_TRUE(parser_.Parse(text_, &statement_).ok()) << sql;
    return statement_;
  }

  std::shared_ptr<const Config> config_;
  SchemaNames names_;
  sql::Parser parser_;
  sql::BoundStatement statement_;
  std::string text_;
};

TEST_F(SchemaViewTest, KnowsWhichTableStandsForEachShardedTable) {
  EXPECT_EQ(names_.default_database, "shop_0");
  EXPECT_EQ(names_.standing_for.at("t_order"), "t_order_0");
  EXPECT_EQ(names_.standing_for.at("t_user"), "t_user");
  EXPECT_TRUE(names_.other_actuals.contains("t_order_1"));
  EXPECT_TRUE(names_.data_source_databases.contains("shop_1"));
}

TEST_F(SchemaViewTest, OnlyInformationSchemaReadsAreViewed) {
  EXPECT_TRUE(ReadsOnlyInformationSchema(Parse("SELECT * FROM information_schema.TABLES t")));
  EXPECT_TRUE(ReadsOnlyInformationSchema(
      Parse("SELECT c.COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS c JOIN "
            "information_schema.TABLES t USING (TABLE_NAME)")));
  EXPECT_FALSE(
      ReadsOnlyInformationSchema(Parse("SELECT * FROM information_schema.TABLES JOIN t_order")));
  EXPECT_FALSE(ReadsOnlyInformationSchema(Parse("SELECT 'information_schema'")));
}

TEST_F(SchemaViewTest, WritesThePhysicalNamesIntoTheLiterals) {
  Parse(
      "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'SHOP' AND "
      "TABLE_NAME IN ('t_order', 't_user', 'other')");
  EXPECT_EQ(*WithPhysicalNames(statement_, names_),
            "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop_0' AND "
            "TABLE_NAME IN ('t_order_0', 't_user', 'other')");
  Parse("SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'");
  EXPECT_FALSE(WithPhysicalNames(statement_, names_).has_value());
}

TEST_F(SchemaViewTest, MapsRowsBackAndDropsTheOtherActualTables) {
  std::vector<ColumnDefinition> columns(3);
  columns[0].name = "s";
  columns[0].org_name = "TABLE_SCHEMA";
  columns[1].name = "TABLE_NAME";
  columns[2].name = "TABLE_ROWS";
  SchemaViewRows rows(&names_, columns);
  std::vector<Cell> out;
  std::vector<Cell> in = {"shop_0", "t_order_0", "12"};
  ASSERT_TRUE(rows.Map(in, &out));
  EXPECT_EQ(out, (std::vector<Cell>{"shop", "t_order", absl::nullopt}));
  in = {"shop_0", "t_order_1", "7"};
  EXPECT_FALSE(rows.Map(in, &out));
  in = {"shop_0", "t_notes", "3"};
  ASSERT_TRUE(rows.Map(in, &out));
  EXPECT_EQ(out, (std::vector<Cell>{"shop", "t_notes", "3"}));
  in = {"mysql", "t_order_1", "1"};  // another database's table of that name: as it is
  ASSERT_TRUE(rows.Map(in, &out));
  EXPECT_EQ(out, in);
}

}  // namespace
}  // namespace shardproxy
