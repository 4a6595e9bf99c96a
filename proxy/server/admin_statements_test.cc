#include "proxy/server/admin_statements.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kConfig[] = R"(listen: 127.0.0.1:3307
users: [{ name: app, password: app_pw }]
data_sources:
  ds0: { host: 127.0.0.1, port: 13306, user: root, database: shop_0 }
  ds1: { host: 127.0.0.1, port: 13307, user: root, database: shop_1 }
default_data_source: ds0
sharding:
  tables:
    t_user:
      data_nodes: ds${0..1}.t_user
      database_strategy: { column: user_id, algorithm: db_mod }
  broadcast_tables: [t_region]
  algorithms:
    db_mod: { type: mod, count: 2 }
)";

// Records what a handler writes, as text.
class RecordingSink : public ResultSink {
 public:
  void WriteOk(const OkResult& ok, bool more_results) override {
    events.push_back(absl::StrCat("ok ", ok.info, more_results ? " more" : ""));
  }
  void WriteColumns(absl::Span<const ColumnDefinition> columns) override {
    std::string names;
    for (const ColumnDefinition& column : columns) absl::StrAppend(&names, " ", column.name);
    events.push_back(absl::StrCat("columns", names));
  }
  absl::Status WriteRow(RowView row) override {
    std::string cells;
    for (const Cell& cell : row) absl::StrAppend(&cells, " ", cell ? *cell : "NULL");
    events.push_back(absl::StrCat("row", cells));
    return absl::OkStatus();
  }
  void WriteEnd(uint16_t status_flags, uint16_t, bool more_results) override {
    events.push_back(absl::StrCat("end ", status_flags, more_results ? " more" : ""));
  }
  void WriteError(const absl::Status& status) override {
    events.push_back(absl::StrCat("error ", ToMysqlError(status).code, " ", status.message()));
  }
  bool WantsMore() const override { return true; }
  void Done() override { events.push_back("done"); }

  std::vector<std::string> events;
};

// Answers at once, even inside the call: RunAdminStatement must still not.
class FailingReloader : public ConfigReloadService {
 public:
  void ReloadConfig(ReloadCallback done) override {
    ++calls;
    done(InternalError("bad.yaml:3:7: unknown key 'listn'"));
  }
  int calls = 0;
};

TEST(AdminStatementsTest, RecognisesOnlyItsOwnStatements) {
  EXPECT_TRUE(IsAdminStatement("SHOW SHARDING TABLES"));
  EXPECT_TRUE(IsAdminStatement("  show\tsharding table t_order;"));
  EXPECT_TRUE(IsAdminStatement("reload config"));
  EXPECT_TRUE(IsAdminStatement("RELOAD CONFIG;"));
  EXPECT_TRUE(IsAdminStatement("SHOW SHARDING"));  // ours, and malformed
  EXPECT_FALSE(IsAdminStatement("SHOW TABLES"));
  EXPECT_FALSE(IsAdminStatement("SELECT 'SHOW SHARDING TABLES'"));
  EXPECT_FALSE(IsAdminStatement("RELOAD"));
  EXPECT_FALSE(IsAdminStatement(""));
  EXPECT_FALSE(IsAdminStatement("SHOWSHARDING TABLES"));
}

TEST(AdminStatementsTest, ParsesNamesAndRejectsMalformedOnes) {
  absl::StatusOr<AdminStatement> parsed = ParseAdminStatement("show sharding table `t``x` ;");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->kind, AdminStatement::Kind::kShowShardingTable);
  EXPECT_EQ(parsed->table, "t`x");
  parsed = ParseAdminStatement("Show Sharding Tables;;");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->kind, AdminStatement::Kind::kShowShardingTables);
  parsed = ParseAdminStatement("RELOAD CONFIG");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->kind, AdminStatement::Kind::kReloadConfig);
  for (const char* bad :
       {"SHOW SHARDING", "SHOW SHARDING TABLE", "SHOW SHARDING TABLES x", "SHOW SHARDING TABLE a b",
        "RELOAD CONFIGURATION", "RELOAD CONFIG now", "SHOW SHARDING TABLE `open"}) {
    parsed = ParseAdminStatement(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(ToMysqlError(parsed.status()).code, mysql_errc::kParse) << bad;
  }
}

// Runs one statement to its answer on a real loop and writes it to a RecordingSink.
std::vector<std::string> RunAdmin(absl::string_view sql, ConfigReloadService* reloader = nullptr) {
  auto loop = EventLoop::Create();
  EXPECT_TRUE(loop.ok());
  auto config = ParseConfig(kConfig, "test.yaml");
  EXPECT_TRUE(config.ok()) << config.status();
  RecordingSink sink;
  bool answered = false;
  RunAdminStatement(sql, {.loop = loop->get(), .config = *config, .reloader = reloader},
                    [&](AdminAnswer answer) {
                      answered = true;
                      WriteAdminAnswer(answer, server_status::kAutocommit, false, &sink);
                      (*loop)->Stop();
                    });
  EXPECT_FALSE(answered) << "answered inside the call";
  (*loop)->Run();
  EXPECT_TRUE(answered);
  return sink.events;
}

TEST(AdminStatementsTest, AnswersResultSetsOkAndErrors) {
  std::vector<std::string> events = RunAdmin("SHOW SHARDING TABLES");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0],
            "columns table type data_nodes data_sources database_strategy table_strategy "
            "binding_tables key_generator");
  EXPECT_THAT(events[1], HasSubstr("row t_user sharded 2 ds0,ds1 user_id -> db_mod"));
  EXPECT_THAT(events[2], HasSubstr("row t_region broadcast"));
  EXPECT_EQ(events[3], absl::StrCat("end ", server_status::kAutocommit));

  events = RunAdmin("SHOW SHARDING TABLE t_user");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events[1], HasSubstr("row t_user sharded ds0.t_user, ds1.t_user"));

  EXPECT_THAT(RunAdmin("SHOW SHARDING TABLE t_nothing"), ElementsAre(HasSubstr("error 1146")));
  EXPECT_THAT(RunAdmin("SHOW SHARDING TABLEZ"), ElementsAre(HasSubstr("error 1064 expected SHOW")));
  EXPECT_THAT(RunAdmin("RELOAD CONFIG"), ElementsAre(HasSubstr("error 1105")));

  FailingReloader reloader;
  EXPECT_THAT(RunAdmin("RELOAD CONFIG", &reloader),
              ElementsAre("error 1105 bad.yaml:3:7: unknown key 'listn'"));
  EXPECT_EQ(reloader.calls, 1);
}

TEST(AdminStatementsTest, OkCarriesTheMessageAndMoreResults) {
  RecordingSink sink;
  AdminAnswer answer;
  answer.info = "configuration reloaded (generation 2): no changes";
  EXPECT_TRUE(WriteAdminAnswer(answer, server_status::kAutocommit, true, &sink));
  EXPECT_THAT(sink.events,
              ElementsAre("ok configuration reloaded (generation 2): no changes more"));
}

}  // namespace
}  // namespace shardproxy
