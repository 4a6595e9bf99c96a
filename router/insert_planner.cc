#include "router/insert_planner.h"

#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/literal.h"
#include "router/sharding_condition.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {
namespace {

bool IsPunct(const sql::BoundStatement& s, int32_t token, sql::Punct p) {
  return token >= 0 && s.digest().IsPunct(static_cast<size_t>(token), p);
}

// Plans without sharding: the whole statement on the default data source or, for a broadcast
// table, on every data source.
absl::StatusOr<RoutePlan> RouteUnsharded(const sql::BoundStatement& statement,
                                         const RouteContext& context, StatementTables& tables) {
  const Config& config = *context.config;
  if (tables.has_sharded()) {
    return UnsupportedError(absl::StrCat(
        "INSERT … SELECT from sharded table '", tables.FirstShardedName(),
        "' into a table that is not sharded alike is not supported: the rows live on other "
        "data nodes"));
  }
  SqlSplicer splicer(statement);
  tables.AddRenames(&splicer);
  StatementTables::Names names = tables.DefaultNames();
  RoutePlan plan;
  plan.kind = PlanKind::kWrite;
  auto add = [&](const std::string& ds) {
    NodeStatement node{ds, {}};
    splicer.Render(names, &node.sql);
    plan.statements.push_back(std::move(node));
  };
  if (tables.BroadcastIsWritten()) {
    if (tables.has_unsharded()) {
      return UnsupportedError(
          absl::StrCat("INSERT into broadcast table '", tables.FirstBroadcastName(),
                       "' selecting from "
                       "unsharded table '",
                       tables.FirstUnshardedName(), "' is not supported: that table lives only in ",
                       config.default_data_source));
    }
    for (const DataSourceConfig& ds : config.data_sources) add(ds.name);
    plan.replicated = config.data_sources.size() > 1;
  } else {
    add(config.default_data_source);
  }
  return plan;
}

}  // namespace

absl::StatusOr<RoutePlan> RouteInsert(const sql::BoundStatement& statement,
                                      const sql::InsertStatement& insert,
                                      const RouteContext& context, StatementTables& tables) {
  // The target is the first sharded occurrence with the target's name token, if any.
  int target = -1;
  const auto& occurrences = tables.occurrences();
  for (size_t o = 0; o < occurrences.size(); ++o) {
    if (occurrences[o].name == insert.table.name.name &&
        tables.SlotOfSharded(static_cast<int>(o)) >= 0 &&
        statement.statement()
                .tables[static_cast<size_t>(tables.SlotOfSharded(static_cast<int>(o)))]
                .name.name.token == insert.table.name.token) {
      target = static_cast<int>(o);
      break;
    }
  }
  if (target < 0) return RouteUnsharded(statement, context, tables);
  const ShardedOccurrence& occ = occurrences[static_cast<size_t>(target)];
  const TableRule& rule = *occ.rule;
  if (insert.source == sql::InsertStatement::Source::kSelect || tables.unit_count() > 1 ||
      occurrences.size() > 1) {
    return UnsupportedError(absl::StrCat(
        "INSERT … SELECT into sharded table '", rule.name(),
        "' is not supported: the selected rows may belong to other data nodes; insert them with "
        "VALUES"));
  }
  if (tables.has_foreign() || tables.has_unsharded() || tables.has_broadcast()) {
    return UnsupportedError(absl::StrCat("INSERT into sharded table '", rule.name(),
                                         "' reading other tables is not supported"));
  }
  for (const sql::Assignment& a : insert.on_duplicate_key_update) {
    if (rule.IsShardingColumn(a.column->column.name)) {
      return UnsupportedError(absl::StrCat(
          "ON DUPLICATE KEY UPDATE of sharding column '", a.column->column.name, "' of table '",
          rule.name(), "' is not supported: the row could have to move to another data node"));
    }
  }

  // Column names in the order values come.
  std::vector<absl::string_view> columns;
  if (insert.source == sql::InsertStatement::Source::kSet) {
    for (const sql::Assignment& a : insert.set) columns.push_back(a.column->column.name);
  } else {
    if (!insert.has_column_list) {
      return UnsupportedError(absl::StrCat(
          "INSERT into sharded table '", rule.name(),
          "' needs a column list: the proxy must find the sharding column's value in each row"));
    }
    for (const auto& c : insert.columns) columns.push_back(c->column.name);
  }
  auto column_index = [&](absl::string_view name) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (absl::EqualsIgnoreCase(columns[i], name)) return static_cast<int>(i);
    }
    return -1;
  };
  const KeyGeneratorConfig* generator = rule.key_generator();
  bool generate = generator != nullptr && column_index(generator->column) < 0;

  size_t row_count;
  bool collapsed = false;
  if (insert.source == sql::InsertStatement::Source::kSet) {
    row_count = 1;
  } else if (insert.rows_slot.valid()) {
    collapsed = true;
    row_count = statement.RowCount(insert.rows_slot);
  } else {
    row_count = insert.rows.size();
  }
  if (row_count == 0) return InternalError("INSERT without rows");

  ValueArena arena;
  std::vector<int64_t> keys;
  if (generate) {
    keys.reserve(row_count);
    for (size_t r = 0; r < row_count; ++r) keys.push_back(generator->generator->Next());
  }
  auto value_of = [&](size_t row, absl::string_view column, ShardingValue* out) -> absl::Status {
    if (generate && absl::EqualsIgnoreCase(column, generator->column)) {
      *out = ShardingValue::Integer(keys[row]);
      return absl::OkStatus();
    }
    int c = column_index(column);
    if (c < 0) {
      return MysqlStatus(1364, "HY000",
                         absl::StrCat("Field '", column, "' doesn't have a default value: ",
                                      "sharding column of table '", rule.name(),
                                      "' must be given in every INSERT"));
    }
    bool ok;
    if (insert.source == sql::InsertStatement::Source::kSet) {
      ok = FoldConstant(statement, *insert.set[static_cast<size_t>(c)].value, &arena, out);
    } else if (collapsed) {
      absl::Span<const sql::LiteralValue> cells = statement.Row(insert.rows_slot, row);
      if (static_cast<size_t>(c) >= cells.size()) {
        return MysqlStatus(1136, "21S01",
                           absl::StrCat("Column count doesn't match value count at row ", row + 1));
      }
      ok = LiteralToShardingValue(cells[static_cast<size_t>(c)], &arena, out);
    } else {
      const auto& cells = insert.rows[row];
      if (static_cast<size_t>(c) >= cells.size()) {
        return MysqlStatus(1136, "21S01",
                           absl::StrCat("Column count doesn't match value count at row ", row + 1));
      }
      ok = FoldConstant(statement, *cells[static_cast<size_t>(c)], &arena, out);
    }
    if (!ok) {
      return UnsupportedError(absl::StrCat("the value of sharding column '", column, "' of table '",
                                           rule.name(), "' in row ", row + 1,
                                           " must be a constant for the proxy to place the row"));
    }
    return absl::OkStatus();
  };

  // Node of every row.
  std::vector<int> row_nodes(row_count);
  absl::InlinedVector<ShardingValue, 2> db_values, table_values;
  for (size_t r = 0; r < row_count; ++r) {
    db_values.clear();
    table_values.clear();
    if (const ShardingStrategy* s = rule.database_strategy()) {
      for (const std::string& c : s->columns) {
        ShardingValue v;
        absl::Status st = value_of(r, c, &v);
        if (!st.ok()) return st;
        db_values.push_back(v);
      }
    }
    if (const ShardingStrategy* s = rule.table_strategy()) {
      for (const std::string& c : s->columns) {
        ShardingValue v;
        absl::Status st = value_of(r, c, &v);
        if (!st.ok()) return st;
        table_values.push_back(v);
      }
    }
    absl::StatusOr<int> node = rule.NodeForInsert(db_values, table_values);
    if (!node.ok()) return node.status();
    row_nodes[r] = *node;
  }

  // Token ranges of each row, parentheses included.
  auto row_range = [&](size_t r) -> std::pair<int32_t, int32_t> {
    const auto& cells = insert.rows[r];
    return {cells.front()->span.begin - 1, cells.back()->span.end + 1};
  };
  int32_t rows_begin = 0, rows_end = 0;
  if (insert.source == sql::InsertStatement::Source::kValues) {
    if (collapsed) {
      rows_begin = insert.rows_slot.token;
      rows_end = rows_begin + 1;
    } else {
      for (size_t r = 0; r < row_count; ++r) {
        if (insert.rows[r].empty()) {
          return UnsupportedError(absl::StrCat("INSERT into sharded table '", rule.name(),
                                               "' with an empty row is not supported"));
        }
        auto [b, e] = row_range(r);
        if (!IsPunct(statement, b, sql::Punct::kLParen) ||
            !IsPunct(statement, e - 1, sql::Punct::kRParen)) {
          return InternalError("unexpected INSERT row layout");
        }
      }
      rows_begin = row_range(0).first;
      rows_end = row_range(row_count - 1).second;
    }
  }

  RoutePlan plan;
  plan.kind = PlanKind::kWrite;
  if (generate) plan.generated_insert_id = static_cast<uint64_t>(keys[0]);
  std::string key_column;
  if (generate) sql::AppendQuotedIdentifier(generator->column, &key_column);

  std::map<int, std::vector<size_t>> rows_by_node;
  for (size_t r = 0; r < row_count; ++r) rows_by_node[row_nodes[r]].push_back(r);
  if (!insert.returning.empty() && rows_by_node.size() > 1) {
    // Statements follow rows_by_node's order: each row's statement is its node's rank there.
    for (size_t r = 0; r < row_count; ++r) {
      plan.returning_order.push_back(
          static_cast<int>(std::distance(rows_by_node.begin(), rows_by_node.find(row_nodes[r]))));
    }
  }
  StatementTables::Names names = tables.DefaultNames();
  for (const auto& [node, rows] : rows_by_node) {
    SqlSplicer splicer(statement);
    tables.AddRenames(&splicer);
    if (generate && insert.source == sql::InsertStatement::Source::kValues) {
      int32_t close = insert.columns.back()->span.end;
      splicer.Replace(close, close, {SplicePiece::Text(absl::StrCat(", ", key_column))});
    }
    if (insert.source == sql::InsertStatement::Source::kSet) {
      if (generate) {
        int32_t after = insert.set.back().value->span.end;
        splicer.Replace(after, after,
                        {SplicePiece::Text(absl::StrCat(", ", key_column, " = ", keys[0]))});
      }
    } else if (rows.size() != row_count || generate) {
      std::vector<SplicePiece> pieces;
      for (size_t i = 0; i < rows.size(); ++i) {
        size_t r = rows[i];
        if (i > 0) pieces.push_back(SplicePiece::Text(", "));
        if (collapsed) {
          sql::ByteRange range = statement.RowRange(insert.rows_slot, r);
          absl::string_view text = statement.sql().substr(range.begin, range.end - range.begin);
          if (generate) {
            text.remove_suffix(1);  // the closing parenthesis
            pieces.push_back(SplicePiece::Text(absl::StrCat(text, ", ", keys[r], ")")));
          } else {
            pieces.push_back(SplicePiece::Text(std::string(text)));
          }
        } else {
          auto [b, e] = row_range(r);
          if (generate) {
            pieces.push_back(SplicePiece::Tokens(b, e - 1));
            pieces.push_back(SplicePiece::Text(absl::StrCat(", ", keys[r], ")")));
          } else {
            pieces.push_back(SplicePiece::Tokens(b, e));
          }
        }
      }
      splicer.Replace(rows_begin, rows_end, std::move(pieces));
    }
    tables.NamesForNode(occ.unit, node, &names);
    const DataNode& dn = rule.data_nodes()[static_cast<size_t>(node)];
    NodeStatement ns{dn.data_source, {}};
    splicer.Render(names, &ns.sql);
    plan.statements.push_back(std::move(ns));
  }
  return plan;
}

}  // namespace shardproxy::router
