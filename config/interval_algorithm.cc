// interval: DATE/DATETIME keys split into calendar periods, each stored in the target whose name
// ends with the period's suffix.
//
//   lower: '2024-01-01'   upper: '2025-12-31 23:59:59'   (inclusive; keys outside are unplaced)
//   unit: year | month | day (default month)   amount: units per period (default 1)
//   suffix: the period's start formatted with yyyy, yy, MM, dd (default yyyy, yyyyMM or yyyyMMdd)
//
// Periods start at `lower` truncated to the unit and follow each other every `amount` units: with
// unit month and amount 3, periods start in January, April, July and October. A key's target is
// computed without formatting anything (period index -> target, prepared when bound).
#include <array>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "config/algorithm_definition.h"
#include "config/config_errors.h"
#include "config/partition_targets.h"
#include "config/temporal_value.h"
#include "config/yaml_reader.h"

namespace shardproxy {
namespace {

constexpr int64_t kMaxPeriods = 100000;

enum class Unit { kYear, kMonth, kDay };

// Units from `base` (already truncated to the unit) to the unit containing `t`.
int64_t UnitsBetween(Unit unit, const absl::CivilSecond& base, const absl::CivilSecond& t) {
  switch (unit) {
    case Unit::kYear:
      return absl::CivilYear(t) - absl::CivilYear(base);
    case Unit::kMonth:
      return absl::CivilMonth(t) - absl::CivilMonth(base);
    case Unit::kDay:
      return absl::CivilDay(t) - absl::CivilDay(base);
  }
  return 0;
}

absl::CivilSecond AddUnits(Unit unit, const absl::CivilSecond& base, int64_t units) {
  switch (unit) {
    case Unit::kYear:
      return absl::CivilSecond(absl::CivilYear(base) + units);
    case Unit::kMonth:
      return absl::CivilSecond(absl::CivilMonth(base) + units);
    case Unit::kDay:
      return absl::CivilSecond(absl::CivilDay(base) + units);
  }
  return base;
}

absl::CivilSecond Truncate(Unit unit, const absl::CivilSecond& t) {
  switch (unit) {
    case Unit::kYear:
      return absl::CivilSecond(absl::CivilYear(t));
    case Unit::kMonth:
      return absl::CivilSecond(absl::CivilMonth(t));
    case Unit::kDay:
      return absl::CivilSecond(absl::CivilDay(t));
  }
  return t;
}

// A suffix format: yyyy, yy, MM, dd and literal text.
struct SuffixFormat {
  enum class Token { kLiteral, kYear4, kYear2, kMonth, kDay };
  std::vector<std::pair<Token, std::string>> tokens;

  static SuffixFormat Parse(absl::string_view text) {
    SuffixFormat format;
    size_t i = 0;
    while (i < text.size()) {
      if (text.substr(i, 4) == "yyyy") {
        format.tokens.emplace_back(Token::kYear4, "");
        i += 4;
      } else if (text.substr(i, 2) == "yy") {
        format.tokens.emplace_back(Token::kYear2, "");
        i += 2;
      } else if (text.substr(i, 2) == "MM") {
        format.tokens.emplace_back(Token::kMonth, "");
        i += 2;
      } else if (text.substr(i, 2) == "dd") {
        format.tokens.emplace_back(Token::kDay, "");
        i += 2;
      } else {
        if (format.tokens.empty() || format.tokens.back().first != Token::kLiteral) {
          format.tokens.emplace_back(Token::kLiteral, "");
        }
        format.tokens.back().second.push_back(text[i++]);
      }
    }
    return format;
  }
  bool Has(Token token) const {
    for (const auto& [t, text] : tokens) {
      if (t == token) return true;
    }
    return false;
  }
  std::string Format(const absl::CivilSecond& t) const {
    std::string out;
    for (const auto& [token, text] : tokens) {
      switch (token) {
        case Token::kLiteral:
          out += text;
          break;
        case Token::kYear4:
          absl::StrAppend(&out, absl::Dec(t.year(), absl::kZeroPad4));
          break;
        case Token::kYear2:
          absl::StrAppend(&out, absl::Dec(t.year() % 100, absl::kZeroPad2));
          break;
        case Token::kMonth:
          absl::StrAppend(&out, absl::Dec(t.month(), absl::kZeroPad2));
          break;
        case Token::kDay:
          absl::StrAppend(&out, absl::Dec(t.day(), absl::kZeroPad2));
          break;
      }
    }
    return out;
  }
};

std::string DateText(const DateTimeValue& value) {
  char buffer[kMaxDateTimeText];
  return std::string(buffer, FormatCanonicalDateTime(value, buffer));
}

class IntervalAlgorithm : public ShardingAlgorithm {
 public:
  IntervalAlgorithm(const AlgorithmSpec& spec, std::vector<std::string> columns,
                    std::vector<std::string> targets, BindContext context, Unit unit,
                    int64_t amount, DateTimeValue lower, DateTimeValue upper,
                    std::vector<int> period_targets)
      : ShardingAlgorithm(spec, std::move(columns), std::move(targets), std::move(context)),
        unit_(unit),
        amount_(amount),
        lower_(lower),
        upper_(upper),
        base_(Truncate(unit, lower.time)),
        period_targets_(std::move(period_targets)) {}

  int Shard(absl::Span<const ShardingValue> values) const override {
    DateTimeValue value;
    if (values.empty() || !DateTimeFromValue(values[0], &value)) return kUnplaced;
    if (value < lower_ || upper_ < value) return kUnplaced;
    return period_targets_[PeriodOf(value)];
  }

  TargetSet ShardRange(const ShardingRange& range) const override {
    int64_t first = 0;
    int64_t last = static_cast<int64_t>(period_targets_.size()) - 1;
    if (range.low.has_value()) {
      DateTimeValue low;
      if (!DateTimeFromValue(range.low->value, &low)) return TargetSet::All();
      if (upper_ < low) return TargetSet();
      if (lower_ < low) first = PeriodOf(low);
    }
    if (range.high.has_value()) {
      DateTimeValue high;
      if (!DateTimeFromValue(range.high->value, &high)) return TargetSet::All();
      if (high < lower_) return TargetSet();
      if (high < upper_) {
        last = PeriodOf(high);
        // `col < '2024-02-01'` holds nothing of the period starting exactly then.
        if (!range.high->inclusive && high.microsecond == 0 && high.time == PeriodStart(last)) {
          --last;
        }
      }
    }
    TargetSet set;
    for (int64_t p = first; p <= last; ++p) set.Add(period_targets_[p]);
    set.Normalize(static_cast<int>(targets().size()));
    return set;
  }
  bool NarrowsRanges() const override { return true; }

 protected:
  std::string ExplainUnplaced(absl::Span<const ShardingValue> values) const override {
    DateTimeValue value;
    if (values.empty() || values[0].is_null()) return "NULL is in no period";
    if (!DateTimeFromValue(values[0], &value)) {
      return "interval needs a date or datetime ('YYYY-MM-DD[ HH:MM:SS]')";
    }
    return absl::StrCat("the value is outside ", DateText(lower_), " .. ", DateText(upper_));
  }

 private:
  int64_t PeriodOf(const DateTimeValue& value) const {
    return UnitsBetween(unit_, base_, value.time) / amount_;
  }
  absl::CivilSecond PeriodStart(int64_t period) const {
    return AddUnits(unit_, base_, period * amount_);
  }

  Unit unit_;
  int64_t amount_;
  DateTimeValue lower_;
  DateTimeValue upper_;
  absl::CivilSecond base_;
  std::vector<int> period_targets_;
};

class IntervalDefinition : public AlgorithmDefinition {
 public:
  IntervalDefinition(AlgorithmSpec spec, Unit unit, int64_t amount, DateTimeValue lower,
                     DateTimeValue upper, SuffixFormat format)
      : AlgorithmDefinition(std::move(spec)),
        unit_(unit),
        amount_(amount),
        lower_(lower),
        upper_(upper),
        format_(std::move(format)) {}

  int64_t PeriodCount() const {
    return UnitsBetween(unit_, Truncate(unit_, lower_.time), upper_.time) / amount_ + 1;
  }

  absl::StatusOr<std::shared_ptr<const ShardingAlgorithm>> Bind(
      const std::vector<std::string>& columns, const std::vector<std::string>& targets,
      const BindContext& context) const override {
    const absl::CivilSecond base = Truncate(unit_, lower_.time);
    const size_t suffix_length = format_.Format(base).size();
    // Targets by the last suffix_length characters of their name.
    absl::flat_hash_map<std::string, int> by_suffix;
    absl::flat_hash_map<std::string, int> ambiguous;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (targets[i].size() < suffix_length) continue;
      std::string tail = targets[i].substr(targets[i].size() - suffix_length);
      auto [it, inserted] = by_suffix.emplace(tail, static_cast<int>(i));
      if (!inserted) ambiguous.emplace(tail, static_cast<int>(i));
    }
    const int64_t periods = PeriodCount();
    std::vector<int> period_targets(periods);
    for (int64_t p = 0; p < periods; ++p) {
      const absl::CivilSecond start = AddUnits(unit_, base, p * amount_);
      const std::string suffix = format_.Format(start);
      const DateTimeValue sample = p == 0 ? lower_ : DateTimeValue{start, 0};
      auto it = by_suffix.find(suffix);
      if (it == by_suffix.end()) {
        return ConfigError(absl::StrCat(
            "algorithm ", spec().name, " maps ", columns[0], " = '", DateText(sample),
            "' to suffix ", suffix, ", but no ", context.TargetKind(), " in data_nodes of table ",
            context.table, " ends with ", suffix, " (there: ", ListTargets(targets), ")"));
      }
      if (auto dup = ambiguous.find(suffix); dup != ambiguous.end()) {
        return ConfigError(absl::StrCat("algorithm ", spec().name, " maps suffix ", suffix,
                                        " to both ", targets[it->second], " and ",
                                        targets[dup->second], " of table ", context.table));
      }
      period_targets[p] = it->second;
    }
    return std::make_shared<IntervalAlgorithm>(spec(), columns, targets, context, unit_, amount_,
                                               lower_, upper_, std::move(period_targets));
  }

 private:
  Unit unit_;
  int64_t amount_;
  DateTimeValue lower_;
  DateTimeValue upper_;
  SuffixFormat format_;
};

bool ReadDateTime(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
                  DateTimeValue* out) {
  if (!node.IsScalar() || !ParseDateTime(node.scalar, out)) {
    const std::string found =
        node.IsScalar() ? absl::StrCat("'", node.scalar, "'") : std::string(node.KindName());
    errors->Add(node, absl::StrCat(what,
                                   " must be a date 'YYYY-MM-DD' or datetime "
                                   "'YYYY-MM-DD HH:MM:SS', found ",
                                   found));
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<AlgorithmDefinition> ParseIntervalAlgorithm(AlgorithmSpec spec,
                                                            const YamlNode& node,
                                                            ConfigErrors* errors) {
  constexpr std::array<absl::string_view, 6> kKeys = {"type", "lower",  "upper",
                                                      "unit", "amount", "suffix"};
  const std::string context = absl::StrCat("algorithm ", spec.name);
  CheckMap(node, context, kKeys, errors);
  const YamlNode* lower_node = RequireKey(node, "lower", context, errors);
  const YamlNode* upper_node = RequireKey(node, "upper", context, errors);
  if (lower_node == nullptr || upper_node == nullptr) return nullptr;
  DateTimeValue lower, upper;
  bool ok = ReadDateTime(*lower_node, absl::StrCat("lower of ", context), errors, &lower);
  ok &= ReadDateTime(*upper_node, absl::StrCat("upper of ", context), errors, &upper);
  Unit unit = Unit::kMonth;
  if (const YamlNode* unit_node = node.Find("unit")) {
    std::string text;
    if (ReadString(*unit_node, absl::StrCat("unit of ", context), errors, &text)) {
      if (text == "year") {
        unit = Unit::kYear;
      } else if (text == "month") {
        unit = Unit::kMonth;
      } else if (text == "day") {
        unit = Unit::kDay;
      } else {
        constexpr std::array<absl::string_view, 3> kUnits = {"year", "month", "day"};
        errors->Add(*unit_node,
                    absl::StrCat("unknown unit '", text, "' of ", context,
                                 ": expected year, month or day", DidYouMean(text, kUnits)));
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  int64_t amount = 1;
  if (const YamlNode* amount_node = node.Find("amount")) {
    ok &= ReadInt(*amount_node, absl::StrCat("amount of ", context), int64_t{1}, int64_t{10000},
                  errors, &amount);
  }
  std::string suffix = unit == Unit::kYear ? "yyyy" : unit == Unit::kMonth ? "yyyyMM" : "yyyyMMdd";
  const YamlNode* suffix_node = node.Find("suffix");
  if (suffix_node != nullptr) {
    ok &= ReadString(*suffix_node, absl::StrCat("suffix of ", context), errors, &suffix);
  }
  if (!ok) return nullptr;
  if (upper < lower) {
    errors->Add(*upper_node, absl::StrCat("upper of ", context, " is before lower"));
    return nullptr;
  }
  SuffixFormat format = SuffixFormat::Parse(suffix);
  using Token = SuffixFormat::Token;
  const bool has_year = format.Has(Token::kYear4) || format.Has(Token::kYear2);
  const bool precise = has_year && (unit == Unit::kYear || format.Has(Token::kMonth)) &&
                       (unit != Unit::kDay || format.Has(Token::kDay));
  if (!precise) {
    errors->Add(suffix_node != nullptr ? *suffix_node : node,
                absl::StrCat("suffix '", suffix, "' of ", context, " cannot tell periods of one ",
                             unit == Unit::kYear    ? "year"
                             : unit == Unit::kMonth ? "month"
                                                    : "day",
                             " apart: it needs yyyy",
                             unit == Unit::kYear    ? ""
                             : unit == Unit::kMonth ? ", MM"
                                                    : ", MM, dd"));
    return nullptr;
  }
  auto definition = std::make_unique<IntervalDefinition>(std::move(spec), unit, amount, lower,
                                                         upper, std::move(format));
  if (definition->PeriodCount() > kMaxPeriods) {
    errors->Add(*upper_node, absl::StrCat(context, " spans more than ", kMaxPeriods,
                                          " periods: narrow lower..upper or use a larger unit"));
    return nullptr;
  }
  return definition;
}

}  // namespace shardproxy
