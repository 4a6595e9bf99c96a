#include "config/inline_expression.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Expand(absl::string_view text) {
  auto result = ExpandInlineExpression(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status();
  return result.ok() ? *result : std::vector<std::string>{};
}

std::string ExpandError(absl::string_view text, size_t* offset) {
  auto result = ExpandInlineExpression(text, offset);
  return result.ok() ? "OK" : std::string(result.status().message());
}

TEST(ExpandInlineExpressionTest, RangesListsAndProducts) {
  EXPECT_THAT(Expand("ds0.t_user"), ElementsAre("ds0.t_user"));
  EXPECT_THAT(Expand("ds${0..1}.t_order_${0..1}"),
              ElementsAre("ds0.t_order_0", "ds0.t_order_1", "ds1.t_order_0", "ds1.t_order_1"));
  EXPECT_THAT(Expand("t_${['a','b']}_${[1, 5..6]}"),
              ElementsAre("t_a_1", "t_a_5", "t_a_6", "t_b_1", "t_b_5", "t_b_6"));
  EXPECT_THAT(Expand("t_${3..1}"), ElementsAre("t_3", "t_2", "t_1"));
  EXPECT_THAT(Expand("t_${-1..1}"), ElementsAre("t_-1", "t_0", "t_1"));
  EXPECT_THAT(Expand("t_$->{0..1}"), ElementsAre("t_0", "t_1"));
  EXPECT_THAT(Expand("t_${2 * 3}"), ElementsAre("t_6"));
  EXPECT_THAT(Expand("t_${'x' + 1}"), ElementsAre("t_x1"));
  EXPECT_THAT(Expand("${[\"a}b\"]}"), ElementsAre("a}b"));
  EXPECT_THAT(Expand("price$"), ElementsAre("price$"));
  EXPECT_THAT(Expand("t_${ 0 .. 2 }"), ElementsAre("t_0", "t_1", "t_2"));
}

TEST(ExpandInlineExpressionTest, ErrorsCarryOffsets) {
  size_t offset = 0;
  EXPECT_EQ(ExpandError("ds${0..1", &offset), "expected '}' to close '${'");
  EXPECT_EQ(offset, 8u);
  EXPECT_EQ(ExpandError("ds${0..x}", &offset),
            "unexpected name 'x': expected a range (0..3), a list (['a', 'b']) or a value");
  EXPECT_EQ(offset, 7u);
  EXPECT_EQ(ExpandError("ds${[0, 1}", &offset), "expected ',' or ']' in list");
  EXPECT_EQ(offset, 9u);
  EXPECT_EQ(ExpandError("ds${0..'a'}", &offset), "a range needs integer ends, found 0..'a'");
  EXPECT_EQ(offset, 2u);
  EXPECT_EQ(ExpandError("t_${0..1000000}", &offset),
            "range 0..1000000 has more than 100000 values");
  EXPECT_EQ(ExpandError("t_${0..999}_${0..999}", &offset),
            "expression expands to more than 100000 names");
  // Few names but long ones: the total size is bounded too.
  EXPECT_EQ(ExpandError(std::string(200, 'x') + "${0..99999}", &offset),
            "expression expands to more than 16 MiB of names");
  EXPECT_EQ(ExpandError("t_${#}", &offset), "unexpected character '#'");
  EXPECT_EQ(offset, 4u);
  // Calls are checked before they are evaluated (the config fuzzer's 't_${substr()}' read an
  // argument that was not there).
  EXPECT_EQ(ExpandError("t_${substr()}_${0..1}", &offset),
            "substr() takes 2 or 3 arguments, found 0");
  EXPECT_EQ(offset, 4u);
  EXPECT_EQ(ExpandError("t_${abs()}", &offset), "abs() takes 1 arguments, found 0");
  EXPECT_EQ(ExpandError("t_${md5(1)}", &offset),
            "unknown function 'md5': expected abs, substr or concat");
  EXPECT_THAT(Expand("t_${substr('abc', 2)}_${abs(-1)}_${concat('x', 1)}"),
              ElementsAre("t_bc_1_x1"));
  EXPECT_EQ(ExpandError("t_${'abc}", &offset), "unterminated string");
  EXPECT_EQ(ExpandError("t_${99999999999999999999}", &offset),
            "integer too large (the limit is 9223372036854775807)");
  EXPECT_EQ(ExpandError("t_${1 / 0}", &offset), "division by zero in 1 / 0");
  std::string deep = "t_${" + std::string(200, '(') + "1" + std::string(200, ')') + "}";
  EXPECT_EQ(ExpandError(deep, &offset), "expression nested too deeply");
}

std::string Eval(absl::string_view text, std::vector<std::string> columns,
                 std::vector<ShardingValue> values) {
  auto expression = ShardingExpression::Compile(text, columns);
  if (!expression.ok()) return absl::StrCat("compile: ", expression.status().message());
  std::string out;
  absl::Status status = expression->Evaluate(values, &out);
  if (!status.ok()) return absl::StrCat("error: ", status.message());
  return out;
}

TEST(ShardingExpressionTest, IntegerArithmeticFollowsMysql) {
  const std::vector<std::string> id = {"order_id"};
  EXPECT_EQ(Eval("t_order_${order_id % 2}", id, {ShardingValue::Integer(7)}), "t_order_1");
  EXPECT_EQ(Eval("t_order_${order_id % 2}", id, {ShardingValue::Integer(-7)}), "t_order_-1");
  EXPECT_EQ(Eval("t_order_${abs(order_id) % 2}", id, {ShardingValue::Integer(-7)}), "t_order_1");
  EXPECT_EQ(Eval("t_${order_id / 2}", id, {ShardingValue::Integer(-7)}), "t_-3");
  EXPECT_EQ(Eval("t_${order_id % -3}", id, {ShardingValue::Integer(7)}), "t_1");
  EXPECT_EQ(Eval("t_${(order_id + 1) * 2 - 3}", id, {ShardingValue::Integer(4)}), "t_7");
  EXPECT_EQ(Eval("t_${1 + order_id * 2}", id, {ShardingValue::Integer(4)}), "t_9");
  EXPECT_EQ(Eval("t_${-order_id}", id, {ShardingValue::Integer(4)}), "t_-4");
  EXPECT_EQ(Eval("t_${ORDER_ID % 4}", id, {ShardingValue::Integer(6)}), "t_2");
  EXPECT_EQ(Eval("t_${order_id % 0}", id, {ShardingValue::Integer(6)}),
            "error: division by zero in 6 % 0");
  EXPECT_EQ(
      Eval("t_${order_id * 2}", id, {ShardingValue::Integer(std::numeric_limits<int64_t>::max())}),
      "error: integer overflow in 9223372036854775807 * 2");
  EXPECT_EQ(
      Eval("t_${abs(order_id)}", id, {ShardingValue::Integer(std::numeric_limits<int64_t>::min())}),
      "error: integer overflow in abs(-9223372036854775808)");
  EXPECT_EQ(
      Eval("t_${order_id % -1}", id, {ShardingValue::Integer(std::numeric_limits<int64_t>::min())}),
      "t_0");
}

TEST(ShardingExpressionTest, ValuesOfEveryType) {
  const std::vector<std::string> id = {"id"};
  // Every spelling of the number 5 is the integer 5.
  for (ShardingValue five : {ShardingValue::Integer(5), ShardingValue::String("5"),
                             ShardingValue::String(" 05"), ShardingValue::Decimal("5.00"),
                             ShardingValue::Decimal("5e0"), ShardingValue::Unsigned(5)}) {
    EXPECT_EQ(Eval("t_${id % 4}", id, {five}), "t_1") << five.ToString();
    EXPECT_EQ(Eval("t_${id}", id, {five}), "t_5") << five.ToString();
  }
  EXPECT_EQ(Eval("t_${id % 4}", id, {ShardingValue::Null()}), "error: id is NULL");
  EXPECT_EQ(Eval("t_${id % 4}", id, {ShardingValue::String("ab")}),
            "error: 'ab' is not an integer (in %)");
  EXPECT_EQ(Eval("t_${id % 4}", id, {ShardingValue::Decimal("1.5")}),
            "error: '1.5' is not an integer (in %)");
  EXPECT_EQ(Eval("t_${id % 4}", id, {ShardingValue::Unsigned(18446744073709551615u)}),
            "error: '18446744073709551615' is not an integer (in %)");
  EXPECT_EQ(Eval("t_${id}", id, {ShardingValue::String("Ab")}), "t_Ab");
  EXPECT_EQ(Eval("t_${substr(id, 1, 4)}", id, {ShardingValue::Date("2024-03-05")}), "t_2024");
  EXPECT_EQ(Eval("t_${id}", id, {ShardingValue::DateTime("2024-03-05 00:00:00")}), "t_2024-03-05");
}

TEST(ShardingExpressionTest, StringsAndFunctions) {
  const std::vector<std::string> columns = {"region", "user_id"};
  const std::vector<ShardingValue> values = {ShardingValue::String("Québec"),
                                             ShardingValue::Integer(10)};
  EXPECT_EQ(Eval("t_${substr(region, 1, 2)}", columns, values), "t_Qu");
  EXPECT_EQ(Eval("t_${substr(region, 3)}", columns, values), "t_ébec");
  EXPECT_EQ(Eval("t_${substr(region, -3, 2)}", columns, values), "t_be");
  EXPECT_EQ(Eval("t_${substr(region, 0)}", columns, values), "t_");
  EXPECT_EQ(Eval("t_${substr(region, 9)}", columns, values), "t_");
  EXPECT_EQ(Eval("t_${substr(region, 2, 0)}", columns, values), "t_");
  EXPECT_EQ(Eval("t_${SUBSTRING(region, 2, 100)}", columns, values), "t_uébec");
  EXPECT_EQ(Eval("t_${region + '_' + user_id % 4}", columns, values), "t_Québec_2");
  EXPECT_EQ(Eval("${'t_' + user_id}", columns, values), "t_10");
  EXPECT_EQ(Eval("${user_id + 1}", columns, values), "11");
  EXPECT_EQ(Eval("t_${concat(user_id % 2, '_', substr(region, 1, 1))}", columns, values), "t_0_Q");
  EXPECT_EQ(Eval("t_${user_id % 2}_${substr(region, 1, 1)}", columns, values), "t_0_Q");
  EXPECT_EQ(Eval("t_${region - 1}", columns, values), "error: 'Québec' is not an integer (in -)");
}

TEST(ShardingExpressionTest, CompileErrors) {
  const std::vector<std::string> id = {"order_id"};
  EXPECT_EQ(Eval("t_order_${orderid % 2}", id, {}),
            "compile: unknown column 'orderid' in sharding expression: expected order_id");
  EXPECT_EQ(Eval("t_order_${md5(order_id)}", id, {}),
            "compile: unknown function 'md5': expected abs, substr or concat");
  EXPECT_EQ(Eval("t_order_${abs(order_id, 2)}", id, {}),
            "compile: abs() takes 1 arguments, found 2");
  EXPECT_EQ(Eval("t_order_${substr(order_id)}", id, {}),
            "compile: substr() takes 2 or 3 arguments, found 1");
  EXPECT_EQ(Eval("t_order_${0..1}", id, {}),
            "compile: a range or list is not allowed in a sharding expression: it must compute "
            "one target");
  EXPECT_EQ(Eval("t_order_0", id, {}),
            "compile: expected at least one ${...} segment computing the target from the column "
            "value");
  EXPECT_EQ(Eval("t_order_${order_id %}", id, {}),
            "compile: expected a number, a 'string', a column name or '('");
}

TEST(ShardingExpressionTest, IntegerFormMatchesFullEvaluation) {
  const std::vector<std::string> id = {"order_id"};
  auto expression = ShardingExpression::Compile("t_order_${abs(order_id) % 4 + 1}_x", id);
  ASSERT_TRUE(expression.ok());
  ASSERT_TRUE(expression->has_integer_form());
  EXPECT_EQ(expression->prefix(), "t_order_");
  EXPECT_EQ(expression->suffix(), "_x");
  EXPECT_TRUE(expression->UsesColumn(0));
  for (int64_t v = -20; v <= 20; ++v) {
    int64_t n = 0;
    ASSERT_TRUE(expression->EvaluateInteger({ShardingValue::Integer(v)}, &n));
    std::string full;
    ASSERT_TRUE(expression->Evaluate({ShardingValue::Integer(v)}, &full).ok());
    EXPECT_EQ(full, absl::StrCat("t_order_", n, "_x"));
  }
  int64_t n = 0;
  EXPECT_FALSE(expression->EvaluateInteger({ShardingValue::Null()}, &n));
  EXPECT_FALSE(expression->EvaluateInteger({ShardingValue::String("x")}, &n));
  EXPECT_TRUE(expression->EvaluateInteger({ShardingValue::String("7")}, &n));
  EXPECT_EQ(n, 4);

  auto with_string = ShardingExpression::Compile("t_${'a' + order_id}", id);
  ASSERT_TRUE(with_string.ok());
  EXPECT_FALSE(with_string->has_integer_form());
  auto two_segments = ShardingExpression::Compile("t_${order_id % 2}_${order_id % 3}", id);
  ASSERT_TRUE(two_segments.ok());
  EXPECT_FALSE(two_segments->has_integer_form());
}

}  // namespace
}  // namespace shardproxy
