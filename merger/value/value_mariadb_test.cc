// Value semantics against a real MariaDB: the merger's expression evaluator (used for HAVING)
// must give the server's answer for comparisons across types, three-valued logic, DECIMAL
// rounding in comparisons and arithmetic; doubles must print as the server prints them.
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "merger/aggregator.h"
#include "merger/merge_expr.h"
#include "merger/testing/mariadb_oracle.h"
#include "merger/value/number_text.h"

namespace shardproxy {
namespace {

using testing::MariaDbOracle;
using testing::OracleResult;

MergeExpr C(int i) { return MergeExpr::Column(i); }
MergeExpr I(int64_t v) { return MergeExpr::Int(v); }
MergeExpr D(const char* v) { return MergeExpr::Decimal(v); }
MergeExpr S(const char* v) { return MergeExpr::String(v); }
MergeExpr Cmp(CompareOp op, MergeExpr a, MergeExpr b) {
  return MergeExpr::Compare(op, std::move(a), std::move(b));
}
MergeExpr Ar(ArithmeticOp op, MergeExpr a, MergeExpr b) {
  return MergeExpr::Arithmetic(op, std::move(a), std::move(b));
}

struct ExprCase {
  const char* sql;
  MergeExpr expr;
};

// Columns of ex.v: 0 i INT, 1 u BIGINT UNSIGNED, 2 d DECIMAL(10,2), 3 s VARCHAR (general_ci),
// 4 b VARCHAR utf8mb4_bin, 5 f DOUBLE, 6 dt DATE, 7 n INT (always NULL), 8 t DATETIME(3).
std::vector<ExprCase> Cases() {
  using O = CompareOp;
  using A = ArithmeticOp;
  return {
      {"i > 9", Cmp(O::kGt, C(0), I(9))},
      {"i = s", Cmp(O::kEq, C(0), C(3))},
      {"s > 9", Cmp(O::kGt, C(3), I(9))},
      {"s > '9'", Cmp(O::kGt, C(3), S("9"))},
      {"s = 'ABC'", Cmp(O::kEq, C(3), S("ABC"))},
      {"s = 'abc  '", Cmp(O::kEq, C(3), S("abc  "))},
      {"s < 'abd'", Cmp(O::kLt, C(3), S("abd"))},
      {"b = 'ABC'", Cmp(O::kEq, C(4), S("ABC"))},
      {"b = 'abc '", Cmp(O::kEq, C(4), S("abc "))},
      {"s = 'ABC' COLLATE utf8mb4_bin", Cmp(O::kEq, C(3), MergeExpr::String("ABC", 46))},
      {"d = '1.50'", Cmp(O::kEq, C(2), S("1.50"))},
      {"d = 1.5", Cmp(O::kEq, C(2), D("1.5"))},
      {"d > 1.499", Cmp(O::kGt, C(2), D("1.499"))},
      {"d = f", Cmp(O::kEq, C(2), C(5))},
      {"f = 0.5", Cmp(O::kEq, C(5), D("0.5"))},
      {"f = '0.5abc'", Cmp(O::kEq, C(5), S("0.5abc"))},
      {"i / 3 = 3.3333", Cmp(O::kEq, Ar(A::kDivide, C(0), I(3)), D("3.3333"))},
      {"i / 3 > 3.3333", Cmp(O::kGt, Ar(A::kDivide, C(0), I(3)), D("3.3333"))},
      {"i / 3 = 3.333333333", Cmp(O::kEq, Ar(A::kDivide, C(0), I(3)), D("3.333333333"))},
      {"d / 3 = 0.500000", Cmp(O::kEq, Ar(A::kDivide, C(2), I(3)), D("0.500000"))},
      {"i / 3 * 3 = i", Cmp(O::kEq, Ar(A::kMultiply, Ar(A::kDivide, C(0), I(3)), I(3)), C(0))},
      {"(i + d) * 2 > 23", Cmp(O::kGt, Ar(A::kMultiply, Ar(A::kAdd, C(0), C(2)), I(2)), I(23))},
      {"s + 1 = 11", Cmp(O::kEq, Ar(A::kAdd, C(3), I(1)), I(11))},
      {"i DIV 3 = 3", Cmp(O::kEq, Ar(A::kIntDivide, C(0), I(3)), I(3))},
      {"i % 3 = 1", Cmp(O::kEq, Ar(A::kModulo, C(0), I(3)), I(1))},
      {"-d < 0", Cmp(O::kLt, MergeExpr::Negate(C(2)), I(0))},
      {"u > -1", Cmp(O::kGt, C(1), I(-1))},
      {"u = 18446744073709551615", Cmp(O::kEq, C(1), MergeExpr::UInt(18446744073709551615ull))},
      {"dt = '2020-01-01'", Cmp(O::kEq, C(6), S("2020-01-01"))},
      {"dt < '2020-01-01 00:00:01'", Cmp(O::kLt, C(6), S("2020-01-01 00:00:01"))},
      {"t > '2020-01-01 10:00:00.1'", Cmp(O::kGt, C(8), S("2020-01-01 10:00:00.1"))},
      {"dt = t", Cmp(O::kEq, C(6), C(8))},
      {"n = 1", Cmp(O::kEq, C(7), I(1))},
      {"n <=> NULL", Cmp(O::kNullSafeEq, C(7), MergeExpr::Null())},
      {"n IS NULL", MergeExpr::IsNull(C(7))},
      {"i IS NOT NULL", MergeExpr::IsNotNull(C(0))},
      {"NOT (i > 5) OR n = 1",
       MergeExpr::Or(MergeExpr::Not(Cmp(O::kGt, C(0), I(5))), Cmp(O::kEq, C(7), I(1)))},
      {"n = 1 AND i = 0", MergeExpr::And(Cmp(O::kEq, C(7), I(1)), Cmp(O::kEq, C(0), I(0)))},
      {"i XOR 0", MergeExpr::Xor(C(0), I(0))},
      {"i IN (1, 10, NULL)", MergeExpr::In(C(0), {I(1), I(10), MergeExpr::Null()})},
      {"i IN (1, NULL)", MergeExpr::In(C(0), {I(1), MergeExpr::Null()})},
      {"s IN ('x', 'ABC ')", MergeExpr::In(C(3), {S("x"), S("ABC ")})},
      {"d IN (1.5, 2)", MergeExpr::In(C(2), {D("1.5"), I(2)})},
      {"f * 3 > 1.49", Cmp(O::kGt, Ar(A::kMultiply, C(5), I(3)), D("1.49"))},
      {"i / 0 IS NULL", MergeExpr::IsNull(Ar(A::kDivide, C(0), I(0)))},
      {"s", C(3)},
      {"d - 1.5", Ar(A::kSubtract, C(2), D("1.5"))},
  };
}

class ValueMariaDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<MariaDbOracle*> oracle = MariaDbOracle::Get();
    ASSERT_TRUE(oracle.ok()) << oracle.status();
    db_ = *oracle;
    ASSERT_TRUE(db_->Exec("CREATE DATABASE IF NOT EXISTS ex;\n"
                          "DROP TABLE IF EXISTS ex.v;\n"
                          "CREATE TABLE ex.v (id INT PRIMARY KEY, i INT, u BIGINT UNSIGNED, "
                          "d DECIMAL(10,2), s VARCHAR(20), b VARCHAR(20) COLLATE utf8mb4_bin, "
                          "f DOUBLE, dt DATE, n INT, t DATETIME(3));\n"
                          "INSERT INTO ex.v VALUES "
                          "(1, 10, 18446744073709551615, 1.50, '10', 'abc', 0.5, '2020-01-01', "
                          "NULL, '2020-01-01 00:00:00.000'),"
                          "(2, 0, 0, -2.00, 'abc ', 'ABC', 1.5, '2019-12-31', NULL, "
                          "'2020-01-01 10:00:00.100'),"
                          "(3, -7, 5, 0.00, '9', 'abc ', 0, '2020-01-02', NULL, "
                          "'2020-01-01 10:00:00.101'),"
                          "(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
                    .ok());
  }
  static MariaDbOracle* db_;
};

MariaDbOracle* ValueMariaDbTest::db_ = nullptr;

TEST_F(ValueMariaDbTest, ExpressionsEvaluateLikeTheServer) {
  ASSERT_NE(db_, nullptr);
  std::vector<ExprCase> cases = Cases();
  std::vector<std::string> selects;
  for (const ExprCase& c : cases) selects.push_back(c.sql);
  absl::StatusOr<OracleResult> server =
      db_->Query(absl::StrCat("SELECT i, u, d, s, b, f, dt, n, t, ", absl::StrJoin(selects, ", "),
                              " FROM ex.v ORDER BY id"));
  ASSERT_TRUE(server.ok()) << server.status();
  std::vector<ColumnDefinition> columns(server->columns.begin(), server->columns.begin() + 9);
  std::vector<CellComparator> comparators;
  for (const auto& c : columns) comparators.push_back(*CellComparator::ForColumn(c));
  for (const auto& row : server->rows) {
    std::vector<Cell> cells;
    for (size_t i = 0; i < 9; ++i) cells.push_back(row[i].has_value() ? Cell(*row[i]) : Cell());
    TextRow text_row(columns, comparators, RowView(cells));
    for (size_t k = 0; k < cases.size(); ++k) {
      absl::StatusOr<Value> ours = Evaluate(cases[k].expr, text_row, 4);
      ASSERT_TRUE(ours.ok()) << cases[k].sql << ": " << ours.status();
      const OwnedCell& theirs = row[9 + k];
      if (!theirs.has_value()) {
        EXPECT_TRUE(ours->is_null()) << cases[k].sql << " on row with i=" << row[0].value_or("NULL")
                                     << ": server NULL, merger " << ours->DebugString();
        continue;
      }
      // Compare by value: the server's text read back with its own column type.
      Value server_value = Value::FromCell(Cell(*theirs), server->columns[9 + k],
                                           &Collation::Binary(), CellEncoding::kBinary);
      ASSERT_FALSE(ours->is_null()) << cases[k].sql << ": server " << *theirs << ", merger NULL";
      absl::optional<int> same = CompareValues(*ours, server_value, /*round_decimals=*/false);
      EXPECT_TRUE(same.has_value() && *same == 0)
          << cases[k].sql << " on row with i=" << row[0].value_or("NULL") << ": server " << *theirs
          << ", merger " << ours->DebugString();
    }
  }
}

TEST_F(ValueMariaDbTest, ArithmeticOverflowIsTheServersError) {
  absl::StatusOr<OracleResult> server = db_->Query("SELECT u + 1 FROM ex.v WHERE id = 1");
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(ToMysqlError(server.status()).code, 1690);
  ColumnDefinition u;
  u.type = FieldType::kLongLong;
  u.flags = column_flag::kUnsigned;
  u.character_set = 63;
  std::vector<ColumnDefinition> columns = {u};
  std::vector<CellComparator> comparators = {*CellComparator::ForColumn(u)};
  std::vector<Cell> cells = {Cell("18446744073709551615")};
  absl::StatusOr<Value> ours =
      Evaluate(Ar(ArithmeticOp::kAdd, C(0), I(1)), TextRow(columns, comparators, cells), 4);
  ASSERT_FALSE(ours.ok());
  EXPECT_EQ(ToMysqlError(ours.status()).code, 1690);
}

TEST_F(ValueMariaDbTest, DoublesPrintLikeTheServer) {
  std::mt19937_64 rng(77);
  std::vector<double> values = {0.1,    0.2,   1e15,  1e16,   123456789012345678.0,   1e-5,
                                1.5e-7, 1e-15, 1e-16, 5e-324, 1.7976931348623157e308, -0.0625,
                                100,    1e21};
  for (int i = 0; i < 300; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    // Also plain magnitudes, which is where fixed vs exponent layout matters.
    values.push_back(d);
    values.push_back(static_cast<double>(rng() % 1000000) / std::pow(10.0, rng() % 25) *
                     (rng() % 2 ? 1 : -1) * std::pow(10.0, static_cast<int>(rng() % 30)));
  }
  ASSERT_TRUE(db_->Exec("DROP TABLE IF EXISTS ex.dbl;\n"
                        "CREATE TABLE ex.dbl (id INT PRIMARY KEY, x DOUBLE, y DOUBLE(20,5))")
                  .ok());
  std::vector<std::string> tuples;
  for (size_t i = 0; i < values.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", values[i]);
    bool small = std::fabs(values[i]) < 1e14;
    tuples.push_back(absl::StrCat("(", i, ",", buf, ",", small ? buf : "NULL", ")"));
  }
  ASSERT_TRUE(
      db_->Exec(absl::StrCat("INSERT INTO ex.dbl VALUES ", absl::StrJoin(tuples, ","))).ok());
  absl::StatusOr<OracleResult> server =
      db_->Query("SELECT x, x / 3, y, y * 7 FROM ex.dbl ORDER BY id");
  ASSERT_TRUE(server.ok()) << server.status();
  int checked = 0;
  for (const auto& row : server->rows) {
    double x;
    ASSERT_TRUE(ParseDoubleText(*row[0], &x)) << *row[0];
    EXPECT_EQ(FormatDouble(x, kNotFixedDecimals), *row[0]);
    EXPECT_EQ(FormatDouble(x / 3, kNotFixedDecimals), *row[1]) << "x = " << *row[0];
    if (row[2].has_value()) {
      // y holds x rounded to 5 decimals; y * 7 is printed with 5 fixed decimals.
      double y;
      ASSERT_TRUE(ParseDoubleText(*row[2], &y));
      EXPECT_EQ(FormatDouble(y, 5), *row[2]);
      EXPECT_EQ(FormatDouble(y * 7, 5), *row[3]) << "y = " << *row[2];
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

}  // namespace
}  // namespace shardproxy
