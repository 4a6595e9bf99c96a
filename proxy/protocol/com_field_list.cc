#include "proxy/protocol/com_field_list.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComFieldList(const ComFieldList& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kFieldList));
  PutNulTerminatedString(out, command.table);
  out->append(command.wildcard.data(), command.wildcard.size());
}

absl::StatusOr<ComFieldList> DecodeComFieldList(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kFieldList); !status.ok()) {
    return status;
  }
  ComFieldList result;
  if (!GetNulTerminatedString(&in, &result.table)) {
    return MalformedPacketError("COM_FIELD_LIST: bad or missing table");
  }
  result.wildcard = in;
  return result;
}

}  // namespace shardproxy
