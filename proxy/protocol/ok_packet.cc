#include "proxy/protocol/ok_packet.h"

#include "absl/strings/str_cat.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/protocol/server_status.h"

namespace shardproxy {
namespace {

void EncodeOk(uint8_t header, const OkPacket& ok, uint32_t capabilities, std::string* out) {
  const bool session_track = capabilities & capability::kSessionTrack;
  const bool state_changed = session_track && !ok.session_state_changes.empty();
  uint16_t status = ok.status_flags & ~server_status::kSessionStateChanged;
  if (state_changed) status |= server_status::kSessionStateChanged;

  PutFixed8(out, header);
  PutLengthEncodedInt(out, ok.affected_rows);
  PutLengthEncodedInt(out, ok.last_insert_id);
  if (capabilities & capability::kProtocol41) {
    PutFixed16(out, status);
    PutFixed16(out, ok.warnings);
  } else if (capabilities & capability::kTransactions) {
    PutFixed16(out, status);
  }
  // MySQL and MariaDB both write the info length-encoded, with or without session tracking (the
  // documentation's string<EOF> is not what servers send), and leave it out when it is empty and
  // nothing follows.
  if (!ok.info.empty() || state_changed) PutLengthEncodedString(out, ok.info);
  if (state_changed) PutLengthEncodedString(out, ok.session_state_changes);
}

absl::Status Malformed(absl::string_view field) {
  return MalformedPacketError(absl::StrCat("OK packet: bad or missing ", field));
}

}  // namespace

void EncodeOkPacket(const OkPacket& ok, uint32_t capabilities, std::string* out) {
  EncodeOk(kOkHeader, ok, capabilities, out);
}

void EncodeOkPacketAsEof(const OkPacket& ok, uint32_t capabilities, std::string* out) {
  EncodeOk(kEofHeader, ok, capabilities, out);
}

absl::StatusOr<OkPacket> DecodeOkPacket(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  uint8_t header;
  if (!GetFixed8(&in, &header) || (header != kOkHeader && header != kEofHeader)) {
    return Malformed("header (0x00 or 0xfe)");
  }
  OkPacket ok;
  if (!GetLengthEncodedInt(&in, &ok.affected_rows)) return Malformed("affected rows");
  if (!GetLengthEncodedInt(&in, &ok.last_insert_id)) return Malformed("last insert id");
  if (capabilities & capability::kProtocol41) {
    if (!GetFixed16(&in, &ok.status_flags)) return Malformed("status flags");
    if (!GetFixed16(&in, &ok.warnings)) return Malformed("warnings");
  } else if (capabilities & capability::kTransactions) {
    if (!GetFixed16(&in, &ok.status_flags)) return Malformed("status flags");
  }
  if (in.empty()) return ok;
  if (!GetLengthEncodedString(&in, &ok.info)) return Malformed("info");
  if (capabilities & capability::kSessionTrack &&
      ok.status_flags & server_status::kSessionStateChanged) {
    if (!GetLengthEncodedString(&in, &ok.session_state_changes)) {
      return Malformed("session state changes");
    }
  }
  if (!in.empty()) return Malformed("end of packet (trailing bytes)");
  return ok;
}

}  // namespace shardproxy
