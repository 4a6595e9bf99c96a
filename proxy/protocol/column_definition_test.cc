#include "proxy/protocol/column_definition.h"

#include <string>

#include "gtest/gtest.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

TEST(ColumnDefinitionTest, EveryColumnTypeFromMariaDbRoundTrips) {
  const auto& exchange = Golden("select_all_types_text_modern");
  const std::vector<std::string> packets = exchange.FromServer();
  absl::StatusOr<uint64_t> count = DecodeColumnCount(packets[0], exchange.capabilities);
  ASSERT_TRUE(count.ok());
  ASSERT_EQ(*count, 31u);
  for (size_t i = 1; i <= *count; ++i) {
    absl::StatusOr<ColumnDefinition> column =
        DecodeColumnDefinition(packets[i], exchange.capabilities);
    ASSERT_TRUE(column.ok()) << column.status();
    std::string encoded;
    EncodeColumnDefinition(*column, &encoded);
    EXPECT_EQ(Hex(encoded), Hex(packets[i])) << column->name;
  }
  ExpectEveryTruncationFails(packets[1], [&](absl::string_view p) {
    return DecodeColumnDefinition(p, exchange.capabilities);
  });
}

TEST(ColumnDefinitionTest, FieldsOfAPrimaryKeyColumn) {
  const auto& exchange = Golden("select_all_types_text_modern");
  absl::StatusOr<ColumnDefinition> id =
      DecodeColumnDefinition(exchange.FromServer()[1], exchange.capabilities);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->catalog, "def");
  EXPECT_EQ(id->schema, "golden");
  EXPECT_EQ(id->table, "t_all");
  EXPECT_EQ(id->org_table, "t_all");
  EXPECT_EQ(id->name, "id");
  EXPECT_EQ(id->org_name, "id");
  EXPECT_EQ(id->character_set, collation_id::kBinary);
  EXPECT_EQ(id->column_length, 11u);
  EXPECT_EQ(id->type, FieldType::kLong);
  // NOT_NULL | PRI_KEY | NO_DEFAULT_VALUE | PART_KEY (0x4000, not in common/mysql_types.h).
  EXPECT_EQ(id->flags, column_flag::kNotNull | column_flag::kPrimaryKey |
                           column_flag::kNoDefaultValue | 0x4000);
  EXPECT_EQ(id->decimals, 0);
}

TEST(ColumnDefinitionTest, FieldListAppendsDefaults) {
  const auto& exchange = Golden("field_list_modern");
  const std::vector<std::string> packets = exchange.FromServer();
  ASSERT_EQ(packets.size(), 32u);  // 31 definitions, then the end packet
  for (size_t i = 0; i + 1 < packets.size(); ++i) {
    absl::StatusOr<ColumnDefinition> column =
        DecodeColumnDefinition(packets[i], exchange.capabilities);
    ASSERT_TRUE(column.ok()) << column.status();
    absl::optional<absl::string_view> default_value;
    if (i == 0) default_value = "0";  // id int not null: default 0
    std::string encoded;
    EncodeFieldListColumnDefinition(*column, default_value, &encoded);
    EXPECT_EQ(Hex(encoded), Hex(packets[i])) << column->name;
  }
}

TEST(ColumnDefinitionTest, WrongFixedLengthIsAnError) {
  const auto& exchange = Golden("select_1_modern");
  std::string bytes = exchange.FromServer()[1];
  const size_t fixed = bytes.find('\x0c');
  ASSERT_NE(fixed, std::string::npos);
  bytes[fixed] = 0x0d;
  EXPECT_FALSE(DecodeColumnDefinition(bytes, exchange.capabilities).ok());
  // The extra byte MariaDB's extended metadata would add is not a default value either.
  EXPECT_FALSE(DecodeColumnDefinition(exchange.FromServer()[1] + "xy", 0).ok());
}

TEST(ColumnCountTest, Encoding) {
  for (uint64_t count : {uint64_t{1}, uint64_t{250}, uint64_t{251}, uint64_t{4096}}) {
    std::string encoded;
    EncodeColumnCount(count, &encoded);
    absl::StatusOr<uint64_t> decoded = DecodeColumnCount(encoded, 0);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, count);
  }
  std::string encoded;
  EncodeColumnCount(251, &encoded);
  EXPECT_EQ(Hex(encoded), "fc fb 00");
  EXPECT_FALSE(DecodeColumnCount("", 0).ok());
  EXPECT_FALSE(DecodeColumnCount(std::string(1, '\0'), 0).ok());
  EXPECT_FALSE(DecodeColumnCount("\x01\x01", 0).ok());
  EXPECT_FALSE(DecodeColumnCount("\xfc\x01", 0).ok());
}

}  // namespace
}  // namespace shardproxy
