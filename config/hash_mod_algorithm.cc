#include "config/hash_mod_algorithm.h"

#include <array>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "config/algorithm_definition.h"
#include "config/exact_number.h"
#include "config/partition_targets.h"
#include "config/temporal_value.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

constexpr int64_t kMaxCount = 100000;

class Fnv1a {
 public:
  void Add(unsigned char byte) { h_ = (h_ ^ byte) * 0x100000001b3ULL; }
  void Add(absl::string_view bytes) {
    for (char c : bytes) Add(static_cast<unsigned char>(c));
  }
  uint64_t Finish() const {
    uint64_t h = h_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

bool HashShardingValue(const ShardingValue& value, bool case_sensitive, uint64_t* hash) {
  Fnv1a fnv;
  switch (value.type()) {
    case ShardingValue::Type::kNull:
      return false;
    case ShardingValue::Type::kInteger: {
      char buffer[24];
      char* end = value.is_unsigned()
                      ? absl::numbers_internal::FastIntToBuffer(value.uint_value(), buffer)
                      : absl::numbers_internal::FastIntToBuffer(value.int_value(), buffer);
      fnv.Add(absl::string_view(buffer, end - buffer));
      *hash = fnv.Finish();
      return true;
    }
    case ShardingValue::Type::kDecimal:
    case ShardingValue::Type::kString: {
      ExactNumber number;
      if (ExactNumber::FromValue(value, &number)) {
        char buffer[ExactNumber::kMaxCanonicalLength];
        fnv.Add(absl::string_view(buffer, number.Canonical(buffer)));
        *hash = fnv.Finish();
        return true;
      }
      if (value.type() == ShardingValue::Type::kDecimal) {
        // Not a number we can read exactly (e.g. "1e400"): hash the text as written.
        fnv.Add(value.text());
        *hash = fnv.Finish();
        return true;
      }
      DateTimeValue date;
      if (ParseDateTime(value.text(), &date)) {
        char buffer[kMaxDateTimeText];
        fnv.Add(absl::string_view(buffer, FormatCanonicalDateTime(date, buffer)));
        *hash = fnv.Finish();
        return true;
      }
      absl::string_view text = value.text();
      while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
      for (char c : text) {
        const unsigned char byte = static_cast<unsigned char>(c);
        fnv.Add(case_sensitive ? byte : static_cast<unsigned char>(absl::ascii_tolower(byte)));
      }
      *hash = fnv.Finish();
      return true;
    }
    case ShardingValue::Type::kDate:
    case ShardingValue::Type::kDateTime: {
      DateTimeValue date;
      if (!ParseDateTime(value.text(), &date)) {
        fnv.Add(value.text());
      } else {
        char buffer[kMaxDateTimeText];
        fnv.Add(absl::string_view(buffer, FormatCanonicalDateTime(date, buffer)));
      }
      *hash = fnv.Finish();
      return true;
    }
  }
  return false;
}

namespace {

class HashModAlgorithm : public ShardingAlgorithm {
 public:
  HashModAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                   std::vector<std::string> targets, BindContext context, int64_t count,
                   bool case_sensitive, std::vector<int> partition_targets)
      : ShardingAlgorithm(spec, std::move(columns), std::move(targets), std::move(context)),
        count_(count),
        case_sensitive_(case_sensitive),
        partition_targets_(std::move(partition_targets)) {}

  int Shard(absl::Span<const ShardingValue> values) const override {
    uint64_t hash = 0;
    if (values.empty() || !HashShardingValue(values[0], case_sensitive_, &hash)) return kUnplaced;
    return partition_targets_[hash % static_cast<uint64_t>(count_)];
  }
  // Ranges stay "all targets": a string column compared with numbers matches '2.5' for
  // BETWEEN 1 AND 3, and '2.5' hashes apart from every integer, so stepping through the integers
  // of a range would miss rows.

 protected:
  std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const override {
    return "NULL cannot be hashed";
  }

 private:
  int64_t count_;
  bool case_sensitive_;
  std::vector<int> partition_targets_;
};

class HashModDefinition : public AlgorithmDefinition {
 public:
  HashModDefinition(AlgorithmSpec spec, int64_t count, bool case_sensitive)
      : AlgorithmDefinition(std::move(spec)), count_(count), case_sensitive_(case_sensitive) {}

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    auto sample = [&](int64_t partition) {
      // The smallest non-negative integer key hashing to `partition`, for the message.
      for (int64_t v = 0; v < 1000000; ++v) {
        uint64_t hash = 0;
        HashShardingValue(ShardingValue::Integer(v), case_sensitive_, &hash);
        if (static_cast<int64_t>(hash % static_cast<uint64_t>(count_)) == partition) {
          return absl::StrCat(columns[0], " = ", v);
        }
      }
      return absl::StrCat("some ", columns[0]);
    };
    absl::StatusOr<std::vector<int>> partitions =
        MapPartitionsToTargets(count_, targets, context, spec(), sample);
    if (!partitions.ok()) return partitions.status();
    return std::make_shared<HashModAlgorithm>(spec(), columns, targets, context, count_,
                                              case_sensitive_, *std::move(partitions));
  }

 private:
  int64_t count_;
  bool case_sensitive_;
};

}  // namespace

std::unique_ptr<AlgorithmDefinition> ParseHashModAlgorithm(AlgorithmSpec spec, const YamlNode& node,
                                                           ConfigErrors* errors) {
  constexpr std::array<absl::string_view, 3> kKeys = {"type", "count", "case_sensitive"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  bool ok = true;
  int64_t count = 0;
  const YamlNode* count_node = RequireKey(node, "count", context, errors);
  ok &= count_node != nullptr && ReadInt(*count_node, absl::StrCat("count of ", context),
                                         int64_t{1}, kMaxCount, errors, &count);
  bool case_sensitive = false;
  if (const YamlNode* flag = node.Find("case_sensitive")) {
    ok &= ReadBool(*flag, absl::StrCat("case_sensitive of ", context), errors, &case_sensitive);
  }
  if (!ok) return nullptr;
  return std::make_unique<HashModDefinition>(std::move(spec), count, case_sensitive);
}

}  // namespace shardproxy
