#include "proxy/protocol/connect_attributes.h"

#include "proxy/protocol/coding.h"

namespace shardproxy {

void PutConnectAttributes(std::string* dst, const ConnectAttributes& attributes) {
  size_t total = 0;
  for (const auto& [key, value] : attributes) {
    total += LengthEncodedIntSize(key.size()) + key.size();
    total += LengthEncodedIntSize(value.size()) + value.size();
  }
  PutLengthEncodedInt(dst, total);
  for (const auto& [key, value] : attributes) {
    PutLengthEncodedString(dst, key);
    PutLengthEncodedString(dst, value);
  }
}

absl::Status GetConnectAttributes(absl::string_view* input, ConnectAttributes* attributes) {
  absl::string_view block;
  if (!GetLengthEncodedString(input, &block)) {
    return absl::InvalidArgumentError("connection attributes (length)");
  }
  attributes->clear();
  while (!block.empty()) {
    absl::string_view key, value;
    if (!GetLengthEncodedString(&block, &key) || !GetLengthEncodedString(&block, &value)) {
      return absl::InvalidArgumentError("connection attributes (key/value)");
    }
    attributes->emplace_back(std::string(key), std::string(value));
  }
  return absl::OkStatus();
}

}  // namespace shardproxy
