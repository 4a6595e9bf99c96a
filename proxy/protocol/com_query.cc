#include "proxy/protocol/com_query.h"

#include "proxy/protocol/coding.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/protocol_error.h"

namespace shardproxy {

void EncodeComQuery(const ComQuery& command, std::string* out) {
  PutFixed8(out, static_cast<uint8_t>(Command::kQuery));
  out->append(command.query.data(), command.query.size());
}

absl::StatusOr<ComQuery> DecodeComQuery(absl::string_view payload, uint32_t capabilities) {
  absl::string_view in = payload;
  if (absl::Status status = ConsumeCommandByte(&in, Command::kQuery); !status.ok()) {
    return status;
  }
  ComQuery result;
  result.query = in;
  return result;
}

}  // namespace shardproxy
