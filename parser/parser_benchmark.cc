// Parser benchmarks (Google Benchmark; not a test).
//   BM_Cold/<stmt>      full grammar parse (digest + ANTLR + AST), no cache: a new shape's cost
//   BM_Warm/<stmt>      cache hit: digest + lookup + bind, as every repeated statement pays;
//                       reports allocs_per_parse (this binary counts every operator new)
//   BM_WarmThreads      the sysbench mix from several threads at once (sharded cache)
//   BM_Digest/<stmt>    the tokenizer alone
//   BM_WarmRss10M       10 M warm parses in one run; RSS before/after (memory must not grow)
// The statements are sysbench's, in the text form it sends with --db-ps-mode=disable.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/testing/allocation_counter.h"
#include "parser/parser.h"

namespace shardproxy::sql {
namespace {

const std::string kC =
    "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-"
    "28203206787-41238978918-19503783441";
const std::string kPad = "22195207048-70116052123-74140395089-76317954521-98694025897";

struct SysbenchStatement {
  const char* name;
  std::string sql;
};

const std::vector<SysbenchStatement>& Statements() {
  static const auto* statements = new std::vector<SysbenchStatement>{
      {"point_select", "SELECT c FROM sbtest1 WHERE id=5017"},
      {"simple_range", "SELECT c FROM sbtest1 WHERE id BETWEEN 4000 AND 4099"},
      {"sum_range", "SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 4000 AND 4099"},
      {"order_range", "SELECT c FROM sbtest1 WHERE id BETWEEN 4000 AND 4099 ORDER BY c"},
      {"distinct_range",
       "SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 4000 AND 4099 ORDER BY c"},
      {"index_update", "UPDATE sbtest1 SET k=k+1 WHERE id=5017"},
      {"non_index_update", absl::StrCat("UPDATE sbtest1 SET c='", kC, "' WHERE id=5017")},
      {"delete", "DELETE FROM sbtest1 WHERE id=5017"},
      {"insert", absl::StrCat("INSERT INTO sbtest1 (id, k, c, pad) VALUES (5017, 4993, '", kC,
                              "', '", kPad, "')")},
      {"begin", "BEGIN"},
      {"commit", "COMMIT"},
      {"random_points",
       "SELECT id, k, c, pad FROM sbtest1 WHERE k IN (4993, 5001, 4987, 5003, 4999, 5010, 4995, "
       "5002, 4998, 5004)"},
      {"random_ranges",
       "SELECT count(k) FROM sbtest1 WHERE k BETWEEN 4993 AND 4998 OR k BETWEEN 5001 AND 5006 OR "
       "k BETWEEN 4987 AND 4992 OR k BETWEEN 5003 AND 5008 OR k BETWEEN 4999 AND 5004 OR k BETWEEN "
       "5010 AND 5015 OR k BETWEEN 4995 AND 5000 OR k BETWEEN 5002 AND 5007 OR k BETWEEN 4998 AND "
       "5003 OR k BETWEEN 5004 AND 5009"},
  };
  return *statements;
}

void BM_Cold(benchmark::State& state, std::string sql) {
  Parser parser;
  BoundStatement stmt;
  for (auto _ : state) {
    absl::Status status = parser.ParseUncached(sql, &stmt);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(stmt.has_statement());
  }
}

// Warm parses of 1000 variants of the statement (different ids), so the digest and values
// are really recomputed from changing text.
std::vector<std::string> Variants(const std::string& sql) {
  std::vector<std::string> out;
  for (int i = 0; i < 1000; ++i) {
    std::string v = sql;
    size_t at = v.find("5017");
    if (at != std::string::npos) v.replace(at, 4, std::to_string(1000 + i * 7));
    out.push_back(std::move(v));
  }
  return out;
}

void BM_Warm(benchmark::State& state, std::string sql) {
  Parser parser;
  BoundStatement stmt;
  std::vector<std::string> variants = Variants(sql);
  for (const std::string& v : variants) (void)parser.Parse(v, &stmt);
  size_t i = 0;
  uint64_t allocations_before = testing::AllocationCount();
  for (auto _ : state) {
    absl::Status status = parser.Parse(variants[i], &stmt);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(stmt.has_statement());
    if (++i == variants.size()) i = 0;
  }
  state.counters["allocs_per_parse"] =
      benchmark::Counter(static_cast<double>(testing::AllocationCount() - allocations_before),
                         benchmark::Counter::kAvgIterations);
}

void BM_Digest(benchmark::State& state, std::string sql) {
  SqlDigest digest;
  for (auto _ : state) {
    benchmark::DoNotOptimize(digest.Compute(sql).ok());
  }
}

Parser& SharedParser() {
  static Parser* parser = new Parser();
  return *parser;
}

void BM_WarmThreads(benchmark::State& state) {
  Parser& parser = SharedParser();
  BoundStatement stmt;
  // Several shapes, as a real mix spreads over cache shards.
  std::vector<std::string> sqls;
  for (const auto& s : Statements()) sqls.push_back(s.sql);
  for (const std::string& sql : sqls) (void)parser.Parse(sql, &stmt);
  size_t i = static_cast<size_t>(state.thread_index());
  for (auto _ : state) {
    benchmark::DoNotOptimize(parser.Parse(sqls[i % sqls.size()], &stmt).ok());
    ++i;
  }
}
BENCHMARK(BM_WarmThreads)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

long RssKb() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

void BM_WarmRss10M(benchmark::State& state) {
  Parser parser;
  BoundStatement stmt;
  std::vector<std::string> variants = Variants(Statements()[0].sql);
  for (int round = 0; round < 2; ++round) {
    for (const std::string& v : variants) (void)parser.Parse(v, &stmt);
  }
  long before = RssKb();
  for (auto _ : state) {
    for (int i = 0; i < 10'000'000; ++i) {
      benchmark::DoNotOptimize(parser.Parse(variants[i % variants.size()], &stmt).ok());
    }
  }
  long after = RssKb();
  state.counters["rss_before_kb"] = static_cast<double>(before);
  state.counters["rss_after_kb"] = static_cast<double>(after);
  state.counters["rss_growth_kb"] = static_cast<double>(after - before);
}
BENCHMARK(BM_WarmRss10M)->Iterations(1)->Unit(benchmark::kMillisecond);

int RegisterPerStatement() {
  for (const auto& s : Statements()) {
    benchmark::RegisterBenchmark(absl::StrCat("BM_Cold/", s.name).c_str(), BM_Cold, s.sql);
    benchmark::RegisterBenchmark(absl::StrCat("BM_Warm/", s.name).c_str(), BM_Warm, s.sql);
    benchmark::RegisterBenchmark(absl::StrCat("BM_Digest/", s.name).c_str(), BM_Digest, s.sql);
  }
  return 0;
}
const int kRegistered = RegisterPerStatement();

}  // namespace
}  // namespace shardproxy::sql
