// Session state on real MariaDB: what tracking reports, Sync replaying it on another
// connection, what binds a connection to its session, and COM_RESET_CONNECTION.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/backend/backend_faults.h"
#include "tests/backend/backend_fixture.h"

namespace shardproxy::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

using BackendSessionTest = BackendTest;

const char kProbe[] =
    "SELECT CONCAT_WS('|', @@character_set_client, @@character_set_connection, "
    "@@character_set_results, @@collation_connection, @@sql_mode, @@time_zone, @@autocommit, "
    "IFNULL(DATABASE(), 'none'), @@tx_isolation, @@wait_timeout, @@lc_time_names)";

TEST_F(BackendSessionTest, TrackingReportsWhatSetAndUseChanged) {
  auto conn = Connect();
  uint64_t version = conn->session_state_version();
  Collected c = Run(conn.get(), "SET sql_mode='ANSI', time_zone='+01:00'");
  ASSERT_TRUE(c.status.ok()) << c.status;
  EXPECT_THAT(
      c.results.at(0).ok.session_track,
      Contains(SessionTrackEntry{SessionTrackType::kSystemVariables, "time_zone", "+01:00"}));
  EXPECT_EQ(conn->session_state().Variable("sql_mode"),
            "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ANSI");
  EXPECT_EQ(conn->session_state().Variable("time_zone"), "+01:00");
  EXPECT_GT(conn->session_state_version(), version);
  EXPECT_FALSE(conn->IsSessionBound());

  ASSERT_TRUE(Run(conn.get(), "USE mysql").status.ok());
  EXPECT_EQ(conn->session_state().schema, "mysql");

  // MariaDB does not report collation_connection for SET NAMES; the connection asks.
  ASSERT_TRUE(Run(conn.get(), "SET NAMES latin1 COLLATE latin1_bin").status.ok());
  EXPECT_EQ(conn->session_state().Variable("character_set_client"), "latin1");
  EXPECT_EQ(conn->session_state().Variable("collation_connection"), "latin1_bin");
  ASSERT_TRUE(Run(conn.get(), "SET NAMES utf8mb4").status.ok());
  EXPECT_EQ(conn->session_state().Variable("collation_connection"), "utf8mb4_general_ci");
  EXPECT_FALSE(conn->IsSessionBound());

  ASSERT_TRUE(Run(conn.get(), "SET autocommit=0").status.ok());
  EXPECT_FALSE(conn->session_state().autocommit());
  EXPECT_FALSE(conn->IsSessionBound());
  ASSERT_TRUE(Run(conn.get(), "SELECT COUNT(*) FROM shop.items").status.ok());  // BEGINs
  EXPECT_TRUE(conn->in_transaction());
  EXPECT_TRUE(conn->IsSessionBound());
  ASSERT_TRUE(Run(conn.get(), "COMMIT").status.ok());
  EXPECT_FALSE(conn->IsSessionBound());

  // Within a multi-statement the scan cannot tell which statement changed what: a variable
  // change next to anything but SET/USE binds the connection (a reset undoes it).
  ASSERT_TRUE(Run(conn.get(), "SET NAMES latin1; SELECT 1").status.ok());
  EXPECT_EQ(conn->session_state().Variable("collation_connection"), "latin1_swedish_ci");
  EXPECT_TRUE(conn->IsSessionBound());
}

TEST_F(BackendSessionTest, StateOnlyThisConnectionHasBindsIt) {
  struct Case {
    const char* setup;
    const char* undo;  // nullptr: only a reset undoes it
  };
  for (const Case& c :
       {Case{"SET @u = 1", nullptr}, Case{"SELECT @v := 2", nullptr},
        Case{"SET @a = 1, autocommit = 1", nullptr},
        Case{"CREATE TEMPORARY TABLE tmp (a INT)", nullptr},
        Case{"PREPARE s FROM 'SELECT 1'", nullptr}, Case{"SELECT GET_LOCK('k', 0)", nullptr},
        Case{"SELECT SQL_CALC_FOUND_ROWS * FROM items LIMIT 1", nullptr},
        Case{"SET timestamp = 1000000000", nullptr}, Case{"BEGIN", "COMMIT"},
        Case{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "BEGIN; COMMIT"},
        Case{"LOCK TABLES items READ", "UNLOCK TABLES"}}) {
    auto conn = Connect();
    ASSERT_FALSE(conn->IsSessionBound());
    Collected result = Run(conn.get(), c.setup);
    ASSERT_TRUE(result.status.ok()) << c.setup << ": " << result.status;
    EXPECT_TRUE(conn->IsSessionBound()) << c.setup;
    if (c.undo != nullptr) {
      ASSERT_TRUE(Run(conn.get(), c.undo).status.ok()) << c.undo;
      EXPECT_FALSE(conn->IsSessionBound()) << c.setup << " then " << c.undo;
    }
    ASSERT_TRUE(Await(loop_.get(), [&](auto done) { conn->ResetSession(std::move(done)); }).ok());
    EXPECT_FALSE(conn->IsSessionBound()) << c.setup << " then reset";
  }
  auto conn = Connect();
  conn->Pin();
  EXPECT_TRUE(conn->IsSessionBound());
}

TEST_F(BackendSessionTest, SyncReplaysTheSessionOnAnotherConnection) {
  auto original = Connect();
  for (const char* sql :
       {"SET NAMES latin1 COLLATE latin1_bin", "SET sql_mode='ANSI_QUOTES,NO_ZERO_DATE'",
        "SET time_zone='+03:00'", "SET autocommit=0", "USE mysql",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "SET wait_timeout=123",
        "SET lc_time_names='de_DE'"}) {
    ASSERT_TRUE(Run(original.get(), sql).status.ok()) << sql;
  }
  std::string expected = QueryValue(loop_.get(), original.get(), kProbe);
  EXPECT_EQ(expected,
            "latin1|latin1|latin1|latin1_bin|ANSI_QUOTES,NO_ZERO_DATE|+03:00|OFF|mysql|"
            "READ-COMMITTED|123|de_DE");
  ASSERT_TRUE(Run(original.get(), "COMMIT").status.ok());  // the probe opened a transaction
  const SessionState desired = original->session_state();

  auto other = Connect();
  ASSERT_NE(QueryValue(loop_.get(), other.get(), kProbe), expected);
  Collected c = QueryAll(loop_.get(), other.get(), kProbe, &desired);
  ASSERT_TRUE(c.status.ok()) << c.status;
  EXPECT_EQ(c.results.at(0).rows.at(0).at(0), expected);
  EXPECT_EQ(other->session_state(), desired);

  // Already there: nothing to send.
  ASSERT_TRUE(Run(other.get(), "COMMIT").status.ok());
  uint64_t version = other->session_state_version();
  ASSERT_TRUE(Await(loop_.get(), [&](auto done) { other->Sync(desired, std::move(done)); }).ok());
  EXPECT_EQ(other->session_state_version(), version);

  // And back to a fresh client's state, including "no database" (COM_CHANGE_USER).
  absl::StatusOr<SessionState> fresh = SessionState::ForClient(45, absl::nullopt, true);
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(Await(loop_.get(), [&](auto done) { other->Sync(*fresh, std::move(done)); }).ok());
  auto reference = Connect(ConnectionOptions{}, "");
  EXPECT_EQ(QueryValue(loop_.get(), other.get(), kProbe),
            QueryValue(loop_.get(), reference.get(), kProbe));
  EXPECT_EQ(QueryValue(loop_.get(), other.get(), "SELECT @@session_track_system_variables"), "*");
}

TEST_F(BackendSessionTest, SyncTogglesMultiStatements) {
  auto conn = Connect();
  SessionState single = conn->session_state();
  single.multi_statements = false;
  Collected c = QueryAll(loop_.get(), conn.get(), "SELECT 1; SELECT 2", &single);
  EXPECT_EQ(ToMysqlError(c.status).code, 1064);  // what a client without the flag gets
  SessionState multi = single;
  multi.multi_statements = true;
  c = QueryAll(loop_.get(), conn.get(), "SELECT 1; SELECT 2", &multi);
  ASSERT_TRUE(c.status.ok()) << c.status;
  EXPECT_EQ(c.results.size(), 2u);
}

TEST_F(BackendSessionTest, AFailingSyncReportsTheBackendsErrorAndSkipsTheStatement) {
  auto conn = Connect();
  SessionState desired = conn->session_state();
  desired.schema = "no_such_db";
  Collected c =
      QueryAll(loop_.get(), conn.get(), "INSERT INTO shop.items (name) VALUES ('x')", &desired);
  MysqlError error = ToMysqlError(c.status);
  EXPECT_EQ(error.code, 1049);
  EXPECT_EQ(error.message, "Unknown database 'no_such_db'");
  EXPECT_TRUE(conn->is_ready());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT COUNT(*) FROM items WHERE name = 'x'"),
            "0");
}

TEST_F(BackendSessionTest, ResetClearsEverythingButTheSchema) {
  auto conn = Connect();
  for (const char* sql : {"SET @u = 1", "CREATE TEMPORARY TABLE tmp (a INT)",
                          "SELECT GET_LOCK('reset_lock', 0)", "SET sql_mode = 'ANSI'"}) {
    ASSERT_TRUE(Run(conn.get(), sql).status.ok()) << sql;
  }
  ASSERT_TRUE(Await(loop_.get(), [&](auto done) { conn->ResetSession(std::move(done)); }).ok());
  EXPECT_FALSE(conn->IsSessionBound());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(),
                       "SELECT CONCAT_WS('|', IFNULL(@u, 'null'), "
                       "IFNULL(IS_USED_LOCK('reset_lock'), 'free'), DATABASE(), "
                       "@@session_track_system_variables)"),
            "null|free|shop|*");
  EXPECT_EQ(ToMysqlError(Run(conn.get(), "SELECT * FROM tmp").status).code, 1146);
  EXPECT_FALSE(conn->session_state().Variable("sql_mode"));
  auto fresh = Connect();
  EXPECT_EQ(conn->session_state(), fresh->session_state());
}

TEST_F(BackendSessionTest, InjectedFaultsHitTheRealErrorPaths) {
  ScriptedFaults faults;
  faults.AddStatementFault("ds0", "FAIL_ME", Fault::Error(1213, "40001", "Deadlock found"));
  faults.AddStatementFault("ds0", "LOSE_BEFORE", Fault::DisconnectBeforeSend());
  faults.AddStatementFault("ds0", "LOSE_AFTER", Fault::DisconnectAfterSend());
  faults.AddConnectFault("ds0", Fault::Error(1040, "08004", "Too many connections"), 2);
  auto endpoint = EndpointFor(cluster_->instance(0), "ds0", "shop");
  auto connect = [&] {
    auto conn =
        std::make_unique<BackendConnection>(loop_.get(), endpoint, ConnectionOptions{}, &faults);
    absl::Status status =
        Await(loop_.get(), [&](auto done) { conn->Connect(absl::Seconds(5), std::move(done)); });
    return std::make_pair(std::move(conn), status);
  };

  auto [conn, status] = connect();
  ASSERT_TRUE(status.ok()) << status;
  Collected c = Run(conn.get(), "SELECT 'FAIL_ME'");
  EXPECT_EQ(ToMysqlError(c.status).code, 1213);
  EXPECT_EQ(ToMysqlError(c.status).sqlstate, "40001");
  EXPECT_TRUE(conn->is_ready());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT 'FAIL_ME'"), "FAIL_ME");  // only once

  c = Run(conn.get(), "INSERT INTO items (name) VALUES ('LOSE_AFTER')");
  EXPECT_EQ(ToMysqlError(c.status).code, 2013) << c.status;
  EXPECT_THAT(c.status.message(), HasSubstr("'ds0'"));
  EXPECT_TRUE(conn->is_broken());
  // The statement did go out: the server ran it although nobody heard the answer.
  absl::Time deadline = absl::Now() + absl::Seconds(5);
  std::string count;
  do {
    count =
        cluster_->Sql(0, "SELECT COUNT(*) FROM shop.items WHERE name = 'LOSE_AFTER'").value_or("?");
  } while (count != "1\n" && absl::Now() < deadline);
  EXPECT_EQ(count, "1\n");

  auto [second, refused] = connect();
  EXPECT_EQ(ToMysqlError(refused).code, 2003);
  EXPECT_THAT(refused.message(), HasSubstr("backend error 1040: Too many connections"));

  auto [third, ok] = connect();
  ASSERT_TRUE(ok.ok()) << ok;
  c = Run(third.get(), "SELECT 'LOSE_BEFORE'");
  EXPECT_EQ(ToMysqlError(c.status).code, 2013) << c.status;
  EXPECT_TRUE(third->is_broken());
  EXPECT_EQ(faults.fired(), 4);
}

}  // namespace
}  // namespace shardproxy::testing
