// The MySQL vocabulary shared by every stage: column types, column flags and the description of a
// result column. The wire encoding of these lives in proxy/protocol; the merger compares values by
// them; the executor fills them from backend results.
#ifndef SHARDPROXY_COMMON_MYSQL_TYPES_H_
#define SHARDPROXY_COMMON_MYSQL_TYPES_H_

#include <cstdint>
#include <string>

namespace shardproxy {

// enum_field_types from the MySQL protocol (the byte in a column definition).
enum class FieldType : uint8_t {
  kDecimal = 0,
  kTiny = 1,
  kShort = 2,
  kLong = 3,
  kFloat = 4,
  kDouble = 5,
  kNull = 6,
  kTimestamp = 7,
  kLongLong = 8,
  kInt24 = 9,
  kDate = 10,
  kTime = 11,
  kDateTime = 12,
  kYear = 13,
  kNewDate = 14,
  kVarChar = 15,
  kBit = 16,
  kTimestamp2 = 17,
  kDateTime2 = 18,
  kTime2 = 19,
  kJson = 245,
  kNewDecimal = 246,
  kEnum = 247,
  kSet = 248,
  kTinyBlob = 249,
  kMediumBlob = 250,
  kLongBlob = 251,
  kBlob = 252,
  kVarString = 253,
  kString = 254,
  kGeometry = 255,
};

// Column definition flags.
namespace column_flag {
inline constexpr uint16_t kNotNull = 1;
inline constexpr uint16_t kPrimaryKey = 2;
inline constexpr uint16_t kUniqueKey = 4;
inline constexpr uint16_t kMultipleKey = 8;
inline constexpr uint16_t kBlob = 16;
inline constexpr uint16_t kUnsigned = 32;
inline constexpr uint16_t kZeroFill = 64;
inline constexpr uint16_t kBinary = 128;
inline constexpr uint16_t kEnum = 256;
inline constexpr uint16_t kAutoIncrement = 512;
inline constexpr uint16_t kTimestamp = 1024;
inline constexpr uint16_t kSet = 2048;
inline constexpr uint16_t kNoDefaultValue = 4096;
inline constexpr uint16_t kOnUpdateNow = 8192;
inline constexpr uint16_t kNum = 32768;
}  // namespace column_flag

// Character set / collation ids that the proxy names in its own result sets.
namespace collation_id {
inline constexpr uint16_t kBinary = 63;
inline constexpr uint16_t kUtf8mb4GeneralCi = 45;
inline constexpr uint16_t kUtf8mb4Bin = 46;
inline constexpr uint16_t kUtf8GeneralCi = 33;
inline constexpr uint16_t kLatin1SwedishCi = 8;
}  // namespace collation_id

// One column of a result set, as a Protocol::ColumnDefinition41 describes it.
struct ColumnDefinition {
  std::string catalog = "def";
  std::string schema;
  std::string table;      // alias of the table, as written in the query
  std::string org_table;  // physical table
  std::string name;       // alias of the column
  std::string org_name;   // physical column
  uint16_t character_set = collation_id::kUtf8mb4GeneralCi;  // collation id, really
  uint32_t column_length = 0;
  FieldType type = FieldType::kVarString;
  uint16_t flags = 0;
  uint8_t decimals = 0;

  friend bool operator==(const ColumnDefinition&, const ColumnDefinition&) = default;
};

inline bool IsIntegerType(FieldType t) {
  return t == FieldType::kTiny || t == FieldType::kShort || t == FieldType::kLong ||
         t == FieldType::kLongLong || t == FieldType::kInt24 || t == FieldType::kYear;
}
inline bool IsDecimalType(FieldType t) {
  return t == FieldType::kDecimal || t == FieldType::kNewDecimal;
}
inline bool IsFloatType(FieldType t) { return t == FieldType::kFloat || t == FieldType::kDouble; }
inline bool IsNumericType(FieldType t) {
  return IsIntegerType(t) || IsDecimalType(t) || IsFloatType(t);
}
inline bool IsTemporalType(FieldType t) {
  return t == FieldType::kDate || t == FieldType::kNewDate || t == FieldType::kDateTime ||
         t == FieldType::kTimestamp || t == FieldType::kTime || t == FieldType::kDateTime2 ||
         t == FieldType::kTimestamp2 || t == FieldType::kTime2;
}

}  // namespace shardproxy

#endif  // SHARDPROXY_COMMON_MYSQL_TYPES_H_
