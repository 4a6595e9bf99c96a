#include "proxy/protocol/com_init_db.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComInitDb(const ComInitDb& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kInitDb));
  out->append(command.schema.data(), command.schema.size());
}

absl::StatusOr<ComInitDb> DecodeComInitDb(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kInitDb); !status.ok()) {
    return status;
  }
  ComInitDb result;
  result.schema = in;
  return result;
}

}  // namespace shardproxy
