#include "merger/output_columns.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/collation.h"
#include "merger/value/decimal.h"
#include "merger/value/number_text.h"

namespace shardproxy {
namespace {

constexpr uint8_t kStringDecimals = 39;  // what MariaDB reports for MIN/MAX of a string
constexpr int kDoubleDigits = 15;        // DBL_DIG
constexpr int kDecimalLonglongDigits = 22;
constexpr uint32_t kConvertIfBiggerToBlob = 512;
constexpr uint64_t kMaxBlobChars = uint64_t{1} << 24;

// An aggregate's result: no table, no original name, catalog "def".
ColumnDefinition ResultBase(FieldType type) {
  ColumnDefinition c;
  c.type = type;
  c.character_set = collation_id::kBinary;
  return c;
}

int FloatLength(int decimals) {
  return decimals >= kNotFixedDecimals ? kDoubleDigits + 8 : kDoubleDigits + 2 + decimals;
}

// MariaDB's decimal_precision() of an argument: its number of significant digits.
absl::StatusOr<int> ArgumentPrecision(const ColumnDefinition& a) {
  bool is_unsigned = (a.flags & column_flag::kUnsigned) != 0;
  int length = static_cast<int>(a.column_length);
  switch (ClassOfType(a.type)) {
    case ValueClass::kInteger:
      return std::max(1, length - (is_unsigned ? 0 : 1));
    case ValueClass::kDecimal:
      return std::max(1, length - (a.decimals > 0 ? 1 : 0) - (is_unsigned ? 0 : 1));
    case ValueClass::kDateTime:
      if (a.type == FieldType::kDate || a.type == FieldType::kNewDate) return 8;
      return 14 + a.decimals;
    case ValueClass::kTime:
      return 7 + a.decimals;
    default:
      if (a.type == FieldType::kBit) return std::max(1, length);
      return absl::InvalidArgumentError("not an exact type");
  }
}

bool IsExactArgument(const ColumnDefinition& a) {
  ValueClass c = ClassOfType(a.type);
  return c == ValueClass::kInteger || c == ValueClass::kDecimal || c == ValueClass::kDateTime ||
         c == ValueClass::kTime || a.type == FieldType::kBit;
}

int ArgumentDecimals(const ColumnDefinition& a) {
  // Strings are converted to numbers with no fixed scale.
  return ClassOfType(a.type) == ValueClass::kString ? kNotFixedDecimals : a.decimals;
}

ColumnDefinition DecimalResult(int precision, int decimals) {
  ColumnDefinition c = ResultBase(FieldType::kNewDecimal);
  c.decimals = static_cast<uint8_t>(decimals);
  c.column_length = static_cast<uint32_t>(precision + (decimals > 0 ? 1 : 0) + 1);
  c.flags = column_flag::kBinary;
  return c;
}

ColumnDefinition DoubleResult(int length, int decimals) {
  ColumnDefinition c = ResultBase(FieldType::kDouble);
  c.decimals = static_cast<uint8_t>(decimals);
  c.column_length = static_cast<uint32_t>(length);
  c.flags = column_flag::kBinary;
  return c;
}

// The display length of an UNSIGNED integer type without a declared width.
uint32_t UnsignedDisplayLength(FieldType type) {
  switch (type) {
    case FieldType::kTiny:
      return 3;
    case FieldType::kShort:
      return 5;
    case FieldType::kInt24:
      return 8;
    case FieldType::kLong:
      return 10;
    default:
      return 20;
  }
}

ColumnDefinition AggregateView(ColumnDefinition c) {
  c.catalog = "def";
  c.schema.clear();
  c.table.clear();
  c.org_table.clear();
  c.org_name.clear();
  return c;
}

absl::Status BadSpec(absl::string_view what) {
  return InternalError(absl::StrCat("invalid merge spec: ", what));
}

}  // namespace

int MaxBytesPerChar(uint16_t collation_id) {
  absl::optional<uint16_t> bin = BinaryCollationOfCharset(collation_id);
  if (!bin.has_value()) return 1;
  if (*bin == 46) return 4;  // utf8mb4
  if (*bin == 83) return 3;  // utf8mb3
  return 1;
}

ColumnDefinition CountResultColumn() {
  ColumnDefinition c = ResultBase(FieldType::kLongLong);
  c.column_length = 21;
  c.flags = column_flag::kNotNull | column_flag::kBinary;
  return c;
}

ColumnDefinition BitResultColumn() {
  ColumnDefinition c = ResultBase(FieldType::kLongLong);
  c.column_length = 21;
  c.flags = column_flag::kNotNull | column_flag::kUnsigned | column_flag::kBinary;
  return c;
}

absl::StatusOr<ColumnDefinition> SumResultColumn(const ColumnDefinition& argument) {
  if (IsExactArgument(argument)) {
    absl::StatusOr<int> p = ArgumentPrecision(argument);
    if (!p.ok()) return p.status();
    int precision = std::min(*p + kDecimalLonglongDigits, kDecimalMaxPrecision);
    return DecimalResult(precision, argument.decimals);
  }
  int decimals = ArgumentDecimals(argument);
  return DoubleResult(FloatLength(decimals), decimals);
}

absl::StatusOr<ColumnDefinition> AvgResultColumn(const ColumnDefinition& argument,
                                                 int div_precision_increment) {
  if (IsExactArgument(argument)) {
    absl::StatusOr<int> p = ArgumentPrecision(argument);
    if (!p.ok()) return p.status();
    int decimals = std::min(argument.decimals + div_precision_increment, kDecimalMaxScale);
    return DecimalResult(*p + div_precision_increment, decimals);
  }
  int decimals = std::min(ArgumentDecimals(argument) + div_precision_increment, kNotFixedDecimals);
  int length = std::min(static_cast<int>(argument.column_length) + div_precision_increment,
                        FloatLength(decimals));
  if (ClassOfType(argument.type) == ValueClass::kString) length = FloatLength(decimals);
  return DoubleResult(length, decimals);
}

absl::StatusOr<ColumnDefinition> AvgResultColumnFromSum(const ColumnDefinition& sum,
                                                        int div_precision_increment) {
  if (IsDecimalType(sum.type)) {
    int sum_precision = static_cast<int>(sum.column_length) - (sum.decimals > 0 ? 1 : 0) - 1;
    // Below the cap the SUM added exactly 22 digits to the argument's precision; at the cap the
    // argument had at least 43.
    int argument_precision = std::max(1, sum_precision < kDecimalMaxPrecision
                                             ? sum_precision - kDecimalLonglongDigits
                                             : kDecimalMaxPrecision - kDecimalLonglongDigits);
    int decimals = std::min(sum.decimals + div_precision_increment, kDecimalMaxScale);
    return DecimalResult(argument_precision + div_precision_increment, decimals);
  }
  if (IsFloatType(sum.type)) {
    int decimals = std::min(sum.decimals + div_precision_increment, kNotFixedDecimals);
    return DoubleResult(FloatLength(decimals), decimals);
  }
  if (IsIntegerType(sum.type)) {
    ColumnDefinition argument = sum;
    return AvgResultColumn(argument, div_precision_increment);
  }
  return UnsupportedError(
      absl::StrCat("AVG over shard column '", sum.name, "' of this type cannot be merged"));
}

ColumnDefinition MinMaxResultColumn(const ColumnDefinition& argument) {
  ColumnDefinition c = AggregateView(argument);
  c.flags = argument.flags & (column_flag::kUnsigned | column_flag::kZeroFill |
                              column_flag::kBinary | column_flag::kEnum | column_flag::kSet);
  if (c.character_set == collation_id::kBinary) c.flags |= column_flag::kBinary;
  if (ClassOfType(argument.type) == ValueClass::kString && argument.type != FieldType::kBit) {
    c.decimals = kStringDecimals;
  }
  return c;
}

ColumnDefinition ScalarSubqueryColumn(const ColumnDefinition& selected) {
  const bool table_column = !selected.org_table.empty();
  ColumnDefinition c = AggregateView(selected);
  c.flags = selected.flags & (column_flag::kUnsigned | column_flag::kBinary);
  if (c.character_set == collation_id::kBinary) c.flags |= column_flag::kBinary;
  if ((selected.flags & (column_flag::kEnum | column_flag::kSet)) != 0 ||
      selected.type == FieldType::kEnum || selected.type == FieldType::kSet) {
    c.type = FieldType::kVarString;
    c.decimals = 0;
    return c;
  }
  if (ClassOfType(selected.type) == ValueClass::kString && selected.type != FieldType::kBit &&
      table_column) {
    c.decimals = kStringDecimals;
  }
  if (table_column && selected.type == FieldType::kBlob) {
    // The protocol says BLOB for every size; the subquery's item keeps the column's own.
    const uint64_t mb = static_cast<uint64_t>(MaxBytesPerChar(selected.character_set));
    const uint64_t length = selected.column_length;
    if (length <= 255 * mb) {
      c.type = FieldType::kTinyBlob;
    } else if (length <= 65535 * mb) {
      c.type = FieldType::kBlob;
    } else if (length <= 16777215 * mb) {
      c.type = FieldType::kMediumBlob;
    } else {
      c.type = FieldType::kLongBlob;
    }
    c.column_length = static_cast<uint32_t>(std::min<uint64_t>(length * mb, UINT32_MAX));
  }
  if ((selected.flags & column_flag::kZeroFill) != 0 && IsIntegerType(selected.type) &&
      selected.type != FieldType::kYear) {
    c.column_length = UnsignedDisplayLength(selected.type);  // the declared width is dropped
  }
  return c;
}

ColumnDefinition GroupConcatResultColumn(absl::Span<const ColumnDefinition> arguments,
                                         uint64_t group_concat_max_len,
                                         uint16_t connection_collation) {
  uint16_t charset = connection_collation;
  bool binary = false;
  bool binary_collation = false;  // a _bin argument makes the result BINARY-flagged too
  bool have_string = false;
  for (const ColumnDefinition& a : arguments) {
    if (ClassOfType(a.type) != ValueClass::kString) continue;
    if (a.character_set == collation_id::kBinary) binary = true;
    if ((a.flags & column_flag::kBinary) != 0) binary_collation = true;
    if (!have_string) charset = a.character_set;
    have_string = true;
  }
  ColumnDefinition c;
  if (binary) charset = collation_id::kBinary;
  c.character_set = charset;
  c.flags = binary || binary_collation ? column_flag::kBinary : 0;
  uint64_t mb = static_cast<uint64_t>(MaxBytesPerChar(charset));
  if (group_concat_max_len <= kConvertIfBiggerToBlob) {
    c.type = FieldType::kVarString;
    c.column_length = static_cast<uint32_t>(group_concat_max_len * mb);
  } else {
    c.type = FieldType::kBlob;
    uint64_t length = std::min(group_concat_max_len, kMaxBlobChars) * mb * mb;
    c.column_length = static_cast<uint32_t>(std::min<uint64_t>(length, UINT32_MAX));
  }
  return c;
}

absl::StatusOr<ColumnDefinition> AggregateResultColumn(
    const MergeSpec& spec, int index, absl::Span<const ColumnDefinition> shard_columns) {
  if (index < 0 || index >= static_cast<int>(spec.aggregates.size())) {
    return BadSpec(absl::StrCat("aggregate ", index, " does not exist"));
  }
  const AggregateSpec& a = spec.aggregates[static_cast<size_t>(index)];
  auto column = [&](int i) -> const ColumnDefinition* {
    if (i < 0 || i >= static_cast<int>(shard_columns.size())) return nullptr;
    return &shard_columns[static_cast<size_t>(i)];
  };
  if (a.result_definition.has_value()) return *a.result_definition;
  if (a.type_column >= 0) {
    const ColumnDefinition* t = column(a.type_column);
    if (t == nullptr) return BadSpec(absl::StrCat("type_column ", a.type_column, " out of range"));
    return AggregateView(*t);
  }
  std::vector<ColumnDefinition> args;
  for (int i : a.arguments) {
    const ColumnDefinition* c = column(i);
    if (c == nullptr) {
      return BadSpec(absl::StrCat("aggregate ", index, " reads shard column ", i, " of ",
                                  shard_columns.size()));
    }
    args.push_back(*c);
  }
  bool partial = a.input == AggregateInput::kPartial;
  bool needs_argument = !(a.function == AggregateFunction::kCount && !partial);
  if (needs_argument && args.empty()) {
    return BadSpec(absl::StrCat("aggregate ", index, " has no argument column"));
  }
  switch (a.function) {
    case AggregateFunction::kCount:
      return CountResultColumn();
    case AggregateFunction::kBitAnd:
    case AggregateFunction::kBitOr:
    case AggregateFunction::kBitXor:
      return partial ? AggregateView(args[0]) : BitResultColumn();
    case AggregateFunction::kMin:
    case AggregateFunction::kMax:
      return partial ? AggregateView(args[0]) : MinMaxResultColumn(args[0]);
    case AggregateFunction::kSum:
      return partial ? AggregateView(args[0]) : SumResultColumn(args[0]);
    case AggregateFunction::kAvg:
      return partial ? AvgResultColumnFromSum(args[0], spec.div_precision_increment)
                     : AvgResultColumn(args[0], spec.div_precision_increment);
    case AggregateFunction::kGroupConcat:
      return partial ? AggregateView(args[0])
                     : GroupConcatResultColumn(args, spec.group_concat_max_len,
                                               spec.connection_collation);
  }
  return BadSpec("unknown aggregate function");
}

absl::StatusOr<std::vector<ColumnDefinition>> MergedColumns(
    const MergeSpec& spec, absl::Span<const ColumnDefinition> shard_columns) {
  std::vector<ColumnDefinition> out;
  if (spec.columns.empty()) {
    if (!spec.aggregates.empty()) return BadSpec("aggregates need merged columns");
    return std::vector<ColumnDefinition>(shard_columns.begin(), shard_columns.end());
  }
  for (const OutputColumn& oc : spec.columns) {
    ColumnDefinition def;
    if (oc.definition.has_value()) {
      def = *oc.definition;
    } else if (oc.source == OutputColumn::Source::kShardColumn) {
      if (oc.index < 0 || oc.index >= static_cast<int>(shard_columns.size())) {
        return BadSpec(absl::StrCat("merged column reads shard column ", oc.index, " of ",
                                    shard_columns.size()));
      }
      def = shard_columns[static_cast<size_t>(oc.index)];
    } else {
      absl::StatusOr<ColumnDefinition> r = AggregateResultColumn(spec, oc.index, shard_columns);
      if (!r.ok()) return r.status();
      def = *std::move(r);
      if (oc.name.empty() && def.name.empty()) {
        const AggregateSpec& a = spec.aggregates[static_cast<size_t>(oc.index)];
        if (!a.arguments.empty() && a.arguments[0] >= 0 &&
            a.arguments[0] < static_cast<int>(shard_columns.size())) {
          def.name = shard_columns[static_cast<size_t>(a.arguments[0])].name;
        }
      }
    }
    if (!oc.name.empty()) def.name = oc.name;
    out.push_back(std::move(def));
  }
  return out;
}

}  // namespace shardproxy
