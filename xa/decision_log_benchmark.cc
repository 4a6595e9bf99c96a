// Commit decisions per second through XaDecisionLog with real fdatasync, by number of
// concurrent committers: group commit (one write + fsync per batch) against one fsync per
// decision (max_batch = 1). The directory is $XA_BENCH_DIR or the system temp directory: put it
// on the disk the proxy's transaction.log_dir will use.
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "xa/decision_log.h"

namespace shardproxy {
namespace {

namespace fs = std::filesystem;

std::string MakeDir() {
  const char* base = getenv("XA_BENCH_DIR");
  std::string pattern =
      ((base != nullptr ? fs::path(base) : fs::temp_directory_path()) / "xa-bench-XXXXXX").string();
  return mkdtemp(pattern.data());
}

// Each of `committers` threads logs a decision, waits until it is durable, marks it resolved and
// repeats — what a worker's transactions do, minus the XA round trips.
void BM_DecisionLog(benchmark::State& state) {
  const int committers = static_cast<int>(state.range(0));
  const bool group = state.range(1) != 0;
  std::string dir = MakeDir();
  XaDecisionLogOptions options;
  options.dir = dir;
  options.max_batch = group ? 0 : 1;
  auto log = XaDecisionLog::Open(options);
  if (!log.ok()) {
    state.SkipWithError(log.status().ToString().c_str());
    return;
  }
  std::atomic<uint64_t> sequence{0};
  uint64_t decisions = 0;
  for (auto _ : state) {
    constexpr int kPerCommitter = 64;
    std::vector<std::thread> threads;
    for (int t = 0; t < committers; ++t) {
      threads.emplace_back([&]() {
        for (int i = 0; i < kPerCommitter; ++i) {
          std::string gtrid = absl::StrCat("sp-bench-1-", sequence.fetch_add(1));
          absl::Mutex mu;
          bool done = false;
          (*log)->LogCommitDecision(gtrid, {"ds0", "ds1"}, [&](DecisionWriteResult) {
            absl::MutexLock lock(&mu);
            done = true;
          });
          absl::MutexLock lock(&mu);
          mu.Await(absl::Condition(&done));
          (*log)->LogResolved(gtrid);
        }
      });
    }
    for (auto& t : threads) t.join();
    decisions += static_cast<uint64_t>(committers) * kPerCommitter;
  }
  XaDecisionLog::Stats stats = (*log)->stats();
  state.counters["decisions/s"] =
      benchmark::Counter(static_cast<double>(decisions), benchmark::Counter::kIsRate);
  state.counters["decisions/fsync"] =
      stats.syncs == 0 ? 0 : static_cast<double>(stats.commit_records) / stats.syncs;
  log->reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_DecisionLog)
    ->ArgNames({"committers", "group"})
    ->ArgsProduct({{1, 4, 16, 64}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shardproxy
