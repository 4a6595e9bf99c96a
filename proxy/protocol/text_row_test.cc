#include "proxy/protocol/text_row.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

TEST(TextRowTest, MariaDbRowsRoundTrip) {
  const auto& exchange = Golden("select_all_types_text_modern");
  const std::vector<std::string> packets = exchange.FromServer();
  // count, 31 definitions, 5 rows, end.
  ASSERT_EQ(packets.size(), 1u + 31 + 5 + 1);
  for (size_t r = 0; r < 5; ++r) {
    const std::string& bytes = packets[32 + r];
    absl::StatusOr<std::vector<Cell>> cells = DecodeTextRow(bytes, 31);
    ASSERT_TRUE(cells.ok()) << cells.status();
    EXPECT_EQ((*cells)[0], absl::optional<absl::string_view>(std::to_string(r + 1)));
    std::string encoded;
    EncodeTextRow(*cells, &encoded);
    EXPECT_EQ(Hex(encoded), Hex(bytes));
    ExpectEveryTruncationFails(bytes, [](absl::string_view p) { return DecodeTextRow(p, 31); });
  }
  absl::StatusOr<std::vector<Cell>> nulls = DecodeTextRow(packets[34], 31);
  ASSERT_TRUE(nulls.ok());
  for (size_t i = 1; i < 31; ++i) EXPECT_FALSE((*nulls)[i].has_value()) << i;
}

TEST(TextRowTest, ThreeByteLengthCell) {
  const auto& exchange = Golden("select_70000_bytes_modern");
  const std::string row = exchange.FromServer()[3];
  absl::StatusOr<std::vector<Cell>> cells = DecodeTextRow(row, 2);
  ASSERT_TRUE(cells.ok()) << cells.status();
  EXPECT_EQ((*cells)[0]->size(), 70000u);
  EXPECT_EQ(*(*cells)[1], "after");
  std::string encoded;
  EncodeTextRow(*cells, &encoded);
  EXPECT_TRUE(encoded == row);
}

TEST(TextRowTest, NullEmptyAndBinaryCells) {
  const std::vector<Cell> cells = {absl::nullopt, absl::string_view(""),
                                   absl::string_view("a\0\xfb", 3)};
  std::string encoded;
  EncodeTextRow(cells, &encoded);
  EXPECT_EQ(Hex(encoded), "fb 00 03 61 00 fb");
  absl::StatusOr<std::vector<Cell>> decoded = DecodeTextRow(encoded, 3);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, cells);
}

TEST(TextRowTest, ColumnCountMismatchIsAnError) {
  std::string encoded;
  EncodeTextRow({absl::string_view("1"), absl::string_view("2")}, &encoded);
  EXPECT_FALSE(DecodeTextRow(encoded, 1).ok());
  EXPECT_FALSE(DecodeTextRow(encoded, 3).ok());
  EXPECT_TRUE(DecodeTextRow(encoded, 2).ok());
}

}  // namespace
}  // namespace shardproxy
