// The protocol's primitive encodings, as small free functions over byte buffers in the manner of
// LevelDB's util/coding.h: little-endian fixed-width integers, length-encoded integers and
// strings, NUL-terminated strings.
//
// Put* append to a caller-owned std::string (no other allocation). Get* consume from the front of
// *input and return false, leaving *input and the output unspecified, when the bytes are
// truncated or invalid; decoders turn that false into a MalformedPacketError naming the field.
// Strings returned by Get* point into the input.
#ifndef SHARDPROXY_PROXY_PROTOCOL_CODING_H_
#define SHARDPROXY_PROXY_PROTOCOL_CODING_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shardproxy {

// First bytes of a length-encoded integer that are not a 1-byte value.
inline constexpr uint8_t kLenencNull = 0xfb;  // a NULL cell in a text row
inline constexpr uint8_t kLenenc2 = 0xfc;
inline constexpr uint8_t kLenenc3 = 0xfd;
inline constexpr uint8_t kLenenc8 = 0xfe;

void PutFixed8(std::string* dst, uint8_t value);
void PutFixed16(std::string* dst, uint16_t value);
void PutFixed24(std::string* dst, uint32_t value);  // the low 24 bits
void PutFixed32(std::string* dst, uint32_t value);
void PutFixed64(std::string* dst, uint64_t value);

// 1, 3, 4 or 9 bytes: < 251 as is; 0xfc + 2 bytes; 0xfd + 3 bytes; 0xfe + 8 bytes.
void PutLengthEncodedInt(std::string* dst, uint64_t value);
size_t LengthEncodedIntSize(uint64_t value);
void PutLengthEncodedString(std::string* dst, absl::string_view value);
// `value` must not contain NUL; the protocol has no way to carry one in such a string.
void PutNulTerminatedString(std::string* dst, absl::string_view value);

// Writes into bytes already reserved in a buffer (framing patches headers this way).
void EncodeFixed16(char* dst, uint16_t value);
void EncodeFixed24(char* dst, uint32_t value);
void EncodeFixed32(char* dst, uint32_t value);
uint32_t DecodeFixed24(const char* src);

bool GetFixed8(absl::string_view* input, uint8_t* value);
bool GetFixed16(absl::string_view* input, uint16_t* value);
bool GetFixed24(absl::string_view* input, uint32_t* value);
bool GetFixed32(absl::string_view* input, uint32_t* value);
bool GetFixed64(absl::string_view* input, uint64_t* value);
// Rejects 0xfb (NULL) and 0xff (never a length) as first byte.
bool GetLengthEncodedInt(absl::string_view* input, uint64_t* value);
bool GetLengthEncodedString(absl::string_view* input, absl::string_view* value);
// Up to the first NUL, which is consumed; false when there is none.
bool GetNulTerminatedString(absl::string_view* input, absl::string_view* value);
bool GetFixedString(absl::string_view* input, size_t length, absl::string_view* value);
bool Skip(absl::string_view* input, size_t length);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_CODING_H_
