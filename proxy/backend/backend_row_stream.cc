// BackendConnection's result rows: BackendRowStream pulls them one at a time.
#include <mysql.h>

#include <utility>

#include "proxy/backend/backend_connection.h"

namespace shardproxy {
namespace {

void AssignField(std::string* out, const char* data, unsigned int length) {
  if (data == nullptr) {
    out->clear();
  } else {
    out->assign(data, length);
  }
}

}  // namespace

StreamState BackendRowStream::Next(RowView* row) { return connection_->NextRow(row); }

void BackendConnection::ReadColumns(st_mysql_res* res, std::vector<ColumnDefinition>* columns) {
  unsigned int count = mysql_num_fields(res);
  const MYSQL_FIELD* fields = mysql_fetch_fields(res);
  columns->resize(count);
  for (unsigned int i = 0; i < count; ++i) {
    const MYSQL_FIELD& f = fields[i];
    ColumnDefinition& c = (*columns)[i];
    AssignField(&c.catalog, f.catalog, f.catalog_length);
    AssignField(&c.schema, f.db, f.db_length);
    AssignField(&c.table, f.table, f.table_length);
    AssignField(&c.org_table, f.org_table, f.org_table_length);
    AssignField(&c.name, f.name, f.name_length);
    AssignField(&c.org_name, f.org_name, f.org_name_length);
    c.character_set = static_cast<uint16_t>(f.charsetnr);
    c.column_length = static_cast<uint32_t>(f.length);
    c.type = static_cast<FieldType>(f.type);
    // Connector/C adds NUM_FLAG to numeric columns itself; MariaDB does not send it.
    c.flags = static_cast<uint16_t>(INTERNAL_NUM_FIELD(&f) ? f.flags & ~NUM_FLAG : f.flags);
    c.decimals = static_cast<uint8_t>(f.decimals);
  }
}

void BackendConnection::OpenRows() {
  res_ = mysql_use_result(mysql_);
  if (res_ == nullptr) {
    AfterStatement();
    return;
  }
  ReadColumns(res_, &rows_.columns_);
  unsigned int count = static_cast<unsigned int>(rows_.columns_.size());
  rows_.cells_.resize(count);
  rows_.status_ = absl::OkStatus();
  rows_.end_status_flags_ = 0;
  rows_.end_warnings_ = 0;
  rows_.rows_read_ = 0;
  stream_phase_ = StreamPhase::kOpen;
  result_kind_ = ResultKind::kRows;
  phase_ = Phase::kStreaming;
  Finish(absl::OkStatus());
}

StreamState BackendConnection::NextRow(RowView* row) {
  switch (stream_phase_) {
    case StreamPhase::kClosed:
    case StreamPhase::kFinished:
      return StreamState::kFinished;
    case StreamPhase::kFetching:
      return StreamState::kBlocked;
    case StreamPhase::kRowReady:
      stream_phase_ = StreamPhase::kOpen;
      *row = RowView(rows_.cells_);
      return StreamState::kHaveRow;
    case StreamPhase::kOpen:
      break;
  }
  stream_phase_ = StreamPhase::kFetching;
  bool was_in_next = in_next_;
  in_next_ = true;  // a row that is already buffered arrives synchronously: no waker for it
  StartOp(Op::kFetchRow, &BackendConnection::AfterFetchRow);
  in_next_ = was_in_next;
  if (stream_phase_ == StreamPhase::kRowReady) {
    stream_phase_ = StreamPhase::kOpen;
    *row = RowView(rows_.cells_);
    return StreamState::kHaveRow;
  }
  return stream_phase_ == StreamPhase::kFinished ? StreamState::kFinished : StreamState::kBlocked;
}

void BackendConnection::AfterFetchRow() {
  if (row_ret_ != nullptr) {
    const unsigned long* lengths = mysql_fetch_lengths(res_);
    std::vector<Cell>& cells = rows_.cells_;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (row_ret_[i] == nullptr) {
        cells[i] = absl::nullopt;
      } else {
        cells[i] = absl::string_view(row_ret_[i], lengths[i]);
      }
    }
    ++rows_.rows_read_;
    stream_phase_ = StreamPhase::kRowReady;
    Wake();
    return;
  }
  // End of rows, or an error instead of the next row (KILL QUERY, max_statement_time, a lost
  // connection). Either way Connector/C is done with the result and freeing it is local.
  if (mysql_errno(mysql_) != 0) {
    stream_end_status_ = StatementError("reading rows");
  } else {
    stream_end_status_ = absl::OkStatus();
    rows_.end_status_flags_ = static_cast<uint16_t>(mysql_->server_status);
    rows_.end_warnings_ = static_cast<uint16_t>(mysql_warning_count(mysql_));
    server_status_ = rows_.end_status_flags_;
  }
  StartOp(Op::kFreeResult, &BackendConnection::AfterFreeResult);
}

void BackendConnection::AfterFreeResult() {
  res_ = nullptr;
  if (is_broken()) {
    FinishStream(std::move(stream_end_status_));
    return;
  }
  if (stream_end_status_.ok() &&
      (rows_.end_status_flags_ & server_status::kMoreResultsExist) != 0) {
    phase_ = Phase::kAwaitingNextResult;
    FinishStream(absl::OkStatus());
    return;
  }
  phase_ = Phase::kReady;
  EndOfStatements(std::move(stream_end_status_), true);
}

void BackendConnection::FinishStream(absl::Status status) {
  rows_.status_ = std::move(status);
  stream_phase_ = StreamPhase::kFinished;
  Wake();
}

void BackendConnection::Wake() {
  if (in_next_ || !waker_) return;
  // The waker may replace itself (or the pool may clear it) while it runs.
  uint64_t generation = waker_generation_;
  absl::AnyInvocable<void()> waker = std::move(waker_);
  waker();
  if (waker_generation_ == generation && !waker_) waker_ = std::move(waker);
}

}  // namespace shardproxy
