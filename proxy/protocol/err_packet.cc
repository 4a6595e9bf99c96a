#include "proxy/protocol/err_packet.h"

#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {
constexpr size_t kSqlStateLength = 5;
}  // namespace

void EncodeErrPacket(const MysqlError& error, uint32_t capabilities, std::string* out) {
  PutFixed8(out, kErrHeader);
  PutFixed16(out, error.code);
  if (capabilities & capability::kProtocol41) {
    out->push_back('#');
    absl::string_view state = error.sqlstate;
    state = state.substr(0, kSqlStateLength);
    out->append(state.data(), state.size());
    out->append(kSqlStateLength - state.size(), '0');
  }
  out->append(error.message);
}

void EncodeErrPacketFromStatus(const absl::Status& status, uint32_t capabilities,
                               std::string* out) {
  EncodeErrPacket(ToMysqlError(status), capabilities, out);
}

absl::StatusOr<MysqlError> DecodeErrPacket(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  uint8_t header;
  MysqlError error;
  if (!GetFixed8(&in, &header) || header != kErrHeader) {
    return MalformedPacketError("ERR packet: header is not 0xff");
  }
  if (!GetFixed16(&in, &error.code)) return MalformedPacketError("ERR packet: missing code");
  error.sqlstate = "HY000";
  if (capabilities & capability::kProtocol41) {
    absl::string_view marker, state;
    if (!GetFixedString(&in, 1, &marker) || marker != "#" ||
        !GetFixedString(&in, kSqlStateLength, &state)) {
      return MalformedPacketError("ERR packet: missing '#' and SQLSTATE");
    }
    error.sqlstate = std::string(state);
  }
  error.message = std::string(in);
  return error;
}

}  // namespace shardproxy
