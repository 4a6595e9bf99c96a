#include "merger/value/cell_comparator.h"

#include <string>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

ColumnDefinition Column(FieldType type, uint16_t charset = collation_id::kBinary,
                        uint16_t flags = 0) {
  ColumnDefinition c;
  c.name.assign(1, 'c');
  c.type = type;
  c.character_set = charset;
  c.flags = flags;
  return c;
}

CellComparator For(const ColumnDefinition& c, absl::optional<uint16_t> collation = {}) {
  auto cmp = CellComparator::ForColumn(c, collation);
  EXPECT_TRUE(cmp.ok()) << cmp.status();
  return *cmp;
}

std::string Key(const CellComparator& c, Cell cell) {
  std::string k;
  c.AppendKey(cell, &k);
  return k;
}

TEST(CellComparatorTest, NullsFirstAndEqualToEachOther) {
  CellComparator c = For(Column(FieldType::kLong));
  EXPECT_LT(c.Compare(absl::nullopt, Cell("-5")), 0);
  EXPECT_GT(c.Compare(Cell("-5"), absl::nullopt), 0);
  EXPECT_EQ(c.Compare(absl::nullopt, absl::nullopt), 0);
  EXPECT_NE(Key(c, absl::nullopt), Key(c, Cell("0")));
}

TEST(CellComparatorTest, NumbersByValue) {
  CellComparator i = For(Column(FieldType::kLongLong, 63, column_flag::kUnsigned));
  EXPECT_LT(i.Compare(Cell("9"), Cell("10")), 0);
  EXPECT_GT(i.Compare(Cell("18446744073709551615"), Cell("9223372036854775808")), 0);
  CellComparator d = For(Column(FieldType::kNewDecimal));
  EXPECT_LT(d.Compare(Cell("-10.50"), Cell("-2.00")), 0);
  EXPECT_EQ(Key(d, Cell("1.50")), Key(d, Cell("1.5")));
  CellComparator f = For(Column(FieldType::kDouble));
  EXPECT_LT(f.Compare(Cell("9e-1"), Cell("1")), 0);
  EXPECT_LT(f.Compare(Cell("-1e20"), Cell("-1")), 0);
  EXPECT_EQ(Key(f, Cell("-0")), Key(f, Cell("0")));
}

TEST(CellComparatorTest, TemporalByValue) {
  CellComparator t = For(Column(FieldType::kTime));
  EXPECT_LT(t.Compare(Cell("-10:00:00"), Cell("09:00:00")), 0);
  EXPECT_GT(t.Compare(Cell("100:00:00"), Cell("99:59:59")), 0);
  CellComparator dt = For(Column(FieldType::kDateTime));
  EXPECT_LT(dt.Compare(Cell("2020-01-01 00:00:00.123"), Cell("2020-01-01 00:00:00.5")), 0);
}

TEST(CellComparatorTest, StringsByCollationAndFlags) {
  ColumnDefinition text = Column(FieldType::kVarString, collation_id::kUtf8mb4GeneralCi);
  CellComparator ci = For(text);
  EXPECT_EQ(ci.Compare(Cell("Ab "), Cell("aB")), 0);
  EXPECT_EQ(Key(ci, Cell("Ab ")), Key(ci, Cell("aB")));
  // A utf8mb4_bin column is reported with the connection collation but flagged BINARY.
  ColumnDefinition bin = text;
  bin.flags |= column_flag::kBinary;
  EXPECT_GT(For(bin).Compare(Cell("a"), Cell("B")), 0);
  // The router's collation wins.
  EXPECT_EQ(For(text, 224).Compare(Cell("\xC3\x9F"), Cell("ss")), 0);
  EXPECT_NE(For(text).Compare(Cell("\xC3\x9F"), Cell("ss")), 0);
  // Binary strings compare bytes, trailing spaces included.
  CellComparator bytes = For(Column(FieldType::kBlob, 63, column_flag::kBinary));
  EXPECT_GT(bytes.Compare(Cell("a "), Cell("a")), 0);
  EXPECT_FALSE(CellComparator::ForColumn(text, 9999).ok());
  EXPECT_FALSE(CellComparator::ForColumn(Column(FieldType::kVarString, 28)).ok());
}

TEST(CellComparatorTest, MixedClassesFollowMysql) {
  EXPECT_EQ(CommonClass(ValueClass::kInteger, ValueClass::kString), ValueClass::kDouble);
  EXPECT_EQ(CommonClass(ValueClass::kInteger, ValueClass::kDecimal), ValueClass::kDecimal);
  EXPECT_EQ(CommonClass(ValueClass::kDateTime, ValueClass::kString), ValueClass::kDateTime);
  EXPECT_EQ(CommonClass(ValueClass::kString, ValueClass::kString), ValueClass::kString);
  // An INT meets a VARCHAR as doubles: '1.0' = 1 and 'abc' = 0.
  auto as_double_int = CellComparator::ForColumnAs(Column(FieldType::kLong), ValueClass::kDouble);
  auto as_double_str = CellComparator::ForColumnAs(
      Column(FieldType::kVarString, collation_id::kUtf8mb4GeneralCi), ValueClass::kDouble);
  ASSERT_TRUE(as_double_int.ok() && as_double_str.ok());
  EXPECT_EQ(Key(*as_double_int, Cell("1")), Key(*as_double_str, Cell("1.0")));
  EXPECT_EQ(Key(*as_double_int, Cell("0")), Key(*as_double_str, Cell("abc")));
  EXPECT_NE(Key(*as_double_int, Cell("2")), Key(*as_double_str, Cell("1")));
  // A DATE meets a DATETIME at midnight.
  auto date = CellComparator::ForColumnAs(Column(FieldType::kDate), ValueClass::kDateTime);
  auto dt = CellComparator::ForColumnAs(Column(FieldType::kDateTime), ValueClass::kDateTime);
  EXPECT_EQ(Key(*date, Cell("2020-01-01")), Key(*dt, Cell("2020-01-01 00:00:00")));
  // INT and DECIMAL meet as decimals.
  auto i = CellComparator::ForColumnAs(Column(FieldType::kLong), ValueClass::kDecimal);
  auto d = CellComparator::ForColumnAs(Column(FieldType::kNewDecimal), ValueClass::kDecimal);
  EXPECT_EQ(Key(*i, Cell("5")), Key(*d, Cell("5.00")));
}

}  // namespace
}  // namespace shardproxy
