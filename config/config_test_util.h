// Test helpers for the config tests.
#ifndef SHARDPROXY_CONFIG_CONFIG_TEST_UTIL_H_
#define SHARDPROXY_CONFIG_CONFIG_TEST_UTIL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "config/config.h"

namespace shardproxy {

// "OK" when `text` is a valid config file, otherwise the error message (file:line:column …).
inline std::string ErrorOf(absl::string_view text) {
  auto config = ParseConfig(text, "test.yaml");
  if (config.ok()) return "OK";
  return std::string(config.status().message());
}

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_CONFIG_TEST_UTIL_H_
