// Golden bytes captured from a real MariaDB (testdata/mariadb_golden.txt, written by
// testdata/capture_golden.py), for the protocol tests.
#ifndef SHARDPROXY_PROXY_PROTOCOL_GOLDEN_TEST_DATA_H_
#define SHARDPROXY_PROXY_PROTOCOL_GOLDEN_TEST_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace shardproxy {
namespace testing {

struct GoldenPacket {
  char direction;  // 'C' client sent it, 'S' server sent it
  uint8_t sequence_id;
  std::string payload;
};

struct GoldenExchange {
  std::string name;
  uint32_t capabilities = 0;  // negotiated on that connection
  std::vector<GoldenPacket> packets;

  // The payloads one side sent, in order.
  std::vector<std::string> FromServer() const;
  std::vector<std::string> FromClient() const;
  // The packets one side sent, framed as on the wire.
  std::string ServerWire() const;
};

// The exchange called `name`; aborts the test binary when the file or the name is missing, since
// every golden test would then be meaningless.
const GoldenExchange& Golden(absl::string_view name);
const std::vector<GoldenExchange>& AllGolden();

}  // namespace testing
}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_GOLDEN_TEST_DATA_H_
