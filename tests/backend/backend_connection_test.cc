// BackendConnection against a real MariaDB: results, errors, backpressure, lost connections.
#include "proxy/backend/backend_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proxy/backend/backend_faults.h"
#include "tests/backend/backend_fixture.h"

namespace shardproxy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using BackendConnectionTest = BackendTest;

TEST_F(BackendConnectionTest, ConnectsWithSessionTrackingOn) {
  auto conn = Connect();
  ASSERT_TRUE(conn->is_ready());
  EXPECT_THAT(conn->server_version(), HasSubstr("MariaDB"));
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT CONNECTION_ID()"),
            absl::StrCat(conn->server_thread_id()));
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT @@session_track_system_variables"), "*");
  EXPECT_EQ(conn->session_state().schema, "shop");
  EXPECT_EQ(conn->session_state().Variable("collation_connection"), "utf8mb4_general_ci");
  EXPECT_FALSE(conn->IsSessionBound());
}

TEST_F(BackendConnectionTest, BackendSocketsDetectDeadPeers) {
  auto conn = Connect();
  ASSERT_TRUE(conn->is_ready());
  // Find this process's socket connected to the MariaDB port and read its options.
  const int port = cluster_->instance(0).port;
  int checked = 0;
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in peer{};
    socklen_t length = sizeof(peer);
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0 ||
        peer.sin_family != AF_INET || ntohs(peer.sin_port) != port) {
      continue;
    }
    int keepalive = 0;
    unsigned int user_timeout = 0;
    socklen_t size = sizeof(keepalive);
    ASSERT_EQ(getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &keepalive, &size), 0);
    size = sizeof(user_timeout);
    ASSERT_EQ(getsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout, &size), 0);
    EXPECT_EQ(keepalive, 1);
    EXPECT_EQ(user_timeout, 30000u);
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST_F(BackendConnectionTest, OkResultsCarryCountsIdsInfoAndWarnings) {
  auto conn = Connect();
  Collected c = Run(conn.get(), "CREATE TABLE ok_test (id INT PRIMARY KEY AUTO_INCREMENT, v INT)");
  ASSERT_TRUE(c.status.ok()) << c.status;
  c = Run(conn.get(), "INSERT INTO ok_test (v) VALUES (1), (2), (3)");
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_EQ(c.results[0].kind, ResultKind::kOk);
  EXPECT_EQ(c.results[0].ok.affected_rows, 3u);
  EXPECT_EQ(c.results[0].ok.last_insert_id, 1u);
  EXPECT_EQ(c.results[0].ok.info, "Records: 3  Duplicates: 0  Warnings: 0");
  EXPECT_NE(c.results[0].ok.status_flags & server_status::kAutocommit, 0);

  // Without CLIENT_FOUND_ROWS an UPDATE that changes nothing affects 0 rows ...
  c = Run(conn.get(), "UPDATE ok_test SET v = v WHERE id <= 2");
  EXPECT_EQ(c.results.at(0).ok.affected_rows, 0u);
  EXPECT_EQ(c.results[0].ok.info, "Rows matched: 2  Changed: 0  Warnings: 0");
  // ... with it, the matched rows count.
  auto found_rows = Connect(ConnectionOptions{.found_rows = true});
  c = Run(found_rows.get(), "UPDATE ok_test SET v = v WHERE id <= 2");
  EXPECT_EQ(c.results.at(0).ok.affected_rows, 2u);

  c = Run(conn.get(), "DROP TABLE IF EXISTS no_such_table");
  EXPECT_EQ(c.results.at(0).ok.warnings, 1);
  c = Run(conn.get(), "SELECT 1/0");
  EXPECT_EQ(c.results.at(0).end_warnings, 1);
  EXPECT_THAT(c.results[0].rows, ElementsAre(ElementsAre(absl::nullopt)));
  EXPECT_EQ(Run(conn.get(), "DROP TABLE ok_test").status, absl::OkStatus());
}

TEST_F(BackendConnectionTest, RowsKeepNullsEmptyStringsAndBinaryData) {
  auto conn = Connect();
  Collected c = Run(conn.get(), "SELECT id, name, qty FROM items ORDER BY id");
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_THAT(c.results[0].rows,
              ElementsAre(ElementsAre("1", "apple", "3"), ElementsAre("2", "pear", absl::nullopt),
                          ElementsAre("3", "", "0")));

  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  std::string hex;
  for (unsigned char ch : all_bytes) absl::StrAppend(&hex, absl::Hex(ch, absl::kZeroPad2));
  c = Run(conn.get(), absl::StrCat("SELECT X'", hex, "', X'00', '', NULL"));
  ASSERT_TRUE(c.status.ok()) << c.status;
  EXPECT_THAT(c.results.at(0).rows,
              ElementsAre(ElementsAre(all_bytes, std::string(1, '\0'), "", absl::nullopt)));
}

TEST_F(BackendConnectionTest, ManyColumnsAndManyRows) {
  auto conn = Connect();
  std::vector<std::string> items;
  for (int i = 0; i < 500; ++i) items.push_back(absl::StrCat(i, " AS c", i));
  Collected c = Run(conn.get(), absl::StrCat("SELECT ", absl::StrJoin(items, ", ")));
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.at(0).columns.size(), 500u);
  EXPECT_EQ(c.results[0].columns[499].name, "c499");
  EXPECT_EQ(c.results[0].rows.at(0)[499], "499");

  c = Run(conn.get(), "SELECT seq, REPEAT('x', seq % 100) FROM seq_1_to_50000");
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.at(0).rows.size(), 50000u);
  EXPECT_EQ(c.results[0].rows[49999][0], "50000");
  EXPECT_EQ(c.results[0].rows[49999][1], "");
  EXPECT_EQ(c.results[0].rows[98][1], std::string(99, 'x'));
}

TEST_F(BackendConnectionTest, MultiResultsInOrderWithMoreResultsFlags) {
  auto conn = Connect();
  Collected c = Run(conn.get(), "SELECT 1; UPDATE items SET qty = qty WHERE id = 1; SELECT 2, 3");
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.size(), 3u);
  EXPECT_EQ(c.results[0].kind, ResultKind::kRows);
  EXPECT_THAT(c.results[0].rows, ElementsAre(ElementsAre("1")));
  EXPECT_NE(c.results[0].end_status_flags & server_status::kMoreResultsExist, 0);
  EXPECT_EQ(c.results[1].kind, ResultKind::kOk);
  EXPECT_EQ(c.results[1].ok.info, "Rows matched: 1  Changed: 0  Warnings: 0");
  EXPECT_NE(c.results[1].ok.status_flags & server_status::kMoreResultsExist, 0);
  EXPECT_THAT(c.results[2].rows, ElementsAre(ElementsAre("2", "3")));
  EXPECT_EQ(c.results[2].end_status_flags & server_status::kMoreResultsExist, 0);
  EXPECT_TRUE(conn->is_ready());

  // An error ends the sequence; what came before it stands and the connection stays usable.
  c = Run(conn.get(), "SELECT 1; SELEC 2; SELECT 3");
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_EQ(ToMysqlError(c.status).code, 1064);
  EXPECT_TRUE(conn->is_ready());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT 4"), "4");

  // A stored procedure's results end with an OK.
  ASSERT_TRUE(
      Run(conn.get(), "CREATE PROCEDURE two() BEGIN SELECT 'a'; SELECT 'b'; END").status.ok());
  c = Run(conn.get(), "CALL two()");
  ASSERT_TRUE(c.status.ok()) << c.status;
  ASSERT_EQ(c.results.size(), 3u);
  EXPECT_EQ(c.results[2].kind, ResultKind::kOk);
  ASSERT_TRUE(Run(conn.get(), "DROP PROCEDURE two").status.ok());
}

// PyMySQL parses column definitions with its own code: what it reads is what the server sent.
std::vector<std::string> ColumnsSeenByPyMySql(int port, const std::string& sql) {
  std::string script = absl::StrCat(
      "import pymysql, sys\n"
      "c = pymysql.connect(host='127.0.0.1', port=",
      port,
      ", user='root', database='shop')\n"
      "cur = c.cursor(); cur.execute(sys.stdin.read())\n"
      "for f in cur._result.fields:\n"
      "  print('|'.join(str(x) for x in (f.catalog.decode(), f.db.decode(), f.table_name, "
      "f.org_table, f.name, f.org_name, f.charsetnr, f.length, f.type_code, f.flags, "
      "f.scale)))\n");
  std::string path = absl::StrCat(::testing::TempDir(), "/columns_", getpid(), ".py");
  FILE* file = fopen(path.c_str(), "w");
  fputs(script.c_str(), file);
  fclose(file);
  std::string sql_path = path + ".sql";
  file = fopen(sql_path.c_str(), "w");
  fputs(sql.c_str(), file);
  fclose(file);
  std::string command = absl::StrCat("/usr/bin/python3 ", path, " < ", sql_path);
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  unlink(path.c_str());
  unlink(sql_path.c_str());
  return absl::StrSplit(output, '\n', absl::SkipEmpty());
}

TEST_F(BackendConnectionTest, ColumnDefinitionsAreWhatTheServerSent) {
  auto conn = Connect();
  ASSERT_TRUE(Run(conn.get(),
                  "CREATE TABLE types (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                  "name VARCHAR(20) NOT NULL DEFAULT '', price DECIMAL(10,2), f FLOAT, "
                  "d DOUBLE, dt DATETIME(3), ts TIMESTAMP NULL, dd DATE, tm TIME(2), yr YEAR, "
                  "b BLOB, t TEXT, vb VARBINARY(16), e ENUM('a','b'), s SET('x','y'), j JSON, "
                  "big BIGINT, bits BIT(3), uk INT UNIQUE, lat VARCHAR(5) CHARACTER SET latin1, "
                  "KEY (big))")
                  .status.ok());
  const std::string sql =
      "SELECT tt.*, tt.price AS alias, COUNT(*) AS n, 1 + 1, NOW(6), 'text', NULL, "
      "CAST(1.5 AS DECIMAL(5,1)) FROM types AS tt GROUP BY tt.id";
  Collected c = Run(conn.get(), sql);
  ASSERT_TRUE(c.status.ok()) << c.status;
  std::vector<std::string> ours;
  for (const ColumnDefinition& col : c.results.at(0).columns) {
    ours.push_back(absl::StrJoin(
        std::make_tuple(col.catalog, col.schema, col.table, col.org_table, col.name, col.org_name,
                        col.character_set, col.column_length, static_cast<int>(col.type), col.flags,
                        static_cast<int>(col.decimals)),
        "|"));
  }
  std::vector<std::string> theirs = ColumnsSeenByPyMySql(cluster_->instance(0).port, sql);
  EXPECT_EQ(ours, theirs);
  EXPECT_EQ(ours.size(), 27u);
  ASSERT_TRUE(Run(conn.get(), "DROP TABLE types").status.ok());
}

// What the mariadb CLI prints for a failing statement: "ERROR <code> (<state>) at line 1: <msg>".
std::string CliError(MariaDbCluster* cluster, const std::string& sql) {
  auto result = cluster->Sql(0, "USE shop; " + sql);
  std::string text(result.status().message());
  size_t at = text.find("ERROR ");
  return at == std::string::npos ? text : text.substr(at);
}

std::string AsCliError(const absl::Status& status) {
  MysqlError error = ToMysqlError(status);
  return absl::StrCat("ERROR ", error.code, " (", error.sqlstate, ") at line 1: ", error.message,
                      "\n");
}

TEST_F(BackendConnectionTest, BackendErrorsPassThroughUnchanged) {
  auto conn = Connect();
  for (const std::string sql :
       {"SELEC 1", "SELECT * FROM nope", "INSERT INTO items (id, name) VALUES (1, 'dup')",
        "SELECT no_such_column FROM items", "INSERT INTO items (name) VALUES (NULL)",
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'custom failure', MYSQL_ERRNO = 1644"}) {
    Collected c = Run(conn.get(), sql);
    ASSERT_FALSE(c.status.ok()) << sql;
    EXPECT_EQ(AsCliError(c.status), CliError(cluster_, sql)) << sql;
    EXPECT_TRUE(conn->is_ready()) << sql;
    EXPECT_FALSE(conn->is_broken()) << sql;
  }
}

TEST_F(BackendConnectionTest, RowsAreReadOnlyAsFastAsTheyArePulled) {
  auto conn = Connect();
  auto observer = Connect();
  // About 1 GB if read to the end; the server generates it on the fly.
  bool first = false;
  absl::Status status;
  conn->Query("SELECT seq, REPEAT('x', 1000) FROM seq_1_to_1000000", [&](absl::Status s) {
    status = s;
    first = true;
  });
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return first; }));
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(conn->result_kind(), ResultKind::kRows);
  BackendRowStream* rows = conn->rows();
  bool woken = false;
  conn->SetWaker([&] { woken = true; });
  int pulled = 0;
  while (pulled < 100) {
    RowView row;
    StreamState state = rows->Next(&row);
    if (state == StreamState::kHaveRow) {
      ++pulled;
      ASSERT_EQ(*row[0], absl::StrCat(pulled));
    } else {
      ASSERT_EQ(state, StreamState::kBlocked);
      woken = false;
      ASSERT_TRUE(RunUntil(loop_.get(), [&] { return woken; }));
    }
  }
  // The consumer stops. The server fills the socket buffers and then has to wait.
  RunFor(loop_.get(), absl::Milliseconds(300));
  auto bytes_sent = [&] {
    return QueryValue(loop_.get(), observer.get(),
                      "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                      "WHERE VARIABLE_NAME = 'BYTES_SENT'");
  };
  int64_t sent_before = std::stoll(bytes_sent());
  RunFor(loop_.get(), absl::Milliseconds(300));
  int64_t sent_after = std::stoll(bytes_sent());
  EXPECT_LT(sent_after - sent_before, 64 * 1024) << "the server kept sending";
  EXPECT_EQ(rows->rows_read(), 100u);
  EXPECT_LT(conn->bytes_read(), 1u << 20) << "read ahead beyond what was pulled";
  EXPECT_LT(sent_after, int64_t{64} << 20) << "more than socket buffers' worth went out";

  // Pulling again resumes.
  while (pulled < 5000) {
    RowView row;
    StreamState state = rows->Next(&row);
    if (state == StreamState::kHaveRow) {
      ++pulled;
    } else {
      ASSERT_EQ(state, StreamState::kBlocked);
      woken = false;
      ASSERT_TRUE(RunUntil(loop_.get(), [&] { return woken; }));
    }
  }
  EXPECT_EQ(rows->rows_read(), 5000u);
  EXPECT_FALSE(conn->is_ready());
  // Dropping a connection in the middle of a huge result is immediate (no draining).
  absl::Time start = absl::Now();
  conn.reset();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(200));
}

TEST_F(BackendConnectionTest, AServerThatKillsTheConnectionMidQueryGivesACleanError) {
  auto conn = Connect();
  bool finished = false;
  absl::Status status;
  conn->Query("SELECT SLEEP(20)", [&](absl::Status s) {
    status = s;
    finished = true;
  });
  RunFor(loop_.get(), absl::Milliseconds(200));
  ASSERT_TRUE(cluster_->Sql(0, absl::StrCat("KILL ", conn->server_thread_id())).ok());
  ASSERT_TRUE(RunUntil(
      loop_.get(), [&] { return finished; }, absl::Seconds(5)));
  MysqlError error = ToMysqlError(status);
  EXPECT_EQ(error.code, 2013) << status;
  EXPECT_EQ(error.sqlstate, "HY000");
  EXPECT_THAT(error.message, HasSubstr("Lost connection to data source 'ds0'"));
  EXPECT_THAT(error.message, HasSubstr("during query"));
  EXPECT_TRUE(conn->is_broken());
  // Never used again.
  absl::Status again =
      Await(loop_.get(), [&](auto done) { conn->Query("SELECT 1", std::move(done)); });
  EXPECT_EQ(ToMysqlError(again).code, 2006);
  EXPECT_THAT(again.message(), HasSubstr("'ds0'"));
}

TEST_F(BackendConnectionTest, AnIdleConnectionClosedByTheServerIsNoticed) {
  auto conn = Connect();
  bool broken = false;
  conn->SetBrokenHandler([&] { broken = true; });
  ASSERT_TRUE(cluster_->Sql(0, absl::StrCat("KILL ", conn->server_thread_id())).ok());
  EXPECT_TRUE(RunUntil(
      loop_.get(), [&] { return broken; }, absl::Seconds(5)));
  EXPECT_TRUE(conn->is_broken());
}

TEST_F(BackendConnectionTest, AStatementKilledMidStreamEndsTheStreamWithTheServersError) {
  auto conn = Connect();
  Collected c = Run(conn.get(),
                    "SET STATEMENT max_statement_time=0.2 FOR "
                    "SELECT seq, SLEEP(0.01) FROM seq_1_to_1000");
  MysqlError error = ToMysqlError(c.status);
  EXPECT_EQ(error.code, 1969) << c.status;  // ER_STATEMENT_TIMEOUT, unchanged
  EXPECT_TRUE(conn->is_ready());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT 'still fine'"), "still fine");
}

TEST_F(BackendConnectionTest, CommandsOnABusyConnectionAreRefusedWithoutHarm) {
  auto conn = Connect();
  bool first_done = false;
  absl::Status first;
  conn->Query("SELECT SLEEP(0.2)", [&](absl::Status s) {
    first = s;
    first_done = true;
  });
  absl::Status second =
      Await(loop_.get(), [&](auto done) { conn->Query("SELECT 2", std::move(done)); });
  EXPECT_EQ(ToMysqlError(second).code, 1105);
  EXPECT_THAT(second.message(), HasSubstr("busy"));
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return first_done; }));
  EXPECT_TRUE(first.ok()) << first;
}

TEST_F(BackendConnectionTest, CallbacksNeverRunInsideTheCallThatStartedThem) {
  // An injected error completes the statement without any I/O, i.e. synchronously inside
  // Query(); the callback must still come later, from the loop.
  ScriptedFaults faults;
  faults.AddStatementFault("ds0", "SELECT 'sync'", Fault::Error(1317, "70100", "interrupted"));
  BackendConnection conn(loop_.get(), EndpointFor(cluster_->instance(0), "ds0", "shop"), {},
                         &faults);
  ASSERT_TRUE(
      Await(loop_.get(), [&](auto done) { conn.Connect(absl::Seconds(5), std::move(done)); }).ok());
  bool inside = true;
  bool called_inside = false;
  bool done = false;
  conn.Query("SELECT 'sync'", [&](absl::Status status) {
    called_inside = inside;
    EXPECT_EQ(ToMysqlError(status).code, 1317);
    done = true;
  });
  inside = false;
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return done; }));
  EXPECT_FALSE(called_inside);
  EXPECT_EQ(faults.fired(), 1);
}

TEST_F(BackendConnectionTest, PingWorks) {
  auto conn = Connect();
  EXPECT_TRUE(Await(loop_.get(), [&](auto done) { conn->Ping(std::move(done)); }).ok());
}

TEST_F(BackendConnectionTest, DataSourceDownAtStartGivesAClearError) {
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  close(probe);  // nothing listens there now
  auto endpoint = std::make_shared<BackendEndpoint>();
  endpoint->name = "ds9";
  endpoint->port = ntohs(addr.sin_port);
  endpoint->user = "root";
  BackendConnection conn(loop_.get(), endpoint);
  absl::Status status =
      Await(loop_.get(), [&](auto done) { conn.Connect(absl::Seconds(5), std::move(done)); });
  MysqlError error = ToMysqlError(status);
  EXPECT_EQ(error.code, 2003);
  EXPECT_THAT(error.message,
              HasSubstr(absl::StrCat(
                  "Can't connect to data source 'ds9' (127.0.0.1:", endpoint->port, ")")));
  EXPECT_TRUE(conn.is_broken());
}

TEST_F(BackendConnectionTest, WrongPasswordIsAConnectError) {
  auto endpoint = std::make_shared<BackendEndpoint>(*EndpointFor(cluster_->instance(0)));
  endpoint->password = "wrong";
  BackendConnection conn(loop_.get(), endpoint);
  absl::Status status =
      Await(loop_.get(), [&](auto done) { conn.Connect(absl::Seconds(5), std::move(done)); });
  EXPECT_EQ(ToMysqlError(status).code, 2003);
  EXPECT_THAT(status.message(), HasSubstr("backend error 1045: Access denied"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("wrong")));
}

TEST_F(BackendConnectionTest, AServerThatNeverAnswersTimesOut) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  ASSERT_EQ(listen(listener, 4), 0);  // accepts TCP, never says hello
  {
    auto endpoint = std::make_shared<BackendEndpoint>();
    endpoint->name = "slow";
    endpoint->port = ntohs(addr.sin_port);
    BackendConnection conn(loop_.get(), endpoint);
    absl::Time start = absl::Now();
    absl::Status status = Await(
        loop_.get(), [&](auto done) { conn.Connect(absl::Milliseconds(300), std::move(done)); });
    absl::Duration took = absl::Now() - start;
    EXPECT_EQ(ToMysqlError(status).code, 2003);
    EXPECT_THAT(status.message(), HasSubstr("'slow'"));
    EXPECT_THAT(status.message(), HasSubstr("no answer within 300ms"));
    EXPECT_GE(took, absl::Milliseconds(290));
    EXPECT_LT(took, absl::Seconds(2));
  }
  close(listener);
}

}  // namespace
}  // namespace shardproxy::testing

namespace shardproxy::testing {
namespace {

// Prepare: the server's shape of a statement, and the statement closed again at once.
class BackendPrepareTest : public BackendTest {
 protected:
  absl::StatusOr<BackendConnection::StatementShape> Prepare(BackendConnection* conn,
                                                            const std::string& sql) {
    absl::StatusOr<BackendConnection::StatementShape> result = absl::InternalError("not called");
    absl::Status done = Await(loop_.get(), [&](auto finish) {
      conn->Prepare(sql, [&, finish = std::move(finish)](
                             absl::StatusOr<BackendConnection::StatementShape> shape) mutable {
        result = std::move(shape);
        finish(absl::OkStatus());
      });
    });
    EXPECT_TRUE(done.ok()) << done;
    return result;
  }
};

TEST_F(BackendPrepareTest, ParamsAndColumnsAsTheServerSeesThem) {
  auto conn = Connect();
  auto shape = Prepare(conn.get(), "SELECT id, name FROM items WHERE qty > ? AND name <> ?");
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_EQ(shape->num_params, 2);
  ASSERT_EQ(shape->columns.size(), 2u);
  EXPECT_EQ(shape->columns[0].name, "id");
  EXPECT_EQ(shape->columns[1].org_table, "items");
  shape = Prepare(conn.get(), "UPDATE items SET qty = ? WHERE id = ?");
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_EQ(shape->num_params, 2);
  EXPECT_TRUE(shape->columns.empty());
  // Nothing stays prepared on the server, and the connection goes on as before.
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(),
                       "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                       "WHERE VARIABLE_NAME = 'PREPARED_STMT_COUNT'"),
            "0");
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT COUNT(*) FROM items"), "3");
  EXPECT_TRUE(conn->is_ready());
}

TEST_F(BackendPrepareTest, ServerErrorsUnchangedAndConnectionReusable) {
  auto conn = Connect();
  auto shape = Prepare(conn.get(), "SELEC 1");
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(ToMysqlError(shape.status()).code, 1064);
  shape = Prepare(conn.get(), "SELECT * FROM no_such_table WHERE id = ?");
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(ToMysqlError(shape.status()).code, 1146);
  EXPECT_TRUE(conn->is_ready());
  EXPECT_FALSE(conn->is_broken());
  EXPECT_EQ(QueryValue(loop_.get(), conn.get(), "SELECT 7"), "7");
}

}  // namespace
}  // namespace shardproxy::testing
