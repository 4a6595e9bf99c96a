// The whole pipeline over in-memory shard streams: aggregation, HAVING, DISTINCT, ORDER BY,
// LIMIT, hidden columns, blocking, errors and memory limits. Expected values follow MariaDB
// (merger_mariadb_test.cc checks the same rules against a real server).
#include "merger/merger.h"

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::BigIntColumn;
using testing::CountColumn;
using testing::DecimalColumn;
using testing::DoubleColumn;
using testing::Drain;
using testing::Drained;
using testing::IntColumn;
using testing::Rows;
using testing::RowsToString;
using testing::ScriptedRowStream;
using testing::Stream;
using testing::SumDecimalColumn;
using testing::VarcharColumn;

struct Shards {
  std::vector<ColumnDefinition> columns;
  std::vector<OwnedRows> rows;
  bool block = false;
  std::vector<absl::Status> ends;

  std::vector<std::unique_ptr<RowStream>> Make() const {
    std::vector<std::unique_ptr<RowStream>> out;
    for (size_t i = 0; i < rows.size(); ++i) {
      auto s = Stream(columns, rows[i], i < ends.size() ? ends[i] : absl::OkStatus());
      if (block) s->BlockEverywhere();
      out.push_back(std::move(s));
    }
    return out;
  }
};

Drained RunMerge(const MergeSpec& spec, const Shards& shards, MergeOptions options = {},
                 std::vector<ColumnDefinition>* columns = nullptr) {
  auto pipeline = BuildMergePipeline(std::make_shared<const MergeSpec>(spec), shards.Make(),
                                     std::move(options));
  if (!pipeline.ok()) {
    Drained d;
    d.status = pipeline.status();
    return d;
  }
  if (columns != nullptr) {
    columns->assign((*pipeline)->columns().begin(), (*pipeline)->columns().end());
  }
  return Drain(**pipeline);
}

// Runs the spec over the shards plain and with every shard blocking before every row; both must
// give the same result.
Drained RunBothWays(const MergeSpec& spec, Shards shards) {
  Drained plain = RunMerge(spec, shards);
  shards.block = true;
  Drained blocked = RunMerge(spec, shards);
  EXPECT_EQ(RowsToString(plain.rows), RowsToString(blocked.rows));
  EXPECT_EQ(plain.status, blocked.status);
  if (!shards.rows.empty() && plain.status.ok()) {
    EXPECT_GT(blocked.blocked, 0);
  }
  return plain;
}

// ---- scalar aggregates ---------------------------------------------------------------------

TEST(MergerTest, ScalarAggregatesOverPartialsIncludingAnEmptyShard) {
  // SELECT COUNT(*), SUM(price), AVG(price), MIN(price), MAX(price) FROM t
  // shards: SELECT COUNT(*), SUM(price), SUM(price), COUNT(price), MIN(price), MAX(price)
  Shards s;
  s.columns = {CountColumn("COUNT(*)"),
               SumDecimalColumn("SUM(price)", 32, 2),
               SumDecimalColumn("s", 32, 2),
               CountColumn("c"),
               DecimalColumn("MIN(price)", 10, 2),
               DecimalColumn("MAX(price)", 10, 2)};
  s.rows = {Rows({{"3", "10.99", "10.99", "3", "-1.50", "9.99"}}),
            Rows({{"0", "NULL", "NULL", "0", "NULL", "NULL"}}),
            Rows({{"2", "0.01", "0.01", "1", "0.01", "0.01"}})};
  MergeSpec spec;
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 0),
                     AggregateSpec::Partial(AggregateFunction::kSum, 1),
                     AggregateSpec::PartialAvg(2, 3),
                     AggregateSpec::Partial(AggregateFunction::kMin, 4),
                     AggregateSpec::Partial(AggregateFunction::kMax, 5)};
  spec.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                  OutputColumn::Aggregate(2, "AVG(price)"), OutputColumn::Aggregate(3),
                  OutputColumn::Aggregate(4)};
  std::vector<ColumnDefinition> columns;
  Drained out = RunMerge(spec, s, {}, &columns);
  ASSERT_TRUE(out.status.ok()) << out.status;
  // The carry makes 11.00; AVG = 11.00 / 4 = 2.75 at scale 2 + 4.
  EXPECT_EQ(RowsToString(out.rows), "5|11.00|2.750000|-1.50|9.99");
  ASSERT_EQ(columns.size(), 5u);
  EXPECT_EQ(columns[2].name, "AVG(price)");
  EXPECT_EQ(columns[2].type, FieldType::kNewDecimal);
  EXPECT_EQ(columns[2].decimals, 6);
  EXPECT_EQ(columns[2].column_length, 16u);
}

TEST(MergerTest, ScalarAggregatesOverNoRowsAtAll) {
  // Raw input (COUNT(DISTINCT x) style): shards return no rows, MySQL still returns one row.
  Shards s;
  s.columns = {IntColumn("x"), BigIntColumn("b")};
  s.rows = {{}, {}};
  MergeSpec spec;
  spec.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {0}, true),
                     AggregateSpec::Raw(AggregateFunction::kSum, {0}),
                     AggregateSpec::Raw(AggregateFunction::kAvg, {0}),
                     AggregateSpec::Raw(AggregateFunction::kMin, {0}),
                     AggregateSpec::Raw(AggregateFunction::kBitAnd, {1}),
                     AggregateSpec::Raw(AggregateFunction::kBitOr, {1}),
                     AggregateSpec::Raw(AggregateFunction::kGroupConcat, {0}),
                     AggregateSpec::Raw(AggregateFunction::kCount, {})};
  for (int i = 0; i < 8; ++i) spec.columns.push_back(OutputColumn::Aggregate(i));
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "0|NULL|NULL|NULL|18446744073709551615|0|NULL|0");
}

TEST(MergerTest, ExactDecimalSumsWithCarriesNegativesAndBigUnsigned) {
  Shards s;
  s.columns = {DecimalColumn("d", 10, 2), BigIntColumn("u", true)};
  s.rows = {Rows({{"99999999.99", "18446744073709551615"}, {"-0.50", "18446744073709551615"}}),
            Rows({{"0.01", "1"}, {"-100000000.00", "NULL"}})};
  MergeSpec spec;
  spec.aggregates = {AggregateSpec::Raw(AggregateFunction::kSum, {0}),
                     AggregateSpec::Raw(AggregateFunction::kSum, {1}),
                     AggregateSpec::Raw(AggregateFunction::kAvg, {0}),
                     AggregateSpec::Raw(AggregateFunction::kAvg, {1})};
  for (int i = 0; i < 4; ++i) spec.columns.push_back(OutputColumn::Aggregate(i));
  std::vector<ColumnDefinition> columns;
  Drained out = RunMerge(spec, s, {}, &columns);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows),
            "-0.50|36893488147419103231|-0.125000|12297829382473034410.3333");
  EXPECT_EQ(columns[0].column_length, 34u);  // DECIMAL(32,2)
  EXPECT_EQ(columns[1].column_length, 43u);  // DECIMAL(42,0) from BIGINT UNSIGNED
}

TEST(MergerTest, AvgRoundsHalfUpAfterMariaDbsTruncatingDivision) {
  // AVG over an INT: 1/32 = 0.03125 -> 0.0313 (half up), -1/32 -> -0.0313.
  Shards s;
  s.columns = {IntColumn("g"), SumDecimalColumn("s", 32, 0), CountColumn("c")};
  s.rows = {Rows({{"1", "1", "16"}, {"2", "-1", "16"}, {"3", "2", "3"}}),
            Rows({{"1", "0", "16"}, {"2", "0", "16"}})};
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  spec.shards_sorted_by_group = true;
  spec.aggregates = {AggregateSpec::PartialAvg(1, 2)};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "1|0.0313\n2|-0.0313\n3|0.6667");
}

TEST(MergerTest, DoubleSumsPrintLikeMariaDb) {
  Shards s;
  s.columns = {DoubleColumn("SUM(x)"), DoubleColumn("SUM(y)", 2)};
  s.rows = {Rows({{"0.1", "0.10"}}), Rows({{"0.2", "0.20"}}), Rows({{"NULL", "NULL"}})};
  MergeSpec spec;
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 0),
                     AggregateSpec::Partial(AggregateFunction::kSum, 1)};
  spec.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1)};
  Drained out = RunMerge(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "0.30000000000000004|0.30");
}

// ---- GROUP BY ------------------------------------------------------------------------------

Shards CityShards() {
  // SELECT city, COUNT(*), SUM(amount), MIN(amount) ... GROUP BY city ORDER BY city, per shard
  // (sorted under utf8mb4_general_ci).
  Shards s;
  s.columns = {VarcharColumn("city"), CountColumn("COUNT(*)"),
               SumDecimalColumn("SUM(amount)", 32, 2), DecimalColumn("MIN(amount)", 10, 2)};
  s.rows = {Rows({{"NULL", "1", "5.00", "5.00"},
                  {"berlin", "2", "10.50", "0.50"},
                  {"\xC3\x96rebro", "1", "-3.00", "-3.00"}}),
            Rows({{"Berlin ", "1", "0.50", "0.50"},
                  {"madrid", "3", "30.00", "10.00"},
                  {"orebro", "1", "3.00", "3.00"}}),
            {}};
  return s;
}

MergeSpec CitySpec(bool sorted) {
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  spec.shards_sorted_by_group = sorted;
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                     AggregateSpec::Partial(AggregateFunction::kSum, 2),
                     AggregateSpec::Partial(AggregateFunction::kMin, 3)};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                  OutputColumn::Aggregate(2)};
  return spec;
}

TEST(MergerTest, StreamAggregationGroupsByCollation) {
  Drained out = RunBothWays(CitySpec(true), CityShards());
  ASSERT_TRUE(out.status.ok()) << out.status;
  // 'berlin' and 'Berlin ' are one group; 'Örebro' and 'orebro' too; NULL is its own group, first.
  EXPECT_EQ(
      RowsToString(out.rows),
      "NULL|1|5.00|5.00\nberlin|3|11.00|0.50\nmadrid|3|30.00|10.00\n\xC3\x96rebro|2|0.00|-3.00");
}

TEST(MergerTest, HashAggregationGivesTheSameGroupsInGroupOrder) {
  Shards shards = CityShards();
  Drained out = RunMerge(CitySpec(false), shards);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(
      RowsToString(out.rows),
      "NULL|1|5.00|5.00\nberlin|3|11.00|0.50\nmadrid|3|30.00|10.00\n\xC3\x96rebro|2|0.00|-3.00");
  // With blocking shards rows arrive interleaved differently: a group may then show another of
  // its members ('Berlin ' for 'berlin'), as MySQL may; the groups and their values are the same.
  shards.block = true;
  Drained blocked = RunMerge(CitySpec(false), shards);
  ASSERT_TRUE(blocked.status.ok()) << blocked.status;
  ASSERT_EQ(blocked.rows.size(), out.rows.size());
  for (size_t i = 0; i < out.rows.size(); ++i) {
    for (size_t c = 1; c < 4; ++c) EXPECT_EQ(blocked.rows[i][c], out.rows[i][c]);
  }
  EXPECT_EQ(blocked.rows[1][0], "Berlin ");
}

TEST(MergerTest, HavingOrderByAggregateAndLimitWithHiddenColumns) {
  // SELECT city, SUM(amount) FROM t GROUP BY city HAVING COUNT(*) >= 2
  // ORDER BY SUM(amount) DESC LIMIT 1, 2   (COUNT(*) is a hidden column)
  for (bool sorted : {true, false}) {
    MergeSpec spec = CitySpec(sorted);
    spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(1, "SUM(amount)"),
                    OutputColumn::Aggregate(0, "", /*hidden=*/true)};
    spec.having = MergeExpr::Compare(CompareOp::kGe, MergeExpr::Column(2), MergeExpr::Int(2));
    spec.order_by = {{.column = 1, .order = SortOrder::kDesc}};
    spec.limit = {.offset = 1, .count = 2};
    std::vector<ColumnDefinition> columns;
    Drained out = RunMerge(spec, CityShards(), {}, &columns);
    ASSERT_TRUE(out.status.ok()) << out.status;
    EXPECT_EQ(RowsToString(out.rows), "berlin|11.00\n\xC3\x96rebro|0.00");
    ASSERT_EQ(columns.size(), 2u);
    EXPECT_EQ(columns[1].name, "SUM(amount)");
  }
}

TEST(MergerTest, HavingComparesAvgAsMariaDbDoes) {
  // AVG = 4/3: MariaDB compares the quotient rounded to its 4 decimals, so AVG(x) = 1.3333 holds
  // and AVG(x) > 1.3333 does not.
  Shards s;
  s.columns = {IntColumn("g"), SumDecimalColumn("s", 32, 0), CountColumn("c")};
  s.rows = {Rows({{"1", "3", "2"}, {"2", "2", "1"}}), Rows({{"1", "1", "1"}})};
  for (auto [op, expected] : std::vector<std::pair<CompareOp, const char*>>{
           {CompareOp::kEq, "1|1.3333"}, {CompareOp::kGt, "2|2.0000"}}) {
    MergeSpec spec;
    spec.group_by = {{.column = 0}};
    spec.aggregates = {AggregateSpec::PartialAvg(1, 2)};
    spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
    spec.having = MergeExpr::Compare(op, MergeExpr::Column(1), MergeExpr::Decimal("1.3333"));
    Drained out = RunMerge(spec, s);
    ASSERT_TRUE(out.status.ok()) << out.status;
    EXPECT_EQ(RowsToString(out.rows), expected);
  }
}

TEST(MergerTest, CountDistinctAcrossShards) {
  // SELECT g, COUNT(DISTINCT name), COUNT(*) ... shards send (g, name, COUNT(*)) grouped by g,
  // name.
  Shards s;
  s.columns = {IntColumn("g"), VarcharColumn("name"), CountColumn("n")};
  s.rows = {Rows({{"1", "Ann", "2"}, {"1", "bob", "1"}, {"2", "NULL", "4"}}),
            Rows({{"1", "ann ", "1"}, {"1", "Bob", "1"}, {"1", "Cy", "1"}, {"2", "zed", "1"}})};
  for (bool sorted : {true, false}) {
    MergeSpec spec;
    spec.group_by = {{.column = 0}};
    spec.shards_sorted_by_group = sorted;
    spec.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {1}, true),
                       AggregateSpec::Partial(AggregateFunction::kCount, 2)};
    spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1)};
    Drained out = RunBothWays(spec, s);
    ASSERT_TRUE(out.status.ok()) << out.status;
    EXPECT_EQ(RowsToString(out.rows), "1|3|6\n2|1|5");
  }
}

TEST(MergerTest, GroupConcatPartialAndOrderedDistinct) {
  Shards s;
  s.columns = {IntColumn("g"), VarcharColumn("v"), IntColumn("k")};
  s.rows = {Rows({{"1", "b", "2"}, {"1", "a", "9"}, {"1", "NULL", "1"}}),
            Rows({{"1", "c", "1"}, {"1", "B", "3"}, {"2", "x", "1"}})};
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  AggregateSpec ordered = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1}, true);
  ordered.order_by = {{.column = 2, .order = SortOrder::kDesc}};
  ordered.separator = "; ";
  spec.aggregates = {ordered};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  // DISTINCT under general_ci keeps the first of 'b'/'B' seen (shard 0's 'b', k=2).
  EXPECT_EQ(RowsToString(out.rows), "1|a; b; c\n2|x");

  // Partial: shards' own GROUP_CONCATs joined with the separator.
  Shards p;
  p.columns = {VarcharColumn("GROUP_CONCAT(v)")};
  p.rows = {Rows({{"a,b"}}), Rows({{"NULL"}}), Rows({{"c"}})};
  MergeSpec partial;
  partial.aggregates = {AggregateSpec::Partial(AggregateFunction::kGroupConcat, 0)};
  partial.columns = {OutputColumn::Aggregate(0)};
  out = RunMerge(partial, p);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "a,b,c");
}

TEST(MergerTest, GroupConcatLimitTakesItsValuesAfterOrderingAndDistinct) {
  Shards s;
  s.columns = {IntColumn("g"), VarcharColumn("v"), IntColumn("k")};
  s.rows = {Rows({{"1", "b", "2"}, {"1", "a", "9"}, {"1", "d", "5"}, {"2", "y", "1"}}),
            Rows({{"1", "c", "1"}, {"1", "B", "3"}, {"2", "x", "2"}})};
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  AggregateSpec limited = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1}, true);
  limited.order_by = {{.column = 2, .order = SortOrder::kDesc}};
  limited.limit = LimitSpec{.offset = 1, .count = 2};  // DISTINCT a, d, b, c: skip a
  AggregateSpec past = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1});
  past.limit = LimitSpec{.offset = 5, .count = 1};  // MariaDB: '' when no value is left
  spec.aggregates = {limited, past};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1)};
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "1|d,b|\n2|y|");
}

TEST(MergerTest, RollupRowsComeAfterTheirPrefixesLastGroupAndTheGrandTotalLast) {
  // SELECT a, b, COUNT(*), SUM(x) … GROUP BY a, b WITH ROLLUP; each shard ran it WITH ROLLUP too
  // (for its column descriptions), and its own super-aggregate rows must not count.
  Shards s;
  s.columns = {IntColumn("a"), IntColumn("b"), CountColumn("COUNT(*)"),
               SumDecimalColumn("SUM(x)", 32, 0)};
  s.rows = {Rows({{"1", "NULL", "1", "5"},  // a real group whose b is NULL
                  {"1", "2", "2", "10"},
                  {"1", "NULL", "3", "15"},  // the shard's rollup of a = 1
                  {"2", "1", "1", "1"},
                  {"2", "NULL", "1", "1"},
                  {"NULL", "NULL", "4", "16"}}),
            Rows({{"NULL", "NULL", "1", "2"},  // a real group of NULLs, first
                  {"1", "2", "1", "4"},
                  {"1", "NULL", "1", "4"},
                  {"3", "7", "2", "6"},
                  {"3", "NULL", "2", "6"},
                  {"NULL", "NULL", "4", "12"}})};
  MergeSpec spec;
  spec.group_by = {{.column = 0}, {.column = 1}};
  spec.shards_sorted_by_group = true;
  spec.rollup = true;
  spec.shard_rollup_keys = {0, 1};
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 2),
                     AggregateSpec::Partial(AggregateFunction::kSum, 3)};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1), OutputColumn::Aggregate(0),
                  OutputColumn::Aggregate(1)};
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows),
            "NULL|NULL|1|2\n"  // the group
            "NULL|NULL|1|2\n"  // its prefix a = NULL
            "1|NULL|1|5\n1|2|3|14\n1|NULL|4|19\n"
            "2|1|1|1\n2|NULL|1|1\n"
            "3|7|2|6\n3|NULL|2|6\n"
            "NULL|NULL|8|28");

  // No rows at all: no rollup either, as in MariaDB.
  Shards none;
  none.columns = s.columns;
  none.rows = {Rows({}), Rows({})};
  out = RunMerge(spec, none);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "");
}

TEST(MergerTest, GroupConcatStopsAtMaxLenOnACharacterBoundary) {
  Shards s;
  s.columns = {VarcharColumn("v")};
  s.rows = {Rows({{"x"}, {"\xC3\xA9\xC3\xA9"}})};
  MergeSpec spec;
  spec.group_concat_max_len = 6;
  AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {0});
  gc.separator = "--";
  spec.aggregates = {gc};
  spec.columns = {OutputColumn::Aggregate(0)};
  Drained out = RunMerge(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "x--\xC3\xA9");  // "x--éé" is 7 bytes
}

TEST(MergerTest, BitAggregates) {
  Shards s;
  s.columns = {BigIntColumn("BIT_AND"), BigIntColumn("BIT_OR"), BigIntColumn("BIT_XOR")};
  for (auto& c : s.columns) c.flags |= column_flag::kUnsigned;
  s.rows = {Rows({{"12", "1", "5"}}), Rows({{"10", "4", "3"}}),
            Rows({{"18446744073709551615", "0", "0"}})};
  MergeSpec spec;
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kBitAnd, 0),
                     AggregateSpec::Partial(AggregateFunction::kBitOr, 1),
                     AggregateSpec::Partial(AggregateFunction::kBitXor, 2)};
  spec.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                  OutputColumn::Aggregate(2)};
  Drained out = RunMerge(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "8|5|6");
}

TEST(MergerTest, HashAggregationRespectsTheMemoryLimit) {
  Shards s;
  s.columns = {IntColumn("g"), CountColumn("n")};
  OwnedRows rows;
  for (int i = 0; i < 20000; ++i) rows.push_back({std::to_string(i), std::string("1")});
  s.rows = {rows};
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1)};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
  auto budget = std::make_shared<MemoryBudget>(256 * 1024);
  Drained out = RunMerge(spec, s, {.budget = budget});
  ASSERT_FALSE(out.status.ok());
  MysqlError e = ToMysqlError(out.status);
  EXPECT_EQ(e.code, mysql_errc::kOutOfResources);
  EXPECT_EQ(e.sqlstate, "HY000");
  EXPECT_THAT(e.message, ::testing::HasSubstr("GROUP BY"));
  EXPECT_THAT(e.message, ::testing::HasSubstr("262144"));
  EXPECT_LE(budget->peak(), 256u * 1024);
  EXPECT_EQ(budget->used(), 0u);  // everything handed back with the pipeline
}

TEST(MergerTest, AShardErrorEndsAggregation) {
  Shards s = CityShards();
  s.ends = {absl::OkStatus(), BackendError({1054, "42S22", "Unknown column 'amount'"})};
  for (bool sorted : {true, false}) {
    Drained out = RunMerge(CitySpec(sorted), s);
    EXPECT_EQ(ToMysqlError(out.status).code, 1054);
  }
}

// ---- plain ORDER BY / DISTINCT / LIMIT -----------------------------------------------------

TEST(MergerTest, OrderByLimitStreamsAndStopsReading) {
  std::vector<ColumnDefinition> cols = {IntColumn("id"), VarcharColumn("name")};
  std::vector<ScriptedRowStream*> raw;
  std::vector<std::unique_ptr<RowStream>> shards;
  for (int s = 0; s < 3; ++s) {
    OwnedRows rows;
    for (int i = 0; i < 500; ++i) {
      rows.push_back({std::to_string(i * 3 + s), absl::StrCat("n", i)});
    }
    auto stream = Stream(cols, std::move(rows));
    raw.push_back(stream.get());
    shards.push_back(std::move(stream));
  }
  MergeSpec spec;
  spec.order_by = {{.column = 0, .order = SortOrder::kAsc}};
  spec.shards_sorted_by_order = true;
  spec.limit = {.offset = 5, .count = 3};
  auto pipeline = BuildMergePipeline(std::make_shared<const MergeSpec>(spec), std::move(shards));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  Drained out = Drain(**pipeline);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(RowsToString(out.rows), "5|n1\n6|n2\n7|n2");
  size_t read = 0;
  for (auto* r : raw) read += r->rows_delivered();
  EXPECT_LE(read, 8u + 3u);
}

TEST(MergerTest, DistinctUsesCollationAndNumericEquality) {
  Shards s;
  s.columns = {VarcharColumn("name"), DecimalColumn("price", 10, 2), IntColumn("hidden")};
  s.rows = {Rows({{"Ann", "1.50", "1"}, {"bob", "2.00", "2"}}),
            Rows({{"ANN  ", "1.50", "3"}, {"Bob", "2.01", "4"}, {"NULL", "NULL", "5"}}),
            Rows({{"NULL", "NULL", "6"}})};
  MergeSpec spec;
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1),
                  OutputColumn::Shard(2, "", /*hidden=*/true)};
  spec.distinct = true;
  spec.order_by = {{.column = 1}, {.column = 0}};
  Drained out = RunBothWays(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "NULL|NULL\nAnn|1.50\nbob|2.00\nBob|2.01");
}

TEST(MergerTest, UnsortedShardsAreSortedWithTopN) {
  Shards s;
  s.columns = {IntColumn("v")};
  OwnedRows a, b;
  for (int i = 0; i < 1000; ++i) (i % 2 ? a : b).push_back({std::to_string((i * 7919) % 1000)});
  s.rows = {a, b};
  MergeSpec spec;
  spec.order_by = {{.column = 0, .order = SortOrder::kDesc}};
  spec.limit = {.offset = 2, .count = 3};
  auto budget = std::make_shared<MemoryBudget>();
  Drained out = RunMerge(spec, s, {.budget = budget});
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "997\n996\n995");
  EXPECT_LT(budget->peak(), 4096u);  // five rows kept, not a thousand
  EXPECT_EQ(RowsToString(RunBothWays(spec, s).rows), "997\n996\n995");
}

TEST(MergerTest, SortingPastTheMemoryLimitIsAnError) {
  Shards s;
  s.columns = {VarcharColumn("v")};
  OwnedRows rows;
  for (int i = 0; i < 5000; ++i) rows.push_back({std::string(100, 'a' + i % 26)});
  s.rows = {rows};
  MergeSpec spec;
  spec.order_by = {{.column = 0}};
  Drained out = RunMerge(spec, s, {.budget = std::make_shared<MemoryBudget>(100000)});
  EXPECT_EQ(ToMysqlError(out.status).code, mysql_errc::kOutOfResources);
}

TEST(MergerTest, LimitZeroAndOffsetPastTheEnd) {
  Shards s;
  s.columns = {IntColumn("v")};
  s.rows = {Rows({{"1"}, {"2"}})};
  MergeSpec spec;
  spec.limit = {.offset = 0, .count = 0};
  EXPECT_TRUE(RunMerge(spec, s).rows.empty());
  spec.limit = {.offset = 10, .count = 5};
  Drained out = RunMerge(spec, s);
  EXPECT_TRUE(out.status.ok());
  EXPECT_TRUE(out.rows.empty());
}

TEST(MergerTest, HavingWithoutGroupByFiltersRows) {
  Shards s;
  s.columns = {VarcharColumn("v"), IntColumn("n")};
  s.rows = {Rows({{"10", "1"}, {"9", "2"}, {"abc", "3"}})};
  MergeSpec spec;
  // v > 9 compares a string column with a number: as doubles, so '10' passes and 'abc' (0) not.
  spec.having = MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(0), MergeExpr::Int(9));
  Drained out = RunMerge(spec, s);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(RowsToString(out.rows), "10|1");
}

TEST(MergerTest, GroupByWithoutAggregatesKeepsTheShardRow) {
  Drained out = RunBothWays(
      [] {
        MergeSpec spec;
        spec.group_by = {{.column = 0}};
        spec.shards_sorted_by_group = true;
        return spec;
      }(),
      CityShards());
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_EQ(
      RowsToString(out.rows),
      "NULL|1|5.00|5.00\nberlin|2|10.50|0.50\nmadrid|3|30.00|10.00\n\xC3\x96rebro|1|-3.00|-3.00");
}

TEST(MergerTest, RejectsSpecsThatDoNotFitTheShards) {
  Shards s;
  s.columns = {IntColumn("v")};
  s.rows = {Rows({{"1"}})};
  MergeSpec bad;
  bad.order_by = {{.column = 3}};
  EXPECT_EQ(ToMysqlError(RunMerge(bad, s).status).code, mysql_errc::kUnknownError);
  MergeSpec bad_agg;
  bad_agg.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 7)};
  bad_agg.columns = {OutputColumn::Aggregate(0)};
  EXPECT_FALSE(RunMerge(bad_agg, s).status.ok());
  MergeSpec bad_having;
  bad_having.having = MergeExpr::IsNull(MergeExpr::Column(5));
  EXPECT_FALSE(RunMerge(bad_having, s).status.ok());
  // Shards of different shapes.
  std::vector<std::unique_ptr<RowStream>> shards;
  shards.push_back(Stream({IntColumn("a")}, {}));
  shards.push_back(Stream({IntColumn("a"), IntColumn("b")}, {}));
  EXPECT_FALSE(BuildMergePipeline(std::make_shared<const MergeSpec>(), std::move(shards)).ok());
  // An unknown collation is an honest "unsupported".
  MergeSpec gbk;
  gbk.order_by = {{.column = 0, .collation = 28}};
  Shards t;
  t.columns = {VarcharColumn("s")};
  t.rows = {{}};
  gbk.shards_sorted_by_order = true;
  EXPECT_EQ(ToMysqlError(RunMerge(gbk, t).status).code, mysql_errc::kNotSupportedYet);
}

}  // namespace
}  // namespace shardproxy
