#include "proxy/server/table_maintenance.h"

#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/ast/session.h"
#include "parser/literal.h"
#include "parser/token.h"

namespace shardproxy {
namespace {

struct ListedTable {
  std::string database;  // empty: unqualified
  std::string name;
  uint32_t begin = 0;  // bytes of the name as written
  uint32_t end = 0;
};

}  // namespace

absl::StatusOr<absl::optional<TableMaintenance>> PlanTableMaintenance(
    const sql::BoundStatement& statement, const Config& config,
    absl::string_view current_database) {
  if (statement.kind() != sql::StatementKind::kOther) return absl::nullopt;
  const std::string& leading = statement.statement().As<sql::OtherStatement>().leading;
  if (leading != "ANALYZE" && leading != "CHECK" && leading != "CHECKSUM" &&
      leading != "OPTIMIZE" && leading != "REPAIR") {
    return absl::nullopt;
  }
  const sql::SqlDigest& digest = statement.digest();
  size_t i = 1;
  if (digest.IsWord(i, "NO_WRITE_TO_BINLOG") || digest.IsWord(i, "LOCAL")) ++i;
  if (!digest.IsWord(i, "TABLE") && !digest.IsWord(i, "TABLES")) return absl::nullopt;
  ++i;
  std::vector<ListedTable> listed;
  while (true) {
    absl::optional<std::string> first = digest.IdentifierAt(i);
    if (!first) return absl::nullopt;  // MariaDB's syntax error, from the data source
    ListedTable table;
    table.begin = statement.TokenRange(static_cast<int32_t>(i)).begin;
    table.end = statement.TokenRange(static_cast<int32_t>(i)).end;
    table.name = *std::move(first);
    ++i;
    if (digest.IsPunct(i, sql::Punct::kDot)) {
      absl::optional<std::string> second = digest.IdentifierAt(i + 1);
      if (!second) return absl::nullopt;
      table.database = std::move(table.name);
      table.name = *std::move(second);
      table.end = statement.TokenRange(static_cast<int32_t>(i + 1)).end;
      i += 2;
    }
    listed.push_back(std::move(table));
    if (!digest.IsPunct(i, sql::Punct::kComma)) break;
    ++i;
  }
  absl::string_view sql = statement.sql();
  const absl::string_view before = sql.substr(0, listed.front().begin);
  const absl::string_view after = sql.substr(listed.back().end);
  TableMaintenance plan;
  plan.checksum = leading == "CHECKSUM";
  plan.implicit_commit = !plan.checksum;
  const ShardingRules& rules = config.sharding;
  for (const ListedTable& table : listed) {
    const bool logical = table.database.empty() || table.database == config.database;
    if (logical && table.database.empty() && current_database.empty()) {
      return MysqlStatus(mysql_errc::kNoDatabase, "3D000", "No database selected");
    }
    const size_t index = plan.tables.size();
    plan.tables.push_back(absl::StrCat(
        logical ? absl::string_view(config.database) : table.database, ".", table.name));
    auto add = [&](const std::string& data_source, absl::string_view actual, bool counts) {
      TableMaintenance::Node node;
      node.data_source = data_source;
      node.table = index;
      node.counts = counts;
      node.sql = std::string(before);
      if (logical) {
        sql::AppendQuotedIdentifier(actual, &node.sql);
      } else {
        absl::StrAppend(&node.sql, sql.substr(table.begin, table.end - table.begin));
      }
      absl::StrAppend(&node.sql, after);
      plan.nodes.push_back(std::move(node));
    };
    const TableRule* rule = logical ? rules.FindTable(table.name) : nullptr;
    if (rule != nullptr) {
      for (const DataNode& node : rule->data_nodes()) add(node.data_source, node.table, true);
    } else if (logical && rules.IsBroadcast(table.name)) {
      // Every copy is checked; a checksum is one copy's, as the table is.
      for (const DataSourceConfig& ds : config.data_sources) {
        add(ds.name, table.name, ds.name == config.default_data_source);
      }
    } else {
      add(config.default_data_source, table.name, true);
    }
  }
  return plan;
}

LocalResult MergeTableMaintenance(
    const TableMaintenance& plan, std::vector<ColumnDefinition> columns,
    const std::vector<std::vector<std::vector<absl::optional<std::string>>>>& rows) {
  LocalResult result;
  result.columns = std::move(columns);
  if (plan.checksum) {
    struct Sum {
      uint64_t value = 0;
      bool null = false;
    };
    std::vector<Sum> sums(plan.tables.size());
    for (size_t n = 0; n < plan.nodes.size() && n < rows.size(); ++n) {
      if (!plan.nodes[n].counts) continue;
      Sum& sum = sums[plan.nodes[n].table];
      for (const auto& row : rows[n]) {
        uint64_t value = 0;
        if (row.size() < 2 || !row[1].has_value() || !absl::SimpleAtoi(*row[1], &value)) {
          sum.null = true;
        } else {
          sum.value = (sum.value + value) & 0xFFFFFFFFu;
        }
      }
    }
    for (size_t t = 0; t < plan.tables.size(); ++t) {
      result.rows.push_back({plan.tables[t], sums[t].null ? absl::nullopt
                                                          : absl::optional<std::string>(
                                                                absl::StrCat(sums[t].value))});
    }
    return result;
  }
  // Row by row, each named after its logical table; what several nodes said alike, once.
  std::vector<absl::flat_hash_set<std::string>> seen(plan.tables.size());
  for (size_t n = 0; n < plan.nodes.size() && n < rows.size(); ++n) {
    const size_t table = plan.nodes[n].table;
    for (auto row : rows[n]) {
      if (row.empty()) continue;
      row[0] = plan.tables[table];
      std::string key;
      for (size_t c = 1; c < row.size(); ++c) {
        absl::StrAppend(&key, row[c].has_value() ? "v" : "n", row[c].value_or(""), "\x1f");
      }
      if (seen[table].insert(std::move(key)).second) result.rows.push_back(std::move(row));
    }
  }
  return result;
}

}  // namespace shardproxy
