#include "merger/merge_expr.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "merger/aggregator.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::BigIntColumn;
using testing::DecimalColumn;
using testing::DoubleColumn;
using testing::IntColumn;
using testing::VarcharColumn;

// A row: i INT = 10, u BIGINT UNSIGNED = 18446744073709551615, d DECIMAL(10,2) = 1.50,
// s VARCHAR = '10', t VARCHAR = 'abc ', n INT = NULL, f DOUBLE = 0.5.
class MergeExprTest : public ::testing::Test {
 protected:
  MergeExprTest() {
    columns_ = {IntColumn("i"),     BigIntColumn("u", true), DecimalColumn("d", 10, 2),
                VarcharColumn("s"), VarcharColumn("t"),      IntColumn("n"),
                DoubleColumn("f")};
    for (const auto& c : columns_) comparators_.push_back(*CellComparator::ForColumn(c));
    cells_ = {
        Cell("10"), Cell("18446744073709551615"), Cell("1.50"), Cell("10"), Cell("abc "), Cell(),
        Cell("0.5")};
  }

  std::string Eval(const MergeExpr& e) {
    auto v = Evaluate(e, TextRow(columns_, comparators_, RowView(cells_)), 4);
    if (!v.ok()) return "error " + std::to_string(ToMysqlError(v.status()).code);
    return v->DebugString();
  }

  static MergeExpr C(int i) { return MergeExpr::Column(i); }
  static MergeExpr Cmp(CompareOp op, MergeExpr a, MergeExpr b) {
    return MergeExpr::Compare(op, std::move(a), std::move(b));
  }
  static MergeExpr Arith(ArithmeticOp op, MergeExpr a, MergeExpr b) {
    return MergeExpr::Arithmetic(op, std::move(a), std::move(b));
  }

  std::vector<ColumnDefinition> columns_;
  std::vector<CellComparator> comparators_;
  std::vector<Cell> cells_;
};

TEST_F(MergeExprTest, NumbersAndStringsCompareAsMysql) {
  EXPECT_EQ(Eval(Cmp(CompareOp::kGt, C(0), MergeExpr::Int(9))), "1");
  // '10' (string column) vs '9' (string literal): strings.
  EXPECT_EQ(Eval(Cmp(CompareOp::kGt, C(3), MergeExpr::String("9"))), "0");
  // '10' vs 9 (number): doubles.
  EXPECT_EQ(Eval(Cmp(CompareOp::kGt, C(3), MergeExpr::Int(9))), "1");
  // 'abc ' = 'ABC' under the column's utf8mb4_general_ci, PAD SPACE.
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, C(4), MergeExpr::String("ABC"))), "1");
  // ... unless the literal says COLLATE utf8mb4_bin.
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, C(4), MergeExpr::String("ABC", 46))), "0");
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, C(2), MergeExpr::Decimal("1.5"))), "1");
  EXPECT_EQ(Eval(Cmp(CompareOp::kGt, C(1), MergeExpr::Int(-1))), "1");  // unsigned max > -1
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, C(6), MergeExpr::String("0.5abc"))), "1");
}

TEST_F(MergeExprTest, ThreeValuedLogic) {
  MergeExpr null_cmp = Cmp(CompareOp::kEq, C(5), MergeExpr::Int(1));
  EXPECT_EQ(Eval(null_cmp), "NULL");
  EXPECT_EQ(Eval(MergeExpr::Not(null_cmp)), "NULL");
  EXPECT_EQ(Eval(MergeExpr::And(null_cmp, MergeExpr::Int(0))), "0");
  EXPECT_EQ(Eval(MergeExpr::And(null_cmp, MergeExpr::Int(1))), "NULL");
  EXPECT_EQ(Eval(MergeExpr::Or(null_cmp, MergeExpr::Int(1))), "1");
  EXPECT_EQ(Eval(MergeExpr::Xor(MergeExpr::Int(1), MergeExpr::Int(1))), "0");
  EXPECT_EQ(Eval(Cmp(CompareOp::kNullSafeEq, C(5), MergeExpr::Null())), "1");
  EXPECT_EQ(Eval(MergeExpr::IsNull(C(5))), "1");
  EXPECT_EQ(Eval(MergeExpr::IsNotNull(C(0))), "1");
  EXPECT_EQ(Eval(MergeExpr::In(C(0), {MergeExpr::Int(1), MergeExpr::Null()})), "NULL");
  EXPECT_EQ(Eval(MergeExpr::In(C(0), {MergeExpr::Int(1), MergeExpr::Decimal("10.0")})), "1");
  EXPECT_EQ(Eval(MergeExpr::In(C(5), {MergeExpr::Int(1)})), "NULL");
}

TEST_F(MergeExprTest, RoundAndCoalesceOfExactValues) {
  // DECIMAL rounds half away from zero; fewer decimals than asked stay as they are.
  EXPECT_EQ(Eval(MergeExpr::Round(MergeExpr::Decimal("1.005"), 2)), "1.01");
  EXPECT_EQ(Eval(MergeExpr::Round(MergeExpr::Decimal("-1.005"), 2)), "-1.01");
  EXPECT_EQ(Eval(MergeExpr::Round(C(2), 0)), "2");
  EXPECT_EQ(Eval(MergeExpr::Round(C(2), 5)), "1.50");
  EXPECT_EQ(Eval(MergeExpr::Round(Arith(ArithmeticOp::kDivide, C(0), MergeExpr::Int(3)), 2)),
            "3.33");
  EXPECT_EQ(Eval(MergeExpr::Round(C(0), 2)), "10");
  EXPECT_EQ(Eval(MergeExpr::Round(C(5), 2)), "NULL");
  EXPECT_EQ(Eval(MergeExpr::Round(MergeExpr::Double(2.5), 0)), "error 1235");
  EXPECT_EQ(Eval(MergeExpr::Coalesce({C(5), MergeExpr::Null(), C(2)})), "1.50");
  EXPECT_EQ(Eval(MergeExpr::Coalesce({C(5), MergeExpr::Null()})), "NULL");
}

TEST_F(MergeExprTest, ArithmeticTypes) {
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kAdd, C(0), C(2))), "11.50");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kDivide, C(0), MergeExpr::Int(4))), "2.500000000");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kDivide, C(0), MergeExpr::Int(0))), "NULL");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kMultiply, C(6), C(0))), "5");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kIntDivide, MergeExpr::Int(-7), MergeExpr::Int(2))), "-3");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kModulo, MergeExpr::Int(-7), MergeExpr::Int(2))), "-1");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kAdd, C(3), MergeExpr::Int(1))), "11");
  EXPECT_EQ(Eval(MergeExpr::Negate(C(2))), "-1.50");
  // BIGINT overflow is MySQL's error 1690, not a wrapped number.
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kAdd, C(1), MergeExpr::Int(1))), "error 1690");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kSubtract, MergeExpr::UInt(1), MergeExpr::Int(2))),
            "error 1690");
  EXPECT_EQ(Eval(Arith(ArithmeticOp::kMultiply, MergeExpr::Int(INT64_MAX), MergeExpr::Int(2))),
            "error 1690");
}

TEST_F(MergeExprTest, DecimalComparisonsRoundToTheDeclaredScale) {
  MergeExpr four_thirds = Arith(ArithmeticOp::kDivide, MergeExpr::Int(4), MergeExpr::Int(3));
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, four_thirds, MergeExpr::Decimal("1.3333"))), "1");
  EXPECT_EQ(Eval(Cmp(CompareOp::kGt, four_thirds, MergeExpr::Decimal("1.3333"))), "0");
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq, four_thirds, MergeExpr::Decimal("1.333333333"))), "0");
  // IN does not round.
  EXPECT_EQ(Eval(MergeExpr::In(four_thirds, {MergeExpr::Decimal("1.3333")})), "0");
  // Arithmetic keeps the unrounded quotient: 4/3 * 1000000000 = 1333333333.0000
  EXPECT_EQ(Eval(Cmp(CompareOp::kEq,
                     Arith(ArithmeticOp::kMultiply, four_thirds, MergeExpr::Int(1000000000)),
                     MergeExpr::Int(1333333333))),
            "1");
}

TEST_F(MergeExprTest, ValidateAndPrint) {
  MergeExpr e =
      MergeExpr::And(Cmp(CompareOp::kGe, C(2), MergeExpr::Int(2)), MergeExpr::IsNull(C(9)));
  EXPECT_FALSE(e.Validate(7).ok());
  EXPECT_TRUE(e.Validate(10).ok());
  EXPECT_EQ(e.ToString(), "((`#2` >= 2) AND (`#9` IS NULL))");
  EXPECT_EQ(MergeExpr::String("it's").ToString(), "'it''s'");
  EXPECT_FALSE(MergeExpr::Decimal("1.2.3").Validate(1).ok());
  absl::Status unknown = MergeExpr::String("x", 9999).Validate(1);
  EXPECT_EQ(ToMysqlError(unknown).code, mysql_errc::kNotSupportedYet);
}

}  // namespace
}  // namespace shardproxy
