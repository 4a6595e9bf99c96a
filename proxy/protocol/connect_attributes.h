// Connection attributes (CLIENT_CONNECT_ATTRS), shared by the handshake response and
// COM_CHANGE_USER: a length-encoded total, then length-encoded key/value strings.
#ifndef SHARDPROXY_PROXY_PROTOCOL_CONNECT_ATTRIBUTES_H_
#define SHARDPROXY_PROXY_PROTOCOL_CONNECT_ATTRIBUTES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

using ConnectAttributes = std::vector<std::pair<std::string, std::string>>;

void PutConnectAttributes(std::string* dst, const ConnectAttributes& attributes);
// Consumes the attributes from *input. The error message names what is wrong.
absl::Status GetConnectAttributes(absl::string_view* input, ConnectAttributes* attributes);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_CONNECT_ATTRIBUTES_H_
