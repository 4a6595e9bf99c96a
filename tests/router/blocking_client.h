// A blocking Connector/C connection for tests: runs one statement and returns its result with
// column definitions as the server sent them. Test-only (the proxy's backends are asynchronous).
#ifndef SHARDPROXY_TESTS_ROUTER_BLOCKING_CLIENT_H_
#define SHARDPROXY_TESTS_ROUTER_BLOCKING_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/mysql_types.h"
#include "merger/memory_row_stream.h"

struct st_mysql;

namespace shardproxy::testing {

struct QueryResult {
  bool has_rows = false;
  std::vector<ColumnDefinition> columns;
  OwnedRows rows;
  uint64_t affected_rows = 0;
  uint64_t insert_id = 0;
};

class BlockingClient {
 public:
  static absl::StatusOr<std::unique_ptr<BlockingClient>> Connect(int port,
                                                                 absl::string_view database);
  ~BlockingClient();
  // A server error comes back as MysqlStatus with its code.
  absl::StatusOr<QueryResult> Query(absl::string_view sql);

 private:
  BlockingClient() = default;
  st_mysql* mysql_ = nullptr;
};

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_TESTS_ROUTER_BLOCKING_CLIENT_H_
