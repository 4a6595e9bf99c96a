#include "proxy/server/schema_view.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sql_quote.h"
#include "parser/ast/walk.h"
#include "parser/literal.h"

namespace shardproxy {
namespace {

std::string Upper(absl::string_view s) { return absl::AsciiStrToUpper(s); }

bool IsSchemaColumn(absl::string_view name) {
  return name == "SCHEMA_NAME" || absl::EndsWith(name, "_SCHEMA");
}

bool IsTableColumn(absl::string_view name) {
  return name == "TABLE_NAME" || absl::EndsWith(name, "_TABLE_NAME");
}

bool IsPerNodeColumn(absl::string_view name) {
  for (absl::string_view n : {"TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "INDEX_LENGTH",
                              "DATA_FREE", "AUTO_INCREMENT", "MAX_INDEX_LENGTH"}) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace

SchemaNames SchemaNamesOf(const Config& config, absl::string_view default_data_source) {
  SchemaNames names;
  names.logical_database = config.database;
  for (const DataSourceConfig& ds : config.data_sources) {
    if (ds.database.empty()) continue;
    names.data_source_databases.insert(ds.database);
    if (ds.name == default_data_source) names.default_database = ds.database;
  }
  for (const TableRule& table : config.sharding.tables()) {
    for (const DataNode& node : table.data_nodes()) {
      if (node.data_source != default_data_source) continue;
      if (!names.standing_for.contains(table.name())) {
        names.standing_for[table.name()] = node.table;
        names.logical_of[node.table] = table.name();
      } else if (node.table != names.standing_for[table.name()]) {
        names.other_actuals.insert(node.table);
      }
    }
  }
  return names;
}

bool ReadsOnlyInformationSchema(const sql::BoundStatement& statement) {
  if (statement.kind() != sql::StatementKind::kSelect) return false;
  bool any = false;
  bool others = false;
  sql::WalkStatement(
      statement.statement(),
      [&](const sql::QueryNode& query) {
        if (query.kind != sql::QueryKind::kSelect) return;
        for (const sql::TableRefPtr& from : query.As<sql::SelectNode>().from) {
          sql::ForEachBaseTable(*from, [&](const sql::BaseTableRef& table) {
            if (absl::EqualsIgnoreCase(table.name.schema.name, "information_schema")) {
              any = true;
            } else {
              others = true;
            }
          });
        }
      },
      [](const sql::Expr&) {});
  return any && !others;
}

absl::optional<std::string> WithPhysicalNames(const sql::BoundStatement& statement,
                                              const SchemaNames& names) {
  absl::string_view sql = statement.sql();
  std::string out;
  size_t from = 0;
  for (const sql::LiteralValue& value : statement.digest().values()) {
    if (value.kind != sql::TokenKind::kString || value.text.data() < sql.data() ||
        value.text.data() + value.text.size() > sql.data() + sql.size()) {
      continue;  // not a string, or a bound parameter's (not in the text)
    }
    std::string decoded = sql::DecodeLiteralBytes(value);
    const std::string* physical = nullptr;
    if (!names.default_database.empty() &&
        absl::EqualsIgnoreCase(decoded, names.logical_database)) {
      physical = &names.default_database;
    } else if (auto it = names.standing_for.find(decoded); it != names.standing_for.end()) {
      physical = &it->second;
    }
    if (physical == nullptr) continue;
    size_t begin = static_cast<size_t>(value.text.data() - sql.data());
    if (begin < from) continue;
    absl::StrAppend(&out, sql.substr(from, begin - from));
    AppendQuotedSqlString(*physical, /*no_backslash_escapes=*/false, &out);
    from = begin + value.text.size();
  }
  if (from == 0) return absl::nullopt;
  absl::StrAppend(&out, sql.substr(from));
  return out;
}

SchemaViewRows::SchemaViewRows(const SchemaNames* names, absl::Span<const ColumnDefinition> columns)
    : names_(names) {
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string name = Upper(columns[i].org_name.empty() ? columns[i].name : columns[i].org_name);
    if (IsSchemaColumn(name)) schema_columns_.push_back(i);
    if (IsTableColumn(name)) table_columns_.push_back(i);
    if (IsPerNodeColumn(name)) per_node_columns_.push_back(i);
  }
}

bool SchemaViewRows::Map(RowView row, std::vector<Cell>* out) {
  out->assign(row.begin(), row.end());
  bool in_data_source = schema_columns_.empty();
  for (size_t i : schema_columns_) {
    if (i >= row.size() || !row[i].has_value()) continue;
    if (names_->data_source_databases.contains(*row[i])) {
      (*out)[i] = absl::string_view(names_->logical_database);
      in_data_source = true;
    }
  }
  if (!in_data_source) return true;  // another database's table: as it is
  bool sharded = false;
  for (size_t i : table_columns_) {
    if (i >= row.size() || !row[i].has_value()) continue;
    if (names_->other_actuals.contains(*row[i])) return false;
    auto it = names_->logical_of.find(*row[i]);
    if (it != names_->logical_of.end()) {
      (*out)[i] = absl::string_view(it->second);
      sharded = true;
    }
  }
  if (sharded) {
    for (size_t i : per_node_columns_) {
      if (i < out->size()) (*out)[i].reset();
    }
  }
  return true;
}

}  // namespace shardproxy
