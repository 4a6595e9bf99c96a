#include "xa/decision_log.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "xa/decision_log_format.h"
#include "xa/fault_injection_file_system.h"

namespace shardproxy {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "xa-log-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, absl::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Logs a decision and waits for its callback.
DecisionWriteResult Decide(XaDecisionLog* log, const std::string& gtrid,
                           std::vector<std::string> participants = {"ds0", "ds1"}) {
  DecisionWriteResult result;
  absl::Notification done;
  log->LogCommitDecision(gtrid, std::move(participants), [&](DecisionWriteResult r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

absl::StatusOr<std::unique_ptr<XaDecisionLog>> OpenLog(const std::string& dir,
                                                       FileSystem* fs = nullptr,
                                                       std::string instance = "") {
  XaDecisionLogOptions options;
  options.dir = dir;
  options.fs = fs;
  options.instance_id = std::move(instance);
  return XaDecisionLog::Open(options);
}

TEST(XaDecisionLogTest, NewLogGetsAnInstanceIdAndEachOpenANewEpoch) {
  TempDir dir;
  std::string instance;
  {
    auto log = OpenLog(dir.path() + "/xa");  // created
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_TRUE((*log)->open_report().created);
    EXPECT_EQ((*log)->epoch(), 1u);
    instance = (*log)->instance_id();
    EXPECT_EQ(instance.size(), 12u);
  }
  for (uint64_t epoch = 2; epoch <= 4; ++epoch) {
    auto log = OpenLog(dir.path() + "/xa");
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_FALSE((*log)->open_report().created);
    EXPECT_EQ((*log)->epoch(), epoch);
    EXPECT_EQ((*log)->instance_id(), instance);
  }
}

TEST(XaDecisionLogTest, ConfiguredInstanceMustMatchTheLogs) {
  TempDir dir;
  ASSERT_TRUE(OpenLog(dir.path(), nullptr, "proxy_a").ok());
  auto same = OpenLog(dir.path(), nullptr, "proxy_a");
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ((*same)->instance_id(), "proxy_a");
  same->reset();
  auto other = OpenLog(dir.path(), nullptr, "proxy_b");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("'proxy_a'"), std::string::npos) << other.status();
  EXPECT_FALSE(OpenLog(dir.path(), nullptr, "bad-id").ok());
}

TEST(XaDecisionLogTest, OneProxyPerDirectory) {
  TempDir dir;
  auto first = OpenLog(dir.path());
  ASSERT_TRUE(first.ok());
  auto second = OpenLog(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos) << second.status();
  first->reset();
  EXPECT_TRUE(OpenLog(dir.path()).ok());
}

TEST(XaDecisionLogTest, DurableDecisionsSurviveAPowerCutAndResolvedOnesGoAway) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  {
    auto log = OpenLog(dir.path(), &fault_fs);
    ASSERT_TRUE(log.ok());
    std::thread::id caller = std::this_thread::get_id();
    std::thread::id callback_thread;
    absl::Notification done;
    (*log)->LogCommitDecision("sp-x-1-1", {"ds0", "ds1"}, [&](DecisionWriteResult r) {
      EXPECT_EQ(r.durability, DecisionDurability::kDurable);
      callback_thread = std::this_thread::get_id();
      done.Notify();
    });
    done.WaitForNotification();
    EXPECT_NE(callback_thread, caller);
    EXPECT_EQ(Decide(log->get(), "sp-x-1-2").durability, DecisionDurability::kDurable);
    EXPECT_EQ(Decide(log->get(), "sp-x-1-3", {"ds2"}).durability, DecisionDurability::kDurable);
    (*log)->LogResolved("sp-x-1-2");
    (*log)->Flush();
    EXPECT_TRUE((*log)->IsCommitted("sp-x-1-1"));
    EXPECT_FALSE((*log)->IsCommitted("sp-x-1-2"));
    ASSERT_TRUE(fault_fs.DropUnsyncedData().ok());
  }
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log.ok()) << log.status();
  XaDecisionLog::State state = (*log)->Snapshot();
  EXPECT_EQ(state.committed.size(), 2u);
  EXPECT_EQ(state.committed["sp-x-1-1"], (std::vector<std::string>{"ds0", "ds1"}));
  EXPECT_EQ(state.committed["sp-x-1-3"], (std::vector<std::string>{"ds2"}));
  EXPECT_EQ((*log)->open_report().live_decisions, 2u);
}

TEST(XaDecisionLogTest, ResolvedRecordsGoOutOnTheirOwnAfterTheDelay) {
  TempDir dir;
  XaDecisionLogOptions options;
  options.dir = dir.path();
  options.resolved_flush_delay = absl::Milliseconds(10);
  auto log = XaDecisionLog::Open(options);
  ASSERT_TRUE(log.ok());
  Decide(log->get(), "g1");
  (*log)->LogResolved("g1");
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while ((*log)->stats().resolved_records == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_EQ((*log)->stats().resolved_records, 1u);
  EXPECT_FALSE((*log)->IsCommitted("g1"));
}

// Decisions that arrive while an fsync runs share the next one.
TEST(XaDecisionLogTest, GroupCommitSharesOneFsync) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  auto log = OpenLog(dir.path(), &fault_fs);
  ASSERT_TRUE(log.ok());
  uint64_t syncs_before = (*log)->stats().syncs;
  fault_fs.HoldSyncs();
  std::atomic<int> durable{0};
  auto count = [&](DecisionWriteResult r) {
    if (r.durability == DecisionDurability::kDurable) durable++;
  };
  (*log)->LogCommitDecision("first", {"ds0", "ds1"}, count);
  fault_fs.AwaitHeldSyncs(1);  // the writer is inside the first fsync
  for (int i = 0; i < 99; ++i) {
    (*log)->LogCommitDecision(absl::StrCat("g", i), {"ds0", "ds1"}, count);
  }
  fault_fs.ReleaseSyncs();
  (*log)->Flush();
  EXPECT_EQ(durable.load(), 100);
  EXPECT_EQ((*log)->stats().syncs - syncs_before, 2u);
  EXPECT_EQ((*log)->stats().commit_records, 100u);
}

TEST(XaDecisionLogTest, MaxBatchOneSyncsEveryDecision) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  XaDecisionLogOptions options;
  options.dir = dir.path();
  options.fs = &fault_fs;
  options.max_batch = 1;
  auto log = XaDecisionLog::Open(options);
  ASSERT_TRUE(log.ok());
  fault_fs.HoldSyncs();
  for (int i = 0; i < 20; ++i) (*log)->LogCommitDecision(absl::StrCat("g", i), {"a"}, nullptr);
  fault_fs.AwaitHeldSyncs(1);
  fault_fs.ReleaseSyncs();
  (*log)->Flush();
  EXPECT_EQ((*log)->stats().syncs, 20u);
}

// The proxy died while writing its last frame: reopen at every possible cut of that frame.
TEST(XaDecisionLogTest, TornLastWriteAtEveryByteLosesOnlyThatDecision) {
  TempDir dir;
  std::string full;
  size_t last_frame_start = 0;
  {
    auto log = OpenLog(dir.path() + "/src", nullptr, "p1");
    ASSERT_TRUE(log.ok());
    Decide(log->get(), "sp-p1-1-1");
    last_frame_start = ReadAll((*log)->path()).size();
    Decide(log->get(), "sp-p1-1-2", {"ds1", "ds2"});
    full = ReadAll((*log)->path());
  }
  ASSERT_GT(full.size(), last_frame_start);
  for (size_t cut = last_frame_start; cut < full.size(); ++cut) {
    std::string sub = absl::StrCat(dir.path(), "/cut", cut);
    fs::create_directories(sub);
    WriteAll(sub + "/xa_decisions.log", full.substr(0, cut));
    auto log = OpenLog(sub);
    ASSERT_TRUE(log.ok()) << "cut " << cut << ": " << log.status();
    EXPECT_EQ((*log)->open_report().torn_tail, cut > last_frame_start) << cut;
    EXPECT_TRUE((*log)->IsCommitted("sp-p1-1-1")) << cut;
    EXPECT_FALSE((*log)->IsCommitted("sp-p1-1-2")) << cut;
    EXPECT_EQ((*log)->epoch(), 2u);
    // Open rewrote the file: the torn bytes are gone, and new decisions follow intact data.
    EXPECT_EQ(Decide(log->get(), "sp-p1-2-1").durability, DecisionDurability::kDurable);
    log->reset();
    auto again = OpenLog(sub);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_FALSE((*again)->open_report().torn_tail);
    EXPECT_TRUE((*again)->IsCommitted("sp-p1-2-1"));
    fs::remove_all(sub);
  }
}

TEST(XaDecisionLogTest, DamageInTheMiddleRefusesToOpenAndKeepsTheFile) {
  TempDir dir;
  std::string path;
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log.ok());
    Decide(log->get(), "sp-a-1-1");
    Decide(log->get(), "sp-a-1-2");
    path = (*log)->path();
  }
  std::string bytes = ReadAll(path);
  bytes[kDecisionLogMagic.size() + kFrameHeaderSize + 2] ^= 0x10;  // inside the first frame
  WriteAll(path, bytes);
  auto log = OpenLog(dir.path());
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(log.status().message().find(path), std::string::npos) << log.status();
  EXPECT_NE(log.status().message().find("byte 8"), std::string::npos) << log.status();
  EXPECT_EQ(ReadAll(path), bytes);  // evidence untouched
}

TEST(XaDecisionLogTest, FailedFsyncIsRepairedAndTheDecisionIsNotWritten) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  auto log = OpenLog(dir.path(), &fault_fs);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(Decide(log->get(), "before").durability, DecisionDurability::kDurable);
  fault_fs.FailNext(FileOp::kSync, absl::InternalError("injected EIO"));
  DecisionWriteResult failed = Decide(log->get(), "lost");
  EXPECT_EQ(failed.durability, DecisionDurability::kNotWritten);
  EXPECT_NE(failed.error.message().find("injected EIO"), std::string::npos) << failed.error;
  EXPECT_TRUE((*log)->Snapshot().healthy);
  EXPECT_EQ(Decide(log->get(), "after").durability, DecisionDurability::kDurable);
  EXPECT_EQ((*log)->stats().failures, 1u);
  log->reset();
  ASSERT_TRUE(fault_fs.DropUnsyncedData().ok());
  auto reopened = OpenLog(dir.path());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE((*reopened)->IsCommitted("before"));
  EXPECT_FALSE((*reopened)->IsCommitted("lost"));  // its bytes were in the file before repair
  EXPECT_TRUE((*reopened)->IsCommitted("after"));
  EXPECT_FALSE((*reopened)->open_report().torn_tail);
}

TEST(XaDecisionLogTest, TornAppendIsRepaired) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  auto log = OpenLog(dir.path(), &fault_fs);
  ASSERT_TRUE(log.ok());
  fault_fs.FailNext(FileOp::kAppend, absl::ResourceExhaustedError("injected ENOSPC"), 0, 1,
                    /*torn_bytes=*/7);
  EXPECT_EQ(Decide(log->get(), "torn").durability, DecisionDurability::kNotWritten);
  EXPECT_EQ(Decide(log->get(), "next").durability, DecisionDurability::kDurable);
  log->reset();
  auto reopened = OpenLog(dir.path());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_FALSE((*reopened)->open_report().torn_tail);
  EXPECT_FALSE((*reopened)->IsCommitted("torn"));
  EXPECT_TRUE((*reopened)->IsCommitted("next"));
}

TEST(XaDecisionLogTest, UnrepairableFailureLeavesTheDecisionInDoubtUntilARepairWorks) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  auto log = OpenLog(dir.path(), &fault_fs);
  ASSERT_TRUE(log.ok());
  // The batch's fsync fails, then the repair cannot even create its file, twice.
  fault_fs.FailNext(FileOp::kSync, absl::InternalError("injected EIO"));
  fault_fs.FailNext(FileOp::kNewWritableFile, absl::InternalError("injected EROFS"), 0, 2);
  DecisionWriteResult unknown = Decide(log->get(), "in-doubt");
  EXPECT_EQ(unknown.durability, DecisionDurability::kUnknown);
  XaDecisionLog::State state = (*log)->Snapshot();
  EXPECT_FALSE(state.healthy);
  EXPECT_TRUE(state.uncertain.contains("in-doubt"));
  EXPECT_FALSE(state.committed.contains("in-doubt"));
  // Still failing: nothing is appended, so the next decision is certainly not written.
  DecisionWriteResult refused = Decide(log->get(), "refused");
  EXPECT_EQ(refused.durability, DecisionDurability::kNotWritten);
  EXPECT_NE(refused.error.message().find("injected EROFS"), std::string::npos) << refused.error;
  // The file system recovers: the repair rewrites the file without the in-doubt decision, which
  // is now certainly not committed.
  EXPECT_EQ(Decide(log->get(), "works").durability, DecisionDurability::kDurable);
  state = (*log)->Snapshot();
  EXPECT_TRUE(state.healthy);
  EXPECT_TRUE(state.uncertain.empty());
  log->reset();
  auto reopened = OpenLog(dir.path());
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE((*reopened)->IsCommitted("in-doubt"));
  EXPECT_FALSE((*reopened)->IsCommitted("refused"));
  EXPECT_TRUE((*reopened)->IsCommitted("works"));
}

TEST(XaDecisionLogTest, DirectoryFsyncFailureAfterRenameMakesTheLogRepairFirst) {
  TempDir dir;
  FaultInjectionFileSystem fault_fs(PosixFileSystem());
  XaDecisionLogOptions options;
  options.dir = dir.path();
  options.fs = &fault_fs;
  options.compact_after_bytes = 1;  // compact after every batch
  auto log = XaDecisionLog::Open(options);
  ASSERT_TRUE(log.ok());
  fault_fs.FailNext(FileOp::kSyncDir, absl::InternalError("injected dir EIO"));
  // The decision itself is durable in the old file; the compaction after it fails at the
  // directory fsync, after its rename.
  EXPECT_EQ(Decide(log->get(), "a").durability, DecisionDurability::kDurable);
  (*log)->Flush();
  EXPECT_FALSE((*log)->Snapshot().healthy);
  EXPECT_EQ(Decide(log->get(), "b").durability, DecisionDurability::kDurable);
  EXPECT_TRUE((*log)->Snapshot().healthy);
  log->reset();
  auto reopened = OpenLog(dir.path());
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE((*reopened)->IsCommitted("a"));
  EXPECT_TRUE((*reopened)->IsCommitted("b"));
}

TEST(XaDecisionLogTest, CompactionKeepsOnlyLiveDecisions) {
  TempDir dir;
  XaDecisionLogOptions options;
  options.dir = dir.path();
  options.compact_after_bytes = 2000;
  auto log = XaDecisionLog::Open(options);
  ASSERT_TRUE(log.ok());
  for (int i = 0; i < 500; ++i) {
    std::string gtrid = absl::StrCat("sp-p-1-", i);
    ASSERT_EQ(Decide(log->get(), gtrid).durability, DecisionDurability::kDurable);
    if (i % 50 != 0) (*log)->LogResolved(gtrid);  // every 50th stays in doubt
  }
  (*log)->Flush();
  EXPECT_GT((*log)->stats().rewrites, 5u);
  EXPECT_LT(fs::file_size((*log)->path()), 2000u + 1000u);
  log->reset();
  auto reopened = XaDecisionLog::Open(options);
  ASSERT_TRUE(reopened.ok());
  XaDecisionLog::State state = (*reopened)->Snapshot();
  EXPECT_EQ(state.committed.size(), 10u);
  for (int i = 0; i < 500; i += 50) {
    EXPECT_TRUE(state.committed.contains(absl::StrCat("sp-p-1-", i))) << i;
  }
}

TEST(XaDecisionLogTest, LeftoverRewriteFileIsIgnored) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log.ok());
    Decide(log->get(), "kept");
  }
  WriteAll(dir.path() + "/xa_decisions.log.tmp", "half a rewrite");
  auto log = OpenLog(dir.path());
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_TRUE((*log)->IsCommitted("kept"));
  EXPECT_FALSE(fs::exists(dir.path() + "/xa_decisions.log.tmp"));
}

}  // namespace
}  // namespace shardproxy
