// Test doubles and helpers for row streams (a stand-in for a backend's result stream, not a
// database mock: the MariaDB-backed tests feed real server results through MemoryRowStream).
#ifndef SHARDPROXY_MERGER_TESTING_ROW_STREAM_TESTING_H_
#define SHARDPROXY_MERGER_TESTING_ROW_STREAM_TESTING_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "merger/memory_row_stream.h"
#include "merger/row_stream.h"

namespace shardproxy::testing {

// A scripted leaf stream: yields its rows, answering kBlocked where the script says (like a
// backend whose next packet has not arrived), then finishes with `end_status`. Each row lives in
// a fresh buffer that is overwritten with '#' when Next() is called again, so an operator that
// keeps a row past its lifetime reads garbage (and ASan reports it).
class ScriptedRowStream : public RowStream {
 public:
  ScriptedRowStream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                    absl::Status end_status = absl::OkStatus());
  ~ScriptedRowStream() override;

  // kBlocked `times` times before row `index` (rows.size() = before finishing).
  ScriptedRowStream& BlockBefore(size_t index, int times = 1);
  // kBlocked once before every row and before finishing.
  ScriptedRowStream& BlockEverywhere();

  absl::Span<const ColumnDefinition> columns() const override { return columns_; }
  StreamState Next(RowView* row) override;
  absl::Status status() const override { return finished_ ? end_ : absl::OkStatus(); }

  int next_calls() const { return next_calls_; }
  size_t rows_delivered() const { return next_; }

 private:
  void Poison();

  std::vector<ColumnDefinition> columns_;
  OwnedRows rows_;
  absl::Status end_;
  std::vector<int> blocks_before_;  // per row index, and one extra for the end
  size_t next_ = 0;
  bool finished_ = false;
  int next_calls_ = 0;
  std::unique_ptr<char[]> buffer_;
  size_t buffer_size_ = 0;
  std::vector<Cell> cells_;
};

struct Drained {
  OwnedRows rows;
  absl::Status status;
  int blocked = 0;  // kBlocked answers seen
};

// Pulls `stream` until kFinished (retrying through kBlocked, at most `max_blocked` times).
Drained Drain(RowStream& stream, int max_blocked = 100000);

// Rows from a compact literal: "NULL" is SQL NULL.
OwnedRows Rows(std::vector<std::vector<const char*>> rows);
std::string RowsToString(const OwnedRows& rows);

// Column definitions the way MariaDB reports them over a utf8mb4 connection.
ColumnDefinition IntColumn(const std::string& name, bool is_unsigned = false);
ColumnDefinition BigIntColumn(const std::string& name, bool is_unsigned = false);
ColumnDefinition DecimalColumn(const std::string& name, int precision, int scale);
ColumnDefinition DoubleColumn(const std::string& name, int decimals = 31);
ColumnDefinition VarcharColumn(const std::string& name, uint16_t collation = 45,
                               uint16_t flags = 0);
ColumnDefinition VarbinaryColumn(const std::string& name);
ColumnDefinition DateColumn(const std::string& name);
ColumnDefinition DateTimeColumn(const std::string& name, int decimals = 0);
ColumnDefinition TimeColumn(const std::string& name);
// What a shard reports for COUNT(x) / SUM(int) / SUM(DECIMAL(p,s)).
ColumnDefinition CountColumn(const std::string& name);
ColumnDefinition SumDecimalColumn(const std::string& name, int precision, int scale);

std::unique_ptr<ScriptedRowStream> Stream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                                          absl::Status end = absl::OkStatus());

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_MERGER_TESTING_ROW_STREAM_TESTING_H_
