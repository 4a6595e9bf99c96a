#include "proxy/protocol/binary_row.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/column_definition.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

constexpr size_t kColumns = 31;
constexpr size_t kFloatColumn = 12;  // c_float

std::vector<ColumnDefinition> ColumnsOf(const testing::GoldenExchange& exchange) {
  std::vector<ColumnDefinition> columns;
  const std::vector<std::string> packets = exchange.FromServer();
  for (size_t i = 1; i <= kColumns; ++i) {
    absl::StatusOr<ColumnDefinition> column =
        DecodeColumnDefinition(packets[i], exchange.capabilities);
    EXPECT_TRUE(column.ok());
    columns.push_back(*column);
  }
  return columns;
}

// The proxy's path for prepared statements: the backend answers SELECT in text, the proxy writes
// binary rows. MariaDB's own binary rows for the same SELECT are the reference.
TEST(BinaryRowTest, TextRowsBecomeMariaDbsBinaryRows) {
  const auto& text = Golden("select_all_types_text_modern");
  const auto& binary = Golden("execute_select_all_types_binary_modern");
  const std::vector<ColumnDefinition> columns = ColumnsOf(text);
  ASSERT_EQ(columns, ColumnsOf(binary)) << "same definitions in both protocols";
  const std::vector<std::string> text_packets = text.FromServer();
  const std::vector<std::string> binary_packets = binary.FromServer();
  for (size_t r = 0; r < 5; ++r) {
    SCOPED_TRACE(absl::StrCat("row ", r + 1));
    absl::StatusOr<std::vector<Cell>> cells = DecodeTextRow(text_packets[32 + r], kColumns);
    ASSERT_TRUE(cells.ok());
    const std::string& expected = binary_packets[32 + r];
    std::string encoded;
    ASSERT_TRUE(EncodeBinaryRow(columns, *cells, &encoded).ok());

    absl::StatusOr<std::vector<Cell>> ours = DecodeBinaryRow(encoded, columns);
    absl::StatusOr<std::vector<Cell>> theirs = DecodeBinaryRow(expected, columns);
    ASSERT_TRUE(ours.ok()) << ours.status();
    ASSERT_TRUE(theirs.ok()) << theirs.status();
    for (size_t i = 0; i < kColumns; ++i) {
      if (i == kFloatColumn && (*cells)[i] == absl::string_view("3.14159")) {
        // MariaDB prints FLOAT with 6 significant digits, so the text of 3.14159274 is
        // "3.14159"; the proxy can only send the float nearest that text. Known limitation.
        float value;
        std::memcpy(&value, (*ours)[i]->data(), 4);
        EXPECT_EQ(value, 3.14159f);
        continue;
      }
      EXPECT_EQ((*ours)[i].has_value(), (*theirs)[i].has_value()) << columns[i].name;
      if ((*ours)[i].has_value() && (*theirs)[i].has_value()) {
        EXPECT_EQ(Hex(*(*ours)[i]), Hex(*(*theirs)[i]))
            << columns[i].name << " from text '" << *(*cells)[i] << "'";
      }
    }
    if (r != 4) {
      EXPECT_EQ(Hex(encoded), Hex(expected));
    }
    ExpectEveryTruncationFails(expected,
                               [&](absl::string_view p) { return DecodeBinaryRow(p, columns); });
  }
}

ColumnDefinition Column(FieldType type, uint16_t flags = 0) {
  ColumnDefinition column;
  column.name = std::string("c");
  column.type = type;
  column.flags = flags;
  return column;
}

std::string Binary(const ColumnDefinition& column, absl::string_view text) {
  std::string out;
  absl::Status status = EncodeBinaryRow({column}, {Cell(text)}, &out);
  EXPECT_TRUE(status.ok()) << status;
  return Hex(absl::string_view(out).substr(2));  // header and 1-byte bitmap
}

TEST(BinaryRowTest, Integers) {
  EXPECT_EQ(Binary(Column(FieldType::kTiny), "-1"), "ff");
  EXPECT_EQ(Binary(Column(FieldType::kTiny, column_flag::kUnsigned), "255"), "ff");
  EXPECT_EQ(Binary(Column(FieldType::kShort), "-2"), "fe ff");
  EXPECT_EQ(Binary(Column(FieldType::kYear, column_flag::kUnsigned), "0000"), "00 00");
  EXPECT_EQ(Binary(Column(FieldType::kInt24), "-8388608"), "00 00 80 ff");
  EXPECT_EQ(Binary(Column(FieldType::kLong, column_flag::kUnsigned), "4294967295"), "ff ff ff ff");
  EXPECT_EQ(Binary(Column(FieldType::kLongLong), "-9223372036854775808"),
            "00 00 00 00 00 00 00 80");
  EXPECT_EQ(Binary(Column(FieldType::kLongLong, column_flag::kUnsigned), "18446744073709551615"),
            "ff ff ff ff ff ff ff ff");
  EXPECT_EQ(Binary(Column(FieldType::kLong, column_flag::kZeroFill | column_flag::kUnsigned),
                   "0000000042"),
            "2a 00 00 00");
}

TEST(BinaryRowTest, BadOrOutOfRangeTextIsAnErrorAndLeavesOutAlone) {
  struct Case {
    ColumnDefinition column;
    const char* text;
  } cases[] = {
      {Column(FieldType::kTiny), "128"},
      {Column(FieldType::kTiny, column_flag::kUnsigned), "-1"},
      {Column(FieldType::kShort), "40000"},
      {Column(FieldType::kLong), "abc"},
      {Column(FieldType::kLongLong, column_flag::kUnsigned), "18446744073709551616"},
      {Column(FieldType::kDouble), "x1"},
      {Column(FieldType::kDate), "2024-1-1"},
      {Column(FieldType::kDateTime), "2024-01-01T00:00:00"},
      {Column(FieldType::kTime), "12:00"},
      {Column(FieldType::kTime), "12:00:00.1234567"},
      {Column(FieldType::kNull), "x"},
  };
  for (const Case& c : cases) {
    std::string out = "keep";
    absl::Status status = EncodeBinaryRow({c.column}, {Cell(c.text)}, &out);
    EXPECT_FALSE(status.ok()) << c.text;
    EXPECT_EQ(ToMysqlError(status).code, mysql_errc::kUnknownError);
    EXPECT_EQ(out, "keep") << c.text;
  }
  std::string out;
  EXPECT_FALSE(EncodeBinaryRow({Column(FieldType::kLong)}, {}, &out).ok());
}

TEST(BinaryRowTest, FloatingPointRoundTripsTheText) {
  EXPECT_EQ(Binary(Column(FieldType::kFloat), "0.1"), "cd cc cc 3d");
  EXPECT_EQ(Binary(Column(FieldType::kDouble), "0.1"), "9a 99 99 99 99 99 b9 3f");
  EXPECT_EQ(Binary(Column(FieldType::kDouble), "-0"), "00 00 00 00 00 00 00 80");
  EXPECT_EQ(Binary(Column(FieldType::kDouble), "1.7976931348623157e308"),
            "ff ff ff ff ff ff ef 7f");
  EXPECT_EQ(Binary(Column(FieldType::kDouble), "5e-324"), "01 00 00 00 00 00 00 00");
}

TEST(BinaryRowTest, Temporal) {
  EXPECT_EQ(Binary(Column(FieldType::kDate), "0000-00-00"), "00");
  EXPECT_EQ(Binary(Column(FieldType::kDate), "2024-02-31"), "04 e8 07 02 1f");
  EXPECT_EQ(Binary(Column(FieldType::kDateTime), "2024-02-29 00:00:00"), "04 e8 07 02 1d");
  EXPECT_EQ(Binary(Column(FieldType::kTimestamp), "2024-02-29 00:00:01"),
            "07 e8 07 02 1d 00 00 01");
  EXPECT_EQ(Binary(Column(FieldType::kDateTime), "2024-02-29 00:00:00.5"),
            "0b e8 07 02 1d 00 00 00 20 a1 07 00");
  EXPECT_EQ(Binary(Column(FieldType::kTime), "00:00:00.000000"), "00");
  EXPECT_EQ(Binary(Column(FieldType::kTime), "-838:59:59"), "08 01 22 00 00 00 16 3b 3b");
  EXPECT_EQ(Binary(Column(FieldType::kTime), "24:00:00"), "08 00 01 00 00 00 00 00 00");
  EXPECT_EQ(Binary(Column(FieldType::kTime), "-00:00:00.000001"),
            "0c 01 00 00 00 00 00 00 00 01 00 00 00");
}

TEST(BinaryRowTest, EverythingElseIsLengthEncoded) {
  for (FieldType type : {FieldType::kNewDecimal, FieldType::kVarString, FieldType::kString,
                         FieldType::kBlob, FieldType::kBit, FieldType::kEnum, FieldType::kSet,
                         FieldType::kJson, FieldType::kGeometry}) {
    EXPECT_EQ(Binary(Column(type), std::string("a\0b", 3)), "03 61 00 62");
  }
}

TEST(BinaryRowTest, NullBitmapHasATwoBitOffset) {
  for (size_t n : {size_t{1}, size_t{6}, size_t{7}, size_t{14}, size_t{15}, size_t{17}}) {
    std::vector<ColumnDefinition> columns(n, Column(FieldType::kTiny));
    std::vector<Cell> cells(n, absl::nullopt);
    cells[n - 1] = "1";
    std::string out;
    ASSERT_TRUE(EncodeBinaryRow(columns, cells, &out).ok());
    ASSERT_EQ(out.size(), 1 + BinaryRowNullBitmapSize(n) + 1) << n;
    EXPECT_EQ(BinaryRowNullBitmapSize(n), (n + 9) / 8);
    // Every bit of columns 0..n-2 at positions 2..n, and none for the last.
    for (size_t i = 0; i < n; ++i) {
      const size_t bit = i + 2;
      const bool set = static_cast<uint8_t>(out[1 + bit / 8]) & (1 << (bit % 8));
      EXPECT_EQ(set, i + 1 < n) << n << " columns, column " << i;
    }
    absl::StatusOr<std::vector<Cell>> decoded = DecodeBinaryRow(out, columns);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ((*decoded)[n - 1], Cell("\x01"));
  }
}

TEST(BinaryRowTest, DecodeRejectsBadTemporalLengthsAndTrailingBytes) {
  const ColumnDefinition date = Column(FieldType::kDate);
  EXPECT_FALSE(DecodeBinaryRow(Bytes("00 00 05 e8 07 02 1d 00"), {date}).ok());
  EXPECT_TRUE(DecodeBinaryRow(Bytes("00 00 04 e8 07 02 1d"), {date}).ok());
  EXPECT_FALSE(DecodeBinaryRow(Bytes("00 00 04 e8 07 02 1d 00"), {date}).ok());
  EXPECT_FALSE(DecodeBinaryRow(Bytes("01 00 00"), {date}).ok());
}

}  // namespace
}  // namespace shardproxy
