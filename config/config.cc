#include "config/config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "config/config_errors.h"
#include "config/config_loader.h"
#include "config/yaml_tree.h"

namespace shardproxy {

std::string DataSourceConfig::Address() const {
  return socket.empty() ? absl::StrCat(host, ":", port) : socket;
}
namespace {

// Config files are small; anything this big is a mistake (a log file passed by accident).
constexpr std::streamoff kMaxConfigBytes = 16 << 20;

absl::StatusOr<std::shared_ptr<const Config>> BuildConfig(absl::string_view yaml_text,
                                                          absl::string_view file_name,
                                                          std::string source_path) {
  absl::StatusOr<YamlNode> tree = ParseYamlTree(yaml_text, file_name);
  if (!tree.ok()) return tree.status();
  auto config = std::make_shared<Config>();
  config->source_path = std::move(source_path);
  ConfigErrors errors(file_name);
  LoadConfigTree(*tree, config.get(), &errors);
  if (!errors.ok()) return errors.ToStatus();
  return std::shared_ptr<const Config>(std::move(config));
}

}  // namespace

const DataSourceConfig* Config::FindDataSource(absl::string_view name) const {
  const int index = DataSourceIndex(name);
  return index < 0 ? nullptr : &data_sources[index];
}

int Config::DataSourceIndex(absl::string_view name) const {
  for (size_t i = 0; i < data_sources.size(); ++i) {
    if (data_sources[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const UserConfig* Config::FindUser(absl::string_view name) const {
  for (const UserConfig& user : users) {
    if (user.name == name) return &user;
  }
  return nullptr;
}

absl::StatusOr<std::shared_ptr<const Config>> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                       absl::StrCat("cannot open config file ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  in.seekg(0, std::ios::end);
  if (in.tellg() > kMaxConfigBytes) {
    return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                       absl::StrCat("config file ", path, " is larger than 16 MiB"));
  }
  in.seekg(0, std::ios::beg);
  text << in.rdbuf();
  if (in.bad()) {
    return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                       absl::StrCat("cannot read config file ", path, ": ", std::strerror(errno)));
  }
  return BuildConfig(text.str(), path, path);
}

absl::StatusOr<std::shared_ptr<const Config>> ParseConfig(absl::string_view yaml_text,
                                                          absl::string_view file_name) {
  return BuildConfig(yaml_text, file_name, "");
}

}  // namespace shardproxy
