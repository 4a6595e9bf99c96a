// Unit tests of router/join_planner: how a cross-node join is split into side statements (which
// conditions go where for INNER / LEFT / RIGHT joins), the batched-lookup IN condition, and the
// join and merge resolved against the sides' columns.
#include "router/join_planner.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "config/config.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::router {
namespace {

std::shared_ptr<const Config> Ecommerce() {
  static std::shared_ptr<const Config> config = [] {
    const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
    auto loaded =
        LoadConfigFile(absl::StrCat(dir != nullptr ? dir : ".", "/config/examples/ecommerce.yaml"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *loaded : nullptr;
  }();
  return config;
}

sql::Parser& Parser() {
  static sql::Parser* parser = new sql::Parser();
  return *parser;
}

struct Planned {
  std::string sql;  // the statement views it
  sql::BoundStatement statement;
  RouteContext context;
  absl::StatusOr<JoinPlan> plan = absl::UnknownError("unset");
};

std::unique_ptr<Planned> Plan(const std::string& sql) {
  auto p = std::make_unique<Planned>();
  p->sql = sql;
  absl::Status parsed = Parser().Parse(p->sql, &p->statement);
  EXPECT_TRUE(parsed.ok()) << parsed;
  p->context = RouteContext{.config = Ecommerce().get(), .current_database = "shop"};
  p->plan = PlanCrossNodeJoin(p->statement, p->context);
  return p;
}

ColumnDefinition Column(std::string name, FieldType type, std::string table) {
  ColumnDefinition c;
  c.name = c.org_name = std::move(name);
  c.table = c.org_table = std::move(table);
  c.type = type;
  c.character_set =
      type == FieldType::kVarString ? collation_id::kUtf8mb4GeneralCi : collation_id::kBinary;
  return c;
}

TEST(JoinPlannerTest, InnerJoinPushesEachSidesConditions) {
  auto p = Plan(
      "SELECT o.order_id, u.name FROM t_order o JOIN t_user u ON u.user_id = o.user_id AND "
      "u.city = 'Lyon' WHERE o.total > 10 AND o.status = u.name ORDER BY o.order_id LIMIT 3");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  EXPECT_EQ(p->plan->type, JoinType::kInner);
  EXPECT_TRUE(p->plan->left_first);
  EXPECT_EQ(p->plan->left.Sql(), "SELECT * FROM t_order o WHERE (o.total > 10)");
  EXPECT_EQ(p->plan->right.Sql("u.user_id IN (1,2)"),
            "SELECT * FROM t_user u WHERE (u.city = 'Lyon') AND (u.user_id IN (1,2))");
  // An equality of both sides' columns in an inner join's WHERE is a join key too.
  ASSERT_EQ(p->plan->keys.size(), 2u);
  EXPECT_EQ(p->plan->left.keys, (std::vector<std::string>{"o.user_id", "o.status"}));
  EXPECT_EQ(p->plan->right.keys, (std::vector<std::string>{"u.user_id", "u.name"}));
  EXPECT_TRUE(p->plan->where_residual.empty());
}

TEST(JoinPlannerTest, LeftJoinKeepsPreservedRowsAndFiltersNullExtendedOnesAfterwards) {
  auto p = Plan(
      "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id AND o.total > 5 AND "
      "u.city = 'Lyon' WHERE u.name <> 'x' AND o.order_id IS NULL");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  EXPECT_EQ(p->plan->type, JoinType::kLeft);
  EXPECT_EQ(p->plan->left.Sql(), "SELECT * FROM t_user u WHERE (u.name <> 'x')");
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_order o WHERE (o.total > 5)");
  EXPECT_EQ(p->plan->on_residual.size(), 1u);     // u.city = 'Lyon': decides matches only
  EXPECT_EQ(p->plan->where_residual.size(), 1u);  // o.order_id IS NULL: after the join
}

TEST(JoinPlannerTest, NullRejectingWhereMakesTheOuterJoinInner) {
  // As MariaDB does: the rows are the same, the metadata (NOT NULL) and the pushdown follow.
  auto p = Plan(
      "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE "
      "o.total + 1 > 5");
  ASSERT_TRUE(p->plan.ok());
  EXPECT_EQ(p->plan->type, JoinType::kInner);
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_order o WHERE (o.total + 1 > 5)");
  for (const char* sql : {
           "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE o.total "
           "IS NULL",
           "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE o.total "
           "> 5 OR u.name = 'x'",
           "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE "
           "COALESCE(o.total, 0) = 0",
           "SELECT * FROM t_user u LEFT JOIN t_order o ON o.user_id = u.user_id WHERE u.name = "
           "'x'",
       }) {
    auto q = Plan(sql);
    ASSERT_TRUE(q->plan.ok()) << sql;
    EXPECT_EQ(q->plan->type, JoinType::kLeft) << sql;
  }
}

TEST(JoinPlannerTest, RightJoinFetchesTheRightSideFirst) {
  auto p = Plan(
      "SELECT u.name, o.order_id FROM t_order o RIGHT JOIN t_user u ON o.user_id = "
      "u.user_id WHERE u.user_id > 3");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  EXPECT_FALSE(p->plan->left_first);
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_user u WHERE (u.user_id > 3)");
  EXPECT_EQ(p->plan->left.Sql(), "SELECT * FROM t_order o");
}

TEST(JoinPlannerTest, LookupConditionFromTheFirstSidesKeys) {
  auto p = Plan("SELECT * FROM t_order o JOIN t_user u ON u.user_id = o.user_id");
  ASSERT_TRUE(p->plan.ok());
  std::vector<ColumnDefinition> columns = {Column("order_id", FieldType::kLongLong, "o"),
                                           Column("user_id", FieldType::kLongLong, "o")};
  OwnedRows rows = {{"10", "1"}, {"11", "2"}, {"12", "1"}, {"13", absl::nullopt}};
  absl::StatusOr<std::string> lookup = JoinLookupCondition(*p->plan, columns, rows, 10);
  ASSERT_TRUE(lookup.ok()) << lookup.status();
  EXPECT_EQ(*lookup, "u.user_id IN (1,2)");
  EXPECT_EQ(*JoinLookupCondition(*p->plan, columns, {}, 10), "0");
  EXPECT_EQ(*JoinLookupCondition(*p->plan, columns, rows, 1), "");  // too many: read it all
}

TEST(JoinPlannerTest, ResolvesSelectListOrderAndLimitAgainstTheSides) {
  auto p = Plan(
      "SELECT u.name AS who, o.total FROM t_order o JOIN t_user u ON u.user_id = "
      "o.user_id WHERE city IS NOT NULL ORDER BY who DESC, o.order_id LIMIT 2, 5");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  std::vector<ColumnDefinition> left = {Column("order_id", FieldType::kLongLong, "o"),
                                        Column("user_id", FieldType::kLongLong, "o"),
                                        Column("total", FieldType::kNewDecimal, "o")};
  std::vector<ColumnDefinition> right = {Column("user_id", FieldType::kLongLong, "u"),
                                         Column("name", FieldType::kVarString, "u"),
                                         Column("city", FieldType::kVarString, "u")};
  // Unqualified city waits for the sides' columns, then goes to the side that has it.
  ASSERT_EQ(p->plan->unresolved.size(), 1u);
  ASSERT_TRUE(PlaceUnqualifiedConditions(p->statement, p->context, &*p->plan, left, right).ok());
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_user u WHERE (city IS NOT NULL)");
  absl::StatusOr<JoinExecution> e =
      ResolveJoinExecution(p->statement, *p->plan, left, right, p->context);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->join.keys.size(), 1u);
  EXPECT_EQ(e->join.keys[0].left_column, 1);
  EXPECT_EQ(e->join.keys[0].right_column, 0);
  EXPECT_FALSE(e->filter.has_value());
  const MergeSpec& m = *e->merge;
  ASSERT_EQ(m.columns.size(), 3u);
  EXPECT_EQ(m.columns[0].index, 4);
  EXPECT_EQ(m.columns[0].name, "who");
  EXPECT_EQ(m.columns[1].index, 2);
  EXPECT_TRUE(m.columns[2].hidden);  // o.order_id for ORDER BY
  ASSERT_EQ(m.order_by.size(), 2u);
  EXPECT_EQ(m.order_by[0].column, 0);
  EXPECT_EQ(m.order_by[0].order, SortOrder::kDesc);
  EXPECT_EQ(m.order_by[1].column, 2);
  EXPECT_EQ(m.limit.offset, 2u);
  EXPECT_EQ(*m.limit.count, 5u);
}

TEST(JoinPlannerTest, UnqualifiedKeysAndConditionsArePlacedByTheSidesColumns) {
  auto p = Plan(
      "SELECT * FROM t_review r JOIN t_user u ON uid = r.user_id AND stars > 2 "
      "WHERE name LIKE 'A%' AND (stars = 5 OR name = 'x')");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  EXPECT_TRUE(p->plan->keys.empty());
  std::vector<ColumnDefinition> left = {Column("user_id", FieldType::kLongLong, "r"),
                                        Column("stars", FieldType::kLong, "r")};
  std::vector<ColumnDefinition> right = {Column("uid", FieldType::kLongLong, "u"),
                                         Column("name", FieldType::kVarString, "u")};
  ASSERT_TRUE(PlaceUnqualifiedConditions(p->statement, p->context, &*p->plan, left, right).ok());
  ASSERT_EQ(p->plan->keys.size(), 1u);
  EXPECT_EQ(p->plan->left.Sql(), "SELECT * FROM t_review r WHERE (stars > 2)");
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_user u WHERE (name LIKE 'A%')");
  EXPECT_EQ(p->plan->where_residual.size(), 1u);
  // No equality once placed: still a cross product.
  auto q = Plan("SELECT * FROM t_review r JOIN t_user u ON stars > uid");
  ASSERT_TRUE(q->plan.ok());
  EXPECT_EQ(
      ToMysqlError(PlaceUnqualifiedConditions(q->statement, q->context, &*q->plan, left, right))
          .code,
      1235);
}

TEST(JoinPlannerTest, SeveralTablesJoinTheLastWithTheRestAsOneSide) {
  auto p = Plan(
      "SELECT o.order_id, i.item_id, r.stars FROM t_order o JOIN t_order_item i ON "
      "i.order_id = o.order_id JOIN t_review r ON r.product_id = i.product_id WHERE "
      "o.total > 5 AND r.stars > 1 AND i.price > r.stars");
  ASSERT_TRUE(p->plan.ok()) << p->plan.status();
  EXPECT_EQ(p->plan->left.qualifiers, (std::vector<std::string>{"o", "i"}));
  EXPECT_EQ(p->plan->left.Sql(),
            "SELECT * FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id WHERE "
            "(o.total > 5)");
  EXPECT_EQ(p->plan->right.Sql(), "SELECT * FROM t_review r WHERE (r.stars > 1)");
  EXPECT_EQ(p->plan->where_residual.size(), 1u);
  // The left side's columns are told apart by their table.
  std::vector<ColumnDefinition> left = {
      Column("order_id", FieldType::kLongLong, "o"), Column("user_id", FieldType::kLongLong, "o"),
      Column("item_id", FieldType::kLongLong, "i"),  Column("order_id", FieldType::kLongLong, "i"),
      Column("product_id", FieldType::kLong, "i"),   Column("price", FieldType::kNewDecimal, "i")};
  std::vector<ColumnDefinition> right = {Column("product_id", FieldType::kLong, "r"),
                                         Column("stars", FieldType::kLong, "r")};
  absl::StatusOr<JoinExecution> e =
      ResolveJoinExecution(p->statement, *p->plan, left, right, p->context);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->join.keys[0].left_column, 4);
  EXPECT_EQ(e->join.keys[0].right_column, 0);
  ASSERT_EQ(e->merge->columns.size(), 3u);
  EXPECT_EQ(e->merge->columns[0].index, 0);
  EXPECT_EQ(e->merge->columns[1].index, 2);
  EXPECT_EQ(e->merge->columns[2].index, 7);
  auto q = Plan(
      "SELECT order_id FROM t_order o JOIN t_order_item i ON i.order_id = o.order_id "
      "JOIN t_review r ON r.product_id = i.product_id");
  ASSERT_TRUE(q->plan.ok());
  e = ResolveJoinExecution(q->statement, *q->plan, left, right, q->context);
  EXPECT_EQ(ToMysqlError(e.status()).code, 1052);  // o.order_id or i.order_id
}

TEST(JoinPlannerTest, AmbiguousAndUnknownColumnsAreMysqlErrors) {
  auto p = Plan("SELECT user_id FROM t_order o JOIN t_user u ON u.user_id = o.user_id");
  ASSERT_TRUE(p->plan.ok());
  std::vector<ColumnDefinition> left = {Column("user_id", FieldType::kLongLong, "o")};
  std::vector<ColumnDefinition> right = {Column("user_id", FieldType::kLongLong, "u")};
  absl::StatusOr<JoinExecution> e =
      ResolveJoinExecution(p->statement, *p->plan, left, right, p->context);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(ToMysqlError(e.status()).code, 1052);
  auto q = Plan("SELECT o.nope FROM t_order o JOIN t_user u ON u.user_id = o.user_id");
  ASSERT_TRUE(q->plan.ok());
  e = ResolveJoinExecution(q->statement, *q->plan, left, right, q->context);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(ToMysqlError(e.status()).code, 1054);
}

TEST(JoinPlannerTest, RefusesWhatItCannotExecute) {
  for (const char* sql : {
           "SELECT * FROM t_order o JOIN t_user u ON o.user_id > u.user_id",
           "SELECT * FROM t_order o JOIN t_user u USING (user_id)",
           "SELECT * FROM t_order o NATURAL JOIN t_user u",
           "SELECT * FROM t_order o JOIN t_user u ON u.user_id = o.user_id, t_product p",
           "SELECT * FROM t_order o JOIN (SELECT 1 AS x) d ON d.x = o.user_id",
           "SELECT o.order_id FROM t_order o JOIN t_user u ON u.user_id = o.user_id HAVING 1",
       }) {
    auto p = Plan(sql);
    ASSERT_FALSE(p->plan.ok()) << sql;
    EXPECT_EQ(ToMysqlError(p->plan.status()).code, 1235) << sql;
  }
  auto p = Plan(
      "SELECT CONCAT(o.status, u.name) FROM t_order o JOIN t_user u ON u.user_id = "
      "o.user_id");
  ASSERT_TRUE(p->plan.ok());
  absl::StatusOr<JoinExecution> e = ResolveJoinExecution(
      p->statement, *p->plan,
      {Column("status", FieldType::kVarString, "o"), Column("user_id", FieldType::kLong, "o")},
      {Column("name", FieldType::kVarString, "u"), Column("user_id", FieldType::kLong, "u")},
      p->context);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(ToMysqlError(e.status()).code, 1235);
}

}  // namespace
}  // namespace shardproxy::router
