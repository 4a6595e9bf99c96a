#include "router/common_tables.h"

#include <string>

#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::router {
namespace {

absl::optional<std::string> Rewrite(const std::string& sql) {
  static sql::Parser* parser = new sql::Parser();
  sql::BoundStatement statement;
  absl::Status parsed = parser->Parse(sql, &statement);
  EXPECT_TRUE(parsed.ok()) << sql << ": " << parsed;
  if (!parsed.ok()) return absl::nullopt;
  return CommonTablesAsDerived(statement);
}

TEST(CommonTablesTest, EachReadOnceBecomesADerivedTable) {
  EXPECT_EQ(Rewrite("WITH x AS (SELECT user_id, COUNT(*) c FROM t_order GROUP BY user_id) "
                    "SELECT * FROM x WHERE c > 1"),
            " SELECT * FROM (SELECT user_id, COUNT(*) c FROM t_order GROUP BY user_id) AS x "
            "WHERE c > 1");
  EXPECT_EQ(Rewrite("with a as (select 1 v), b as (select 2 w) "
                    "select * from a join b AS bb on a.v < bb.w"),
            " select * from (select 1 v) AS a join (select 2 w) AS bb on a.v < bb.w");
}

TEST(CommonTablesTest, LeftAloneUnlessSimple) {
  for (const char* sql : {
           "SELECT * FROM t_order",
           "WITH RECURSIVE r AS (SELECT 1 n UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
           "SELECT * FROM r",
           "WITH x (a) AS (SELECT 1) SELECT * FROM x",
           "WITH x AS (SELECT 1 a) SELECT * FROM x JOIN x AS y ON x.a = y.a",
           "WITH x AS (SELECT 1 a), y AS (SELECT a FROM x) SELECT * FROM y",
           "WITH x AS (SELECT 1 a) SELECT 2",
       }) {
    EXPECT_EQ(Rewrite(sql), absl::nullopt) << sql;
  }
}

}  // namespace
}  // namespace shardproxy::router
