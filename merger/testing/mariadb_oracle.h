// A real MariaDB for the merger's integration tests: one server started by the project's harness
// (tests/harness/mariadb_cluster.h) and a PyMySQL helper (mariadb_oracle.py) that returns results
// byte-exact with their column definitions. Tests use it to ask the server what ORDER BY,
// GROUP BY, SUM, AVG, a comparison or a column type produce, and to produce real shard results
// to merge.
#ifndef SHARDPROXY_MERGER_TESTING_MARIADB_ORACLE_H_
#define SHARDPROXY_MERGER_TESTING_MARIADB_ORACLE_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "merger/memory_row_stream.h"
#include "tests/harness/mariadb_cluster.h"

namespace shardproxy::testing {

struct OracleResult {
  bool has_result_set = false;
  std::vector<ColumnDefinition> columns;
  OwnedRows rows;
};

class MariaDbOracle {
 public:
  // The process-wide instance, started on first use (a few seconds).
  static absl::StatusOr<MariaDbOracle*> Get();

  // One statement; a server error comes back as a status carrying its code.
  absl::StatusOr<OracleResult> Query(absl::string_view sql);
  // Several statements separated by ";\n" (none may contain that sequence); fails on the first
  // error.
  absl::Status Exec(absl::string_view statements);
  // A query's result as a stream (columns and rows as the server sent them).
  absl::StatusOr<std::unique_ptr<MemoryRowStream>> Stream(absl::string_view sql);

  ~MariaDbOracle();

 private:
  MariaDbOracle() = default;
  absl::Status Start();
  absl::StatusOr<std::string> ReadLine();

  std::unique_ptr<MariaDbCluster> cluster_;
  pid_t helper_pid_ = -1;
  int to_helper_ = -1;
  int from_helper_ = -1;
  std::string buffer_;
};

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_MERGER_TESTING_MARIADB_ORACLE_H_
