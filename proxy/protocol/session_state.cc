#include "proxy/protocol/session_state.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {
namespace {

void PutItemWithOneString(std::string* dst, SessionTrackType type, absl::string_view value) {
  PutFixed8(dst, static_cast<uint8_t>(type));
  PutLengthEncodedInt(dst, LengthEncodedIntSize(value.size()) + value.size());
  PutLengthEncodedString(dst, value);
}

}  // namespace

void PutSessionTrackSystemVariable(std::string* dst, absl::string_view name,
                                   absl::string_view value) {
  PutFixed8(dst, static_cast<uint8_t>(SessionTrackType::kSystemVariables));
  PutLengthEncodedInt(dst, LengthEncodedIntSize(name.size()) + name.size() +
                               LengthEncodedIntSize(value.size()) + value.size());
  PutLengthEncodedString(dst, name);
  PutLengthEncodedString(dst, value);
}

void PutSessionTrackSchema(std::string* dst, absl::string_view schema) {
  PutItemWithOneString(dst, SessionTrackType::kSchema, schema);
}

void PutSessionTrackStateChange(std::string* dst) {
  PutItemWithOneString(dst, SessionTrackType::kStateChange, "1");
}

void PutSessionTrackTransactionCharacteristics(std::string* dst,
                                               absl::string_view characteristics) {
  PutItemWithOneString(dst, SessionTrackType::kTransactionCharacteristics, characteristics);
}

void PutSessionTrackTransactionState(std::string* dst, absl::string_view state) {
  PutItemWithOneString(dst, SessionTrackType::kTransactionState, state);
}

absl::StatusOr<std::vector<SessionStateItem>> DecodeSessionStateChanges(absl::string_view changes) {
  std::vector<SessionStateItem> items;
  absl::string_view in = changes;
  while (!in.empty()) {
    uint8_t type;
    absl::string_view data;
    if (!GetFixed8(&in, &type) || !GetLengthEncodedString(&in, &data)) {
      return MalformedPacketError("OK packet: truncated session state item");
    }
    items.push_back({static_cast<SessionTrackType>(type), data});
  }
  return items;
}

absl::Status DecodeSessionTrackSystemVariable(absl::string_view data, absl::string_view* name,
                                              absl::string_view* value) {
  if (!GetLengthEncodedString(&data, name) || !GetLengthEncodedString(&data, value) ||
      !data.empty()) {
    return MalformedPacketError("OK packet: bad system variable item");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::string_view> DecodeSessionTrackString(absl::string_view data) {
  absl::string_view value;
  if (!GetLengthEncodedString(&data, &value) || !data.empty()) {
    return MalformedPacketError("OK packet: bad session state item");
  }
  return value;
}

}  // namespace shardproxy
