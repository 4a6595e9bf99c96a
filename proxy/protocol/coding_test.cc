#include "proxy/protocol/coding.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::Hex;

TEST(CodingTest, FixedIntegersAreLittleEndian) {
  std::string out;
  PutFixed8(&out, 0xab);
  PutFixed16(&out, 0x1234);
  PutFixed24(&out, 0x563412);
  PutFixed32(&out, 0xdeadbeef);
  PutFixed64(&out, 0x0102030405060708ull);
  EXPECT_EQ(Hex(out), Hex(Bytes("ab 3412 123456 efbeadde 0807060504030201")));

  absl::string_view in = out;
  uint8_t v8;
  uint16_t v16;
  uint32_t v24, v32;
  uint64_t v64;
  ASSERT_TRUE(GetFixed8(&in, &v8));
  ASSERT_TRUE(GetFixed16(&in, &v16));
  ASSERT_TRUE(GetFixed24(&in, &v24));
  ASSERT_TRUE(GetFixed32(&in, &v32));
  ASSERT_TRUE(GetFixed64(&in, &v64));
  EXPECT_EQ(v8, 0xab);
  EXPECT_EQ(v16, 0x1234);
  EXPECT_EQ(v24, 0x563412u);
  EXPECT_EQ(v32, 0xdeadbeefu);
  EXPECT_EQ(v64, 0x0102030405060708ull);
  EXPECT_TRUE(in.empty());
}

TEST(CodingTest, FixedIntegersFailWhenTruncated) {
  const std::string bytes = Bytes("0102030405060708");
  for (size_t n = 0; n < 8; ++n) {
    absl::string_view in(bytes.data(), n);
    uint64_t v64;
    EXPECT_FALSE(GetFixed64(&in, &v64)) << n;
  }
  absl::string_view in(bytes.data(), 2);
  uint32_t v24;
  EXPECT_FALSE(GetFixed24(&in, &v24));
}

struct LenencCase {
  uint64_t value;
  const char* hex;
};

// The boundaries where the encoding changes width; ClickHouse once had a signed-char bug at 128.
const LenencCase kLenencCases[] = {
    {0, "00"},
    {1, "01"},
    {127, "7f"},
    {128, "80"},
    {250, "fa"},
    {251, "fc fb00"},
    {252, "fc fc00"},
    {0xffff, "fc ffff"},
    {0x10000, "fd 000001"},
    {0xffffff, "fd ffffff"},
    {0x1000000, "fe 0000000100000000"},
    {0xffffffffull, "fe ffffffff00000000"},
    {0xffffffffffffffffull, "fe ffffffffffffffff"},
};

TEST(CodingTest, LengthEncodedIntegerBoundaries) {
  for (const LenencCase& c : kLenencCases) {
    std::string out;
    PutLengthEncodedInt(&out, c.value);
    EXPECT_EQ(Hex(out), Hex(Bytes(c.hex))) << c.value;
    EXPECT_EQ(LengthEncodedIntSize(c.value), out.size()) << c.value;

    absl::string_view in = out;
    uint64_t decoded = 0;
    ASSERT_TRUE(GetLengthEncodedInt(&in, &decoded)) << c.value;
    EXPECT_EQ(decoded, c.value);
    EXPECT_TRUE(in.empty());

    for (size_t n = 0; n < out.size(); ++n) {
      absl::string_view truncated(out.data(), n);
      EXPECT_FALSE(GetLengthEncodedInt(&truncated, &decoded)) << c.value << " cut at " << n;
    }
  }
}

TEST(CodingTest, LengthEncodedIntegerRejectsNullAndErrorMarkers) {
  for (const char* hex : {"fb", "ff", "ff0000"}) {
    std::string bytes = Bytes(hex);
    absl::string_view in = bytes;
    uint64_t v;
    EXPECT_FALSE(GetLengthEncodedInt(&in, &v)) << hex;
  }
}

TEST(CodingTest, LengthEncodedStringsAtEveryWidth) {
  for (size_t length : {size_t{0}, size_t{1}, size_t{250}, size_t{251}, size_t{0xffff},
                        size_t{0x10000}, size_t{0xffffff}, size_t{0x1000000}}) {
    std::string value(length, 'x');
    if (length > 0) value.back() = 'y';
    std::string out;
    PutLengthEncodedString(&out, value);
    EXPECT_EQ(out.size(), LengthEncodedIntSize(length) + length);

    absl::string_view in = out;
    absl::string_view decoded;
    ASSERT_TRUE(GetLengthEncodedString(&in, &decoded)) << length;
    EXPECT_EQ(decoded.size(), length);
    EXPECT_TRUE(decoded == value);
    EXPECT_TRUE(in.empty());

    // One byte short of the content is an error, not a shorter string.
    absl::string_view truncated(out.data(), out.size() - 1);
    EXPECT_FALSE(GetLengthEncodedString(&truncated, &decoded)) << length;
  }
}

TEST(CodingTest, LengthEncodedStringWithHugeLengthFails) {
  const std::string bytes = Bytes("fe ffffffffffffffff 41");
  absl::string_view in = bytes;
  absl::string_view value;
  EXPECT_FALSE(GetLengthEncodedString(&in, &value));
}

TEST(CodingTest, NulTerminatedStrings) {
  std::string out;
  PutNulTerminatedString(&out, "root");
  PutNulTerminatedString(&out, "");
  EXPECT_EQ(Hex(out), Hex(Bytes("726f6f7400 00")));

  absl::string_view in = out;
  absl::string_view a, b, c;
  ASSERT_TRUE(GetNulTerminatedString(&in, &a));
  ASSERT_TRUE(GetNulTerminatedString(&in, &b));
  EXPECT_EQ(a, "root");
  EXPECT_EQ(b, "");
  EXPECT_FALSE(GetNulTerminatedString(&in, &c));  // empty input

  absl::string_view unterminated = "root";
  EXPECT_FALSE(GetNulTerminatedString(&unterminated, &c));
}

TEST(CodingTest, FixedStringsAndSkip) {
  absl::string_view in = "abcdef";
  absl::string_view s;
  ASSERT_TRUE(GetFixedString(&in, 2, &s));
  EXPECT_EQ(s, "ab");
  EXPECT_TRUE(Skip(&in, 3));
  EXPECT_EQ(in, "f");
  EXPECT_FALSE(Skip(&in, 2));
  EXPECT_FALSE(GetFixedString(&in, 2, &s));
}

}  // namespace
}  // namespace shardproxy
