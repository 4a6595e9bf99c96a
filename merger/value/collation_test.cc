#include "merger/value/collation.h"

#include <string>

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

int Cmp(absl::string_view collation, absl::string_view a, absl::string_view b,
        CellEncoding encoding = CellEncoding::kUtf8) {
  const Collation* c = Collation::FindByName(collation);
  EXPECT_NE(c, nullptr) << collation;
  int r = c->Compare(a, b, encoding);
  // The equality key must agree with Compare.
  std::string ka, kb;
  c->AppendEqualityKey(a, encoding, &ka);
  c->AppendEqualityKey(b, encoding, &kb);
  EXPECT_EQ(r == 0, ka == kb) << collation << " '" << a << "' '" << b << "'";
  // And Compare must be antisymmetric.
  EXPECT_EQ(-r, c->Compare(b, a, encoding));
  return r;
}

TEST(CollationTest, FindsByIdAndName) {
  ASSERT_NE(Collation::Find(45), nullptr);
  EXPECT_EQ(Collation::Find(45)->name(), "utf8mb4_general_ci");
  EXPECT_TRUE(Collation::Find(45)->pad_space());
  EXPECT_FALSE(Collation::Find(1070)->pad_space());  // utf8mb4_nopad_bin
  EXPECT_EQ(Collation::Find(9999), nullptr);
  EXPECT_EQ(Collation::Binary().id(), 63);
  EXPECT_EQ(EncodingOfCollation(45), CellEncoding::kUtf8);
  EXPECT_EQ(EncodingOfCollation(8), CellEncoding::kLatin1);
  EXPECT_EQ(EncodingOfCollation(63), CellEncoding::kBinary);
  EXPECT_EQ(EncodingOfCollation(232), CellEncoding::kUtf8);  // utf8mb4_swedish_ci
  EXPECT_FALSE(EncodingOfCollation(28).has_value());         // gbk_chinese_ci
  EXPECT_EQ(BinaryCollationOfCharset(45), 46);
  EXPECT_EQ(BinaryCollationOfCharset(33), 83);
  EXPECT_EQ(BinaryCollationOfCharset(8), 47);
}

TEST(CollationTest, GeneralCiIgnoresCaseAndAccents) {
  EXPECT_EQ(Cmp("utf8mb4_general_ci", "abc", "ABC"), 0);
  EXPECT_EQ(Cmp("utf8mb4_general_ci", "a", "\xC3\x81"), 0);  // Á
  EXPECT_EQ(Cmp("utf8mb4_general_ci", "\xC3\x9F", "s"), 0);  // ß weighs as 'S' here
  EXPECT_LT(Cmp("utf8mb4_general_ci", "a", "b"), 0);
  EXPECT_GT(Cmp("utf8mb4_general_ci", "\xC3\xA9tude", "etc"), 0);  // étude > etc
  EXPECT_EQ(Cmp("utf8mb3_general_ci", "MiXeD", "mixed"), 0);
}

TEST(CollationTest, PadSpaceIgnoresTrailingSpacesButNotTabs) {
  EXPECT_EQ(Cmp("utf8mb4_general_ci", "a  ", "A"), 0);
  EXPECT_LT(Cmp("utf8mb4_general_ci", "a\t", "a"), 0);  // tab < the implied space
  EXPECT_GT(Cmp("utf8mb4_general_ci", "a b", "a"), 0);
  EXPECT_EQ(Cmp("utf8mb4_bin", "a ", "a"), 0);
  EXPECT_LT(Cmp("utf8mb4_bin", "a\t", "a"), 0);
  EXPECT_EQ(Cmp("utf8mb4_general_ci", "", "   "), 0);
  EXPECT_GT(Cmp("utf8mb4_general_nopad_ci", "a ", "A"), 0);
  EXPECT_GT(Cmp("utf8mb4_nopad_bin", "a ", "a"), 0);
  EXPECT_GT(Cmp("binary", "a ", "a", CellEncoding::kBinary), 0);
}

TEST(CollationTest, BinCollationsCompareCodePoints) {
  EXPECT_GT(Cmp("utf8mb4_bin", "a", "B"), 0);
  EXPECT_LT(Cmp("utf8mb4_bin", "A", "a"), 0);
  EXPECT_GT(Cmp("utf8mb4_bin", "\xC3\xA9", "z"), 0);                     // é > z
  EXPECT_GT(Cmp("utf8mb4_bin", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF"), 0);  // U+1F600 > U+FFFF
}

TEST(CollationTest, UnicodeCiExpandsAndIgnores) {
  EXPECT_EQ(Cmp("utf8mb4_unicode_ci", "\xC3\x9F", "ss"), 0);  // ß = ss
  EXPECT_EQ(Cmp("utf8mb4_unicode_ci", "e\xCC\x81", "E"), 0);  // combining acute is ignorable
  EXPECT_LT(Cmp("utf8mb4_unicode_ci", "a", "b"), 0);
  EXPECT_EQ(Cmp("utf8mb4_unicode_ci", "\xEF\xAC\x81", "fi"), 0);  // ligature ﬁ
  // Every character beyond the BMP weighs U+FFFD in UCA 4.0.0, unlike 5.2.0.
  EXPECT_EQ(Cmp("utf8mb4_unicode_ci", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x81"), 0);
  EXPECT_LT(Cmp("utf8mb4_unicode_520_ci", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x81"), 0);
  EXPECT_EQ(Cmp("utf8mb4_unicode_ci", "a ", "A"), 0);
  EXPECT_GT(Cmp("utf8mb4_unicode_nopad_ci", "a ", "A"), 0);
}

TEST(CollationTest, Latin1CollationsReadUtf8AndLatin1Cells) {
  // Swedish: å sorts after z, ü equals y.
  EXPECT_GT(Cmp("latin1_swedish_ci", "\xC3\xA5", "z"), 0);
  EXPECT_EQ(Cmp("latin1_swedish_ci", "\xC3\xBC", "Y"), 0);
  EXPECT_GT(Cmp("latin1_swedish_ci", "\xE5", "z", CellEncoding::kLatin1), 0);
  EXPECT_EQ(Cmp("latin1_swedish_ci", "\xFC", "y", CellEncoding::kLatin1), 0);
  // German phone book: ä = ae.
  EXPECT_EQ(Cmp("latin1_german2_ci", "\xC3\xA4", "AE"), 0);
  // latin1_bin orders by the latin1 byte: the euro sign (0x80) before Ä (0xC4).
  EXPECT_LT(Cmp("latin1_bin", "\xE2\x82\xAC", "\xC3\x84"), 0);
}

TEST(CollationTest, InvalidUtf8SortsAfterEverything) {
  EXPECT_GT(Cmp("utf8mb4_general_ci", "\xFF", "\xEF\xBF\xBF"), 0);
  EXPECT_NE(Cmp("utf8mb4_general_ci", "\xC3", "\xC4"), 0);
}

}  // namespace
}  // namespace shardproxy
