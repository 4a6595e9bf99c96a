#include "merger/testing/sharded_data.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "merger/merger.h"
#include "merger/testing/row_stream_testing.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/collation.h"

namespace shardproxy::testing {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string MaybeNull(bool null, const std::string& v) { return null ? "NULL" : v; }

absl::Status LoadOnce(MariaDbOracle& db) {
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
  for (int s = 0; s < kDataShards; ++s) {
    absl::StrAppend(&setup, "CREATE DATABASE IF NOT EXISTS s", s, ";\nDROP TABLE IF EXISTS s", s,
                    ".orders;\nCREATE TABLE s", s, ".orders ", schema, ";\n");
  }
  absl::StrAppend(&setup,
                  "DROP TABLE IF EXISTS ref.users;\n"
                  "CREATE TABLE ref.users (id INT PRIMARY KEY, name VARCHAR(30), "
                  "code_str VARCHAR(10), joined DATE)");
  absl::Status st = db.Exec(setup);
  if (!st.ok()) return st;

  std::vector<std::string> rows[kDataShards];
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

}  // namespace

absl::Status LoadShardedData(MariaDbOracle& db) {
  static const absl::Status loaded = LoadOnce(db);
  return loaded;
}

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

void ClearPlanDependentFields(ColumnDefinition* ours, ColumnDefinition* theirs) {
  ours->schema = theirs->schema = "";  // physical database names differ by design
  if (theirs->character_set == collation_id::kBinary &&
      ClassOfColumn(*theirs) != ValueClass::kString) {
    uint16_t noise = column_flag::kNum | column_flag::kBinary;
    ours->flags &= static_cast<uint16_t>(~noise);
    theirs->flags &= static_cast<uint16_t>(~noise);
  }
}

MergeSpec Sorted(std::vector<SortKey> keys, LimitSpec limit) {
  MergeSpec s;
  s.order_by = std::move(keys);
  s.shards_sorted_by_order = true;
  s.limit = limit;
  return s;
}

void CheckMergeCase(MariaDbOracle& db, const DiffCase& c) {
  if (!c.session.empty()) {
    ASSERT_TRUE(db.Exec(c.session).ok());
  }
  absl::StatusOr<OracleResult> reference =
      db.Query(absl::StrReplaceAll(c.reference, {{"{t}", "ref.orders"}}));
  ASSERT_TRUE(reference.ok()) << reference.status();
  std::vector<std::unique_ptr<RowStream>> shards;
  for (int s = 0; s < kDataShards; ++s) {
    auto stream =
        db.Stream(absl::StrReplaceAll(c.shard, {{"{t}", absl::StrCat("s", s, ".orders")}}));
    ASSERT_TRUE(stream.ok()) << stream.status();
    shards.push_back(*std::move(stream));
  }
  if (!c.session.empty()) {
    ASSERT_TRUE(db.Exec("SET SESSION div_precision_increment = DEFAULT;\n"
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
    ClearPlanDependentFields(&ours, &theirs);
    EXPECT_EQ(Describe(ours), Describe(theirs)) << "column " << i;
  }
}

}  // namespace shardproxy::testing
