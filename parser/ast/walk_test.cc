#include "parser/ast/walk.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy::sql {
namespace {

class WalkTest : public ::testing::Test {
 protected:
  const Statement& Parse(absl::string_view sql) {
    sql_ = std::string(sql);
    absl::Status status = parser_.Parse(sql_, &stmt_);
    EXPECT_TRUE(status.ok()) << sql << ": " << status;
    return stmt_.statement();
  }
  // Column names in visiting order, and the number of query nodes.
  std::string Columns(const Statement& s, int* queries = nullptr) {
    std::vector<std::string> names;
    int count = 0;
    WalkStatement(
        s, [&](const QueryNode&) { ++count; },
        [&](const Expr& e) {
          if (e.kind == ExprKind::kColumnRef) names.push_back(e.As<ColumnRefExpr>().column.name);
        });
    if (queries != nullptr) *queries = count;
    return absl::StrJoin(names, ",");
  }

  Parser parser_;
  BoundStatement stmt_;
  std::string sql_;
};

TEST_F(WalkTest, ReachesEveryClauseAndSubqueryInSourceOrder) {
  int queries = 0;
  EXPECT_EQ(Columns(Parse("WITH w AS (SELECT a0 FROM t0) "
                          "SELECT a1, (SELECT a2 FROM t2 WHERE a3 = t1.a4), "
                          "SUM(a5) OVER (PARTITION BY a6 ORDER BY a7) "
                          "FROM t1 JOIN (SELECT a8 FROM t3) d ON a9 = d.a10 "
                          "WHERE EXISTS (SELECT 1 FROM t4 WHERE a11 > 0) AND a12 IN (SELECT a13 "
                          "FROM t5) AND a14 = ANY (SELECT a15 FROM t6) "
                          "GROUP BY a16 HAVING COUNT(a17) > 1 ORDER BY a18"),
                    &queries),
            "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18");
  EXPECT_EQ(queries, 7);  // main, WITH, scalar, derived, EXISTS, IN, ANY

  EXPECT_EQ(
      Columns(Parse("SELECT a FROM t UNION ALL (SELECT b FROM u ORDER BY c) ORDER BY d"), &queries),
      "a,b,c,d");
  EXPECT_EQ(queries, 4);  // set operation, two SELECTs, the parentheses
}

TEST_F(WalkTest, ReachesDmlParts) {
  EXPECT_EQ(Columns(Parse("INSERT INTO t (c1, c2) VALUES (1, c3 + 1) ON DUPLICATE KEY UPDATE "
                          "c4 = VALUES(c5)")),
            "c1,c2,c3,c4,c5");
  EXPECT_EQ(Columns(Parse("INSERT INTO t (c1) SELECT c2 FROM u WHERE c3 = 1")), "c1,c2,c3");
  EXPECT_EQ(Columns(Parse("UPDATE t JOIN u ON c1 = c2 SET c3 = c4 WHERE c5 = 1 ORDER BY c6")),
            "c1,c2,c3,c4,c5,c6");
  EXPECT_EQ(Columns(Parse("DELETE FROM t WHERE c1 IN (SELECT c2 FROM u) ORDER BY c3 LIMIT 1")),
            "c1,c2,c3");
  EXPECT_EQ(Columns(Parse("EXPLAIN SELECT c1 FROM t WHERE c2 = 1")), "c1,c2");
  EXPECT_EQ(Columns(Parse("SET @x = (SELECT c1 FROM t)")), "c1");
}

TEST_F(WalkTest, ForEachExprStaysOutOfSubqueries) {
  const auto& q = Parse(
                      "SELECT 1 FROM t WHERE a = 1 AND b IN (SELECT c FROM u) AND "
                      "CASE WHEN d THEN e ELSE f END")
                      .As<SelectStatement>()
                      .query->As<SelectNode>();
  std::vector<std::string> names;
  int subqueries = 0;
  ForEachExpr(*q.where, [&](const Expr& e) {
    if (e.kind == ExprKind::kColumnRef) names.push_back(e.As<ColumnRefExpr>().column.name);
    ForEachChild(
        e, [](const Expr&) {}, [&](const QueryNode&) { ++subqueries; });
  });
  EXPECT_EQ(absl::StrJoin(names, ","), "a,b,d,e,f");
  EXPECT_EQ(subqueries, 1);
}

}  // namespace
}  // namespace shardproxy::sql
