// BackendPool against a real MariaDB: reuse, limits, the wait queue, timeouts, what comes back
// and what is closed, idle handling, KILL QUERY, a data source that is down.
#include "proxy/backend/backend_pool.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/backend/backend_fixture.h"

namespace shardproxy::testing {
namespace {

using ::testing::HasSubstr;

class BackendPoolTest : public BackendTest {
 protected:
  std::unique_ptr<BackendPool> MakePool(PoolOptions options, int port = 0) {
    BackendEndpoint endpoint = *EndpointFor(cluster_->instance(0), "ds0", "shop");
    if (port != 0) endpoint.port = port;
    return std::make_unique<BackendPool>(loop_.get(), endpoint, options);
  }

  // Acquires and runs the loop until the callback ran.
  absl::StatusOr<PooledConnection> AcquireNow(BackendPool* pool, ConnectionOptions options = {}) {
    bool done = false;
    absl::StatusOr<PooledConnection> result = absl::UnknownError("not called");
    pool->Acquire(options, [&](absl::StatusOr<PooledConnection> conn) {
      result = std::move(conn);
      done = true;
    });
    if (!RunUntil(loop_.get(), [&] { return done; })) return absl::DeadlineExceededError("hang");
    return result;
  }

  // An acquire whose outcome lands in `slot` whenever it happens.
  struct PendingAcquire {
    bool done = false;
    absl::StatusOr<PooledConnection> result = absl::UnknownError("not called");
  };
  BackendPool::Ticket StartAcquire(BackendPool* pool, PendingAcquire* slot) {
    return pool->Acquire({}, [slot](absl::StatusOr<PooledConnection> conn) {
      slot->result = std::move(conn);
      slot->done = true;
    });
  }

  uint64_t ThreadOf(const PooledConnection& conn) { return conn->server_thread_id(); }
};

TEST_F(BackendPoolTest, ReusesTheMostRecentlyReleasedConnection) {
  auto pool = MakePool({.max_connections = 4});
  auto a = AcquireNow(pool.get());
  auto b = AcquireNow(pool.get());
  ASSERT_TRUE(a.ok() && b.ok());
  uint64_t thread_a = ThreadOf(*a);
  uint64_t thread_b = ThreadOf(*b);
  EXPECT_NE(thread_a, thread_b);
  EXPECT_EQ(pool->stats().in_use, 2);
  a->Release();
  b->Release();
  EXPECT_EQ(pool->stats().idle, 2);
  auto c = AcquireNow(pool.get());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(ThreadOf(*c), thread_b);  // LIFO
  EXPECT_EQ(QueryValue(loop_.get(), c->get(), "SELECT COUNT(*) FROM items"), "3");
  PoolStats stats = pool->stats();
  EXPECT_EQ(stats.connects, 2u);
  EXPECT_EQ(stats.acquired, 3u);
  EXPECT_EQ(stats.open, 2);
  EXPECT_EQ(stats.in_use, 1);
  EXPECT_EQ(stats.idle, 1);
}

TEST_F(BackendPoolTest, WaitersGetReleasedConnectionsInOrder) {
  auto pool = MakePool({.max_connections = 2});
  auto a = AcquireNow(pool.get());
  auto b = AcquireNow(pool.get());
  ASSERT_TRUE(a.ok() && b.ok());
  PendingAcquire first, second;
  StartAcquire(pool.get(), &first);
  StartAcquire(pool.get(), &second);
  RunFor(loop_.get(), absl::Milliseconds(50));
  EXPECT_FALSE(first.done);
  EXPECT_EQ(pool->stats().waiting, 2);
  EXPECT_EQ(pool->stats().open, 2);  // no third connection
  uint64_t thread_b = ThreadOf(*b);
  b->Release();
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return first.done; }));
  ASSERT_TRUE(first.result.ok());
  EXPECT_EQ(ThreadOf(*first.result), thread_b);
  EXPECT_FALSE(second.done);
  a->Release();
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return second.done; }));
  EXPECT_TRUE(second.result.ok());
}

TEST_F(BackendPoolTest, WaitingEndsWithAClearErrorAfterTheTimeout) {
  auto pool = MakePool({.max_connections = 1, .acquire_timeout = absl::Milliseconds(200)});
  auto held = AcquireNow(pool.get());
  ASSERT_TRUE(held.ok());
  absl::Time start = absl::Now();
  auto waited = AcquireNow(pool.get());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(190));
  ASSERT_FALSE(waited.ok());
  MysqlError error = ToMysqlError(waited.status());
  EXPECT_EQ(error.code, 1040);
  EXPECT_EQ(error.message,
            "Too many connections to data source 'ds0': none of its 1 connections became free "
            "within 200ms (1 in use, 0 other sessions waiting)");
  EXPECT_EQ(pool->stats().acquire_timeouts, 1u);
  EXPECT_EQ(pool->stats().waiting, 0);
}

TEST_F(BackendPoolTest, AFullWaitQueueRejectsAtOnce) {
  auto pool = MakePool({.max_connections = 1, .max_waiters = 1});
  auto held = AcquireNow(pool.get());
  ASSERT_TRUE(held.ok());
  PendingAcquire waiting;
  StartAcquire(pool.get(), &waiting);
  auto rejected = AcquireNow(pool.get());
  EXPECT_EQ(ToMysqlError(rejected.status()).code, 1040);
  EXPECT_THAT(rejected.status().message(), HasSubstr("1 sessions are already waiting"));
  EXPECT_EQ(pool->stats().acquire_rejected, 1u);
  held->Release();
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return waiting.done; }));
  EXPECT_TRUE(waiting.result.ok());
}

TEST_F(BackendPoolTest, ACancelledAcquireIsNeverCalled) {
  auto pool = MakePool({.max_connections = 1});
  auto held = AcquireNow(pool.get());
  PendingAcquire cancelled;
  BackendPool::Ticket ticket = StartAcquire(pool.get(), &cancelled);
  EXPECT_TRUE(pool->CancelAcquire(ticket));
  EXPECT_FALSE(pool->CancelAcquire(ticket));
  held->Release();
  RunFor(loop_.get(), absl::Milliseconds(50));
  EXPECT_FALSE(cancelled.done);
  EXPECT_EQ(pool->stats().idle, 1);
}

TEST_F(BackendPoolTest, SessionBoundConnectionsAreResetBeforeReuse) {
  auto pool = MakePool({.max_connections = 1});
  auto conn = AcquireNow(pool.get());
  ASSERT_TRUE(conn.ok());
  uint64_t thread = ThreadOf(*conn);
  ASSERT_TRUE(QueryAll(loop_.get(), conn->get(), "SET @secret = 42").status.ok());
  ASSERT_TRUE(QueryAll(loop_.get(), conn->get(), "BEGIN").status.ok());
  ASSERT_TRUE(QueryAll(loop_.get(), conn->get(), "INSERT INTO items (name) VALUES ('uncommitted')")
                  .status.ok());
  conn->Release();
  auto next = AcquireNow(pool.get());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(ThreadOf(*next), thread);
  EXPECT_FALSE((*next)->IsSessionBound());
  EXPECT_EQ(QueryValue(loop_.get(), next->get(), "SELECT IFNULL(@secret, 'gone')"), "gone");
  EXPECT_EQ(
      QueryValue(loop_.get(), next->get(), "SELECT COUNT(*) FROM items WHERE name = 'uncommitted'"),
      "0");
  EXPECT_EQ(pool->stats().resets, 1u);

  auto no_reset = MakePool({.max_connections = 1, .reset_on_release = false});
  auto bound = AcquireNow(no_reset.get());
  ASSERT_TRUE(QueryAll(loop_.get(), bound->get(), "SET @x = 1").status.ok());
  uint64_t bound_thread = ThreadOf(*bound);
  bound->Release();
  auto fresh = AcquireNow(no_reset.get());
  EXPECT_NE(ThreadOf(*fresh), bound_thread);
}

TEST_F(BackendPoolTest, ConnectionsReturnedMidResultOrBrokenAreClosed) {
  auto pool = MakePool({.max_connections = 1});
  auto conn = AcquireNow(pool.get());
  ASSERT_TRUE(conn.ok());
  uint64_t thread = ThreadOf(*conn);
  bool started = false;
  (*conn)->Query("SELECT seq FROM seq_1_to_1000000", [&](absl::Status) { started = true; });
  ASSERT_TRUE(RunUntil(loop_.get(), [&] { return started; }));
  conn->Release();  // the client went away mid-result
  EXPECT_EQ(pool->stats().closed_unfinished, 1u);
  auto next = AcquireNow(pool.get());
  ASSERT_TRUE(next.ok());
  EXPECT_NE(ThreadOf(*next), thread);
  EXPECT_EQ(QueryValue(loop_.get(), next->get(), "SELECT 1"), "1");

  ASSERT_TRUE(cluster_->Sql(0, absl::StrCat("KILL ", ThreadOf(*next))).ok());
  EXPECT_NE(QueryAll(loop_.get(), next->get(), "SELECT 1").status, absl::OkStatus());
  EXPECT_TRUE((*next)->is_broken());
  next->Release();
  EXPECT_EQ(pool->stats().closed_broken, 1u);
  EXPECT_EQ(pool->stats().open, 0);
}

TEST_F(BackendPoolTest, IdleConnectionsAreCheckedAndExpire) {
  auto pool = MakePool({.max_connections = 2,
                        .idle_timeout = absl::Seconds(1),
                        .validate_after_idle = absl::ZeroDuration()});
  auto a = AcquireNow(pool.get());
  auto b = AcquireNow(pool.get());
  uint64_t thread_a = ThreadOf(*a);
  a->Release();
  b->Release();
  // The server closes one idle connection: the pool notices without being asked.
  ASSERT_TRUE(cluster_->Sql(0, absl::StrCat("KILL ", thread_a)).ok());
  ASSERT_TRUE(RunUntil(
      loop_.get(), [&] { return pool->stats().idle == 1; }, absl::Seconds(5)));
  EXPECT_EQ(pool->stats().closed_broken, 1u);
  // Reuse after idling pings first (validate_after_idle = 0) and still works.
  auto c = AcquireNow(pool.get());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(QueryValue(loop_.get(), c->get(), "SELECT 1"), "1");
  c->Release();
  // Idle past idle_timeout: closed.
  ASSERT_TRUE(RunUntil(
      loop_.get(), [&] { return pool->stats().idle == 0; }, absl::Seconds(5)));
  EXPECT_EQ(pool->stats().closed_idle, 1u);
  EXPECT_EQ(pool->stats().open, 0);
}

TEST_F(BackendPoolTest, FoundRowsConnectionsAreKeptApart) {
  auto pool = MakePool({.max_connections = 2});
  auto plain = AcquireNow(pool.get(), {.found_rows = false});
  auto found = AcquireNow(pool.get(), {.found_rows = true});
  ASSERT_TRUE(plain.ok() && found.ok());
  const char* update = "UPDATE items SET qty = qty WHERE id = 1";
  EXPECT_EQ(QueryAll(loop_.get(), plain->get(), update).results.at(0).ok.affected_rows, 0u);
  EXPECT_EQ(QueryAll(loop_.get(), found->get(), update).results.at(0).ok.affected_rows, 1u);
  uint64_t found_thread = ThreadOf(*found);
  plain->Release();
  found->Release();
  auto again = AcquireNow(pool.get(), {.found_rows = true});
  EXPECT_EQ(ThreadOf(*again), found_thread);
  again->Release();
  // Full with idle connections of the other kind: one is closed to make room.
  auto a = AcquireNow(pool.get(), {.found_rows = true});
  auto b = AcquireNow(pool.get(), {.found_rows = true});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE((*b)->options().found_rows);
  EXPECT_EQ(pool->stats().open, 2);
}

TEST_F(BackendPoolTest, KillQueryStopsTheStatementAndTheConnectionLivesOn) {
  auto pool = MakePool({.max_connections = 1});
  auto conn = AcquireNow(pool.get());
  ASSERT_TRUE(conn.ok());
  bool finished = false;
  absl::Status result;
  absl::Time start = absl::Now();
  (*conn)->Query("SELECT SLEEP(20)", [&](absl::Status s) {
    result = s;
    finished = true;
  });
  RunFor(loop_.get(), absl::Milliseconds(100));
  bool killed = false;
  absl::Status kill_status;
  pool->KillQuery(conn->get(), [&](absl::Status s) {
    kill_status = s;
    killed = true;
  });
  // The next statement is held until the KILL is answered, so the KILL cannot hit it.
  ASSERT_TRUE(RunUntil(
      loop_.get(), [&] { return killed && finished; }, absl::Seconds(5)));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_TRUE(kill_status.ok()) << kill_status;
  // The result set had begun; the server's 1317 ends its rows, unchanged.
  ASSERT_TRUE(result.ok()) << result;
  EXPECT_EQ(DrainStream(loop_.get(), conn->get()), 0);
  EXPECT_EQ(ToMysqlError((*conn)->rows()->status()).code, 1317);
  EXPECT_EQ((*conn)->rows()->status().message(), "Query execution was interrupted");
  EXPECT_TRUE((*conn)->is_ready());
  EXPECT_EQ(QueryValue(loop_.get(), conn->get(), "SELECT 'alive'"), "alive");
  EXPECT_EQ(pool->stats().kills, 1u);
  EXPECT_EQ(pool->stats().open, 1);  // the control connection does not count

  // The same for a long aggregate.
  bool second_done = false;
  absl::Status second;
  (*conn)->Query("SELECT COUNT(*) FROM seq_1_to_1000000000 WHERE seq % 7 = 3", [&](absl::Status s) {
    second = s;
    second_done = true;
  });
  RunFor(loop_.get(), absl::Milliseconds(100));
  pool->KillQuery(conn->get(), [](absl::Status) {});
  ASSERT_TRUE(RunUntil(
      loop_.get(), [&] { return second_done; }, absl::Seconds(5)));
  ASSERT_TRUE(second.ok()) << second;
  EXPECT_EQ(DrainStream(loop_.get(), conn->get()), 0);
  EXPECT_EQ(ToMysqlError((*conn)->rows()->status()).code, 1317);
  EXPECT_TRUE((*conn)->is_ready());

  // A KILL sent when the statement has just finished must not hit the next one: the
  // connection holds the next statement back until the KILL is answered.
  killed = false;
  pool->KillQuery(conn->get(), [&](absl::Status) { killed = true; });
  Collected next = QueryAll(loop_.get(), conn->get(), "SELECT SLEEP(0.3), 'next'");
  EXPECT_TRUE(killed);
  ASSERT_TRUE(next.status.ok()) << next.status;
  EXPECT_EQ(next.results.at(0).rows.at(0)[0], "0");  // not interrupted
  EXPECT_EQ(pool->stats().kills, 3u);
}

TEST_F(BackendPoolTest, ADataSourceThatIsDownFailsAcquiresFast) {
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  close(probe);
  int port = ntohs(addr.sin_port);
  auto pool = MakePool({.max_connections = 2}, port);
  std::vector<PendingAcquire> acquires(5);
  absl::Time start = absl::Now();
  for (PendingAcquire& acquire : acquires) StartAcquire(pool.get(), &acquire);
  ASSERT_TRUE(RunUntil(loop_.get(), [&] {
    for (const PendingAcquire& acquire : acquires) {
      if (!acquire.done) return false;
    }
    return true;
  }));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  for (const PendingAcquire& acquire : acquires) {
    MysqlError error = ToMysqlError(acquire.result.status());
    EXPECT_EQ(error.code, 2003);
    EXPECT_THAT(error.message,
                HasSubstr(absl::StrCat("Can't connect to data source 'ds0' (127.0.0.1:", port)));
  }
  PoolStats stats = pool->stats();
  EXPECT_EQ(stats.failed_connects, 5u);
  EXPECT_EQ(stats.consecutive_failed_connects, 5);
  EXPECT_THAT(stats.last_error, HasSubstr("Can't connect to data source 'ds0'"));
  EXPECT_EQ(stats.open, 0);
}

TEST_F(BackendPoolTest, ManySessionsShareFewConnections) {
  auto pool = MakePool({.max_connections = 3});
  constexpr int kSessions = 40;
  struct Session {
    PooledConnection conn;
    bool done = false;
    std::string value;
  };
  std::vector<Session> sessions(kSessions);
  int failures = 0;
  for (int i = 0; i < kSessions; ++i) {
    pool->Acquire({}, [&, i](absl::StatusOr<PooledConnection> conn) {
      Session& session = sessions[i];
      if (!conn.ok()) {
        ++failures;
        session.done = true;
        return;
      }
      session.conn = std::move(*conn);
      BackendConnection* backend = session.conn.get();
      auto pump = [&session, backend] {
        RowView row;
        StreamState state;
        while ((state = backend->rows()->Next(&row)) == StreamState::kHaveRow) {
          session.value = std::string(*row[0]);
        }
        if (state == StreamState::kFinished) {
          session.conn.Release();
          session.done = true;
        }
      };
      backend->SetWaker(pump);
      backend->Query(absl::StrCat("SELECT ", i), [&, pump](absl::Status s) mutable {
        if (!s.ok()) {
          ++failures;
          session.conn.Release();
          session.done = true;
          return;
        }
        pump();
      });
    });
  }
  ASSERT_TRUE(RunUntil(loop_.get(), [&] {
    for (const Session& session : sessions) {
      if (!session.done) return false;
    }
    return true;
  }));
  EXPECT_EQ(failures, 0);
  for (int i = 0; i < kSessions; ++i) EXPECT_EQ(sessions[i].value, absl::StrCat(i));
  PoolStats stats = pool->stats();
  EXPECT_EQ(stats.connects, 3u);
  EXPECT_EQ(stats.acquired, static_cast<uint64_t>(kSessions));
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.idle, 3);
}

}  // namespace
}  // namespace shardproxy::testing
