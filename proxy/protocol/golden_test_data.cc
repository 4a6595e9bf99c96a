#include "proxy/protocol/golden_test_data.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "proxy/protocol/packet.h"

namespace shardproxy {
namespace testing {
namespace {

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "golden test data: %s\n", message.c_str());
  std::abort();
}

std::vector<GoldenExchange> Load() {
  const std::string path = std::string(SHARDPROXY_PROTOCOL_TESTDATA) + "/mariadb_golden.txt";
  std::ifstream file(path);
  if (!file) Fail("cannot open " + path);
  std::vector<GoldenExchange> exchanges;
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    absl::string_view text = line;
    if (text.empty() || text[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(number);
    if (text[0] == '[') {
      if (!absl::ConsumeSuffix(&text, "]")) Fail(where + ": bad section header");
      exchanges.emplace_back();
      exchanges.back().name = std::string(text.substr(1));
      continue;
    }
    if (exchanges.empty()) Fail(where + ": data before the first section");
    GoldenExchange& exchange = exchanges.back();
    std::vector<absl::string_view> fields = absl::StrSplit(text, ' ');
    if (fields.size() == 2 && fields[0] == "caps") {
      if (!absl::SimpleHexAtoi(fields[1], &exchange.capabilities)) Fail(where + ": bad caps");
      continue;
    }
    uint32_t seq;
    if ((fields.size() != 3 && fields.size() != 2) || (fields[0] != "C" && fields[0] != "S") ||
        !absl::SimpleHexAtoi(fields[1], &seq)) {
      Fail(where + ": expected `C|S <seq> <hex>`");
    }
    absl::string_view hex = fields.size() == 3 ? fields[2] : absl::string_view();
    exchange.packets.push_back(
        {fields[0][0], static_cast<uint8_t>(seq), absl::HexStringToBytes(hex)});
  }
  return exchanges;
}

}  // namespace

std::vector<std::string> GoldenExchange::FromServer() const {
  std::vector<std::string> out;
  for (const GoldenPacket& p : packets) {
    if (p.direction == 'S') out.push_back(p.payload);
  }
  return out;
}

std::vector<std::string> GoldenExchange::FromClient() const {
  std::vector<std::string> out;
  for (const GoldenPacket& p : packets) {
    if (p.direction == 'C') out.push_back(p.payload);
  }
  return out;
}

std::string GoldenExchange::ServerWire() const {
  std::string out;
  for (const GoldenPacket& p : packets) {
    if (p.direction != 'S') continue;
    uint8_t seq = p.sequence_id;
    AppendPacket(p.payload, &seq, &out);
  }
  return out;
}

const std::vector<GoldenExchange>& AllGolden() {
  static const std::vector<GoldenExchange>* exchanges = new std::vector<GoldenExchange>(Load());
  return *exchanges;
}

const GoldenExchange& Golden(absl::string_view name) {
  for (const GoldenExchange& exchange : AllGolden()) {
    if (exchange.name == name) return exchange;
  }
  Fail("no exchange named " + std::string(name));
}

}  // namespace testing
}  // namespace shardproxy
