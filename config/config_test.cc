#include "config/config.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "config/config_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::string_view kMinimal = R"(listen: 127.0.0.1:3310
users:
  - { name: app, password: app_pw }
data_sources:
  ds0: { host: 127.0.0.1, port: 13306, user: root, password: "s3cret", database: shop_0 }
)";

TEST(ConfigTest, MinimalFileIsPassthroughWithDefaults) {
  auto config = ParseConfig(kMinimal, "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const Config& c = **config;
  EXPECT_EQ(c.source_path, "");
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 3310);
  EXPECT_EQ(c.workers, 0);
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0].name, "app");
  EXPECT_EQ(c.users[0].password, "app_pw");
  ASSERT_EQ(c.data_sources.size(), 1u);
  const DataSourceConfig& ds = c.data_sources[0];
  EXPECT_EQ(ds.name, "ds0");
  EXPECT_EQ(ds.host, "127.0.0.1");
  EXPECT_EQ(ds.port, 13306);
  EXPECT_EQ(ds.user, "root");
  EXPECT_EQ(ds.password, "s3cret");
  EXPECT_EQ(ds.database, "shop_0");
  EXPECT_EQ(ds.max_connections, 64);
  EXPECT_EQ(c.default_data_source, "ds0");
  EXPECT_EQ(c.database, "shop_0");  // from the default data source when not given
  EXPECT_TRUE(c.sharding.empty());
  EXPECT_EQ(c.transaction.type, TransactionConfig::Type::kXa);
  EXPECT_EQ(c.transaction.log_dir, "var/xa");
  EXPECT_EQ(c.FindDataSource("ds0"), &ds);
  EXPECT_EQ(c.FindDataSource("ds1"), nullptr);
  EXPECT_EQ(c.FindUser("app"), &c.users[0]);
  EXPECT_EQ(c.FindUser("App"), nullptr);
}

TEST(ConfigTest, ReadsEveryTopLevelSetting) {
  auto config = ParseConfig(R"(listen: 0.0.0.0:4000
workers: 3
database: shop
users:
  - { name: app, password: app_pw }
  - name: report
    password:
data_sources:
  ds0: { host: db0.local, port: 3306, user: root, password: "", database: shop_0, max_connections: 8 }
  ds1: { host: db1.local, user: u1, database: shop_1 }
default_data_source: ds1
transaction:
  type: local
  log_dir: /var/lib/shardproxy/xa
)",
                            "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const Config& c = **config;
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 4000);
  EXPECT_EQ(c.workers, 3);
  EXPECT_EQ(c.database, "shop");
  ASSERT_EQ(c.users.size(), 2u);
  EXPECT_EQ(c.users[1].name, "report");
  EXPECT_EQ(c.users[1].password, "");
  ASSERT_EQ(c.data_sources.size(), 2u);
  EXPECT_EQ(c.data_sources[0].max_connections, 8);
  EXPECT_EQ(c.data_sources[1].port, 3306);
  EXPECT_EQ(c.data_sources[1].password, "");
  EXPECT_EQ(c.default_data_source, "ds1");
  EXPECT_EQ(c.DataSourceIndex("ds1"), 1);
  EXPECT_EQ(c.transaction.type, TransactionConfig::Type::kLocal);
  EXPECT_EQ(c.transaction.log_dir, "/var/lib/shardproxy/xa");
}

TEST(ConfigTest, ListenForms) {
  auto with_listen = [](absl::string_view listen) {
    return absl::StrCat("listen: ", listen, "\n", kMinimal.substr(kMinimal.find('\n') + 1));
  };
  auto config = ParseConfig(with_listen("\"[::1]:3307\""), "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ((*config)->listen_host, "::1");
  config = ParseConfig(with_listen("3999"), "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ((*config)->listen_host, "127.0.0.1");
  EXPECT_EQ((*config)->listen_port, 3999);
  EXPECT_EQ(ErrorOf(with_listen("127.0.0.1:70000")),
            "listen port must be between 1 and 65535, found 70000 (test.yaml:1:9)");
  EXPECT_EQ(ErrorOf(with_listen("localhost")),
            "expected listen: HOST:PORT (e.g. 127.0.0.1:3307), found 'localhost' (test.yaml:1:9)");
}

TEST(ConfigTest, ErrorsNameFileLineColumnAndSuggest) {
  EXPECT_EQ(ErrorOf(R"(listen: 127.0.0.1:3307
users: [{ name: app, password: x }]
data_sources:
  ds0: { hots: h, user: root, database: d }
)"),
            "unknown key 'hots' in data source ds0; did you mean 'host'? (test.yaml:4:10)\n"
            "missing 'host' (or 'socket') in data source ds0 (test.yaml:4:8)");
  EXPECT_EQ(ErrorOf(R"(listn: 127.0.0.1:3307
users: [{ name: app, password: x }]
data_sources:
  ds0: { host: h, user: root, database: d, port: 0 }
)"),
            "unknown key 'listn' in the config file; did you mean 'listen'? (test.yaml:1:1)\n"
            "port of data source ds0 must be an integer between 1 and 65535, found '0' "
            "(test.yaml:4:50)");
}

TEST(ConfigTest, DataSourceOnAUnixSocket) {
  auto config = ParseConfig(R"(listen: 127.0.0.1:3307
users: [{ name: app, password: x }]
data_sources:
  ds0: { socket: /run/mysqld/mysqld.sock, user: root, database: d }
)",
                            "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const DataSourceConfig& ds = (*config)->data_sources[0];
  EXPECT_EQ(ds.socket, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(ds.host, "");
  EXPECT_EQ(ds.Address(), "/run/mysqld/mysqld.sock");

  EXPECT_EQ(ErrorOf(R"(users: [{ name: app, password: x }]
data_sources:
  ds0: { socket: mysqld.sock, host: h, port: 3306, user: root, database: d }
)"),
            "socket of data source ds0 must be the absolute path of the server's Unix socket "
            "file, found 'mysqld.sock' (test.yaml:3:18)\n"
            "data source ds0 has both host and socket: give host (and port) to reach it over "
            "TCP or socket for a Unix socket, not both (test.yaml:3:37)\n"
            "data source ds0 has both port and socket: give host (and port) to reach it over "
            "TCP or socket for a Unix socket, not both (test.yaml:3:46)");
}

TEST(ConfigTest, SeveralDataSourcesNeedADefault) {
  EXPECT_EQ(ErrorOf(R"(users: [{ name: app, password: x }]
data_sources:
  ds0: { host: h, user: root, database: d0 }
  ds1: { host: h, user: root, database: d1 }
)"),
            "missing 'default_data_source': with 2 data sources, say which one holds unsharded "
            "tables (test.yaml:1:1)");
}

TEST(ConfigTest, YamlSyntaxErrorIsLocated) {
  EXPECT_EQ(ErrorOf("users: [1, 2\ndata_sources: {}\n"),
            "YAML syntax error: end of sequence flow not found (test.yaml:2:13)");
}

TEST(ConfigTest, EmptyFile) {
  EXPECT_EQ(ErrorOf(""),
            "config file is empty: expected listen, users and data_sources (test.yaml)");
}

TEST(ConfigTest, PasswordsNeverInMessagesOrSummary) {
  const std::string text = R"(listen: 127.0.0.1:3307
users: [{ name: app, password: topsecret1 }]
data_sources:
  ds0: { host: h, user: root, password: topsecret2, database: d, max_connections: -1 }
)";
  const std::string error = ErrorOf(text);
  EXPECT_THAT(error, HasSubstr("max_connections"));
  EXPECT_THAT(error, Not(HasSubstr("topsecret")));
  auto config = ParseConfig(R"(listen: 127.0.0.1:3307
users: [{ name: app, password: topsecret1 }]
data_sources:
  ds0: { host: h, user: root, password: topsecret2, database: d }
)",
                            "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const std::string summary = DescribeConfig(**config);
  EXPECT_THAT(summary, HasSubstr("ds0: root@h:3306/d"));
  EXPECT_THAT(summary, Not(HasSubstr("topsecret")));
}

TEST(ConfigTest, LoadConfigFileRecordsPathAndReportsMissingFile) {
  char path[] = "/tmp/config_test_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, kMinimal.data(), kMinimal.size()), static_cast<ssize_t>(kMinimal.size()));
  close(fd);
  auto config = LoadConfigFile(path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ((*config)->source_path, path);
  unlink(path);
  config = LoadConfigFile(path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            absl::StrCat("cannot open config file ", path, ": No such file or directory"));
}

}  // namespace
}  // namespace shardproxy
