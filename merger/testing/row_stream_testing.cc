#include "merger/testing/row_stream_testing.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace shardproxy::testing {

ScriptedRowStream::ScriptedRowStream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                                     absl::Status end_status)
    : columns_(std::move(columns)),
      rows_(std::move(rows)),
      end_(std::move(end_status)),
      blocks_before_(rows_.size() + 1, 0) {}

ScriptedRowStream::~ScriptedRowStream() { Poison(); }

ScriptedRowStream& ScriptedRowStream::BlockBefore(size_t index, int times) {
  blocks_before_.at(index) += times;
  return *this;
}

ScriptedRowStream& ScriptedRowStream::BlockEverywhere() {
  for (int& b : blocks_before_) b += 1;
  return *this;
}

void ScriptedRowStream::Poison() {
  if (buffer_ != nullptr) std::memset(buffer_.get(), '#', buffer_size_);
  buffer_.reset();
  for (Cell& c : cells_) c = absl::string_view("#poisoned#");
}

StreamState ScriptedRowStream::Next(RowView* row) {
  ++next_calls_;
  Poison();
  if (finished_) return StreamState::kFinished;
  if (blocks_before_[next_] > 0) {
    --blocks_before_[next_];
    return StreamState::kBlocked;
  }
  if (next_ == rows_.size()) {
    finished_ = true;
    return StreamState::kFinished;
  }
  const auto& r = rows_[next_++];
  buffer_size_ = 1;
  for (const auto& c : r) buffer_size_ += c.has_value() ? c->size() : 0;
  buffer_.reset(new char[buffer_size_]);
  char* p = buffer_.get();
  cells_.assign(r.size(), Cell());
  for (size_t i = 0; i < r.size(); ++i) {
    if (!r[i].has_value()) continue;
    std::memcpy(p, r[i]->data(), r[i]->size());
    cells_[i] = absl::string_view(p, r[i]->size());
    p += r[i]->size();
  }
  *row = RowView(cells_);
  return StreamState::kHaveRow;
}

Drained Drain(RowStream& stream, int max_blocked) {
  Drained out;
  RowView row;
  while (true) {
    StreamState s = stream.Next(&row);
    if (s == StreamState::kFinished) break;
    if (s == StreamState::kBlocked) {
      if (++out.blocked > max_blocked) {
        out.status = absl::DeadlineExceededError("stream kept blocking");
        return out;
      }
      continue;
    }
    std::vector<OwnedCell> r;
    for (const Cell& c : row) r.push_back(c.has_value() ? OwnedCell(std::string(*c)) : OwnedCell());
    out.rows.push_back(std::move(r));
  }
  out.status = stream.status();
  return out;
}

OwnedRows Rows(std::vector<std::vector<const char*>> rows) {
  OwnedRows out;
  for (const auto& r : rows) {
    std::vector<OwnedCell> row;
    for (const char* c : r) {
      row.push_back(std::string(c) == "NULL" ? OwnedCell() : OwnedCell(std::string(c)));
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string RowsToString(const OwnedRows& rows) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& c : r) cells.push_back(c.has_value() ? *c : "NULL");
    lines.push_back(absl::StrJoin(cells, "|"));
  }
  return absl::StrJoin(lines, "\n");
}

namespace {
ColumnDefinition Base(const std::string& name, FieldType type, uint32_t length, uint16_t charset,
                      uint16_t flags, uint8_t decimals) {
  ColumnDefinition c;
  c.schema = "test";
  c.table = "t";
  c.org_table = "t";
  c.name = name;
  c.org_name = name;
  c.type = type;
  c.column_length = length;
  c.character_set = charset;
  c.flags = flags;
  c.decimals = decimals;
  return c;
}
}  // namespace

ColumnDefinition IntColumn(const std::string& name, bool is_unsigned) {
  return Base(name, FieldType::kLong, is_unsigned ? 10 : 11, 63,
              is_unsigned ? column_flag::kUnsigned : 0, 0);
}
ColumnDefinition BigIntColumn(const std::string& name, bool is_unsigned) {
  return Base(name, FieldType::kLongLong, 20, 63, is_unsigned ? column_flag::kUnsigned : 0, 0);
}
ColumnDefinition DecimalColumn(const std::string& name, int precision, int scale) {
  return Base(name, FieldType::kNewDecimal,
              static_cast<uint32_t>(precision + (scale > 0 ? 1 : 0) + 1), 63, 0,
              static_cast<uint8_t>(scale));
}
ColumnDefinition DoubleColumn(const std::string& name, int decimals) {
  return Base(name, FieldType::kDouble, 22, 63, 0, static_cast<uint8_t>(decimals));
}
ColumnDefinition VarcharColumn(const std::string& name, uint16_t collation, uint16_t flags) {
  return Base(name, FieldType::kVarString, 80, collation, flags, 0);
}
ColumnDefinition VarbinaryColumn(const std::string& name) {
  return Base(name, FieldType::kVarString, 20, 63, column_flag::kBinary, 0);
}
ColumnDefinition DateColumn(const std::string& name) {
  return Base(name, FieldType::kDate, 10, 63, column_flag::kBinary, 0);
}
ColumnDefinition DateTimeColumn(const std::string& name, int decimals) {
  return Base(name, FieldType::kDateTime, static_cast<uint32_t>(19 + (decimals ? decimals + 1 : 0)),
              63, column_flag::kBinary, static_cast<uint8_t>(decimals));
}
ColumnDefinition TimeColumn(const std::string& name) {
  return Base(name, FieldType::kTime, 10, 63, column_flag::kBinary, 0);
}
ColumnDefinition CountColumn(const std::string& name) {
  ColumnDefinition c =
      Base(name, FieldType::kLongLong, 21, 63, column_flag::kNotNull | column_flag::kBinary, 0);
  c.schema.clear();
  c.table.clear();
  c.org_table.clear();
  c.org_name.clear();
  return c;
}
ColumnDefinition SumDecimalColumn(const std::string& name, int precision, int scale) {
  ColumnDefinition c = DecimalColumn(name, precision, scale);
  c.flags = column_flag::kBinary;
  c.schema.clear();
  c.table.clear();
  c.org_table.clear();
  c.org_name.clear();
  return c;
}

std::unique_ptr<ScriptedRowStream> Stream(std::vector<ColumnDefinition> columns, OwnedRows rows,
                                          absl::Status end) {
  return std::make_unique<ScriptedRowStream>(std::move(columns), std::move(rows), std::move(end));
}

}  // namespace shardproxy::testing
