// Helpers for driving backend connections against real MariaDB from a test's thread: the test
// owns the EventLoop and runs it until what it waits for has happened.
#ifndef SHARDPROXY_TESTS_BACKEND_BACKEND_TEST_UTIL_H_
#define SHARDPROXY_TESTS_BACKEND_BACKEND_TEST_UTIL_H_

#include <dirent.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "gtest/gtest.h"
#include "proxy/backend/backend_connection.h"
#include "proxy/event_loop.h"
#include "tests/harness/mariadb_cluster.h"

namespace shardproxy::testing {

// Open file descriptors of this process.
inline int CountOpenFds() {
  int count = 0;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  while (readdir(dir) != nullptr) ++count;
  closedir(dir);
  return count - 3;  // ".", ".." and the directory's own descriptor
}

// Runs `loop` until `done()` holds or `timeout` passes; returns done().
inline bool RunUntil(EventLoop* loop, const std::function<bool()>& done,
                     absl::Duration timeout = absl::Seconds(30)) {
  if (done()) return true;
  absl::Time deadline = absl::Now() + timeout;
  EventLoop::TimerId timer = 0;
  std::function<void()> check = [&] {
    if (done() || absl::Now() >= deadline) {
      timer = 0;
      loop->Stop();
      return;
    }
    timer = loop->AddTimer(absl::Milliseconds(1), [&] { check(); });
  };
  timer = loop->AddTimer(absl::Milliseconds(1), [&] { check(); });
  loop->Run();
  if (timer != 0) loop->CancelTimer(timer);
  return done();
}

// Runs the loop for `duration` (to let things settle or to prove that nothing happens).
inline void RunFor(EventLoop* loop, absl::Duration duration) {
  absl::Time until = absl::Now() + duration;
  RunUntil(
      loop, [&] { return absl::Now() >= until; }, duration + absl::Seconds(1));
}

// Starts an asynchronous command and runs the loop until its callback ran.
inline absl::Status Await(EventLoop* loop,
                          const std::function<void(BackendConnection::Callback)>& start) {
  bool finished = false;
  absl::Status result = absl::UnknownError("callback not called");
  start([&](absl::Status status) {
    result = std::move(status);
    finished = true;
  });
  if (!RunUntil(loop, [&] { return finished; })) return absl::DeadlineExceededError("timed out");
  return result;
}

inline std::shared_ptr<const BackendEndpoint> EndpointFor(const MariaDbInstance& instance,
                                                          std::string name = "ds0",
                                                          std::string database = "") {
  auto endpoint = std::make_shared<BackendEndpoint>();
  endpoint->name = std::move(name);
  endpoint->host = instance.host;
  endpoint->port = instance.port;
  endpoint->user = instance.user;
  endpoint->password = instance.password;
  endpoint->database = std::move(database);
  return endpoint;
}

using CollectedRow = std::vector<absl::optional<std::string>>;

// Everything one call of Query produced, result by result.
struct CollectedResult {
  ResultKind kind = ResultKind::kNone;
  OkResult ok;
  std::vector<ColumnDefinition> columns;
  std::vector<CollectedRow> rows;
  absl::Status stream_status;
  uint16_t end_status_flags = 0;
  uint16_t end_warnings = 0;
};
struct Collected {
  std::vector<CollectedResult> results;
  absl::Status status;  // the error that ended the statement(s), if any
};

// Runs `sql` (after syncing to `desired`, if given) and reads every result and row.
inline Collected QueryAll(EventLoop* loop, BackendConnection* conn, const std::string& sql,
                          const SessionState* desired = nullptr) {
  Collected collected;
  bool done = false;
  std::function<void(absl::Status)> on_result;
  std::function<void()> pump;
  auto next_or_finish = [&] {
    if (conn->has_more_results()) {
      conn->NextResult([&](absl::Status s) { on_result(s); });
    } else {
      done = true;
    }
  };
  pump = [&] {
    CollectedResult& current = collected.results.back();
    RowView row;
    while (true) {
      StreamState state = conn->rows()->Next(&row);
      if (state == StreamState::kBlocked) return;  // the waker calls pump again
      if (state == StreamState::kFinished) break;
      CollectedRow copy;
      for (const Cell& cell : row) {
        copy.push_back(cell ? absl::optional<std::string>(std::string(*cell)) : absl::nullopt);
      }
      current.rows.push_back(std::move(copy));
    }
    current.stream_status = conn->rows()->status();
    current.end_status_flags = conn->rows()->end_status_flags();
    current.end_warnings = conn->rows()->end_warnings();
    if (!current.stream_status.ok()) {
      collected.status = current.stream_status;
      done = true;
      return;
    }
    next_or_finish();
  };
  on_result = [&](absl::Status status) {
    if (!status.ok()) {
      collected.status = status;
      done = true;
      return;
    }
    collected.results.emplace_back();
    CollectedResult& current = collected.results.back();
    current.kind = conn->result_kind();
    if (current.kind == ResultKind::kOk) {
      current.ok = conn->ok_result();
      next_or_finish();
      return;
    }
    auto columns = conn->rows()->columns();
    current.columns.assign(columns.begin(), columns.end());
    pump();
  };
  conn->SetWaker([&] { pump(); });
  if (desired != nullptr) {
    conn->Query(*desired, sql, [&](absl::Status s) { on_result(s); });
  } else {
    conn->Query(sql, [&](absl::Status s) { on_result(s); });
  }
  bool finished = RunUntil(loop, [&] { return done; });
  conn->SetWaker(nullptr);
  if (!finished) collected.status = absl::DeadlineExceededError("query did not finish");
  return collected;
}

// Reads the open result set to its end (and nothing after it); returns the rows read.
inline int DrainStream(EventLoop* loop, BackendConnection* conn) {
  bool woken = false;
  conn->SetWaker([&] { woken = true; });
  int rows = 0;
  RowView row;
  while (true) {
    StreamState state = conn->rows()->Next(&row);
    if (state == StreamState::kHaveRow) {
      ++rows;
    } else if (state == StreamState::kFinished) {
      break;
    } else {
      woken = false;
      if (!RunUntil(loop, [&] { return woken; })) break;
    }
  }
  conn->SetWaker(nullptr);
  return rows;
}

// The single value of a one-row, one-column result, or "<error>".
inline std::string QueryValue(EventLoop* loop, BackendConnection* conn, const std::string& sql) {
  Collected collected = QueryAll(loop, conn, sql);
  if (!collected.status.ok()) return "<error: " + collected.status.ToString() + ">";
  if (collected.results.size() != 1 || collected.results[0].rows.size() != 1 ||
      collected.results[0].rows[0].size() != 1) {
    return "<not one value>";
  }
  const absl::optional<std::string>& value = collected.results[0].rows[0][0];
  return value ? *value : "NULL";
}

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_BACKEND_BACKEND_TEST_UTIL_H_
