// The collation tables and the comparison model (weights per character, ignorables, expansions,
// PAD SPACE) checked against a real MariaDB: for each collation, random strings over a pool of
// tricky characters are ordered and grouped by the server and by the merger, and must agree
// exactly — order (ties broken by id on both sides) and equality classes.
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "merger/testing/mariadb_oracle.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/collation.h"

namespace shardproxy {
namespace {

using testing::MariaDbOracle;
using testing::OracleResult;

// Characters that stress a collation, as UTF-8.
const std::vector<std::string>& UnicodePool() {
  static const auto* pool = new std::vector<std::string>{
      "a",
      "A",
      "b",
      "B",
      "e",
      "E",
      "s",
      "S",
      "z",
      "Z",
      "0",
      "9",
      " ",
      " ",
      " ",
      "\t",
      "\x01",
      "-",
      "_",
      ".",
      "'",
      "\xC3\xA9",
      "\xC3\x89",
      "\xC3\xA8",
      "\xC3\xAA",  // é É è ê
      "\xC3\xA4",
      "\xC3\x84",
      "\xC3\xA5",
      "\xC3\xA6",  // ä Ä å æ
      "\xC3\xB6",
      "\xC3\xB8",
      "\xC3\xBC",
      "\xC3\xBF",  // ö ø ü ÿ
      "\xC3\x9F",
      "\xC5\x93",
      "\xC3\xB1",
      "\xC3\xA7",      // ß œ ñ ç
      "\xC2\xA0",      // no-break space
      "\xCC\x81",      // combining acute
      "\xEF\xAC\x81",  // ﬁ
      "\xEF\xBC\xA1",  // fullwidth A
      "\xCE\xB1",
      "\xCE\x91",
      "\xCF\x82",
      "\xCF\x83",  // α Α ς σ
      "\xD0\xB6",
      "\xD0\x96",  // ж Ж
      "\xE4\xB8\xAD",
      "\xE6\x96\x87",  // 中 文
      "\xED\x95\x9C",  // 한
      "\xE2\x80\x8D",  // zero-width joiner
      "\xE2\x82\xAC",  // €
  };
  return *pool;
}

const std::vector<std::string>& SupplementaryPool() {
  static const auto* pool = new std::vector<std::string>{
      "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x81",  // emoji
      "\xF0\x90\x90\x80", "\xF0\x90\x90\xA8",  // Deseret capital/small long I
      "\xF0\x9D\x90\x80",                      // mathematical bold A
  };
  return *pool;
}

// Characters latin1 can hold (as UTF-8).
const std::vector<std::string>& Latin1Pool() {
  static const auto* pool = new std::vector<std::string>{
      "a",        "A",        "b",        "e",        "E",        "s",
      "S",        "y",        "Y",        "z",        " ",        " ",
      " ",        "\t",       "0",        "_",        "\xC3\xA9", "\xC3\x89",
      "\xC3\xA4", "\xC3\x84", "\xC3\xA5", "\xC3\x85", "\xC3\xA6", "\xC3\xB6",
      "\xC3\xB8", "\xC3\xBC", "\xC3\x9C", "\xC3\xBF", "\xC3\x9F", "\xC3\xB1",
      "\xC3\x91", "\xC3\xA7", "\xC3\x90", "\xC3\xBE", "\xC2\xA0", "\xE2\x82\xAC",
      "\xC5\x92", "\xC5\x93", "\xC5\xB8",  // Œ œ Ÿ
  };
  return *pool;
}

const std::vector<std::string>& AsciiPool() {
  static const auto* pool = new std::vector<std::string>{"a", "A",  "b", "B", "z", "Z", " ",
                                                         " ", "\t", "0", "_", "~", "`"};
  return *pool;
}

std::vector<std::string> RandomStrings(const std::vector<std::string>& pool, int count,
                                       uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string s;
    int len = static_cast<int>(rng() % 5);
    for (int k = 0; k < len; ++k) s += pool[rng() % pool.size()];
    if (rng() % 4 == 0) s += std::string(1 + rng() % 2, ' ');  // trailing spaces
    out.push_back(s);
  }
  // Near-duplicates that only a collation tells apart or merges.
  out.push_back("abc");
  out.push_back("ABC");
  out.push_back("abc ");
  out.push_back("abc\t");
  out.push_back("");
  out.push_back(" ");
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

struct Case {
  std::string collation;
  std::string column_type;  // without the collation
  const std::vector<std::string>* pool;

  friend void PrintTo(const Case& c, std::ostream* os) { *os << c.collation; }
};

class CollationMariaDbTest : public ::testing::TestWithParam<Case> {};

TEST_P(CollationMariaDbTest, OrderAndGroupsMatchTheServer) {
  const Case& c = GetParam();
  absl::StatusOr<MariaDbOracle*> oracle = MariaDbOracle::Get();
  ASSERT_TRUE(oracle.ok()) << oracle.status();
  MariaDbOracle& db = **oracle;
  std::vector<std::string> pool = *c.pool;
  std::vector<std::string> values = RandomStrings(pool, 300, 1234);
  std::string table = absl::StrCat("coll_", c.collation);
  std::string column_spec = c.collation == "binary"
                                ? c.column_type
                                : absl::StrCat(c.column_type, " COLLATE ", c.collation);
  ASSERT_TRUE(db.Exec(absl::StrCat("CREATE DATABASE IF NOT EXISTS ct;\n"
                                   "DROP TABLE IF EXISTS ct.",
                                   table, ";\n", "CREATE TABLE ct.", table,
                                   " (id INT PRIMARY KEY, s ", column_spec, ")"))
                  .ok());
  std::vector<std::string> tuples;
  for (size_t i = 0; i < values.size(); ++i) {
    tuples.push_back(absl::StrCat("(", i, ",", Quote(values[i]), ")"));
  }
  ASSERT_TRUE(
      db.Exec(absl::StrCat("INSERT INTO ct.", table, " VALUES ", absl::StrJoin(tuples, ","))).ok());

  // Read the values back as the server sends them (latin1 columns arrive as UTF-8).
  absl::StatusOr<OracleResult> sorted =
      db.Query(absl::StrCat("SELECT id, s FROM ct.", table, " ORDER BY s, id"));
  ASSERT_TRUE(sorted.ok()) << sorted.status();
  const Collation* collation = Collation::FindByName(c.collation);
  ASSERT_NE(collation, nullptr);
  absl::StatusOr<CellComparator> cmp =
      CellComparator::ForColumn(sorted->columns[1], collation->id());
  ASSERT_TRUE(cmp.ok()) << cmp.status();

  struct Row {
    int id;
    std::string s;
  };
  std::vector<Row> rows;
  for (const auto& r : sorted->rows) rows.push_back({std::stoi(*r[0]), *r[1]});
  std::vector<Row> ours = rows;
  std::stable_sort(ours.begin(), ours.end(), [&](const Row& a, const Row& b) {
    int r = cmp->CompareValues(a.s, b.s);
    return r != 0 ? r < 0 : a.id < b.id;
  });
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(ours[i].id, rows[i].id)
        << c.collation << ": position " << i << " server has '" << rows[i].s << "' (id "
        << rows[i].id << "), merger has '" << ours[i].s << "' (id " << ours[i].id << ")";
  }

  // Equality classes: the server's GROUP BY against the merger's equality keys.
  absl::StatusOr<OracleResult> groups = db.Query(absl::StrCat(
      "SELECT GROUP_CONCAT(id ORDER BY id) FROM ct.", table, " GROUP BY s ORDER BY MIN(id)"));
  ASSERT_TRUE(groups.ok()) << groups.status();
  std::map<std::string, std::vector<int>> by_key;
  for (const Row& r : rows) {
    std::string key;
    cmp->AppendKey(Cell(absl::string_view(r.s)), &key);
    by_key[key].push_back(r.id);
  }
  std::vector<std::string> ours_groups;
  for (auto& [key, ids] : by_key) {
    std::sort(ids.begin(), ids.end());
    ours_groups.push_back(absl::StrJoin(ids, ","));
  }
  std::vector<std::string> server_groups;
  for (const auto& r : groups->rows) server_groups.push_back(*r[0]);
  std::sort(ours_groups.begin(), ours_groups.end());
  std::sort(server_groups.begin(), server_groups.end());
  EXPECT_EQ(ours_groups, server_groups) << c.collation;
}

std::vector<std::string> WithSupplementary() {
  std::vector<std::string> p = UnicodePool();
  p.insert(p.end(), SupplementaryPool().begin(), SupplementaryPool().end());
  return p;
}

const std::vector<std::string>* Utf8mb4Pool() {
  static const auto* pool = new std::vector<std::string>(WithSupplementary());
  return pool;
}

INSTANTIATE_TEST_SUITE_P(
    Collations, CollationMariaDbTest,
    ::testing::Values(
        Case{"utf8mb4_general_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_bin", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_unicode_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_unicode_520_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_general_nopad_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_nopad_bin", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_unicode_nopad_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb4_unicode_520_nopad_ci", "VARCHAR(40) CHARACTER SET utf8mb4", Utf8mb4Pool()},
        Case{"utf8mb3_general_ci", "VARCHAR(40) CHARACTER SET utf8mb3", &UnicodePool()},
        Case{"utf8mb3_unicode_ci", "VARCHAR(40) CHARACTER SET utf8mb3", &UnicodePool()},
        Case{"utf8mb3_bin", "VARCHAR(40) CHARACTER SET utf8mb3", &UnicodePool()},
        Case{"latin1_swedish_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_german1_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_german2_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_danish_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_general_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_general_cs", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_spanish_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_bin", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"latin1_swedish_nopad_ci", "VARCHAR(40) CHARACTER SET latin1", &Latin1Pool()},
        Case{"ascii_general_ci", "VARCHAR(40) CHARACTER SET ascii", &AsciiPool()},
        Case{"ascii_bin", "VARCHAR(40) CHARACTER SET ascii", &AsciiPool()},
        Case{"binary", "VARBINARY(160)", Utf8mb4Pool()}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.collation; });

}  // namespace
}  // namespace shardproxy
