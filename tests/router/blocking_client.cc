#include "tests/router/blocking_client.h"

#include <mysql.h>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy::testing {

absl::StatusOr<std::unique_ptr<BlockingClient>> BlockingClient::Connect(
    int port, absl::string_view database) {
  std::unique_ptr<BlockingClient> client(new BlockingClient());
  client->mysql_ = mysql_init(nullptr);
  if (client->mysql_ == nullptr) return InternalError("mysql_init failed");
  mysql_options(client->mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  std::string db(database);
  if (mysql_real_connect(client->mysql_, "127.0.0.1", "root", "", db.empty() ? nullptr : db.c_str(),
                         static_cast<unsigned>(port), nullptr, 0) == nullptr) {
    return InternalError(absl::StrCat("connect to port ", port, ": ", mysql_error(client->mysql_)));
  }
  return client;
}

BlockingClient::~BlockingClient() {
  if (mysql_ != nullptr) mysql_close(mysql_);
}

absl::StatusOr<QueryResult> BlockingClient::Query(absl::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    return MysqlStatus(static_cast<uint16_t>(mysql_errno(mysql_)), mysql_sqlstate(mysql_),
                       mysql_error(mysql_));
  }
  QueryResult result;
  MYSQL_RES* res = mysql_store_result(mysql_);
  if (res == nullptr) {
    if (mysql_field_count(mysql_) != 0) {
      return MysqlStatus(static_cast<uint16_t>(mysql_errno(mysql_)), mysql_sqlstate(mysql_),
                         mysql_error(mysql_));
    }
    result.affected_rows = mysql_affected_rows(mysql_);
    result.insert_id = mysql_insert_id(mysql_);
    return result;
  }
  result.has_rows = true;
  unsigned n = mysql_num_fields(res);
  MYSQL_FIELD* fields = mysql_fetch_fields(res);
  for (unsigned i = 0; i < n; ++i) {
    ColumnDefinition c;
    c.catalog = fields[i].catalog ? fields[i].catalog : "def";
    c.schema = fields[i].db ? fields[i].db : "";
    c.table = fields[i].table ? fields[i].table : "";
    c.org_table = fields[i].org_table ? fields[i].org_table : "";
    c.name = fields[i].name ? fields[i].name : "";
    c.org_name = fields[i].org_name ? fields[i].org_name : "";
    c.character_set = static_cast<uint16_t>(fields[i].charsetnr);
    c.column_length = static_cast<uint32_t>(fields[i].length);
    c.type = static_cast<FieldType>(fields[i].type);
    c.flags = static_cast<uint16_t>(fields[i].flags);
    c.decimals = static_cast<uint8_t>(fields[i].decimals);
    result.columns.push_back(std::move(c));
  }
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* lengths = mysql_fetch_lengths(res);
    std::vector<OwnedCell> cells;
    for (unsigned i = 0; i < n; ++i) {
      if (row[i] == nullptr) {
        cells.emplace_back(absl::nullopt);
      } else {
        cells.emplace_back(std::string(row[i], lengths[i]));
      }
    }
    result.rows.push_back(std::move(cells));
  }
  mysql_free_result(res);
  return result;
}

}  // namespace shardproxy::testing
