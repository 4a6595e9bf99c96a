// Every file in tests/config/invalid/ is a config with mistakes. Its first lines say what loading
// it must report, one `# expect: ` line per error, exactly as the proxy prints them (the file is
// loaded under its base name, so messages read "(name.yaml:LINE:COLUMN)"). Add a case by adding a
// file; this test reads them all.
#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/config.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kExpectPrefix = "# expect: ";

std::string InvalidDir() {
  const char* root = std::getenv("SHARDPROXY_SOURCE_DIR");
  return absl::StrCat(root != nullptr ? root : ".", "/tests/config/invalid");
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> names;
  DIR* dir = opendir(InvalidDir().c_str());
  if (dir == nullptr) return names;
  while (struct dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (absl::EndsWith(name, ".yaml")) names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

TEST(InvalidConfigsTest, EnoughCases) { EXPECT_GE(CaseFiles().size(), 40u) << InvalidDir(); }

class InvalidConfigTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidConfigTest, ReportsExpectedErrorWithLocation) {
  const std::string& name = GetParam();
  std::ifstream in(absl::StrCat(InvalidDir(), "/", name));
  ASSERT_TRUE(in) << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::vector<std::string> expected;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line) && absl::StartsWith(line, kExpectPrefix);) {
    expected.push_back(line.substr(kExpectPrefix.size()));
  }
  ASSERT_FALSE(expected.empty()) << name << " has no '# expect: ' line";
  for (const std::string& message : expected) {
    // Every message names this file; all but an empty file's also name a line and column.
    EXPECT_TRUE(absl::StrContains(message, absl::StrCat("(", name))) << message;
  }

  auto config = ParseConfig(text, name);
  ASSERT_FALSE(config.ok()) << name << " loaded without error";
  EXPECT_EQ(std::string(config.status().message()), absl::StrJoin(expected, "\n")) << name;
  EXPECT_FALSE(absl::StrContains(config.status().message(), "app_pw")) << name;
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidConfigTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !absl::ascii_isalnum(c); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace shardproxy
