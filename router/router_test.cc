// Unit tests of Router::Route: golden tables (router/testdata/*.golden: SQL → node statements
// and merge spec, one case per blank-line-separated block) over the example configs, and
// targeted tests for generated keys, prepared statements and refusals.
//
// Regenerate the golden files after an intended change with ROUTER_GOLDEN_UPDATE=1 and review
// the diff: every line is a claim about where a statement runs and what it runs.
#include "router/router.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/mysql_error.h"
#include "config/config.h"
#include "gtest/gtest.h"
#include "parser/literal.h"
#include "parser/parser.h"
#include "router/plan_text.h"

namespace shardproxy::router {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("SHARDPROXY_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::shared_ptr<const Config> LoadExample(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const Config>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  auto config = LoadConfigFile(absl::StrCat(SourceDir(), "/config/examples/", name));
  EXPECT_TRUE(config.ok()) << config.status();
  if (!config.ok()) return nullptr;
  cache[name] = *config;
  return *config;
}

sql::Parser& SharedParser() {
  static sql::Parser* parser = new sql::Parser();
  return *parser;
}

std::string RouteToText(const Config& config, const std::string& sql) {
  sql::BoundStatement statement;
  absl::Status parsed = SharedParser().Parse(sql, &statement);
  if (!parsed.ok()) return absl::StrCat("! parse ", parsed.message(), "\n");
  RouteContext context{.config = &config, .current_database = config.database};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  if (!plan.ok()) {
    MysqlError e = ToMysqlError(plan.status());
    return absl::StrCat("! ", e.code, " ", e.message, "\n");
  }
  return PlanToText(*plan);
}

struct GoldenCase {
  std::string config;
  std::string sql;
  std::string expected;
};

std::vector<std::string> GoldenFiles() {
  return {"sysbench.golden", "ecommerce.golden", "conditions.golden", "merge.golden",
          "writes.golden"};
}

TEST(RouterGoldenTest, EveryCaseMatches) {
  bool update = std::getenv("ROUTER_GOLDEN_UPDATE") != nullptr;
  int cases = 0;
  for (const std::string& file : GoldenFiles()) {
    std::string path = absl::StrCat(SourceDir(), "/router/testdata/", file);
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << path;
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string out;
    std::string config_name;
    // Blocks: "@config NAME" lines, "#" comments, and cases: SQL line then expected lines.
    std::vector<std::string> blocks = absl::StrSplit(buffer.str(), "\n\n");
    for (std::string& block : blocks) {
      if (absl::StripAsciiWhitespace(block).empty()) continue;
      std::vector<std::string> lines = absl::StrSplit(block, '\n');
      std::string header;
      size_t i = 0;
      while (i < lines.size() &&
             (absl::StartsWith(lines[i], "#") || absl::StartsWith(lines[i], "@config "))) {
        if (absl::StartsWith(lines[i], "@config ")) config_name = lines[i].substr(8);
        absl::StrAppend(&header, lines[i], "\n");
        ++i;
      }
      if (i >= lines.size()) {
        absl::StrAppend(&out, header, "\n");
        continue;
      }
      std::string sql = lines[i++];
      std::string expected;
      for (; i < lines.size(); ++i) {
        if (!lines[i].empty()) absl::StrAppend(&expected, lines[i], "\n");
      }
      std::shared_ptr<const Config> config = LoadExample(config_name);
      ASSERT_NE(config, nullptr) << config_name;
      std::string actual = RouteToText(*config, sql);
      ++cases;
      if (!update) {
        EXPECT_EQ(actual, expected) << file << " [" << config_name << "]: " << sql;
      }
      absl::StrAppend(&out, header, sql, "\n", actual, "\n");
    }
    if (update) {
      std::ofstream o(path);
      o << absl::StripSuffix(out, "\n");
    }
  }
  EXPECT_GE(cases, 200);
}

// ---- generated keys ---------------------------------------------------------------------------

TEST(RouterTest, InsertWithoutKeyGetsSnowflakeKeysRoutedByThem) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  ASSERT_NE(config, nullptr);
  sql::BoundStatement statement;
  std::string sql =
      "INSERT INTO t_order (user_id, status) VALUES (1, 'a'), (1, 'b'), (1, 'c'), (1, 'd')";
  ASSERT_TRUE(SharedParser().Parse(sql, &statement).ok());
  RouteContext context{.config = config.get(), .current_database = "shop"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_TRUE(plan->generated_insert_id.has_value());
  int rows = 0;
  std::vector<int64_t> keys;
  for (const NodeStatement& s : plan->statements) {
    EXPECT_EQ(s.data_source, "ds1");  // user_id 1 → ds1
    ASSERT_TRUE(absl::StrContains(s.sql, "(user_id, status, `order_id`) VALUES")) << s.sql;
    // Every row's key decides its table: t_order_<key % 2>.
    std::string table = absl::StrContains(s.sql, "t_order_0") ? "0" : "1";
    for (absl::string_view part : absl::StrSplit(s.sql, "), (")) {
      absl::string_view key = part.substr(part.rfind(", ") + 2);
      key = absl::StripSuffix(key, ")");
      int64_t k;
      ASSERT_TRUE(absl::SimpleAtoi(key, &k)) << key;
      EXPECT_EQ(absl::StrCat(k % 2), table) << s.sql;
      keys.push_back(k);
      ++rows;
    }
  }
  EXPECT_EQ(rows, 4);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(static_cast<uint64_t>(keys.front()), *plan->generated_insert_id);
  EXPECT_EQ(std::unique(keys.begin(), keys.end()), keys.end());
}

TEST(RouterTest, InsertGivingTheKeyGeneratesNothing) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  sql::BoundStatement statement;
  std::string sql = "INSERT INTO t_order (order_id, user_id) VALUES (10, 3)";
  ASSERT_TRUE(SharedParser().Parse(sql, &statement).ok());
  RouteContext context{.config = config.get(), .current_database = "shop"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->generated_insert_id.has_value());
  ASSERT_EQ(plan->statements.size(), 1u);
  EXPECT_EQ(plan->statements[0].sql, "INSERT INTO t_order_0 (order_id, user_id) VALUES (10, 3)");
  EXPECT_EQ(plan->statements[0].data_source, "ds1");
}

// ---- collations of merged string keys ----------------------------------------------------------

TEST(RouterTest, MergedStringKeysTakeTheColumnsDeclaredCollation) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  ASSERT_NE(config, nullptr);
  constexpr uint16_t kUnicodeCi = 224, kBin = 46;
  ColumnCollations collations;
  std::vector<std::string> missing;
  RouteContext context{.config = config.get(),
                       .current_database = "shop",
                       .collations = &collations,
                       .collations_missing = &missing};
  auto route = [&](const std::string& sql) -> std::shared_ptr<const MergeSpec> {
    sql::BoundStatement statement;
    EXPECT_TRUE(SharedParser().Parse(sql, &statement).ok()) << sql;
    absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? plan->merge : nullptr;
  };
  // Not loaded yet: the table is named as missing, the key compares as its metadata says.
  std::shared_ptr<const MergeSpec> spec = route("SELECT status FROM t_order ORDER BY status");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(missing, std::vector<std::string>{"t_order"});
  EXPECT_FALSE(spec->order_by[0].collation.has_value());

  collations.Set("t_order", {{"status", kUnicodeCi}});
  missing.clear();
  spec = route("SELECT status, order_id FROM t_order ORDER BY status DESC, order_id");
  EXPECT_EQ(spec->order_by[0].collation, kUnicodeCi);
  EXPECT_FALSE(spec->order_by[1].collation.has_value());  // not a string column
  EXPECT_TRUE(missing.empty());
  spec = route("SELECT o.order_id FROM t_order o ORDER BY LOWER(o.status)");
  EXPECT_EQ(spec->order_by[0].collation, kUnicodeCi);
  spec = route("SELECT UPPER(status) AS s FROM t_order ORDER BY s");
  EXPECT_EQ(spec->order_by[0].collation, kUnicodeCi);
  spec = route("SELECT order_id FROM t_order ORDER BY status COLLATE utf8mb4_bin");
  EXPECT_EQ(spec->order_by[0].collation, kBin);
  spec = route("SELECT order_id FROM t_order ORDER BY CAST(status AS CHAR)");
  EXPECT_FALSE(spec->order_by[0].collation.has_value());  // the connection's collation
  spec = route("SELECT status, COUNT(*) FROM t_order GROUP BY status");
  EXPECT_EQ(spec->group_by[0].collation, kUnicodeCi);
  spec = route("SELECT MIN(status), COUNT(DISTINCT status), MAX(order_id) FROM t_order");
  ASSERT_EQ(spec->aggregates.size(), 3u);
  EXPECT_EQ(spec->aggregates[0].collation, kUnicodeCi);
  EXPECT_EQ(spec->aggregates[1].collation, kUnicodeCi);
  EXPECT_FALSE(spec->aggregates[2].collation.has_value());
  spec = route("SELECT DISTINCT status, user_id FROM t_order");
  ASSERT_EQ(spec->columns.size(), 2u);
  EXPECT_EQ(spec->columns[0].collation, kUnicodeCi);
  EXPECT_FALSE(spec->columns[1].collation.has_value());
}

// ---- prepared statements -----------------------------------------------------------------------

TEST(RouterTest, BoundParametersRouteAndAppearAsLiterals) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-2x2.yaml");
  auto prepared = SharedParser().Prepare("SELECT c FROM sbtest3 WHERE id = ?");
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  for (int id : {4, 5, 6, 7}) {
    std::string text = absl::StrCat(id);
    sql::LiteralValue value{sql::TokenKind::kInteger, text};
    sql::BoundStatement statement;
    ASSERT_TRUE((*prepared)->Bind({&value, 1}, &statement).ok());
    absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_EQ(plan->statements.size(), 1u);
    EXPECT_EQ(plan->statements[0].data_source, id % 2 == 0 ? "ds0" : "ds1");
    EXPECT_EQ(plan->statements[0].sql,
              absl::StrCat("SELECT c FROM sbtest3_", id % 4, " WHERE id = ", id));
  }
}

TEST(RouterTest, BoundRangeAndStringParameters) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-4.yaml");
  auto prepared =
      SharedParser().Prepare("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN ? AND ? AND c <> ?");
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  std::string quoted;
  sql::AppendSqlStringLiteral("it's", &quoted);
  sql::LiteralValue values[] = {{sql::TokenKind::kInteger, "9"},
                                {sql::TokenKind::kInteger, "10"},
                                {sql::TokenKind::kString, quoted}};
  sql::BoundStatement statement;
  ASSERT_TRUE((*prepared)->Bind(values, &statement).ok());
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(PlanToText(*plan),
            "ds1: SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 9 AND 10 AND c <> 'it\\'s'\n"
            "ds2: SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 9 AND 10 AND c <> 'it\\'s'\n"
            "= read merge columns=[a0] aggregates=[SUM(0)]\n");
}

TEST(RouterTest, UnboundParameterReadsEveryNode) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-2.yaml");
  sql::BoundStatement statement;
  ASSERT_TRUE(SharedParser()
                  .ParseUncached("SELECT c FROM sbtest1 WHERE id = ?", &statement,
                                 /*allow_params=*/true)
                  .ok());
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->statements.size(), 2u);
}

// ---- context ------------------------------------------------------------------------------------

TEST(RouterTest, NoCurrentDatabaseIs1046) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-2.yaml");
  sql::BoundStatement statement;
  ASSERT_TRUE(SharedParser().Parse("SELECT c FROM sbtest1 WHERE id = 1", &statement).ok());
  RouteContext context{.config = config.get()};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(ToMysqlError(plan.status()).code, 1046);
}

TEST(RouterTest, BroadcastReadsFollowTheChoice) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  sql::BoundStatement statement;
  ASSERT_TRUE(SharedParser().Parse("SELECT * FROM t_product", &statement).ok());
  for (uint64_t choice : {0, 1, 2, 3}) {
    RouteContext context{
        .config = config.get(), .current_database = "shop", .broadcast_read_choice = choice};
    absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
    ASSERT_TRUE(plan.ok());
    ASSERT_EQ(plan->statements.size(), 1u);
    EXPECT_EQ(plan->statements[0].data_source, choice % 2 == 0 ? "ds0" : "ds1");
  }
}

TEST(RouterTest, SessionStatementsAreNotRouted) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-2.yaml");
  for (const char* sql : {"BEGIN", "COMMIT", "SET autocommit = 0", "USE sbtest"}) {
    sql::BoundStatement statement;
    ASSERT_TRUE(SharedParser().Parse(sql, &statement).ok()) << sql;
    EXPECT_FALSE(Router::Handles(statement.kind())) << sql;
    RouteContext context{.config = config.get(), .current_database = "sbtest"};
    EXPECT_FALSE(Router::Route(statement, context).ok()) << sql;
  }
}

TEST(RouterTest, RestoreLogicalNamesMapsTablesAndDatabases) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  sql::BoundStatement statement;
  ASSERT_TRUE(
      SharedParser().Parse("SELECT o.status FROM t_order o WHERE user_id = 1", &statement).ok());
  RouteContext context{.config = config.get(), .current_database = "shop"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok());
  ColumnDefinition c;
  c.schema = "shop_1";
  c.table = "o";
  c.org_table = "t_order_1";
  RestoreLogicalNames(*plan, *config, absl::MakeSpan(&c, 1));
  EXPECT_EQ(c.schema, "shop");
  EXPECT_EQ(c.table, "o");
  EXPECT_EQ(c.org_table, "t_order");
}

TEST(RouterTest, RestoreLogicalNamesInMessageMapsQualifiedNamesOnly) {
  std::shared_ptr<const Config> config = LoadExample("ecommerce.yaml");
  auto restore = [&](absl::string_view message) {
    return RestoreLogicalNamesInMessage(*config, message);
  };
  EXPECT_EQ(restore("Table 'shop_0.nosuch' doesn't exist"), "Table 'shop.nosuch' doesn't exist");
  EXPECT_EQ(restore("Table 'shop_1.t_order_item_1' doesn't exist"),
            "Table 'shop.t_order_item' doesn't exist");
  EXPECT_EQ(restore("Unknown column 't_order_1.nocol' in 'SELECT'"),
            "Unknown column 't_order.nocol' in 'SELECT'");
  EXPECT_EQ(restore("Unknown column 'shop_0.t_order_0.x' in 'WHERE'"),
            "Unknown column 'shop.t_order.x' in 'WHERE'");
  // Values and unqualified names stay: they may be the client's own data.
  for (absl::string_view message :
       {"Duplicate entry 'shop_0' for key 'PRIMARY'", "Duplicate entry 't_order_1-2' for key 'u'",
        "Unknown column 'nocol' in 'SELECT'", "Table 'shop_01.t' doesn't exist",
        "Table 'shop.t_order_10' doesn't exist", "", "shop_0.t"}) {
    EXPECT_EQ(restore(message), message);
  }
  // DDL's messages name a table alone; asked for, those are mapped too (databases never alone).
  EXPECT_EQ(RestoreLogicalNamesInMessage(*config, "Table 't_order_1' already exists", true),
            "Table 't_order' already exists");
  EXPECT_EQ(RestoreLogicalNamesInMessage(*config, "Duplicate key name `t_order_item_0`", true),
            "Duplicate key name `t_order_item`");
  EXPECT_EQ(
      RestoreLogicalNamesInMessage(*config, "Can't DROP 'shop_0'; check that it exists", true),
      "Can't DROP 'shop_0'; check that it exists");
  EXPECT_EQ(restore("Table 't_order_1' already exists"), "Table 't_order_1' already exists");
}

TEST(RouterTest, MergeSpecForStarCompletesHiddenTail) {
  std::shared_ptr<const Config> config = LoadExample("sysbench-2.yaml");
  sql::BoundStatement statement;
  ASSERT_TRUE(SharedParser()
                  .Parse("SELECT * FROM sbtest1 WHERE id < 100 ORDER BY k DESC LIMIT 5", &statement)
                  .ok());
  RouteContext context{.config = config.get(), .current_database = "sbtest"};
  absl::StatusOr<RoutePlan> plan = Router::Route(statement, context);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->merge_hidden_tail, 1);
  std::vector<ColumnDefinition> shard(5);
  auto spec = MergeSpecFor(*plan, shard);
  ASSERT_TRUE(spec.ok());
  ASSERT_EQ((*spec)->columns.size(), 5u);
  EXPECT_TRUE((*spec)->columns[4].hidden);
  EXPECT_FALSE((*spec)->columns[3].hidden);
  EXPECT_EQ((*spec)->order_by[0].column, 4);
}

}  // namespace
}  // namespace shardproxy::router
