#include "proxy/protocol/stmt_response.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/eof_packet.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/protocol/server_status.h"
#include "proxy/protocol/stmt_prepare_ok.h"

namespace shardproxy {
namespace {

// MariaDB's progress report travels as an ERR packet with this code; clients skip it.
constexpr uint16_t kProgressReportCode = 0xffff;

absl::Status OutOfStep(absl::string_view what) {
  return MalformedPacketError(absl::StrCat("backend reply out of step: ", what));
}

uint8_t HeaderOf(absl::string_view payload) {
  return payload.empty() ? 0 : static_cast<uint8_t>(payload[0]);
}

bool IsProgressReport(absl::string_view payload) {
  return payload.size() >= 3 && HeaderOf(payload) == kErrHeader &&
         static_cast<uint8_t>(payload[1]) == 0xff && static_cast<uint8_t>(payload[2]) == 0xff;
}

bool ExtendedTypeInfo(const BackendProtocol& protocol) {
  return (protocol.mariadb_capabilities & mariadb_capability::kExtendedTypeInfo) != 0;
}

}  // namespace

absl::StatusOr<bool> PrepareResponseReader::Feed(absl::string_view payload) {
  switch (stage_) {
    case Stage::kFirst: {
      if (IsProgressReport(payload)) return false;
      if (HeaderOf(payload) == kErrHeader) {
        absl::StatusOr<MysqlError> error = DecodeErrPacket(payload, protocol_.capabilities);
        if (!error.ok()) return error.status();
        server_error_ = *std::move(error);
        stage_ = Stage::kDone;
        return true;
      }
      absl::StatusOr<StmtPrepareOk> ok = DecodeStmtPrepareOk(payload, protocol_.capabilities);
      if (!ok.ok()) return ok.status();
      statement_id_ = ok->statement_id;
      num_params_ = ok->num_params;
      num_columns_ = ok->num_columns;
      warnings_ = ok->warnings;
      columns_.clear();
      columns_.reserve(num_columns_);
      if (num_params_ > 0) {
        stage_ = Stage::kParams;
        return false;
      }
      return AfterParams();
    }
    case Stage::kParams:
      if (IsEofPacket(payload)) return OutOfStep("EOF among parameter definitions");
      if (++params_seen_ == num_params_) stage_ = Stage::kParamsEof;
      return false;
    case Stage::kParamsEof:
      if (!IsEofPacket(payload)) return OutOfStep("no EOF after the parameter definitions");
      return AfterParams();
    case Stage::kColumns: {
      absl::StatusOr<ColumnDefinition> column =
          DecodeColumnDefinition(payload, protocol_.capabilities, ExtendedTypeInfo(protocol_));
      if (!column.ok()) return column.status();
      columns_.push_back(*std::move(column));
      if (columns_.size() == num_columns_) stage_ = Stage::kColumnsEof;
      return false;
    }
    case Stage::kColumnsEof:
      if (!IsEofPacket(payload)) return OutOfStep("no EOF after the column definitions");
      stage_ = Stage::kDone;
      return true;
    case Stage::kDone:
      break;
  }
  return OutOfStep("a packet after the prepare reply");
}

absl::StatusOr<bool> PrepareResponseReader::AfterParams() {
  if (num_columns_ > 0) {
    stage_ = Stage::kColumns;
    return false;
  }
  stage_ = Stage::kDone;
  return true;
}

absl::StatusOr<ExecuteResponseReader::Event> ExecuteResponseReader::Feed(
    absl::string_view payload) {
  if (IsProgressReport(payload) && stage_ != Stage::kDone) return Event::kNeedMore;
  if (HeaderOf(payload) == kErrHeader && stage_ != Stage::kDone) {
    absl::StatusOr<MysqlError> error = DecodeErrPacket(payload, protocol_.capabilities);
    if (!error.ok()) return error.status();
    server_error_ = *std::move(error);
    stage_ = Stage::kDone;
    return Event::kError;
  }
  switch (stage_) {
    case Stage::kFirst: {
      if (HeaderOf(payload) == kOkHeader) {
        absl::StatusOr<OkPacket> ok = DecodeOkPacket(payload, protocol_.capabilities);
        if (!ok.ok()) return ok.status();
        ok_ = *ok;
        return AfterResult(ok_.status_flags, Event::kOk);
      }
      absl::string_view in = payload;
      if (!GetLengthEncodedInt(&in, &column_count_) || column_count_ == 0 ||
          column_count_ > 0xffff) {
        return OutOfStep("bad column count");
      }
      bool metadata_follows = true;
      if ((protocol_.mariadb_capabilities & mariadb_capability::kCacheMetadata) != 0) {
        uint8_t flag;
        if (!GetFixed8(&in, &flag)) return OutOfStep("no metadata flag after the column count");
        metadata_follows = flag != 0;
      }
      if (!in.empty()) return OutOfStep("trailing bytes after the column count");
      if (metadata_follows) {
        columns_->clear();
        columns_->reserve(column_count_);
        stage_ = Stage::kColumns;
        return Event::kNeedMore;
      }
      if (columns_->size() != column_count_) {
        return OutOfStep("cached column definitions do not match the column count");
      }
      stage_ = Stage::kColumnsEof;  // MariaDB still ends the group it left out
      return Event::kNeedMore;
    }
    case Stage::kColumns: {
      absl::StatusOr<ColumnDefinition> column =
          DecodeColumnDefinition(payload, protocol_.capabilities, ExtendedTypeInfo(protocol_));
      if (!column.ok()) return column.status();
      columns_->push_back(*std::move(column));
      if (columns_->size() == column_count_) stage_ = Stage::kColumnsEof;
      return Event::kNeedMore;
    }
    case Stage::kColumnsEof: {
      if (!IsEofPacket(payload)) return OutOfStep("no EOF after the column definitions");
      absl::StatusOr<EofPacket> eof = DecodeEofPacket(payload, protocol_.capabilities);
      if (!eof.ok()) return eof.status();
      columns_end_flags_ = eof->status_flags;
      stage_ = Stage::kRows;
      return Event::kColumns;
    }
    case Stage::kRows: {
      if (IsEofPacket(payload)) {
        absl::StatusOr<EofPacket> eof = DecodeEofPacket(payload, protocol_.capabilities);
        if (!eof.ok()) return eof.status();
        end_flags_ = eof->status_flags;
        end_warnings_ = eof->warnings;
        return AfterResult(end_flags_, Event::kEnd);
      }
      if (HeaderOf(payload) != kOkHeader) return OutOfStep("a row that is not a binary row");
      row_ = payload;
      return Event::kRow;
    }
    case Stage::kDone:
      break;
  }
  return OutOfStep("a packet after the execute reply");
}

absl::StatusOr<ExecuteResponseReader::Event> ExecuteResponseReader::AfterResult(
    uint16_t status_flags, Event event) {
  stage_ = (status_flags & server_status::kMoreResultsExist) != 0 ? Stage::kFirst : Stage::kDone;
  return event;
}

}  // namespace shardproxy
