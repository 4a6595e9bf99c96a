#include "router/found_rows.h"

#include <string>

#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::router {
namespace {

absl::optional<FoundRowsQueries> Split(const std::string& sql) {
  static sql::Parser* parser = new sql::Parser();
  sql::BoundStatement statement;
  absl::Status parsed = parser->Parse(sql, &statement);
  EXPECT_TRUE(parsed.ok()) << sql << ": " << parsed;
  if (!parsed.ok()) return absl::nullopt;
  return SplitCalcFoundRows(statement);
}

TEST(FoundRowsTest, CountWithoutLimitAndRowsWithoutOption) {
  absl::optional<FoundRowsQueries> q = Split(
      "SELECT SQL_CALC_FOUND_ROWS order_id FROM t_order WHERE user_id > 3 ORDER BY order_id "
      "LIMIT 10, 5");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->rows,
            "SELECT  order_id FROM t_order WHERE user_id > 3 ORDER BY order_id LIMIT 10, 5");
  EXPECT_EQ(q->count,
            "SELECT COUNT(*) FROM (SELECT  order_id FROM t_order WHERE user_id > 3 ORDER BY "
            "order_id) AS found_rows");
  q = Split("select distinct sql_calc_found_rows status from t_order limit 2 offset 1");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->count, "SELECT COUNT(*) FROM (select distinct  status from t_order) AS found_rows");
  q = Split("SELECT SQL_CALC_FOUND_ROWS user_id, COUNT(*) FROM t_order GROUP BY user_id");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->count,
            "SELECT COUNT(*) FROM (SELECT  user_id, COUNT(*) FROM t_order GROUP BY user_id) AS "
            "found_rows");
}

TEST(FoundRowsTest, OtherStatementsAreLeftAlone) {
  for (const char* sql :
       {"SELECT order_id FROM t_order LIMIT 1", "SELECT SQL_CALC_FOUND_ROWS 1 UNION SELECT 2",
        "SELECT SQL_CALC_FOUND_ROWS * FROM t_order FOR UPDATE",
        "SELECT SQL_CALC_FOUND_ROWS order_id INTO @x FROM t_order LIMIT 1"}) {
    EXPECT_FALSE(Split(sql).has_value()) << sql;
  }
}

}  // namespace
}  // namespace shardproxy::router
