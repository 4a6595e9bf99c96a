// Test doubles for the executor's side of xa/participant.h, over real MariaDB: a single-threaded
// task loop (the worker's EventLoop in the proxy) and blocking Connector/C connections. Each
// statement runs as a posted task, so callbacks never run inside Execute, as the contract says.
#ifndef SHARDPROXY_TESTS_XA_BLOCKING_PARTICIPANT_H_
#define SHARDPROXY_TESTS_XA_BLOCKING_PARTICIPANT_H_

#include <mysql.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "tests/harness/mariadb_cluster.h"
#include "xa/participant.h"

namespace shardproxy::testing {

class TestLoop : public TaskRunner {
 public:
  void Post(absl::AnyInvocable<void()> task) override;
  void RunAfter(absl::Duration delay, absl::AnyInvocable<void()> task) override;
  // Runs tasks and due timers until `done()` or `timeout`; false on timeout.
  bool RunUntil(const std::function<bool()>& done, absl::Duration timeout = absl::Seconds(60));

 private:
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  std::multimap<absl::Time, absl::AnyInvocable<void()>> timers_;  // loop thread only
};

// Where data source `name` lives: cluster instance and database.
struct DataSourceAddress {
  int instance = 0;
  std::string database;
};

class BlockingParticipant : public XaParticipant {
 public:
  // Connects now; check ok() / error().
  BlockingParticipant(const MariaDbInstance& instance, std::string database,
                      std::string data_source, TaskRunner* runner);
  ~BlockingParticipant() override;

  bool ok() const { return connected_; }
  const absl::Status& error() const { return error_; }

  const std::string& data_source() const override { return data_source_; }
  void Execute(std::string sql, SqlCallback done) override;
  void Abandon() override;

  // Runs `sql` synchronously (the client's statements between Join and Commit).
  absl::StatusOr<SqlResult> Run(absl::string_view sql);
  unsigned long thread_id() const { return thread_id_; }
  // Called with each statement before it is sent (e.g. to kill this connection right there).
  std::function<void(const std::string& sql)> before_statement;
  // Statements sent, in order.
  std::vector<std::string> log;
  bool abandoned() const { return abandoned_; }

 private:
  MYSQL* mysql_ = nullptr;
  bool connected_ = false;
  bool abandoned_ = false;
  absl::Status error_;
  unsigned long thread_id_ = 0;
  std::string data_source_;
  TaskRunner* runner_;
};

// Recovery's connections: the cluster's current address of each data source (ports may change
// after a restart).
class ClusterConnector : public XaConnector {
 public:
  ClusterConnector(const MariaDbCluster* cluster, std::map<std::string, DataSourceAddress> map,
                   TaskRunner* runner)
      : cluster_(cluster), map_(std::move(map)), runner_(runner) {}
  void Connect(absl::string_view data_source, ConnectCallback done) override;

 private:
  const MariaDbCluster* cluster_;
  std::map<std::string, DataSourceAddress> map_;
  TaskRunner* runner_;
};

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_XA_BLOCKING_PARTICIPANT_H_
