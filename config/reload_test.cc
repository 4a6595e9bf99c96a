#include "config/reload.h"

#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ConfigText(int port, bool with_ds1) {
  std::string text = absl::StrCat(R"(listen: 127.0.0.1:3307
users: [{ name: app, password: app_pw }]
data_sources:
  ds0: { host: 127.0.0.1, port: )",
                                  port, R"(, user: root, database: shop_0 }
)");
  if (with_ds1) text += "  ds1: { host: 127.0.0.1, port: 13307, user: root, database: shop_1 }\n";
  text += "default_data_source: ds0\n";
  return text;
}

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/reload_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/shardproxy.yaml";
  }
  void TearDown() override {
    std::string command = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  void Write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
  }
  // Writes a sibling file and renames it over the config, as vim and sed -i do.
  void ReplaceByRename(const std::string& text) {
    const std::string temp = dir_ + "/.shardproxy.yaml.swp";
    Write(temp, text);
    ASSERT_EQ(std::rename(temp.c_str(), path_.c_str()), 0);
  }
  std::shared_ptr<const Config> LoadInitial() {
    auto config = LoadConfigFile(path_);
    EXPECT_TRUE(config.ok()) << config.status();
    return config.ok() ? *config : nullptr;
  }

  std::string dir_;
  std::string path_;
};

TEST_F(ReloadTest, SwapsValidConfigAndKeepsOldSnapshotAlive) {
  Write(path_, ConfigText(13306, false));
  ConfigHolder holder(LoadInitial());
  ConfigView view(&holder);
  std::shared_ptr<const Config> statement_snapshot = view.Current();
  const uint64_t generation = holder.generation();
  int listener_calls = 0;
  holder.SetReloadListener([&](const ConfigReload& reload) {
    ++listener_calls;
    EXPECT_THAT(reload.diff.data_sources_added, ElementsAre("ds1"));
  });

  Write(path_, ConfigText(13306, true));
  absl::StatusOr<ConfigReload> reload = holder.Reload();
  ASSERT_TRUE(reload.ok()) << reload.status();
  EXPECT_TRUE(reload->changed);
  EXPECT_EQ(listener_calls, 1);
  EXPECT_EQ(reload->previous, statement_snapshot);
  EXPECT_GT(holder.generation(), generation);
  EXPECT_EQ(view.Current()->data_sources.size(), 2u);
  EXPECT_EQ(view.Current()->source_path, path_);
  // The statement that started before the reload still sees its own rules.
  EXPECT_EQ(statement_snapshot->data_sources.size(), 1u);
  EXPECT_TRUE(holder.last_error().ok());
}

TEST_F(ReloadTest, InvalidFileKeepsCurrentConfigAndReportsWhy) {
  Write(path_, ConfigText(13306, false));
  ConfigHolder holder(LoadInitial());
  const std::shared_ptr<const Config> before = holder.Get();
  const uint64_t generation = holder.generation();
  Write(path_, ConfigText(70000, false));
  absl::StatusOr<ConfigReload> reload = holder.Reload();
  ASSERT_FALSE(reload.ok());
  EXPECT_EQ(std::string(reload.status().message()),
            absl::StrCat("port of data source ds0 must be an integer between 1 and 65535, found "
                         "'70000' (",
                         path_, ":4:33)"));
  EXPECT_EQ(holder.Get(), before);
  EXPECT_EQ(holder.generation(), generation);
  EXPECT_EQ(holder.last_error().message(), reload.status().message());

  unlink(path_.c_str());
  reload = holder.Reload();
  ASSERT_FALSE(reload.ok());
  EXPECT_THAT(std::string(reload.status().message()), HasSubstr("No such file or directory"));
  EXPECT_EQ(holder.Get(), before);

  Write(path_, ConfigText(13310, false));
  reload = holder.Reload();
  ASSERT_TRUE(reload.ok()) << reload.status();
  EXPECT_THAT(reload->diff.data_sources_changed, ElementsAre("ds0"));
  EXPECT_EQ(holder.Get()->data_sources[0].port, 13310);
  EXPECT_TRUE(holder.last_error().ok());
}

TEST_F(ReloadTest, CandidateCheckRejectsLikeAnInvalidFile) {
  Write(path_, ConfigText(13306, false));
  ConfigHolder holder(LoadInitial());
  const std::shared_ptr<const Config> before = holder.Get();
  holder.SetCandidateCheck([](const Config& current, const Config& candidate) {
    if (candidate.data_sources.size() > current.data_sources.size()) {
      return absl::FailedPreconditionError("no new data sources today");
    }
    return absl::OkStatus();
  });
  holder.SetReloadListener([](const ConfigReload&) { ADD_FAILURE() << "listener called"; });
  Write(path_, ConfigText(13306, true));
  absl::StatusOr<ConfigReload> reload = holder.Reload();
  ASSERT_FALSE(reload.ok());
  EXPECT_EQ(reload.status().message(), "no new data sources today");
  EXPECT_EQ(holder.Get(), before);
  EXPECT_EQ(holder.last_error().message(), "no new data sources today");
  // The same bytes are checked again, not mistaken for the current file.
  EXPECT_FALSE(holder.Reload().ok());
}

TEST_F(ReloadTest, UnchangedBytesAreNotSwapped) {
  Write(path_, ConfigText(13306, false));
  ConfigHolder holder(LoadInitial());
  const uint64_t generation = holder.generation();
  holder.SetReloadListener([](const ConfigReload&) { ADD_FAILURE() << "listener called"; });
  absl::StatusOr<ConfigReload> reload = holder.Reload();
  ASSERT_TRUE(reload.ok());
  EXPECT_FALSE(reload->changed);
  EXPECT_EQ(holder.generation(), generation);
}

TEST_F(ReloadTest, ConfigFromTextCannotReload) {
  auto config = ParseConfig(ConfigText(13306, false), "inline.yaml");
  ASSERT_TRUE(config.ok());
  ConfigHolder holder(*config);
  EXPECT_FALSE(holder.Reload().ok());
}

// Waits up to `seconds` for the watcher to report a change.
bool WaitForChange(ConfigFileWatcher& watcher, double seconds) {
  const int deadline_ms = static_cast<int>(seconds * 1000);
  for (int waited = 0; waited <= deadline_ms; waited += 50) {
    struct pollfd pfd = {watcher.fd(), POLLIN, 0};
    if (poll(&pfd, 1, 50) > 0 && watcher.OnReadable()) return true;
  }
  return false;
}

TEST_F(ReloadTest, WatcherSeesWritesInPlaceAndRenameReplace) {
  Write(path_, ConfigText(13306, false));
  auto watcher = ConfigFileWatcher::Create(path_);
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  EXPECT_FALSE((*watcher)->OnReadable());

  Write(path_, ConfigText(13307, false));
  EXPECT_TRUE(WaitForChange(**watcher, 5));

  ReplaceByRename(ConfigText(13308, false));
  EXPECT_TRUE(WaitForChange(**watcher, 5));
  // The new file (new inode) is still watched: the directory is.
  ReplaceByRename(ConfigText(13309, false));
  EXPECT_TRUE(WaitForChange(**watcher, 5));
  Write(path_, ConfigText(13310, false));
  EXPECT_TRUE(WaitForChange(**watcher, 5));

  // Other files in the directory are not the config.
  Write(dir_ + "/other.yaml", "x: 1\n");
  EXPECT_FALSE(WaitForChange(**watcher, 0.3));
}

TEST_F(ReloadTest, WatcherDrivesReloadAfterRenameReplace) {
  Write(path_, ConfigText(13306, false));
  ConfigHolder holder(LoadInitial());
  auto watcher = ConfigFileWatcher::Create(path_);
  ASSERT_TRUE(watcher.ok());
  ReplaceByRename(ConfigText(13306, true));
  ASSERT_TRUE(WaitForChange(**watcher, 5));
  absl::StatusOr<ConfigReload> reload = holder.Reload();
  ASSERT_TRUE(reload.ok()) << reload.status();
  EXPECT_EQ(holder.Get()->data_sources.size(), 2u);
}

TEST_F(ReloadTest, WatcherFollowsSymlinkSwaps) {
  // kubectl's ConfigMap layout: path -> ..data/file, and ..data is swapped by rename.
  const std::string v1 = dir_ + "/v1", v2 = dir_ + "/v2";
  ASSERT_EQ(mkdir(v1.c_str(), 0700), 0);
  ASSERT_EQ(mkdir(v2.c_str(), 0700), 0);
  Write(v1 + "/shardproxy.yaml", ConfigText(13306, false));
  Write(v2 + "/shardproxy.yaml", ConfigText(13306, true));
  ASSERT_EQ(symlink("v1", (dir_ + "/..data").c_str()), 0);
  ASSERT_EQ(symlink("..data/shardproxy.yaml", path_.c_str()), 0);
  ConfigHolder holder(LoadInitial());
  auto watcher = ConfigFileWatcher::Create(path_);
  ASSERT_TRUE(watcher.ok());
  ASSERT_EQ(symlink("v2", (dir_ + "/..data_tmp").c_str()), 0);
  ASSERT_EQ(std::rename((dir_ + "/..data_tmp").c_str(), (dir_ + "/..data").c_str()), 0);
  ASSERT_TRUE(WaitForChange(**watcher, 5));
  ASSERT_TRUE(holder.Reload().ok());
  EXPECT_EQ(holder.Get()->data_sources.size(), 2u);
}

TEST_F(ReloadTest, ReadersNeverSeeATornConfigDuringManyReloads) {
  Write(path_, ConfigText(13305, false));
  ConfigHolder holder(LoadInitial());
  std::atomic<bool> stop{false};
  std::atomic<int64_t> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      ConfigView view(&holder);
      uint64_t last_generation = 0;
      while (!stop.load()) {
        const std::shared_ptr<const Config>& config = view.Current();
        ASSERT_NE(config, nullptr);
        // Each file version is internally consistent: ds1 exists exactly when port is even.
        const int port = config->data_sources[0].port;
        ASSERT_EQ(config->data_sources.size(), port % 2 == 0 ? 2u : 1u);
        const uint64_t generation = holder.generation();
        ASSERT_GE(generation, last_generation);
        last_generation = generation;
        reads.fetch_add(1);
      }
    });
  }
  int failures = 0;
  for (int i = 1; i <= 100; ++i) {
    if (i % 10 == 0) {
      Write(path_, "listen: [broken\n");
      failures += !holder.Reload().ok();
      continue;
    }
    const int port = 20000 + i;
    Write(path_, ConfigText(port, port % 2 == 0));
    ASSERT_TRUE(holder.Reload().ok());
    ASSERT_EQ(holder.Get()->data_sources[0].port, port);
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failures, 10);
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace shardproxy
