#include "proxy/ops/metrics.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy::ops {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersGaugesAndLabelsInPrometheusTextFormat) {
  MetricsRegistry registry(2);
  Counter* selects =
      registry.AddCounter("sp_statements_total", "Statements by type", {{"type", "select"}});
  Counter* inserts =
      registry.AddCounter("sp_statements_total", "Statements by type", {{"type", "insert"}});
  Gauge* sessions = registry.AddGauge("sp_client_sessions", "Open client sessions");
  selects->Add(0, 3);
  selects->Add(1, 2);
  inserts->Add(7);  // not a worker: the shared cell
  sessions->Add(0, 5);
  sessions->Add(1, -1);
  EXPECT_EQ(registry.RenderPrometheusText(),
            "# HELP sp_statements_total Statements by type\n"
            "# TYPE sp_statements_total counter\n"
            "sp_statements_total{type=\"select\"} 5\n"
            "sp_statements_total{type=\"insert\"} 1\n"
            "# HELP sp_client_sessions Open client sessions\n"
            "# TYPE sp_client_sessions gauge\n"
            "sp_client_sessions 4\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry registry(1);
  Histogram* latency =
      registry.AddHistogram("sp_seconds", "Latency", {{"type", "select"}}, {0.001, 0.01});
  latency->Observe(0, 0.0005);
  latency->Observe(0, 0.001);  // on the bound: belongs to le="0.001"
  latency->Observe(0, 0.005);
  latency->Observe(0, 3);
  EXPECT_EQ(registry.RenderPrometheusText(),
            "# HELP sp_seconds Latency\n"
            "# TYPE sp_seconds histogram\n"
            "sp_seconds_bucket{type=\"select\",le=\"0.001\"} 2\n"
            "sp_seconds_bucket{type=\"select\",le=\"0.01\"} 3\n"
            "sp_seconds_bucket{type=\"select\",le=\"+Inf\"} 4\n"
            "sp_seconds_sum{type=\"select\"} 3.0065\n"
            "sp_seconds_count{type=\"select\"} 4\n");
}

TEST(MetricsTest, KeyedCountersAndCollectorsAndEscaping) {
  MetricsRegistry registry(1);
  registry.AddToKeyedCounter("sp_errors_total", "Errors by code", "code", "1064", 0);
  registry.AddToKeyedCounter("sp_errors_total", "Errors by code", "code", "1064", 0);
  registry.AddToKeyedCounter("sp_errors_total", "Errors by code", "code", "1146", 0);
  registry.AddCollector("sp_breaker_open", "1 when open", MetricsRegistry::Type::kGauge, [] {
    return std::vector<Sample>{{{{"data_source", "ds\"0\\\n"}}, 1}};
  });
  std::string text = registry.RenderPrometheusText();
  EXPECT_THAT(text, HasSubstr("sp_errors_total{code=\"1064\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("sp_errors_total{code=\"1146\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("sp_breaker_open{data_source=\"ds\\\"0\\\\\\n\"} 1\n"));
}

TEST(MetricsTest, ConcurrentUpdatesFromWorkersAreAllCounted) {
  MetricsRegistry registry(4);
  Counter* counter = registry.AddCounter("c", "c");
  std::vector<std::thread> threads;
  for (int worker = 0; worker < 4; ++worker) {
    threads.emplace_back([counter, worker] {
      for (int i = 0; i < 100000; ++i) counter->Add(worker);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter->Value(), 400000);
}

}  // namespace
}  // namespace shardproxy::ops
