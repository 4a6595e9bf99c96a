// Unit tests of router/subquery_binder: which subqueries are staged, the inner statements they
// become, and the text a result binds into the outer statement (NULLs, empty results, limits).
#include "router/subquery_binder.h"

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

struct Found {
  std::string sql;  // the statement views it
  sql::BoundStatement statement;
  absl::StatusOr<std::vector<StagedSubquery>> staged;
};

std::unique_ptr<Found> Find(const std::string& sql) {
  auto found = std::make_unique<Found>();
  found->sql = sql;
  absl::Status parsed = Parser().Parse(found->sql, &found->statement);
  EXPECT_TRUE(parsed.ok()) << parsed;
  RouteContext context{.config = Ecommerce().get(), .current_database = "shop"};
  found->staged = FindStagedSubqueries(found->statement, context);
  return found;
}

ColumnDefinition Column(FieldType type, uint16_t charset = collation_id::kUtf8mb4GeneralCi) {
  ColumnDefinition c;
  c.name = std::string(1, 'c');  // not = "c": GCC 12 warns falsely (-Wrestrict)
  c.type = type;
  c.character_set = charset;
  return c;
}

std::string Bind(const StagedSubquery& staged, std::vector<ColumnDefinition> columns,
                 std::vector<std::vector<Cell>> rows, absl::Status* error = nullptr,
                 SubqueryLimits limits = {}) {
  SubqueryResultBinder binder(staged, limits);
  absl::Status s = binder.SetColumns(columns);
  for (const auto& row : rows) {
    if (!s.ok()) break;
    s = binder.AddRow(row);
  }
  if (error != nullptr) *error = s;
  EXPECT_TRUE(error != nullptr || s.ok()) << s;
  return binder.Replacement();
}

TEST(SubqueryBinderTest, StagesUncorrelatedSubqueriesOverShardedTablesInWhere) {
  auto f = Find(
      "SELECT * FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE total > 5) "
      "AND EXISTS (SELECT 1 FROM t_order_item) AND city = (SELECT MAX(name) FROM t_user) "
      "AND user_id NOT IN (SELECT product_id FROM t_product)");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 3u);  // the broadcast one runs where the outer query runs
  const auto& s = *f->staged;
  EXPECT_EQ(s[0].use, SubqueryUse::kIn);
  EXPECT_EQ(s[0].sql, "SELECT user_id FROM t_order WHERE total > 5");
  EXPECT_EQ(s[0].operand, "user_id");
  EXPECT_EQ(s[1].use, SubqueryUse::kExists);
  EXPECT_EQ(s[1].sql, "SELECT 1 FROM t_order_item LIMIT 1");
  EXPECT_EQ(s[2].use, SubqueryUse::kScalar);
  EXPECT_EQ(s[2].sql, "SELECT MAX(name) FROM t_user");

  std::vector<std::string> replacements = {
      Bind(s[0], {Column(FieldType::kLongLong)}, {{"3"}, {"1"}, {"3"}, {absl::nullopt}}),
      Bind(s[1], {Column(FieldType::kLongLong)}, {}),
      Bind(s[2], {Column(FieldType::kVarString)}, {{"O'Neil"}})};
  EXPECT_EQ(BindSubqueries(f->statement, s, replacements),
            "SELECT * FROM t_user WHERE (user_id IN (3,1,NULL)) AND 0 AND city = ('O\\'Neil') "
            "AND user_id NOT IN (SELECT product_id FROM t_product)");
}

TEST(SubqueryBinderTest, EmptyResultsFollowMysql) {
  auto f = Find(
      "SELECT * FROM t_user WHERE user_id NOT IN (SELECT user_id FROM t_order) OR user_id IN "
      "(SELECT user_id FROM t_order) OR city = (SELECT name FROM t_user WHERE user_id = 0)");
  ASSERT_TRUE(f->staged.ok());
  ASSERT_EQ(f->staged->size(), 3u);
  const auto& s = *f->staged;
  std::vector<std::string> replacements = {Bind(s[0], {Column(FieldType::kLongLong)}, {}),
                                           Bind(s[1], {Column(FieldType::kLongLong)}, {}),
                                           Bind(s[2], {Column(FieldType::kVarString)}, {})};
  EXPECT_EQ(BindSubqueries(f->statement, s, replacements),
            "SELECT * FROM t_user WHERE (1) OR (0) OR city = (NULL)");
}

TEST(SubqueryBinderTest, RowOperandsDoublesAndDuplicates) {
  auto f = Find(
      "SELECT * FROM t_order WHERE (user_id, total) IN (SELECT user_id, price FROM "
      "t_order_item)");
  ASSERT_TRUE(f->staged.ok());
  ASSERT_EQ(f->staged->size(), 1u);
  const StagedSubquery& s = (*f->staged)[0];
  EXPECT_EQ(s.operand_width, 2);
  EXPECT_EQ(Bind(s, {Column(FieldType::kLongLong), Column(FieldType::kDouble)},
                 {{"1", "2.5"}, {"1", "2.5"}, {"2", "1e300"}}),
            "((user_id, total) IN ((1,2.5e0),(2,1e300)))");
}

TEST(SubqueryBinderTest, WrongWidthAndSecondScalarRowAreMysqlErrors) {
  auto f = Find(
      "SELECT * FROM t_user WHERE user_id IN (SELECT user_id, order_id FROM t_order) "
      "AND city = (SELECT city FROM t_user)");
  ASSERT_TRUE(f->staged.ok());
  ASSERT_EQ(f->staged->size(), 2u);
  absl::Status error;
  Bind((*f->staged)[0], {Column(FieldType::kLongLong), Column(FieldType::kLongLong)}, {}, &error);
  EXPECT_EQ(ToMysqlError(error).code, 1241);
  Bind((*f->staged)[1], {Column(FieldType::kVarString)}, {{"a"}, {"b"}}, &error);
  EXPECT_EQ(ToMysqlError(error).code, 1242);
  EXPECT_EQ(ToMysqlError(error).sqlstate, "21000");
}

TEST(SubqueryBinderTest, LimitIsAnErrorNamingIt) {
  auto f = Find("SELECT * FROM t_user WHERE user_id IN (SELECT user_id FROM t_order)");
  ASSERT_TRUE(f->staged.ok());
  absl::Status error;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> keep;
  for (int i = 0; i < 6; ++i) keep.push_back(std::to_string(i));
  for (const std::string& k : keep) rows.push_back({k});
  Bind((*f->staged)[0], {Column(FieldType::kLongLong)}, rows, &error, {.max_rows = 5});
  EXPECT_EQ(ToMysqlError(error).code, 1235);
  EXPECT_NE(ToMysqlError(error).message.find("at most 5 distinct values"), std::string::npos);
}

TEST(SubqueryBinderTest, ExistsCorrelatedByEqualitiesReadsItsKeysFirst) {
  auto f = Find(
      "SELECT * FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = "
      "u.user_id AND o.total > 5 LIMIT 1) AND NOT EXISTS (SELECT * FROM t_order_item i JOIN "
      "t_product p ON p.product_id = i.product_id WHERE u.user_id = i.user_id AND "
      "p.name = u.name)");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  const auto& s = *f->staged;
  EXPECT_EQ(s[0].use, SubqueryUse::kExistsByKeys);
  EXPECT_EQ(s[0].sql, "SELECT DISTINCT o.user_id FROM t_order o WHERE (o.total > 5)");
  EXPECT_EQ(s[0].operand, "u.user_id");
  EXPECT_EQ(s[1].sql,
            "SELECT DISTINCT i.user_id, p.name FROM t_order_item i JOIN t_product p ON "
            "p.product_id = i.product_id");
  EXPECT_EQ(s[1].operand, "(u.user_id, u.name)");
  EXPECT_EQ(s[1].operand_width, 2);
  std::vector<std::string> replacements = {
      // A NULL key equals nothing: dropped.
      Bind(s[0], {Column(FieldType::kLongLong)}, {{"3"}, {absl::nullopt}, {"7"}}),
      Bind(s[1], {Column(FieldType::kLongLong), Column(FieldType::kVarString)}, {})};
  EXPECT_EQ(replacements[0], "((u.user_id IN (3,7)) IS TRUE)");
  EXPECT_EQ(replacements[1], "0");  // no key: EXISTS is false
  EXPECT_EQ(BindSubqueries(f->statement, s, replacements),
            "SELECT * FROM t_user u WHERE ((u.user_id IN (3,7)) IS TRUE) AND NOT 0");
}

TEST(SubqueryBinderTest, AggregateCorrelatedByEqualitiesReadsItsValuePerKeyFirst) {
  auto f = Find(
      "SELECT u.user_id, (SELECT COUNT(*) FROM t_order o WHERE o.user_id = u.user_id AND "
      "o.total > 5) AS n FROM t_user u WHERE (SELECT SUM(i.price) FROM t_order_item i WHERE "
      "i.user_id = u.user_id AND i.order_id = u.name) > 10");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  const auto& s = *f->staged;
  EXPECT_EQ(s[0].use, SubqueryUse::kAggregateByKeys);
  EXPECT_EQ(s[0].sql, "SELECT o.user_id, COUNT(*) FROM t_order o WHERE (o.total > 5) GROUP BY 1");
  EXPECT_EQ(s[0].result_column, 1);  // described as the scalar subquery is
  EXPECT_EQ(s[1].sql,
            "SELECT i.user_id, i.order_id, SUM(i.price) FROM t_order_item i GROUP BY 1, 2");
  EXPECT_EQ(s[1].operand, "(u.user_id, u.name)");
  std::vector<std::string> replacements = {
      Bind(s[0], {Column(FieldType::kLongLong), Column(FieldType::kLongLong)},
           {{"3", "2"}, {absl::nullopt, "7"}, {"9", "1"}}),
      Bind(s[1],
           {Column(FieldType::kLongLong), Column(FieldType::kLongLong),
            Column(FieldType::kNewDecimal)},
           {{"3", "30", "12.50"}})};
  // A NULL key matches no outer row; no key: COUNT's 0, the other aggregates' NULL.
  EXPECT_EQ(replacements[0], "(CASE u.user_id WHEN 3 THEN 2 WHEN 9 THEN 1 ELSE 0 END)");
  EXPECT_EQ(replacements[1], "(CASE WHEN (u.user_id, u.name) = (3,30) THEN 12.50 ELSE NULL END)");
  EXPECT_EQ(Bind(s[1],
                 {Column(FieldType::kLongLong), Column(FieldType::kLongLong),
                  Column(FieldType::kNewDecimal)},
                 {}),
            "(NULL)");
  EXPECT_EQ(
      BindSubqueries(f->statement, s, replacements),
      "SELECT u.user_id, (CASE u.user_id WHEN 3 THEN 2 WHEN 9 THEN 1 ELSE 0 END) AS n FROM "
      "t_user u WHERE (CASE WHEN (u.user_id, u.name) = (3,30) THEN 12.50 ELSE NULL END) > 10");
}

TEST(SubqueryBinderTest, KeysTheOuterQueryPinsBoundTheKeysRead) {
  // The outer rows can only have these keys: the subquery needs no others.
  auto f = Find(
      "SELECT * FROM t_user u WHERE u.user_id IN (3, 7) AND EXISTS (SELECT 1 FROM t_order o "
      "WHERE o.user_id = u.user_id) AND city = (SELECT MAX(o.status) FROM t_order o WHERE "
      "o.user_id = u.user_id AND o.total > 1)");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  EXPECT_EQ((*f->staged)[0].sql,
            "SELECT DISTINCT o.user_id FROM t_order o WHERE (o.user_id IN (3, 7))");
  EXPECT_EQ((*f->staged)[1].sql,
            "SELECT o.user_id, MAX(o.status) FROM t_order o WHERE (o.total > 1) AND (o.user_id "
            "IN (3, 7)) GROUP BY 1");
  auto g = Find(
      "SELECT * FROM t_user WHERE user_id = 5 AND EXISTS (SELECT 1 FROM t_order WHERE "
      "t_order.user_id = t_user.user_id)");
  ASSERT_TRUE(g->staged.ok()) << g->staged.status();
  ASSERT_EQ(g->staged->size(), 1u);
  EXPECT_EQ((*g->staged)[0].sql,
            "SELECT DISTINCT t_order.user_id FROM t_order WHERE (t_order.user_id = 5)");
}

TEST(SubqueryBinderTest, OtherCorrelatedSubqueriesAreRefused) {
  for (const char* sql : {
           // A reference to the outer query other than an equality of columns.
           "SELECT * FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = "
           "u.user_id AND o.total > u.user_id)",
           "SELECT * FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = "
           "u.user_id OR o.total > 5)",
           "SELECT * FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id <=> "
           "u.user_id)",
           // Always true (an aggregate), always false (LIMIT 0), not an EXISTS.
           "SELECT * FROM t_user u WHERE EXISTS (SELECT COUNT(*) FROM t_order o WHERE o.user_id = "
           "u.user_id)",
           "SELECT * FROM t_user u WHERE EXISTS (SELECT 1 FROM t_order o WHERE o.user_id = "
           "u.user_id LIMIT 0)",
           "SELECT * FROM t_user u WHERE u.name IN (SELECT o.status FROM t_order o WHERE "
           "o.user_id = u.user_id)",
           // Not one aggregate: a value of some row, an expression over the aggregate.
           "SELECT * FROM t_user u WHERE u.name = (SELECT o.status FROM t_order o WHERE "
           "o.user_id = u.user_id LIMIT 1)",
           "SELECT * FROM t_user u WHERE 1 < (SELECT COUNT(*) + 1 FROM t_order o WHERE "
           "o.user_id = u.user_id)",
       }) {
    auto f = Find(sql);
    ASSERT_FALSE(f->staged.ok()) << sql;
    EXPECT_EQ(ToMysqlError(f->staged.status()).code, 1235) << sql;
    EXPECT_NE(ToMysqlError(f->staged.status()).message.find("correlated"), std::string::npos);
  }
}

TEST(SubqueryBinderTest, NestedSubqueryInsideAnInnerOneIsLeftToTheInnerStatement) {
  auto f = Find(
      "SELECT * FROM t_user WHERE user_id IN (SELECT user_id FROM t_order WHERE "
      "order_id IN (SELECT order_id FROM t_order_item WHERE price > 3))");
  ASSERT_TRUE(f->staged.ok());
  ASSERT_EQ(f->staged->size(), 1u);
  EXPECT_EQ((*f->staged)[0].sql,
            "SELECT user_id FROM t_order WHERE order_id IN (SELECT order_id FROM t_order_item "
            "WHERE price > 3)");
}

TEST(SubqueryBinderTest, WritesStageTheirWhereSubqueries) {
  auto f = Find(
      "DELETE FROM t_coupon WHERE user_id IN (SELECT user_id FROM t_user WHERE city = "
      "'x') AND EXISTS (SELECT 1 FROM t_order)");
  ASSERT_TRUE(f->staged.ok());
  ASSERT_EQ(f->staged->size(), 2u);
  std::vector<std::string> replacements = {
      Bind((*f->staged)[0], {Column(FieldType::kLongLong)}, {{"4"}}),
      Bind((*f->staged)[1], {Column(FieldType::kLongLong)}, {{"1"}})};
  EXPECT_EQ(BindSubqueries(f->statement, *f->staged, replacements),
            "DELETE FROM t_coupon WHERE (user_id IN (4)) AND 1");
}

TEST(SubqueryBinderTest, SelectItemsThatAreWholeSubqueriesKeepTheirNames) {
  auto f =
      Find("SELECT (SELECT COUNT(*) FROM t_order), EXISTS (SELECT 1 FROM t_user) FROM t_product");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  const auto& s = *f->staged;
  EXPECT_EQ(s[0].use, SubqueryUse::kScalar);
  EXPECT_EQ(s[0].sql, "SELECT COUNT(*) FROM t_order");
  EXPECT_EQ(s[0].result_column, 0);  // described as the subquery, not the literal
  EXPECT_FALSE(s[0].result_column_from_end);
  EXPECT_EQ(s[1].use, SubqueryUse::kExists);
  EXPECT_EQ(s[1].result_column, -1);  // 1 or 0 is described as EXISTS is
  std::vector<std::string> replacements = {Bind(s[0], {Column(FieldType::kLongLong)}, {{"41"}}),
                                           Bind(s[1], {Column(FieldType::kLongLong)}, {{"1"}})};
  EXPECT_EQ(BindSubqueries(f->statement, s, replacements),
            "SELECT (41) AS `(SELECT COUNT(*) FROM t_order)`, 1 AS `EXISTS (SELECT 1 FROM "
            "t_user)` FROM t_product");
}

TEST(SubqueryBinderTest, LogicOfExistsKeepsItsNameOnce) {
  auto f = Find("SELECT EXISTS (SELECT 1 FROM t_order) AND NOT EXISTS (SELECT 1 FROM t_user)");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  std::vector<std::string> replacements = {
      Bind((*f->staged)[0], {Column(FieldType::kLong)}, {{"1"}}),
      Bind((*f->staged)[1], {Column(FieldType::kLong)}, {})};
  EXPECT_EQ(BindSubqueries(f->statement, *f->staged, replacements),
            "SELECT 1 AND NOT 0 AS `EXISTS (SELECT 1 FROM t_order) AND NOT EXISTS (SELECT 1 FROM "
            "t_user)`");
}

TEST(SubqueryBinderTest, SelectItemColumnsAfterStarsCountFromTheEnd) {
  auto f = Find(
      "SELECT *, (SELECT MAX(total) FROM t_order) AS m, NOT EXISTS (SELECT 1 FROM t_user) e "
      "FROM t_product");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  const auto& s = *f->staged;
  EXPECT_EQ(s[0].result_column, 1);
  EXPECT_TRUE(s[0].result_column_from_end);
  EXPECT_EQ(s[1].use, SubqueryUse::kExists);
  std::vector<std::string> replacements = {Bind(s[0], {Column(FieldType::kNewDecimal)}, {{"9.50"}}),
                                           Bind(s[1], {Column(FieldType::kLongLong)}, {})};
  EXPECT_EQ(BindSubqueries(f->statement, s, replacements),
            "SELECT *, (9.50) AS m, NOT 0 e FROM t_product");
}

TEST(SubqueryBinderTest, OtherSelectListSubqueriesOnlyWhenOnlyValuesMatter) {
  for (const char* sql :
       {"SELECT (SELECT COUNT(*) FROM t_order) + 1, 3 IN (SELECT user_id FROM t_order)",
        "SELECT t_product.*, (SELECT MAX(total) FROM t_order) m, t_product.* FROM t_product",
        "SELECT (SELECT COUNT(*) FROM t_order) UNION SELECT 1"}) {
    auto f = Find(sql);
    ASSERT_TRUE(f->staged.ok()) << sql;
    EXPECT_TRUE(f->staged->empty()) << sql;  // a bound literal would change the column
  }
  auto f = Find("SELECT (SELECT COUNT(*) FROM t_order) + 1, 3 IN (SELECT user_id FROM t_order)");
  RouteContext context{
      .config = Ecommerce().get(), .current_database = "shop", .values_only = true};
  auto staged = FindStagedSubqueries(f->statement, context);
  ASSERT_TRUE(staged.ok()) << staged.status();
  ASSERT_EQ(staged->size(), 2u);
  EXPECT_EQ((*staged)[0].use, SubqueryUse::kScalar);
  EXPECT_EQ((*staged)[0].result_column, -1);
  EXPECT_EQ((*staged)[1].use, SubqueryUse::kIn);
  std::vector<std::string> replacements = {
      Bind((*staged)[0], {Column(FieldType::kLongLong)}, {{"41"}}),
      Bind((*staged)[1], {Column(FieldType::kLongLong)}, {{"3"}})};
  EXPECT_EQ(BindSubqueries(f->statement, *staged, replacements), "SELECT (41) + 1, (3 IN (3))");
}

TEST(SubqueryBinderTest, WrittenValuesStageTheirSubqueries) {
  auto f = Find(
      "UPDATE t_user u SET city = (SELECT MAX(status) FROM t_order), name = (SELECT MIN(o.status) "
      "FROM t_order o WHERE o.user_id = u.user_id) WHERE user_id = 3");
  ASSERT_TRUE(f->staged.ok()) << f->staged.status();
  ASSERT_EQ(f->staged->size(), 2u);
  EXPECT_EQ((*f->staged)[0].use, SubqueryUse::kScalar);
  EXPECT_EQ((*f->staged)[1].use, SubqueryUse::kAggregateByKeys);
  auto insert = Find(
      "INSERT INTO t_user (user_id, name) VALUES ((SELECT MAX(user_id) + 1 FROM t_user), 'x') "
      "ON DUPLICATE KEY UPDATE name = (SELECT MIN(status) FROM t_order)");
  ASSERT_TRUE(insert->staged.ok()) << insert->staged.status();
  ASSERT_EQ(insert->staged->size(), 2u);
  std::vector<std::string> replacements = {
      Bind((*insert->staged)[0], {Column(FieldType::kLongLong)}, {{"42"}}),
      Bind((*insert->staged)[1], {Column(FieldType::kVarString)}, {{"new"}})};
  EXPECT_EQ(BindSubqueries(insert->statement, *insert->staged, replacements),
            "INSERT INTO t_user (user_id, name) VALUES ((42), 'x') ON DUPLICATE KEY UPDATE name = "
            "('new')");
}

TEST(SubqueryBinderTest, NothingToStage) {
  for (const char* sql : {"SELECT * FROM t_order WHERE user_id IN (SELECT 1 FROM t_product)",
                          "SELECT * FROM t_order", "UPDATE t_order SET total = 1"}) {
    auto f = Find(sql);
    ASSERT_TRUE(f->staged.ok()) << sql;
    EXPECT_TRUE(f->staged->empty()) << sql;
  }
}

}  // namespace
}  // namespace shardproxy::router
