// Real MariaDB servers for C++ integration tests.
//
// MariaDbCluster runs `tests/harness/cluster.py serve` as a child process with a pipe on its
// stdin: the script starts the instances, prints their ports as JSON, and stops and deletes them
// when the pipe closes — when this object is destroyed, and equally when the test process dies.
//
//   auto cluster = MariaDbCluster::Start(2);
//   ASSERT_TRUE(cluster.ok()) << cluster.status();
//   int port = (*cluster)->instance(0).port;
#ifndef SHARDPROXY_TESTS_HARNESS_MARIADB_CLUSTER_H_
#define SHARDPROXY_TESTS_HARNESS_MARIADB_CLUSTER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy::testing {

struct MariaDbInstance {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string user = "root";
  std::string password;
  pid_t pid = 0;
  std::string directory;
};

class MariaDbCluster {
 public:
  static absl::StatusOr<std::unique_ptr<MariaDbCluster>> Start(int count);
  ~MariaDbCluster();

  MariaDbCluster(const MariaDbCluster&) = delete;
  MariaDbCluster& operator=(const MariaDbCluster&) = delete;

  int size() const { return static_cast<int>(instances_.size()); }
  const MariaDbInstance& instance(int i) const { return instances_[i]; }

  // Runs SQL on instance i with the mariadb CLI (setup and checks; not the code under test).
  // Returns the batch-mode output (tab-separated, no column names).
  absl::StatusOr<std::string> Sql(int i, absl::string_view statement) const;

  // Crash tests: kill -9 instance i; start it again with its data, on its port if still free
  // (instance(i) then has the new pid and port).
  absl::Status Kill(int i);
  absl::Status Restart(int i);

 private:
  MariaDbCluster() = default;
  absl::Status Command(absl::string_view command, int i);

  pid_t server_pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::vector<MariaDbInstance> instances_;
};

// The project's source directory (from $SHARDPROXY_SOURCE_DIR, set by CTest).
std::string SourceDir();
// The build directory (from $SHARDPROXY_BINARY_DIR, set by CTest).
std::string BinaryDir();

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_HARNESS_MARIADB_CLUSTER_H_
