#include "proxy/ops/metrics.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace shardproxy::ops {

PerWorkerCells::PerWorkerCells(int workers)
    : storage_(new Cell[static_cast<size_t>(workers < 0 ? 0 : workers) + 1]),
      cells_(storage_.get(), static_cast<size_t>(workers < 0 ? 0 : workers) + 1) {}

int64_t PerWorkerCells::Sum() const {
  int64_t total = 0;
  for (const Cell& cell : cells_) total += cell.value.load(std::memory_order_relaxed);
  return total;
}

Histogram::Histogram(int workers, std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), sum_micros_(workers) {
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    buckets_.push_back(std::make_unique<PerWorkerCells>(workers));
  }
}

void Histogram::Observe(int worker, double value) {
  size_t bucket = 0;
  while (bucket < upper_bounds_.size() && value > upper_bounds_[bucket]) ++bucket;
  buckets_[bucket]->Add(worker, 1);
  sum_micros_.Add(worker, static_cast<int64_t>(std::llround(value * 1e6)));
}

std::vector<double> Histogram::LatencyBuckets() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,    0.1,    0.25,    0.5,    1,     2.5,    5,     10};
}

std::vector<int64_t> Histogram::BucketCounts() const {
  std::vector<int64_t> counts;
  counts.reserve(buckets_.size());
  for (const auto& bucket : buckets_) counts.push_back(bucket->Sum());
  return counts;
}

double Histogram::Sum() const { return static_cast<double>(sum_micros_.Sum()) / 1e6; }

MetricsRegistry::MetricsRegistry(int workers) : workers_(workers) {}

MetricsRegistry::Family* MetricsRegistry::FamilyLocked(const std::string& name,
                                                       const std::string& help, Type type) {
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return it->second;
  auto family = std::make_unique<Family>();
  family->name = name;
  family->help = help;
  family->type = type;
  Family* raw = family.get();
  families_.push_back(std::move(family));
  by_name_[name] = raw;
  return raw;
}

Counter* MetricsRegistry::AddCounter(const std::string& name, const std::string& help,
                                     Labels labels) {
  absl::MutexLock lock(&mu_);
  Family* family = FamilyLocked(name, help, Type::kCounter);
  auto series = std::make_unique<Series>();
  series->labels = std::move(labels);
  series->counter = std::make_unique<Counter>(workers_);
  Counter* counter = series->counter.get();
  family->series.push_back(std::move(series));
  return counter;
}

Gauge* MetricsRegistry::AddGauge(const std::string& name, const std::string& help, Labels labels) {
  absl::MutexLock lock(&mu_);
  Family* family = FamilyLocked(name, help, Type::kGauge);
  auto series = std::make_unique<Series>();
  series->labels = std::move(labels);
  series->gauge = std::make_unique<Gauge>(workers_);
  Gauge* gauge = series->gauge.get();
  family->series.push_back(std::move(series));
  return gauge;
}

Histogram* MetricsRegistry::AddHistogram(const std::string& name, const std::string& help,
                                         Labels labels, std::vector<double> upper_bounds) {
  absl::MutexLock lock(&mu_);
  Family* family = FamilyLocked(name, help, Type::kHistogram);
  auto series = std::make_unique<Series>();
  series->labels = std::move(labels);
  series->histogram = std::make_unique<Histogram>(workers_, std::move(upper_bounds));
  Histogram* histogram = series->histogram.get();
  family->series.push_back(std::move(series));
  return histogram;
}

void MetricsRegistry::AddToKeyedCounter(const std::string& name, const std::string& help,
                                        const std::string& label_name,
                                        const std::string& label_value, int worker, int64_t n) {
  absl::MutexLock lock(&mu_);
  Family* family = FamilyLocked(name, help, Type::kCounter);
  family->keyed_label = label_name;
  Counter*& counter = family->keyed[label_value];
  if (counter == nullptr) {
    auto series = std::make_unique<Series>();
    series->labels = {{label_name, label_value}};
    series->counter = std::make_unique<Counter>(workers_);
    counter = series->counter.get();
    family->series.push_back(std::move(series));
  }
  counter->Add(worker, n);
}

void MetricsRegistry::AddCollector(const std::string& name, const std::string& help, Type type,
                                   std::function<std::vector<Sample>()> collect) {
  absl::MutexLock lock(&mu_);
  Family* family = FamilyLocked(name, help, type);
  family->collect = std::move(collect);
}

std::string EscapeLabelValue(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

const char* TypeName(MetricsRegistry::Type type) {
  switch (type) {
    case MetricsRegistry::Type::kCounter:
      return "counter";
    case MetricsRegistry::Type::kGauge:
      return "gauge";
    case MetricsRegistry::Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// {a="x",b="y"} with an optional extra label (le for histogram buckets); empty for no labels.
std::string LabelText(const Labels& labels, absl::string_view extra_name = {},
                      absl::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : labels) {
    absl::StrAppend(&out, first ? "" : ",", name, "=\"", EscapeLabelValue(value), "\"");
    first = false;
  }
  if (!extra_name.empty()) {
    absl::StrAppend(&out, first ? "" : ",", extra_name, "=\"", extra_value, "\"");
  }
  out += "}";
  return out;
}

std::string HelpText(absl::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string MetricsRegistry::RenderPrometheusText() const {
  // Collectors run outside the lock so they may take their own locks freely.
  std::vector<std::pair<const Family*, std::vector<Sample>>> collected;
  std::vector<const Family*> families;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& family : families_) families.push_back(family.get());
  }
  std::string out;
  for (const Family* family : families) {
    std::vector<Sample> samples;
    if (family->collect) samples = family->collect();
    absl::StrAppend(&out, "# HELP ", family->name, " ", HelpText(family->help), "\n", "# TYPE ",
                    family->name, " ", TypeName(family->type), "\n");
    {
      absl::MutexLock lock(&mu_);  // keyed counters may add series concurrently
      for (const auto& series : family->series) {
        if (series->counter) {
          absl::StrAppend(&out, family->name, LabelText(series->labels), " ",
                          series->counter->Value(), "\n");
        } else if (series->gauge) {
          absl::StrAppend(&out, family->name, LabelText(series->labels), " ",
                          series->gauge->Value(), "\n");
        } else if (series->histogram) {
          const Histogram& h = *series->histogram;
          std::vector<int64_t> counts = h.BucketCounts();
          int64_t cumulative = 0;
          for (size_t i = 0; i < counts.size(); ++i) {
            cumulative += counts[i];
            std::string le =
                i < h.upper_bounds().size() ? absl::StrCat(h.upper_bounds()[i]) : "+Inf";
            absl::StrAppend(&out, family->name, "_bucket", LabelText(series->labels, "le", le), " ",
                            cumulative, "\n");
          }
          absl::StrAppend(&out, family->name, "_sum", LabelText(series->labels), " ", h.Sum(), "\n",
                          family->name, "_count", LabelText(series->labels), " ", cumulative, "\n");
        }
      }
    }
    for (const Sample& sample : samples) {
      absl::StrAppend(&out, family->name, LabelText(sample.labels), " ", sample.value, "\n");
    }
  }
  return out;
}

}  // namespace shardproxy::ops
