// Throughput and allocations of the merge operators over in-memory shard streams.
//
//   build/release/merger/merger_benchmark
//
// Counters: items_per_second is merged input rows per second; allocs_per_row and
// bytes_per_row count every operator new while the pipeline is built and drained (this binary
// replaces the global operator new to count), divided by the input rows.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/testing/allocation_counter.h"
#include "merger/hash_join_stream.h"
#include "merger/merger.h"
#include "merger/testing/row_stream_testing.h"

namespace shardproxy {
namespace {

using testing::CountColumn;
using testing::DecimalColumn;
using testing::IntColumn;
using testing::SumDecimalColumn;
using testing::VarcharColumn;

// Rows prepared once; the stream hands out views, like a backend stream over its packet buffer
// (no allocation per row on the producing side).
struct PreparedRows {
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> storage;
  std::vector<std::vector<Cell>> rows;
};

class PreparedStream : public RowStream {
 public:
  explicit PreparedStream(const PreparedRows* data) : data_(data) {}
  absl::Span<const ColumnDefinition> columns() const override { return data_->columns; }
  StreamState Next(RowView* row) override {
    if (next_ == data_->rows.size()) return StreamState::kFinished;
    *row = RowView(data_->rows[next_++]);
    return StreamState::kHaveRow;
  }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  const PreparedRows* data_;
  size_t next_ = 0;
};

void Finalize(PreparedRows* p, size_t width) {
  p->rows.clear();
  for (size_t r = 0; r < p->storage.size() / width; ++r) {
    std::vector<Cell> row;
    for (size_t c = 0; c < width; ++c) row.push_back(Cell(p->storage[r * width + c]));
    p->rows.push_back(std::move(row));
  }
}

constexpr int kShards = 4;
constexpr int kRowsPerShard = 100000;

// Shard s holds ids s, s+4, s+8, ... in order: (id BIGINT, name VARCHAR, amount DECIMAL).
const std::vector<PreparedRows>& SortedShards() {
  static const auto* shards = [] {
    auto* v = new std::vector<PreparedRows>(kShards);
    for (int s = 0; s < kShards; ++s) {
      PreparedRows& p = (*v)[s];
      p.columns = {IntColumn("id"), VarcharColumn("name"), DecimalColumn("amount", 10, 2)};
      for (int i = 0; i < kRowsPerShard; ++i) {
        int id = i * kShards + s;
        p.storage.push_back(absl::StrCat(id));
        p.storage.push_back(absl::StrCat("customer-", id % 977));
        p.storage.push_back(absl::StrCat(id % 100000, ".", 10 + id % 90));
      }
      p.storage.shrink_to_fit();
      Finalize(&p, 3);
    }
    return v;
  }();
  return *shards;
}

// Partial aggregates per (user, shard): (user_id, COUNT(*), SUM(amount), SUM, COUNT), either
// sorted by user_id or scattered.
const std::vector<PreparedRows>& GroupShards(bool sorted) {
  static std::vector<PreparedRows>* cache[2] = {nullptr, nullptr};
  auto*& v = cache[sorted ? 1 : 0];
  if (v == nullptr) {
    v = new std::vector<PreparedRows>(kShards);
    constexpr int kGroups = 1000;
    for (int s = 0; s < kShards; ++s) {
      PreparedRows& p = (*v)[s];
      p.columns = {IntColumn("user_id"), CountColumn("n"), SumDecimalColumn("s", 32, 2),
                   SumDecimalColumn("s2", 32, 2), CountColumn("c")};
      for (int i = 0; i < kRowsPerShard; ++i) {
        int group = sorted ? i * kGroups / kRowsPerShard : (i * 7919 + s * 31) % kGroups;
        p.storage.push_back(absl::StrCat(group));
        p.storage.push_back("3");
        std::string sum = absl::StrCat(i % 5000, ".", 10 + i % 90);
        p.storage.push_back(sum);
        p.storage.push_back(sum);
        p.storage.push_back("3");
      }
      Finalize(&p, 5);
    }
  }
  return *v;
}

std::vector<std::unique_ptr<RowStream>> Streams(const std::vector<PreparedRows>& data) {
  std::vector<std::unique_ptr<RowStream>> out;
  for (const PreparedRows& p : data) out.push_back(std::make_unique<PreparedStream>(&p));
  return out;
}

// Input rows per second, and the heap allocations (count and bytes) per input row, over all
// iterations.
void ReportPerInputRow(benchmark::State& state, int64_t rows_in, uint64_t allocs, uint64_t bytes) {
  state.SetItemsProcessed(state.iterations() * rows_in);
  double rows = static_cast<double>(state.iterations()) * static_cast<double>(rows_in);
  state.counters["allocs_per_row"] = static_cast<double>(allocs) / rows;
  state.counters["bytes_per_row"] = static_cast<double>(bytes) / rows;
}

void Run(benchmark::State& state, const std::vector<PreparedRows>& data,
         std::shared_ptr<const MergeSpec> spec) {
  int64_t rows_in = 0;
  for (const auto& p : data) rows_in += static_cast<int64_t>(p.rows.size());
  uint64_t allocs = 0, bytes = 0;
  int64_t rows_out = 0;
  for (auto _ : state) {
    uint64_t a0 = testing::AllocationCount(), b0 = testing::AllocatedBytes();
    auto pipeline = BuildMergePipeline(spec, Streams(data));
    if (!pipeline.ok()) {
      state.SkipWithError(std::string(pipeline.status().message()).c_str());
      return;
    }
    RowView row;
    rows_out = 0;
    while ((*pipeline)->Next(&row) == StreamState::kHaveRow) {
      benchmark::DoNotOptimize(row);
      ++rows_out;
    }
    if (!(*pipeline)->status().ok()) {
      state.SkipWithError(std::string((*pipeline)->status().message()).c_str());
      return;
    }
    pipeline->reset();
    allocs += testing::AllocationCount() - a0;
    bytes += testing::AllocatedBytes() - b0;
  }
  ReportPerInputRow(state, rows_in, allocs, bytes);
  state.counters["rows_out"] = static_cast<double>(rows_out);
}

void BM_KWayMergeOrderByInt(benchmark::State& state) {
  MergeSpec spec;
  spec.order_by = {{.column = 0}};
  spec.shards_sorted_by_order = true;
  Run(state, SortedShards(), std::make_shared<const MergeSpec>(spec));
}
BENCHMARK(BM_KWayMergeOrderByInt)->Unit(benchmark::kMillisecond);

void BM_KWayMergeOrderByDecimalDescThenId(benchmark::State& state) {
  // Shards are sorted by id, which is also sorted by (amount DESC, id) only per shard; sort each
  // shard's rows accordingly once.
  static const auto* shards = [] {
    auto* v = new std::vector<PreparedRows>(SortedShards());
    for (PreparedRows& p : *v) {
      std::stable_sort(p.rows.begin(), p.rows.end(), [](const auto& a, const auto& b) {
        double x = std::strtod(std::string(*a[2]).c_str(), nullptr);
        double y = std::strtod(std::string(*b[2]).c_str(), nullptr);
        return x > y;
      });
    }
    return v;
  }();
  MergeSpec spec;
  spec.order_by = {{.column = 2, .order = SortOrder::kDesc}};
  spec.shards_sorted_by_order = true;
  Run(state, *shards, std::make_shared<const MergeSpec>(spec));
}
BENCHMARK(BM_KWayMergeOrderByDecimalDescThenId)->Unit(benchmark::kMillisecond);

void BM_KWayMergeOrderByStringGeneralCi(benchmark::State& state) {
  static const auto* shards = [] {
    auto* v = new std::vector<PreparedRows>(SortedShards());
    const Collation* ci = Collation::Find(45);
    for (PreparedRows& p : *v) {
      std::stable_sort(p.rows.begin(), p.rows.end(), [ci](const auto& a, const auto& b) {
        return ci->Compare(*a[1], *b[1], CellEncoding::kUtf8) < 0;
      });
    }
    return v;
  }();
  MergeSpec spec;
  spec.order_by = {{.column = 1}};
  spec.shards_sorted_by_order = true;
  Run(state, *shards, std::make_shared<const MergeSpec>(spec));
}
BENCHMARK(BM_KWayMergeOrderByStringGeneralCi)->Unit(benchmark::kMillisecond);

void BM_OrderByLimit10(benchmark::State& state) {
  MergeSpec spec;
  spec.order_by = {{.column = 0}};
  spec.shards_sorted_by_order = true;
  spec.limit = {.offset = 0, .count = 10};
  int64_t rows = 0;
  for (auto _ : state) {
    auto pipeline =
        BuildMergePipeline(std::make_shared<const MergeSpec>(spec), Streams(SortedShards()));
    RowView row;
    while ((*pipeline)->Next(&row) == StreamState::kHaveRow) ++rows;
  }
  state.counters["rows_out_per_iteration"] = static_cast<double>(rows) / state.iterations();
}
BENCHMARK(BM_OrderByLimit10)->Unit(benchmark::kMicrosecond);

MergeSpec GroupSpec(bool sorted) {
  MergeSpec spec;
  spec.group_by = {{.column = 0}};
  spec.shards_sorted_by_group = sorted;
  spec.aggregates = {AggregateSpec::Partial(AggregateFunction::kCount, 1),
                     AggregateSpec::Partial(AggregateFunction::kSum, 2),
                     AggregateSpec::PartialAvg(3, 4)};
  spec.columns = {OutputColumn::Shard(0), OutputColumn::Aggregate(0), OutputColumn::Aggregate(1),
                  OutputColumn::Aggregate(2)};
  return spec;
}

void BM_StreamAggregation(benchmark::State& state) {
  Run(state, GroupShards(true), std::make_shared<const MergeSpec>(GroupSpec(true)));
}
BENCHMARK(BM_StreamAggregation)->Unit(benchmark::kMillisecond);

void BM_HashAggregation(benchmark::State& state) {
  Run(state, GroupShards(false), std::make_shared<const MergeSpec>(GroupSpec(false)));
}
BENCHMARK(BM_HashAggregation)->Unit(benchmark::kMillisecond);

void BM_HashJoin(benchmark::State& state) {
  // 1000 users (build) joined with 400k orders (probe, 4 shards concatenated).
  static const auto* users = [] {
    auto* p = new PreparedRows;
    p->columns = {IntColumn("id"), VarcharColumn("name")};
    for (int i = 0; i < 1000; ++i) {
      p->storage.push_back(absl::StrCat(i));
      p->storage.push_back(absl::StrCat("user-", i));
    }
    Finalize(p, 2);
    return p;
  }();
  const auto& orders = GroupShards(false);
  int64_t rows_in = 1000;
  for (const auto& p : orders) rows_in += static_cast<int64_t>(p.rows.size());
  uint64_t allocs = 0, bytes = 0;
  for (auto _ : state) {
    uint64_t a0 = testing::AllocationCount(), b0 = testing::AllocatedBytes();
    auto probe = BuildMergePipeline(std::make_shared<const MergeSpec>(), Streams(orders));
    HashJoinSpec spec;
    spec.keys = {{.left_column = 0, .right_column = 0}};
    auto join = HashJoinStream::Make(*std::move(probe), std::make_unique<PreparedStream>(users),
                                     spec, std::make_shared<MemoryBudget>());
    RowView row;
    while ((*join)->Next(&row) == StreamState::kHaveRow) benchmark::DoNotOptimize(row);
    join->reset();
    allocs += testing::AllocationCount() - a0;
    bytes += testing::AllocatedBytes() - b0;
  }
  ReportPerInputRow(state, rows_in, allocs, bytes);
}
BENCHMARK(BM_HashJoin)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shardproxy
