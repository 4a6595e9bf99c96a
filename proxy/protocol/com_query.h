// COM_QUERY: the SQL text, to the end of the packet. The proxy does not offer
// CLIENT_QUERY_ATTRIBUTES, so no attribute block precedes the text. With multi-statements on
// (CLIENT_MULTI_STATEMENTS or COM_SET_OPTION) the text may hold several statements; each result
// but the last carries SERVER_MORE_RESULTS_EXIST.
#ifndef SHARDPROXY_PROXY_PROTOCOL_COM_QUERY_H_
#define SHARDPROXY_PROXY_PROTOCOL_COM_QUERY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct ComQuery {
  absl::string_view query;  // the SQL text, pointing into the payload

  friend bool operator==(const ComQuery&, const ComQuery&) = default;
};

// The whole command packet payload, command byte included.
void EncodeComQuery(const ComQuery& command, std::string* out);
absl::StatusOr<ComQuery> DecodeComQuery(absl::string_view payload, uint32_t capabilities);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_COM_QUERY_H_
