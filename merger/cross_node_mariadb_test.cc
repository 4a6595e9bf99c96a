// Cross-node work checked against a real MariaDB on the shared data set: hash joins (INNER,
// LEFT, RIGHT, keys of different types), UNION type aggregation and conversions, UNION DISTINCT
// with ORDER BY/LIMIT, and IN-list lookups (batched, strings escaped for both sql_modes).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "merger/concat_stream.h"
#include "merger/hash_join_stream.h"
#include "merger/in_list.h"
#include "merger/projection_stream.h"
#include "merger/testing/row_stream_testing.h"
#include "merger/testing/sharded_data.h"
#include "merger/testing/sharded_data_test.h"
#include "merger/union_stream.h"
#include "merger/value/cell_comparator.h"

namespace shardproxy {
namespace {

using testing::ClearPlanDependentFields;
using testing::Describe;
using testing::DiffCase;
using testing::Drain;
using testing::Drained;
using testing::Normalize;
using testing::OracleResult;

class CrossNodeTest : public testing::ShardedDataTest<> {
 protected:
  // orders from every shard, as one stream (the far side of a cross-node join).
  static std::unique_ptr<RowStream> AllShards(const std::string& select) {
    std::vector<std::unique_ptr<RowStream>> parts;
    for (int s = 0; s < testing::kDataShards; ++s) {
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
      ClearPlanDependentFields(&a, &b);
      if (!compare_tables) a.table = b.table = a.org_table = b.org_table = "";
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
      {"qty", "amount"},   {"created", "ts"},   {"city", "qty"},  {"big", "qty"},
      {"ratio", "amount"}, {"amount", "NULL"},  {"code", "city"}, {"user_id", "flag"},
      {"city", "code"},    {"created", "city"},
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
    // Deduplicated and sorted, the server answers from a temporary table, which describes some
    // columns differently (strings' decimals).
    reference = db_->Query(absl::StrCat(a, " UNION ", b, " ORDER BY 1"));
    ASSERT_TRUE(reference.ok()) << reference.status();
    branches.clear();
    branches.push_back(*db_->Stream(a));
    branches.push_back(*db_->Stream(b));
    u = MakeUnion(std::move(branches), {.order_by = {{.column = 0}}});
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
  for (int s = 0; s < testing::kDataShards; ++s) {
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
