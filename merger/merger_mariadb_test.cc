// Whole merges checked against a real MariaDB. One deterministic data set (mixed-case and
// accented strings, trailing spaces, NULLs, negative numbers, DECIMAL, doubles, dates, times,
// BIGINT UNSIGNED) is loaded into a reference database and split over three shard databases plus
// an empty fourth. Each case runs the query on the reference, runs the hand-rewritten shard SQL
// on every shard, merges the real shard results with a MergeSpec (what the router will build),
// and requires the same rows — in order where the query orders totally — and the same column
// definitions (type, length, decimals, flags, charset, name) as the reference server.
//
// Where MySQL itself may return any member of a group (GROUP BY / DISTINCT / MIN over
// 'Berlin' and 'berlin' under a _ci collation) the case names those columns and they are
// compared by collation equality rather than bytes.
#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "merger/concat_stream.h"
#include "merger/hash_join_stream.h"
#include "merger/in_list.h"
#include "merger/merger.h"
#include "merger/projection_stream.h"
#include "merger/testing/mariadb_oracle.h"
#include "merger/testing/row_stream_testing.h"
#include "merger/union_stream.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/collation.h"

namespace shardproxy {
namespace {

using testing::Drain;
using testing::Drained;
using testing::MariaDbOracle;
using testing::OracleResult;

constexpr int kShards = 4;  // s0..s2 hold rows, s3 is empty

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string MaybeNull(bool null, const std::string& v) { return null ? "NULL" : v; }

absl::Status LoadData(MariaDbOracle& db) {
  std::mt19937 rng(20240601);
  const std::vector<std::string> cities = {"Berlin",
                                           "berlin",
                                           "BERLIN ",
                                           "M\xC3\xBCnchen",
                                           "Munchen",
                                           "Muenchen",
                                           "Z\xC3\xBCrich",
                                           "zurich",
                                           "\xC3\x98rebro",
                                           "orebro",
                                           "S\xC3\xA3o Paulo",
                                           "Sao Paulo",
                                           "Stra\xC3\x9F"
                                           "e",
                                           "Strasse",
                                           "",
                                           "a\t",
                                           "a"};
  const std::vector<std::string> codes = {"a", "A", "b", "B", "a ", "ab", "Ab", "\xC3\xA9"};
  const std::vector<std::string> notes = {
      "stra\xC3\x9F"
      "e",
      "strasse",
      "STRASSE",
      "\xEF\xAC\x81ne",
      "fine",
      "caf\xC3\xA9",
      "cafe",
      "CAF\xC3\x89 "};
  std::string schema =
      "(id INT PRIMARY KEY, user_id INT, city VARCHAR(30) COLLATE utf8mb4_general_ci,"
      " code VARCHAR(10) COLLATE utf8mb4_bin, note VARCHAR(20) COLLATE utf8mb4_unicode_ci,"
      " amount DECIMAL(10,2), qty INT, big BIGINT UNSIGNED, ratio DOUBLE, created DATE,"
      " ts DATETIME(3), dur TIME, flag TINYINT)";
  std::string setup = "CREATE DATABASE IF NOT EXISTS ref;\nDROP TABLE IF EXISTS ref.orders;\n";
  absl::StrAppend(&setup, "CREATE TABLE ref.orders ", schema, ";\n");
  for (int s = 0; s < kShards; ++s) {
    absl::StrAppend(&setup, "CREATE DATABASE IF NOT EXISTS s", s, ";\nDROP TABLE IF EXISTS s", s,
                    ".orders;\nCREATE TABLE s", s, ".orders ", schema, ";\n");
  }
  absl::StrAppend(&setup,
                  "DROP TABLE IF EXISTS ref.users;\n"
                  "CREATE TABLE ref.users (id INT PRIMARY KEY, name VARCHAR(30), "
                  "code_str VARCHAR(10), joined DATE)");
  absl::Status st = db.Exec(setup);
  if (!st.ok()) return st;

  std::vector<std::string> rows[kShards];
  std::vector<std::string> all;
  for (int id = 1; id <= 600; ++id) {
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    bool null_amount = rng() % 10 == 0, null_qty = rng() % 10 == 0, null_city = rng() % 15 == 0;
    int cents = static_cast<int>(rng() % 150000) - 50000;
    std::string amount = absl::StrCat(cents < 0 ? "-" : "", std::abs(cents) / 100, ".",
                                      absl::StrCat(100 + std::abs(cents) % 100).substr(1));
    uint64_t big = (rng() % 3 == 0) ? (uint64_t{1} << 63) + rng() : rng() % 1000;
    int eighths = static_cast<int>(rng() % 161) - 80;
    int day = static_cast<int>(rng() % 400);
    int hours = static_cast<int>(rng() % 200) - 100;
    std::string dur = absl::StrCat(hours < 0 ? "-" : "", std::abs(hours), ":",
                                   absl::StrCat(100 + rng() % 60).substr(1), ":",
                                   absl::StrCat(100 + rng() % 60).substr(1));
    std::string values = absl::StrCat(
        "(", id, ",", 1 + rng() % 40, ",", MaybeNull(null_city, Quote(pick(cities))), ",",
        Quote(pick(codes)), ",", MaybeNull(rng() % 12 == 0, Quote(pick(notes))), ",",
        MaybeNull(null_amount, amount), ",",
        MaybeNull(null_qty, absl::StrCat(static_cast<int>(rng() % 61) - 10)), ",", big, ",",
        eighths, "/8,",
        MaybeNull(rng() % 20 == 0, absl::StrCat("'2020-01-01' + INTERVAL ", day, " DAY")),
        ",'2021-03-04 05:06:07.", rng() % 1000, "' + INTERVAL ", rng() % 100000, " MINUTE,",
        Quote(dur), ",", rng() % 5, ")");
    rows[id % 3].push_back(values);
    all.push_back(values);
  }
  st = db.Exec(absl::StrCat("INSERT INTO ref.orders VALUES ", absl::StrJoin(all, ",")));
  if (!st.ok()) return st;
  for (int s = 0; s < 3; ++s) {
    st = db.Exec(absl::StrCat("INSERT INTO s", s, ".orders VALUES ", absl::StrJoin(rows[s], ",")));
    if (!st.ok()) return st;
  }
  std::vector<std::string> users;
  const std::vector<std::string> names = {"O'Brien",     "back\\slash", "Jos\xC3\xA9", "jose ",
                                          "line\nbreak", "quote\"d",    "100%",        "_under"};
  for (int id = 1; id <= 45; ++id) {
    std::string code = id % 4 == 0   ? absl::StrCat(id, ".0")
                       : id % 4 == 1 ? absl::StrCat(" ", id)
                       : id % 4 == 2 ? absl::StrCat(id, "abc")
                                     : absl::StrCat(id);
    users.push_back(absl::StrCat("(", id, ",",
                                 Quote(names[id % names.size()] + std::to_string(id % 3)), ",",
                                 Quote(code), ",", id % 7 == 0 ? "NULL" : "'2020-02-02'", ")"));
  }
  return db.Exec(absl::StrCat("INSERT INTO ref.users VALUES ", absl::StrJoin(users, ",")));
}

struct DiffCase {
  std::string name;
  std::string reference;  // {t} is the table
  std::string shard;      // {t} is each shard's table
  std::function<MergeSpec()> spec;
  bool ordered = true;  // rows compared in order (the query orders totally)
  // Columns compared by equality under a collation (column, collation id).
  std::vector<std::pair<int, uint16_t>> by_collation;
  std::vector<int> list_columns;  // comma lists compared as sorted multisets
  std::string session;            // SET statements run first (on reference and shards)

  friend void PrintTo(const DiffCase& c, std::ostream* os) { *os << c.name; }
};

std::string Normalize(const OwnedRows& rows, const DiffCase& c, bool sort) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < r.size(); ++i) {
      if (!r[i].has_value()) {
        cells.push_back("NULL");
        continue;
      }
      std::string v = *r[i];
      for (auto [column, collation] : c.by_collation) {
        if (column != static_cast<int>(i)) continue;
        std::string key;
        Collation::Find(collation)->AppendEqualityKey(v, CellEncoding::kUtf8, &key);
        v = absl::StrCat("weights:", absl::BytesToHexString(key));
      }
      if (std::find(c.list_columns.begin(), c.list_columns.end(), static_cast<int>(i)) !=
          c.list_columns.end()) {
        std::vector<std::string> items = absl::StrSplit(v, ',');
        std::sort(items.begin(), items.end());
        v = absl::StrJoin(items, ",");
      }
      cells.push_back(v);
    }
    lines.push_back(absl::StrJoin(cells, " | "));
  }
  if (sort) std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, "\n");
}

std::string Describe(const ColumnDefinition& c) {
  return absl::StrCat(c.name, " type=", static_cast<int>(c.type), " len=", c.column_length,
                      " dec=", static_cast<int>(c.decimals), " flags=", c.flags,
                      " cs=", c.character_set, " table=", c.table, "/", c.org_table,
                      " org_name=", c.org_name);
}

class MergeDifferentialTest : public ::testing::TestWithParam<DiffCase> {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<MariaDbOracle*> oracle = MariaDbOracle::Get();
    ASSERT_TRUE(oracle.ok()) << oracle.status();
    db_ = *oracle;
    absl::Status s = LoadData(*db_);
    ASSERT_TRUE(s.ok()) << s;
  }

  static MariaDbOracle* db_;
};

MariaDbOracle* MergeDifferentialTest::db_ = nullptr;

TEST_P(MergeDifferentialTest, MatchesTheReferenceServer) {
  const DiffCase& c = GetParam();
  ASSERT_NE(db_, nullptr);
  if (!c.session.empty()) {
    ASSERT_TRUE(db_->Exec(c.session).ok());
  }
  absl::StatusOr<OracleResult> reference =
      db_->Query(absl::StrReplaceAll(c.reference, {{"{t}", "ref.orders"}}));
  ASSERT_TRUE(reference.ok()) << reference.status();
  std::vector<std::unique_ptr<RowStream>> shards;
  for (int s = 0; s < kShards; ++s) {
    auto stream =
        db_->Stream(absl::StrReplaceAll(c.shard, {{"{t}", absl::StrCat("s", s, ".orders")}}));
    ASSERT_TRUE(stream.ok()) << stream.status();
    shards.push_back(*std::move(stream));
  }
  if (!c.session.empty()) {
    ASSERT_TRUE(db_->Exec("SET SESSION div_precision_increment = DEFAULT;\n"
                          "SET SESSION group_concat_max_len = DEFAULT")
                    .ok());
  }
  auto spec = std::make_shared<const MergeSpec>(c.spec());
  absl::StatusOr<std::unique_ptr<RowStream>> merged = BuildMergePipeline(spec, std::move(shards));
  ASSERT_TRUE(merged.ok()) << merged.status();
  Drained out = Drain(**merged);
  ASSERT_TRUE(out.status.ok()) << out.status;

  EXPECT_EQ(Normalize(out.rows, c, !c.ordered), Normalize(reference->rows, c, !c.ordered));
  EXPECT_GT(reference->rows.size() + (c.name.find("empty") != std::string::npos), 0u)
      << "a case that returns nothing proves little";

  absl::Span<const ColumnDefinition> columns = (*merged)->columns();
  ASSERT_EQ(columns.size(), reference->columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    ColumnDefinition ours = columns[i], theirs = reference->columns[i];
    ours.schema = theirs.schema = "";  // physical database names differ by design
    // MariaDB sets NUM and BINARY on numeric and temporal columns depending on the plan (a
    // GROUP BY through a temporary table reports COUNT(*) as NOT_NULL only, without it as
    // NOT_NULL|BINARY): those two bits are not a property of the query, so they are not
    // compared for non-string columns.
    if (theirs.character_set == collation_id::kBinary &&
        ClassOfColumn(theirs) != ValueClass::kString) {
      uint16_t noise = column_flag::kNum | column_flag::kBinary;
      ours.flags &= static_cast<uint16_t>(~noise);
      theirs.flags &= static_cast<uint16_t>(~noise);
    }
    EXPECT_EQ(Describe(ours), Describe(theirs)) << "column " << i;
  }
}

// ---- the cases -------------------------------------------------------------------------------

MergeSpec Sorted(std::vector<SortKey> keys, LimitSpec limit = {}) {
  MergeSpec s;
  s.order_by = std::move(keys);
  s.shards_sorted_by_order = true;
  s.limit = limit;
  return s;
}

SortKey Asc(int c) { return {.column = c}; }
SortKey Desc(int c) { return {.column = c, .order = SortOrder::kDesc}; }

std::vector<DiffCase> Cases() {
  std::vector<DiffCase> v;
  // -- plain ORDER BY / LIMIT: k-way merge of sorted shards ---------------------------------
  v.push_back({"order_by_id_limit", "SELECT id, city, amount FROM {t} ORDER BY id LIMIT 20",
               "SELECT id, city, amount FROM {t} ORDER BY id LIMIT 20",
               [] { return Sorted({Asc(0)}, {.offset = 0, .count = 20}); }});
  v.push_back({"order_by_decimal_desc_nulls_last",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_decimal_asc_nulls_first", "SELECT id, amount FROM {t} ORDER BY amount, id",
               "SELECT id, amount FROM {t} ORDER BY amount, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_general_ci", "SELECT id, city FROM {t} ORDER BY city, id",
               "SELECT id, city FROM {t} ORDER BY city, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_bin_column", "SELECT id, code FROM {t} ORDER BY code DESC, id",
               "SELECT id, code FROM {t} ORDER BY code DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_unicode_ci_override", "SELECT id, note FROM {t} ORDER BY note, id",
               "SELECT id, note FROM {t} ORDER BY note, id", [] {
                 return Sorted({{.column = 1, .collation = 224}, Asc(0)});
               }});
  v.push_back({"order_by_date_desc_offset",
               "SELECT id, created FROM {t} ORDER BY created DESC, id LIMIT 5, 10",
               "SELECT id, created FROM {t} ORDER BY created DESC, id LIMIT 15", [] {
                 return Sorted({Desc(1), Asc(0)}, {.offset = 5, .count = 10});
               }});
  v.push_back({"order_by_negative_time", "SELECT id, dur FROM {t} ORDER BY dur, id",
               "SELECT id, dur FROM {t} ORDER BY dur, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"order_by_datetime3", "SELECT id, ts FROM {t} ORDER BY ts DESC, id LIMIT 50",
               "SELECT id, ts FROM {t} ORDER BY ts DESC, id LIMIT 50", [] {
                 return Sorted({Desc(1), Asc(0)}, {.count = 50});
               }});
  v.push_back({"order_by_bigint_unsigned", "SELECT id, big FROM {t} ORDER BY big DESC, id",
               "SELECT id, big FROM {t} ORDER BY big DESC, id", [] {
                 return Sorted({Desc(1), Asc(0)});
               }});
  v.push_back({"order_by_double", "SELECT id, ratio FROM {t} ORDER BY ratio, id",
               "SELECT id, ratio FROM {t} ORDER BY ratio, id", [] {
                 return Sorted({Asc(1), Asc(0)});
               }});
  v.push_back({"pagination_large_offset",
               "SELECT id, qty, amount FROM {t} ORDER BY qty DESC, amount, id LIMIT 400, 7",
               "SELECT id, qty, amount FROM {t} ORDER BY qty DESC, amount, id LIMIT 407", [] {
                 return Sorted({Desc(1), Asc(2), Asc(0)}, {.offset = 400, .count = 7});
               }});
  v.push_back({"no_order_multiset", "SELECT id, city FROM {t} WHERE qty > 20",
               "SELECT id, city FROM {t} WHERE qty > 20", [] { return MergeSpec(); }, false});
  v.push_back({"order_by_hidden_column", "SELECT id, city FROM {t} ORDER BY amount, id",
               "SELECT id, city, amount FROM {t} ORDER BY amount, id", [] {
                 MergeSpec s = Sorted({Asc(2), Asc(0)});
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1),
                              OutputColumn::Shard(2, "", true)};
                 return s;
               }});
  v.push_back({"unsorted_shards_sorted_by_merger",
               "SELECT id, amount FROM {t} ORDER BY amount DESC, id LIMIT 10",
               "SELECT id, amount FROM {t}", [] {
                 MergeSpec s;
                 s.order_by = {Desc(1), Asc(0)};
                 s.limit = {.count = 10};
                 return s;
               }});
  v.push_back({"having_without_group_by", "SELECT id, qty FROM {t} HAVING qty > 45 ORDER BY id",
               "SELECT id, qty FROM {t} ORDER BY id", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.having =
                     MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(1), MergeExpr::Int(45));
                 return s;
               }});
  v.push_back({"empty_limit_zero", "SELECT id FROM {t} ORDER BY id LIMIT 0",
               "SELECT id FROM {t} ORDER BY id LIMIT 0",
               [] { return Sorted({Asc(0)}, {.count = 0}); }});
  // -- DISTINCT -----------------------------------------------------------------------------
  v.push_back({"distinct_ci",
               "SELECT DISTINCT city FROM {t}",
               "SELECT DISTINCT city FROM {t}",
               [] {
                 MergeSpec s;
                 s.distinct = true;
                 return s;
               },
               false,
               {{0, 45}}});
  v.push_back({"distinct_sorted_decimal", "SELECT DISTINCT amount FROM {t} ORDER BY amount",
               "SELECT DISTINCT amount FROM {t} ORDER BY amount", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.distinct = true;
                 return s;
               }});
  v.push_back({"distinct_bin", "SELECT DISTINCT code FROM {t} ORDER BY code",
               "SELECT DISTINCT code FROM {t} ORDER BY code", [] {
                 MergeSpec s = Sorted({Asc(0)});
                 s.distinct = true;
                 return s;
               }});
  v.push_back({"distinct_unicode_ci_expansions",
               "SELECT DISTINCT note FROM {t}",
               "SELECT DISTINCT note FROM {t}",
               [] {
                 MergeSpec s;
                 s.distinct = true;
                 s.columns = {OutputColumn::Shard(0)};
                 s.columns[0].collation = 224;  // straße = strasse, ﬁne = fine
                 return s;
               },
               false,
               {{0, 224}}});
  // -- scalar aggregates --------------------------------------------------------------------
  v.push_back(
      {"scalar_count_sum_avg_min_max",
       "SELECT COUNT(*), COUNT(amount), SUM(amount), AVG(amount), MIN(amount), MAX(amount) "
       "FROM {t}",
       "SELECT COUNT(*), COUNT(amount), SUM(amount), SUM(amount), COUNT(amount), MIN(amount), "
       "MAX(amount) FROM {t}",
       [] {
         MergeSpec s;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 0),
                         AggregateSpec::Partial(AggregateFunction::kCount, 1),
                         AggregateSpec::Partial(AggregateFunction::kSum, 2),
                         AggregateSpec::PartialAvg(3, 4),
                         AggregateSpec::Partial(AggregateFunction::kMin, 5),
                         AggregateSpec::Partial(AggregateFunction::kMax, 6)};
         s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                      OutputColumn::Aggregate(2), OutputColumn::Aggregate(3, "AVG(amount)"),
                      OutputColumn::Aggregate(4), OutputColumn::Aggregate(5)};
         return s;
       }});
  v.push_back({"scalar_over_empty_selection",
               "SELECT COUNT(*), SUM(amount), AVG(qty), MIN(city), BIT_AND(qty), BIT_OR(qty) "
               "FROM {t} WHERE id < 0",
               "SELECT COUNT(*), SUM(amount), SUM(qty), COUNT(qty), MIN(city), BIT_AND(qty), "
               "BIT_OR(qty) FROM {t} WHERE id < 0",
               [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 0),
                                 AggregateSpec::Partial(AggregateFunction::kSum, 1),
                                 AggregateSpec::PartialAvg(2, 3),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 4),
                                 AggregateSpec::Partial(AggregateFunction::kBitAnd, 5),
                                 AggregateSpec::Partial(AggregateFunction::kBitOr, 6)};
                 s.columns = {OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1),
                              OutputColumn::Aggregate(2, "AVG(qty)"),
                              OutputColumn::Aggregate(3),
                              OutputColumn::Aggregate(4),
                              OutputColumn::Aggregate(5)};
                 return s;
               }});
  v.push_back(
      {"scalar_int_and_unsigned_sums", "SELECT SUM(qty), AVG(qty), SUM(big), AVG(big) FROM {t}",
       "SELECT SUM(qty), SUM(qty), COUNT(qty), SUM(big), SUM(big), COUNT(big) FROM {t}", [] {
         MergeSpec s;
         s.aggregates = {
             AggregateSpec::Partial(AggregateFunction::kSum, 0), AggregateSpec::PartialAvg(1, 2),
             AggregateSpec::Partial(AggregateFunction::kSum, 3), AggregateSpec::PartialAvg(4, 5)};
         s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1, "AVG(qty)"),
                      OutputColumn::Aggregate(2), OutputColumn::Aggregate(3, "AVG(big)")};
         return s;
       }});
  v.push_back({"scalar_double_sum_avg_with_type_column", "SELECT SUM(ratio), AVG(ratio) FROM {t}",
               "SELECT SUM(ratio), SUM(ratio), COUNT(ratio), AVG(ratio) FROM {t}", [] {
                 MergeSpec s;
                 AggregateSpec avg = AggregateSpec::PartialAvg(1, 2);
                 avg.type_column = 3;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 0), avg};
                 s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1, "AVG(ratio)")};
                 return s;
               }});
  v.push_back(
      {"scalar_min_max_temporal_and_strings",
       "SELECT MIN(created), MAX(ts), MIN(dur), MAX(dur), MIN(city), MAX(code), MIN(note) FROM {t}",
       "SELECT MIN(created), MAX(ts), MIN(dur), MAX(dur), MIN(city), MAX(code), MIN(note) FROM {t}",
       [] {
         MergeSpec s;
         for (auto [f, c] :
              std::vector<std::pair<AggregateFunction, int>>{{AggregateFunction::kMin, 0},
                                                             {AggregateFunction::kMax, 1},
                                                             {AggregateFunction::kMin, 2},
                                                             {AggregateFunction::kMax, 3},
                                                             {AggregateFunction::kMin, 4},
                                                             {AggregateFunction::kMax, 5},
                                                             {AggregateFunction::kMin, 6}}) {
           s.aggregates.push_back(AggregateSpec::Partial(f, c));
           s.columns.push_back(OutputColumn::Aggregate(static_cast<int>(s.aggregates.size()) - 1));
         }
         s.aggregates[6].collation = 224;
         return s;
       },
       true,
       {{4, 45}, {6, 224}}});
  v.push_back({"scalar_bit_aggregates", "SELECT BIT_AND(qty), BIT_OR(qty), BIT_XOR(qty) FROM {t}",
               "SELECT BIT_AND(qty), BIT_OR(qty), BIT_XOR(qty) FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kBitAnd, 0),
                                 AggregateSpec::Partial(AggregateFunction::kBitOr, 1),
                                 AggregateSpec::Partial(AggregateFunction::kBitXor, 2)};
                 s.columns = {OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                              OutputColumn::Aggregate(2)};
                 return s;
               }});
  v.push_back({"scalar_count_distinct_ci",
               "SELECT COUNT(DISTINCT city), COUNT(DISTINCT user_id) FROM {t}",
               "SELECT city, user_id FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {0}, true),
                                 AggregateSpec::Raw(AggregateFunction::kCount, {1}, true)};
                 s.columns = {OutputColumn::Aggregate(0, "COUNT(DISTINCT city)"),
                              OutputColumn::Aggregate(1, "COUNT(DISTINCT user_id)")};
                 return s;
               }});
  v.push_back({"scalar_sum_avg_distinct_raw",
               "SELECT SUM(DISTINCT qty), AVG(DISTINCT amount), SUM(amount), AVG(ratio) FROM {t}",
               "SELECT qty, amount, ratio FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kSum, {0}, true),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {1}, true),
                                 AggregateSpec::Raw(AggregateFunction::kSum, {1}),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {2})};
                 s.columns = {OutputColumn::Aggregate(0, "SUM(DISTINCT qty)"),
                              OutputColumn::Aggregate(1, "AVG(DISTINCT amount)"),
                              OutputColumn::Aggregate(2, "SUM(amount)"),
                              OutputColumn::Aggregate(3, "AVG(ratio)")};
                 return s;
               }});
  v.push_back({"scalar_raw_sums_of_temporals", "SELECT SUM(created), AVG(dur), SUM(ts) FROM {t}",
               "SELECT created, dur, ts FROM {t}", [] {
                 MergeSpec s;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kSum, {0}),
                                 AggregateSpec::Raw(AggregateFunction::kAvg, {1}),
                                 AggregateSpec::Raw(AggregateFunction::kSum, {2})};
                 s.columns = {OutputColumn::Aggregate(0, "SUM(created)"),
                              OutputColumn::Aggregate(1, "AVG(dur)"),
                              OutputColumn::Aggregate(2, "SUM(ts)")};
                 return s;
               }});
  // -- GROUP BY -----------------------------------------------------------------------------
  auto user_totals = [](bool sorted) {
    return [sorted] {
      MergeSpec s;
      s.group_by = {Asc(0)};
      s.shards_sorted_by_group = sorted;
      s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                      AggregateSpec::Partial(AggregateFunction::kSum, 2),
                      AggregateSpec::PartialAvg(3, 4)};
      s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                   OutputColumn::Aggregate(2, "AVG(amount)")};
      s.order_by = {Asc(0)};
      return s;
    };
  };
  std::string user_totals_ref =
      "SELECT user_id, COUNT(*), SUM(amount), AVG(amount) FROM {t} GROUP BY user_id "
      "ORDER BY user_id";
  std::string user_totals_shard =
      "SELECT user_id, COUNT(*), SUM(amount), SUM(amount), COUNT(amount) FROM {t} "
      "GROUP BY user_id ORDER BY user_id";
  v.push_back({"group_by_stream", user_totals_ref, user_totals_shard, user_totals(true)});
  v.push_back({"group_by_hash", user_totals_ref, user_totals_shard, user_totals(false)});
  auto city_groups = [](bool sorted, absl::optional<uint16_t> collation) {
    return [=] {
      MergeSpec s;
      s.group_by = {{.column = 0, .collation = collation}};
      s.shards_sorted_by_group = sorted;
      s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                      AggregateSpec::Partial(AggregateFunction::kSum, 2)};
      s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1)};
      return s;
    };
  };
  v.push_back({"group_by_ci_stream",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city ORDER BY city",
               city_groups(true, absl::nullopt),
               true,
               {{0, 45}}});
  v.push_back({"group_by_ci_hash",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               "SELECT city, COUNT(*), SUM(qty) FROM {t} GROUP BY city",
               city_groups(false, absl::nullopt),
               true,
               {{0, 45}}});
  v.push_back({"group_by_bin", "SELECT code, COUNT(*), SUM(amount) FROM {t} GROUP BY code",
               "SELECT code, COUNT(*), SUM(amount) FROM {t} GROUP BY code ORDER BY code",
               city_groups(true, absl::nullopt)});
  v.push_back({"group_by_unicode_ci_stream",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note ORDER BY note",
               city_groups(true, 224),
               true,
               {{0, 224}}});
  v.push_back({"group_by_unicode_ci_hash",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               "SELECT note, COUNT(*), SUM(qty) FROM {t} GROUP BY note",
               city_groups(false, 224),
               true,
               {{0, 224}}});
  v.push_back(
      {"group_by_date_desc",
       "SELECT created, SUM(qty), MAX(amount) FROM {t} GROUP BY created ORDER BY created DESC",
       "SELECT created, SUM(qty), MAX(amount) FROM {t} GROUP BY created ORDER BY created DESC", [] {
         MergeSpec s;
         s.group_by = {Desc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
                         AggregateSpec::Partial(AggregateFunction::kMax, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1)};
         s.order_by = {Desc(0)};
         return s;
       }});
  v.push_back(
      {"group_by_having_order_by_aggregate_top_n",
       "SELECT user_id, SUM(amount) FROM {t} GROUP BY user_id HAVING COUNT(*) > 14 "
       "ORDER BY SUM(amount) DESC, user_id LIMIT 5",
       "SELECT user_id, SUM(amount), COUNT(*) FROM {t} GROUP BY user_id ORDER BY user_id", [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1),
                         AggregateSpec::Partial(AggregateFunction::kCount, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1, "", true)};
         s.having = MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(2), MergeExpr::Int(14));
         s.order_by = {Desc(1), Asc(0)};
         s.limit = {.count = 5};
         return s;
       }});
  v.push_back(
      {"group_by_having_avg",
       "SELECT user_id, AVG(amount) FROM {t} GROUP BY user_id "
       "HAVING AVG(amount) > 200 AND AVG(amount) < 300.5 ORDER BY user_id",
       "SELECT user_id, SUM(amount), COUNT(amount) FROM {t} GROUP BY user_id "
       "ORDER BY user_id",
       [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::PartialAvg(1, 2)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "AVG(amount)")};
         s.having = MergeExpr::And(
             MergeExpr::Compare(CompareOp::kGt, MergeExpr::Column(1), MergeExpr::Int(200)),
             MergeExpr::Compare(CompareOp::kLt, MergeExpr::Column(1), MergeExpr::Decimal("300.5")));
         return s;
       }});
  v.push_back(
      {"group_concat_ordered_raw",
       "SELECT flag, GROUP_CONCAT(id ORDER BY id DESC SEPARATOR ';') FROM {t} GROUP BY flag",
       "SELECT flag, id FROM {t}", [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1});
         gc.order_by = {Desc(1)};
         gc.separator = ";";
         s.aggregates = {gc};
         s.columns = {
             OutputColumn::Shard(0),
             OutputColumn::Aggregate(0, "GROUP_CONCAT(id ORDER BY id DESC SEPARATOR ';')")};
         return s;
       }});
  v.push_back(
      {"group_concat_distinct_truncated",
       "SELECT flag, GROUP_CONCAT(DISTINCT user_id ORDER BY user_id) FROM {t} GROUP BY flag",
       "SELECT flag, user_id FROM {t} ORDER BY flag",
       [] {
         MergeSpec s;
         s.group_by = {Asc(0)};
         s.shards_sorted_by_group = true;
         s.group_concat_max_len = 20;
         AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1}, true);
         gc.order_by = {Asc(1)};
         s.aggregates = {gc};
         s.columns = {
             OutputColumn::Shard(0),
             OutputColumn::Aggregate(0, "GROUP_CONCAT(DISTINCT user_id ORDER BY user_id)")};
         return s;
       },
       true,
       {},
       {},
       "SET SESSION group_concat_max_len = 20"});
  v.push_back({"group_concat_bin_column_metadata",
               "SELECT flag, GROUP_CONCAT(code ORDER BY id) FROM {t} GROUP BY flag",
               "SELECT flag, code, id FROM {t}", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 AggregateSpec gc = AggregateSpec::Raw(AggregateFunction::kGroupConcat, {1});
                 gc.order_by = {Asc(2)};
                 s.aggregates = {gc};
                 s.columns = {OutputColumn::Shard(0),
                              OutputColumn::Aggregate(0, "GROUP_CONCAT(code ORDER BY id)")};
                 return s;
               }});
  v.push_back({"group_concat_partial",
               "SELECT flag, GROUP_CONCAT(id) FROM {t} GROUP BY flag",
               "SELECT flag, GROUP_CONCAT(id) FROM {t} GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kGroupConcat, 1)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
                 return s;
               },
               true,
               {},
               {1}});
  v.push_back({"count_distinct_per_group",
               "SELECT flag, COUNT(DISTINCT user_id), COUNT(*) FROM {t} GROUP BY flag",
               "SELECT flag, user_id, COUNT(*) FROM {t} GROUP BY flag, user_id ORDER BY flag", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.shards_sorted_by_group = true;
                 s.aggregates = {AggregateSpec::Raw(AggregateFunction::kCount, {1}, true),
                                 AggregateSpec::Partial(AggregateFunction::kCount, 2)};
                 s.columns = {OutputColumn::Shard(0),
                              OutputColumn::Aggregate(0, "COUNT(DISTINCT user_id)"),
                              OutputColumn::Aggregate(1, "COUNT(*)")};
                 return s;
               }});
  v.push_back({"group_by_expression_with_null_group",
               "SELECT qty % 3 AS m, COUNT(*), MIN(ratio) FROM {t} GROUP BY m",
               "SELECT qty % 3 AS m, COUNT(*), MIN(ratio) FROM {t} GROUP BY m", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 2)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1)};
                 return s;
               }});
  v.push_back(
      {"group_by_two_keys",
       "SELECT user_id, flag, SUM(amount), BIT_XOR(qty) FROM {t} GROUP BY user_id DESC, flag",
       "SELECT user_id, flag, SUM(amount), BIT_XOR(qty) FROM {t} "
       "GROUP BY user_id, flag ORDER BY user_id DESC, flag",
       [] {
         MergeSpec s;
         s.group_by = {Desc(0), Asc(1)};
         s.shards_sorted_by_group = true;
         s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 2),
                         AggregateSpec::Partial(AggregateFunction::kBitXor, 3)};
         s.columns = {OutputColumn::Shard(0), OutputColumn::Shard(1), OutputColumn::Aggregate(0),
                      OutputColumn::Aggregate(1)};
         return s;
       }});
  v.push_back({"avg_with_div_precision_increment_7",
               "SELECT flag, AVG(qty), AVG(amount) FROM {t} GROUP BY flag",
               "SELECT flag, SUM(qty), COUNT(qty), SUM(amount), COUNT(amount) FROM {t} "
               "GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.div_precision_increment = 7;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::PartialAvg(1, 2), AggregateSpec::PartialAvg(3, 4)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0, "AVG(qty)"),
                              OutputColumn::Aggregate(1, "AVG(amount)")};
                 return s;
               },
               true,
               {},
               {},
               "SET SESSION div_precision_increment = 7"});
  v.push_back({"distinct_over_aggregates",
               "SELECT DISTINCT COUNT(*) AS n FROM {t} GROUP BY user_id ORDER BY n",
               "SELECT user_id, COUNT(*) FROM {t} GROUP BY user_id ORDER BY user_id", [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.shards_sorted_by_group = true;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1)};
                 s.columns = {OutputColumn::Aggregate(0, "n"), OutputColumn::Shard(0, "", true)};
                 s.distinct = true;
                 s.order_by = {Asc(0)};
                 return s;
               }});
  v.push_back({"group_order_irrelevant",
               "SELECT user_id, SUM(big) FROM {t} GROUP BY user_id ORDER BY NULL",
               "SELECT user_id, SUM(big) FROM {t} GROUP BY user_id ORDER BY NULL",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.sort_groups = false;
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kSum, 1)};
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0)};
                 return s;
               },
               false});
  v.push_back({"min_max_strings_per_group",
               "SELECT flag, MIN(city), MAX(city), MIN(code), MAX(note) FROM {t} GROUP BY flag",
               "SELECT flag, MIN(city), MAX(city), MIN(code), MAX(note) FROM {t} GROUP BY flag",
               [] {
                 MergeSpec s;
                 s.group_by = {Asc(0)};
                 s.aggregates = {AggregateSpec::Partial(AggregateFunction::kMin, 1),
                                 AggregateSpec::Partial(AggregateFunction::kMax, 2),
                                 AggregateSpec::Partial(AggregateFunction::kMin, 3),
                                 AggregateSpec::Partial(AggregateFunction::kMax, 4)};
                 s.aggregates[3].collation = 224;
                 s.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0),
                              OutputColumn::Aggregate(1), OutputColumn::Aggregate(2),
                              OutputColumn::Aggregate(3)};
                 return s;
               },
               true,
               {{1, 45}, {2, 45}, {4, 224}}});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Merges, MergeDifferentialTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<DiffCase>& info) {
                           return info.param.name;
                         });

// ---- cross-node join, UNION and IN-list lookups against the same data ----------------------

class CrossNodeTest : public MergeDifferentialTest {
 protected:
  // orders from every shard, as one stream (the far side of a cross-node join).
  static std::unique_ptr<RowStream> AllShards(const std::string& select) {
    std::vector<std::unique_ptr<RowStream>> parts;
    for (int s = 0; s < kShards; ++s) {
      auto stream =
          db_->Stream(absl::StrReplaceAll(select, {{"{t}", absl::StrCat("s", s, ".orders")}}));
      EXPECT_TRUE(stream.ok()) << stream.status();
      parts.push_back(*std::move(stream));
    }
    std::vector<ColumnDefinition> columns(parts[0]->columns().begin(), parts[0]->columns().end());
    return std::make_unique<ConcatStream>(std::move(parts), columns);
  }

  static void ExpectSame(RowStream& ours, const OracleResult& theirs, bool ordered,
                         bool compare_tables = true) {
    Drained out = Drain(ours);
    ASSERT_TRUE(out.status.ok()) << out.status;
    DiffCase none;
    EXPECT_EQ(Normalize(out.rows, none, !ordered), Normalize(theirs.rows, none, !ordered));
    EXPECT_FALSE(theirs.rows.empty());
    ASSERT_EQ(ours.columns().size(), theirs.columns.size());
    for (size_t i = 0; i < theirs.columns.size(); ++i) {
      ColumnDefinition a = ours.columns()[i], b = theirs.columns[i];
      a.schema = b.schema = "";
      if (!compare_tables) a.table = b.table = a.org_table = b.org_table = "";
      if (b.character_set == collation_id::kBinary && ClassOfColumn(b) != ValueClass::kString) {
        uint16_t noise = column_flag::kNum | column_flag::kBinary;
        a.flags &= static_cast<uint16_t>(~noise);
        b.flags &= static_cast<uint16_t>(~noise);
      }
      EXPECT_EQ(Describe(a), Describe(b)) << "column " << i;
    }
  }
};

struct JoinCase {
  const char* name;
  JoinType type;
  const char* reference;
};

TEST_F(CrossNodeTest, HashJoinsMatchTheServer) {
  const JoinCase cases[] = {
      {"inner", JoinType::kInner,
       "SELECT u.id, u.name, o.id, o.amount FROM ref.users u JOIN ref.orders o ON o.user_id = "
       "u.id"},
      {"left", JoinType::kLeft,
       "SELECT u.id, u.name, o.id, o.amount FROM ref.users u LEFT JOIN ref.orders o "
       "ON o.user_id = u.id"},
      {"right", JoinType::kRight,
       "SELECT u.id, u.name, o.id, o.amount FROM ref.users u RIGHT JOIN ref.orders o "
       "ON o.user_id = u.id AND u.id < 20"},
  };
  for (const JoinCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<OracleResult> reference = db_->Query(c.reference);
    ASSERT_TRUE(reference.ok()) << reference.status();
    std::string users = c.type == JoinType::kRight
                            ? "SELECT u.id, u.name FROM ref.users u WHERE u.id < 20"
                            : "SELECT u.id, u.name FROM ref.users u";
    auto left = db_->Stream(users);
    ASSERT_TRUE(left.ok());
    HashJoinSpec spec;
    spec.type = c.type;
    spec.keys = {{.left_column = 0, .right_column = 0}};
    auto join = HashJoinStream::Make(*std::move(left),
                                     AllShards("SELECT o.user_id, o.id, o.amount FROM {t} o"), spec,
                                     std::make_shared<MemoryBudget>());
    ASSERT_TRUE(join.ok()) << join.status();
    std::vector<ColumnDefinition> out_columns;
    for (int i : {0, 1, 3, 4}) out_columns.push_back((*join)->columns()[static_cast<size_t>(i)]);
    ProjectionStream projected(*std::move(join), {0, 1, 3, 4}, out_columns);
    ExpectSame(projected, *reference, /*ordered=*/false);
  }
}

TEST_F(CrossNodeTest, JoinKeysOfDifferentTypesCompareAsMysql) {
  // users.code_str (VARCHAR: '1.0', ' 2', '3abc', '4') = orders.user_id (INT): as doubles.
  absl::StatusOr<OracleResult> reference = db_->Query(
      "SELECT u.code_str, o.id FROM ref.users u JOIN ref.orders o ON u.code_str = o.user_id");
  ASSERT_TRUE(reference.ok()) << reference.status();
  auto left = db_->Stream("SELECT u.code_str FROM ref.users u");
  ASSERT_TRUE(left.ok());
  HashJoinSpec spec;
  spec.keys = {{.left_column = 0, .right_column = 0}};
  auto join = HashJoinStream::Make(*std::move(left), AllShards("SELECT o.user_id, o.id FROM {t} o"),
                                   spec, std::make_shared<MemoryBudget>());
  ASSERT_TRUE(join.ok()) << join.status();
  std::vector<ColumnDefinition> out_columns = {(*join)->columns()[0], (*join)->columns()[2]};
  ProjectionStream projected(*std::move(join), {0, 2}, out_columns);
  ExpectSame(projected, *reference, /*ordered=*/false);
}

TEST_F(CrossNodeTest, UnionsTypeAndPrintLikeTheServer) {
  const char* pairs[][2] = {
      {"qty", "amount"},   {"created", "ts"},  {"city", "qty"},  {"big", "qty"},
      {"ratio", "amount"}, {"amount", "NULL"}, {"code", "city"}, {"user_id", "flag"},
  };
  for (auto& p : pairs) {
    SCOPED_TRACE(absl::StrCat(p[0], " UNION ", p[1]));
    std::string a = absl::StrCat("SELECT id, ", p[0], " FROM ref.orders WHERE id <= 12");
    std::string b = absl::StrCat("SELECT id, ", p[1], " FROM ref.orders WHERE id > 590");
    absl::StatusOr<OracleResult> reference = db_->Query(absl::StrCat(a, " UNION ALL ", b));
    ASSERT_TRUE(reference.ok()) << reference.status();
    std::vector<std::unique_ptr<RowStream>> branches;
    branches.push_back(*db_->Stream(a));
    branches.push_back(*db_->Stream(b));
    auto u = MakeUnion(std::move(branches), {.distinct = false});
    ASSERT_TRUE(u.ok()) << u.status();
    ExpectSame(**u, *reference, /*ordered=*/true);
  }
  // UNION DISTINCT with ORDER BY and LIMIT over the union.
  std::string a = "SELECT city FROM ref.orders WHERE flag = 1";
  std::string b = "SELECT city FROM ref.orders WHERE flag = 2";
  absl::StatusOr<OracleResult> reference = db_->Query(
      absl::StrCat("SELECT city FROM (", a, " UNION ", b, ") x ORDER BY city DESC LIMIT 6"));
  ASSERT_TRUE(reference.ok());
  std::vector<std::unique_ptr<RowStream>> branches;
  branches.push_back(*db_->Stream(a));
  branches.push_back(*db_->Stream(b));
  UnionSpec spec;
  spec.order_by = {{.column = 0, .order = SortOrder::kDesc}};
  spec.limit = {.count = 6};
  auto u = MakeUnion(std::move(branches), spec);
  ASSERT_TRUE(u.ok());
  Drained out = Drain(**u);
  DiffCase ci;
  ci.by_collation = {{0, 45}};
  EXPECT_EQ(Normalize(out.rows, ci, false), Normalize(reference->rows, ci, false));
}

TEST_F(CrossNodeTest, InListLookupsMatchTheSubquery) {
  const char* filter = "name LIKE 'O''B%' OR name LIKE 'back%' OR joined IS NULL";
  absl::StatusOr<OracleResult> reference = db_->Query(absl::StrCat(
      "SELECT id, amount FROM ref.orders WHERE user_id IN (SELECT id FROM ref.users WHERE ", filter,
      ")"));
  ASSERT_TRUE(reference.ok()) << reference.status();
  absl::StatusOr<OracleResult> keys =
      db_->Query(absl::StrCat("SELECT id FROM ref.users WHERE ", filter));
  ASSERT_TRUE(keys.ok());
  InListBuilder lists({keys->columns[0]}, {.max_values = 4});
  for (const auto& row : keys->rows) {
    std::vector<Cell> cells = {row[0].has_value() ? Cell(*row[0]) : Cell()};
    lists.Add(cells);
  }
  ASSERT_GT(lists.Lists().size(), 1u);  // batched
  std::vector<std::unique_ptr<RowStream>> parts;
  for (int s = 0; s < kShards; ++s) {
    for (const std::string& list : lists.Lists()) {
      auto stream = db_->Stream(
          absl::StrCat("SELECT id, amount FROM s", s, ".orders WHERE user_id IN ", list));
      ASSERT_TRUE(stream.ok()) << stream.status();
      parts.push_back(*std::move(stream));
    }
  }
  std::vector<ColumnDefinition> columns(parts[0]->columns().begin(), parts[0]->columns().end());
  ConcatStream all(std::move(parts), columns);
  ExpectSame(all, *reference, /*ordered=*/false);
}

TEST_F(CrossNodeTest, InListStringLiteralsRoundTripInBothSqlModes) {
  absl::StatusOr<OracleResult> names = db_->Query("SELECT name FROM ref.users");
  ASSERT_TRUE(names.ok());
  for (bool no_backslash : {false, true}) {
    SCOPED_TRACE(no_backslash ? "NO_BACKSLASH_ESCAPES" : "default sql_mode");
    if (no_backslash) {
      ASSERT_TRUE(
          db_->Exec("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')").ok());
    }
    InListBuilder lists({names->columns[0]}, {.no_backslash_escapes = no_backslash});
    for (const auto& row : names->rows) lists.Add(std::vector<Cell>{Cell(*row[0])});
    ASSERT_EQ(lists.Lists().size(), 1u);
    absl::StatusOr<OracleResult> found = db_->Query(
        absl::StrCat("SELECT name FROM ref.users WHERE BINARY name IN ", lists.Lists()[0]));
    if (no_backslash) {
      ASSERT_TRUE(db_->Exec("SET SESSION sql_mode = DEFAULT").ok());
    }
    ASSERT_TRUE(found.ok()) << found.status();
    DiffCase none;
    EXPECT_EQ(Normalize(found->rows, none, true), Normalize(names->rows, none, true));
  }
}

}  // namespace
}  // namespace shardproxy
