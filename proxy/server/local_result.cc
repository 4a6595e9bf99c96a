#include "proxy/server/local_result.h"

#include <utility>

#include "proxy/protocol/server_status.h"

namespace shardproxy {

ColumnDefinition TextColumn(std::string name, uint32_t characters) {
  ColumnDefinition c;
  c.name = c.org_name = std::move(name);
  c.type = FieldType::kVarString;
  c.character_set = collation_id::kUtf8mb4GeneralCi;
  c.column_length = characters * 4;  // bytes: utf8mb4 takes up to 4 per character
  return c;
}

ColumnDefinition NumberColumn(std::string name) {
  ColumnDefinition c;
  c.name = c.org_name = std::move(name);
  c.type = FieldType::kLongLong;
  c.character_set = collation_id::kBinary;
  c.column_length = 21;
  c.flags = column_flag::kNotNull | column_flag::kBinary;
  return c;
}

bool WriteLocalResult(const LocalResult& result, uint16_t status_flags, bool more_results,
                      ResultSink* sink) {
  if (more_results) status_flags |= server_status::kMoreResultsExist;
  if (result.columns.empty()) {
    OkResult ok;
    ok.status_flags = status_flags;
    ok.info = result.info;
    sink->WriteOk(ok, more_results);
    return true;
  }
  sink->WriteColumns(result.columns);
  std::vector<Cell> cells;
  for (const auto& row : result.rows) {
    cells.clear();
    for (const absl::optional<std::string>& value : row) {
      cells.push_back(value ? Cell(*value) : Cell());
    }
    absl::Status written = sink->WriteRow(cells);
    if (!written.ok()) {
      sink->WriteError(written);
      return false;
    }
  }
  sink->WriteEnd(status_flags, 0, more_results);
  return true;
}

}  // namespace shardproxy
