// information_schema as a sharded session's client should see it. Such a SELECT runs on the
// default data source, whose information_schema knows its own database (shop_0) and its actual
// tables (t_order_0, t_order_1), not the logical database and tables the client uses: ORMs and
// GUI tools asking for TABLE_SCHEMA = 'shop' got nothing. The handler therefore
//   * writes the default data source's names into the statement's string literals: the logical
//     database → the default data source's database, a sharded table → its first actual table
//     there (the one that stands for it);
//   * maps the answer back by column (TABLE_SCHEMA, SCHEMA_NAME, …_SCHEMA; TABLE_NAME,
//     …_TABLE_NAME, by the column's original name, so aliases do not matter): data source
//     databases → the logical database, the standing-for table → the logical table, and drops
//     the rows of the other actual tables; a sharded table's sizes and counters (TABLE_ROWS,
//     DATA_LENGTH, …: one node's, not the table's) are NULL, as in SHOW TABLE STATUS.
// Limits: a sharded table with no data node in the default data source is not listed; every
// string literal equal to the logical database's or a sharded table's name is rewritten, also one
// that means something else (COLUMN_NAME = 'shop'); what the data source computes over the rows
// (COUNT(*), ORDER BY the physical names) counts and orders the actual tables.
#ifndef SHARDPROXY_PROXY_SERVER_SCHEMA_VIEW_H_
#define SHARDPROXY_PROXY_SERVER_SCHEMA_VIEW_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "common/mysql_types.h"
#include "config/config.h"
#include "merger/row_stream.h"
#include "parser/bound_statement.h"

namespace shardproxy {

// The names of one config, both ways.
struct SchemaNames {
  std::string logical_database;
  std::string default_database;  // the default data source's
  absl::flat_hash_set<std::string> data_source_databases;
  absl::flat_hash_map<std::string, std::string> standing_for;  // logical table → actual
  absl::flat_hash_map<std::string, std::string> logical_of;    // standing-for actual → logical
  absl::flat_hash_set<std::string> other_actuals;  // the default data source's other actual tables
};
SchemaNames SchemaNamesOf(const Config& config, absl::string_view default_data_source);

// Whether every table the statement reads is in information_schema (and it reads one).
bool ReadsOnlyInformationSchema(const sql::BoundStatement& statement);

// The statement with the logical names in its string literals replaced; nullopt when it has none.
absl::optional<std::string> WithPhysicalNames(const sql::BoundStatement& statement,
                                              const SchemaNames& names);

// Maps the rows of one answer.
class SchemaViewRows {
 public:
  SchemaViewRows(const SchemaNames* names, absl::Span<const ColumnDefinition> columns);
  // False: the row is another actual table of a sharded table, not for the client. Otherwise
  // *out is the row to send; its cells may point into this object until the next call.
  bool Map(RowView row, std::vector<Cell>* out);

 private:
  const SchemaNames* names_;
  std::vector<size_t> schema_columns_;
  std::vector<size_t> table_columns_;
  std::vector<size_t> per_node_columns_;  // sizes and counters of one node
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_SERVER_SCHEMA_VIEW_H_
