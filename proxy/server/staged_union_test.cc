#include "proxy/server/staged_union.h"

#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "parser/parser.h"

namespace shardproxy {
namespace {

using Rows = std::vector<std::vector<absl::optional<std::string>>>;

absl::optional<StagedUnion> Plan(const std::string& sql) {
  static sql::Parser* parser = new sql::Parser();
  static std::string text;
  static sql::BoundStatement statement;
  text = sql;
  EXPECT_TRUE(parser->Parse(text, &statement).ok()) << sql;
  return PlanStagedUnion(statement);
}

ColumnDefinition Text(const std::string& name, uint32_t length) {
  ColumnDefinition c;
  c.name = name;
  c.type = FieldType::kVarString;
  c.character_set = 45;  // utf8mb4_general_ci
  c.column_length = length;
  return c;
}

ColumnDefinition Number(const std::string& name) {
  ColumnDefinition c;
  c.name = name;
  c.type = FieldType::kLongLong;
  c.character_set = 63;
  c.column_length = 20;
  c.flags = column_flag::kNotNull;
  return c;
}

TEST(StagedUnionTest, PlansBranchesOrderAndLimit) {
  absl::optional<StagedUnion> plan = Plan(
      "SELECT user_id, name FROM t_user UNION SELECT user_id, status FROM t_order "
      "UNION SELECT 0, 'x' ORDER BY 2 DESC, user_id LIMIT 3, 5");
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->distinct);
  EXPECT_EQ(plan->branches,
            (std::vector<std::string>{"SELECT user_id, name FROM t_user",
                                      "SELECT user_id, status FROM t_order", "SELECT 0, 'x'"}));
  ASSERT_EQ(plan->order_by.size(), 2u);
  EXPECT_EQ(plan->order_by[0].position, 1);
  EXPECT_TRUE(plan->order_by[0].desc);
  EXPECT_EQ(plan->order_by[1].name, "user_id");
  EXPECT_EQ(plan->offset, 3u);
  EXPECT_EQ(plan->limit, 5u);
  plan = Plan("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3");
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(plan->distinct);
  EXPECT_EQ(plan->branches.size(), 3u);
}

TEST(StagedUnionTest, LeavesOtherShapesAlone) {
  for (const char* sql :
       {"SELECT 1", "SELECT 1 UNION ALL SELECT 2 UNION SELECT 3",
        "SELECT a FROM t EXCEPT SELECT a FROM u", "(SELECT a FROM t LIMIT 1) UNION SELECT 2",
        "SELECT a FROM t UNION SELECT b FROM u ORDER BY a + 1",
        "SELECT a FROM t UNION SELECT b FROM u FOR UPDATE",
        "SELECT a FROM t UNION SELECT b FROM u ORDER BY NULL",
        "SELECT a FROM t UNION SELECT b FROM u ORDER BY TRUE"}) {
    EXPECT_FALSE(Plan(sql).has_value()) << sql;
  }
}

TEST(StagedUnionTest, DistinctKeepsFirstAppearanceInTheColumnsCollation) {
  StagedUnion plan;
  UnionBranch users{{Number("id"), Text("name", 64)},
                    {{"1", "Alice"}, {"2", "bob"}, {"1", "alice"}}};
  UnionBranch orders{{Number("id"), Text("status", 16)}, {{"2", "BOB"}, {"3", absl::nullopt}}};
  users.columns[1].flags = column_flag::kNotNull;
  absl::StatusOr<LocalResult> result = CombineStagedUnion(plan, {users, orders});
  ASSERT_TRUE(result.ok()) << result.status();
  // 'alice' equals 'Alice' and 'BOB' equals 'bob' in utf8mb4_general_ci.
  EXPECT_EQ(result->rows, (Rows{{"1", "Alice"}, {"2", "bob"}, {"3", absl::nullopt}}));
  EXPECT_EQ(result->columns[1].column_length, 64u);
  EXPECT_FALSE(result->columns[1].flags & column_flag::kNotNull);  // the second may be NULL
  plan.distinct = false;
  plan.order_by = {StagedUnion::OrderKey{.name = "ID", .desc = true}};
  plan.offset = 1;
  plan.limit = 2;
  result = CombineStagedUnion(plan, {users, orders});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rows, (Rows{{"2", "bob"}, {"2", "BOB"}}));
}

TEST(StagedUnionTest, WidthTypeAndOrderErrors) {
  StagedUnion plan;
  UnionBranch one{{Number("id")}, {{"1"}}};
  UnionBranch two{{Number("id"), Number("x")}, {}};
  UnionBranch text{{Text("id", 10)}, {{"x"}}};
  UnionBranch date{{Number("id")}, {}};
  date.columns[0].type = FieldType::kDate;
  date.columns[0].column_length = 10;
  UnionBranch small{{Number("id")}, {{"7"}}};
  small.columns[0].type = FieldType::kLong;
  small.columns[0].column_length = 11;
  absl::StatusOr<LocalResult> widened = CombineStagedUnion(plan, {small, one});
  ASSERT_TRUE(widened.ok()) << widened.status();
  EXPECT_EQ(widened->columns[0].type, FieldType::kLongLong);  // INT with BIGINT is BIGINT
  EXPECT_EQ(widened->columns[0].column_length, 20u);
  EXPECT_EQ(ToMysqlError(CombineStagedUnion(plan, {one, two}).status()).code, 1222);
  // A number with a string is a string, as on one server.
  absl::StatusOr<LocalResult> mixed = CombineStagedUnion(plan, {one, text});
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  EXPECT_EQ(mixed->columns[0].type, FieldType::kVarString);
  EXPECT_EQ(mixed->rows, (Rows{{"1"}, {"x"}}));
  EXPECT_EQ(ToMysqlError(CombineStagedUnion(plan, {one, date}).status()).code, 1235);
  plan.order_by = {StagedUnion::OrderKey{.name = "nosuch"}};
  EXPECT_EQ(ToMysqlError(CombineStagedUnion(plan, {one, one}).status()).code, 1054);
}

}  // namespace
}  // namespace shardproxy
