#include "config/sharding_value.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace shardproxy {

ShardingValue ShardingValue::FromCell(absl::optional<absl::string_view> cell, FieldType type,
                                      bool is_unsigned) {
  if (!cell.has_value()) return Null();
  const absl::string_view text = *cell;
  switch (type) {
    case FieldType::kTiny:
    case FieldType::kShort:
    case FieldType::kLong:
    case FieldType::kInt24:
    case FieldType::kLongLong:
    case FieldType::kYear: {
      if (is_unsigned) {
        uint64_t value = 0;
        if (absl::SimpleAtoi(text, &value)) return Unsigned(value);
      } else {
        int64_t value = 0;
        if (absl::SimpleAtoi(text, &value)) return Integer(value);
      }
      return Decimal(text);
    }
    case FieldType::kDecimal:
    case FieldType::kNewDecimal:
    case FieldType::kFloat:
    case FieldType::kDouble:
      return Decimal(text);
    case FieldType::kDate:
    case FieldType::kNewDate:
      return Date(text);
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      return DateTime(text);
    case FieldType::kNull:
      return Null();
    default:
      return String(text);
  }
}

std::string ShardingValue::ToString() const {
  constexpr size_t kMaxShown = 64;
  auto shown = [&]() {
    return text_.size() <= kMaxShown ? std::string(text_)
                                     : absl::StrCat(text_.substr(0, kMaxShown), "...");
  };
  switch (type_) {
    case Type::kNull:
      return "NULL";
    case Type::kInteger:
      return unsigned_ ? absl::StrCat(uint_value()) : absl::StrCat(integer_);
    case Type::kDecimal:
      return shown();
    case Type::kString:
      return absl::StrCat("'", shown(), "'");
    case Type::kDate:
      return absl::StrCat("DATE '", shown(), "'");
    case Type::kDateTime:
      return absl::StrCat("TIMESTAMP '", shown(), "'");
  }
  return "NULL";
}

}  // namespace shardproxy
