#include "proxy/protocol/coding.h"

#include <cstring>

namespace shardproxy {
namespace {

template <int kBytes, typename T>
void PutLittleEndian(std::string* dst, T value) {
  char buf[kBytes];
  for (int i = 0; i < kBytes; ++i) buf[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  dst->append(buf, kBytes);
}

template <int kBytes, typename T>
T ReadLittleEndian(const char* src) {
  T value = 0;
  for (int i = 0; i < kBytes; ++i) {
    value |= static_cast<T>(static_cast<uint8_t>(src[i])) << (8 * i);
  }
  return value;
}

template <int kBytes, typename T>
bool GetLittleEndian(absl::string_view* input, T* value) {
  if (input->size() < kBytes) return false;
  *value = ReadLittleEndian<kBytes, T>(input->data());
  input->remove_prefix(kBytes);
  return true;
}

}  // namespace

void PutFixed8(std::string* dst, uint8_t value) { dst->push_back(static_cast<char>(value)); }
void PutFixed16(std::string* dst, uint16_t value) { PutLittleEndian<2>(dst, value); }
void PutFixed24(std::string* dst, uint32_t value) { PutLittleEndian<3>(dst, value); }
void PutFixed32(std::string* dst, uint32_t value) { PutLittleEndian<4>(dst, value); }
void PutFixed64(std::string* dst, uint64_t value) { PutLittleEndian<8>(dst, value); }

void EncodeFixed16(char* dst, uint16_t value) {
  dst[0] = static_cast<char>(value & 0xff);
  dst[1] = static_cast<char>(value >> 8);
}
void EncodeFixed24(char* dst, uint32_t value) {
  dst[0] = static_cast<char>(value & 0xff);
  dst[1] = static_cast<char>((value >> 8) & 0xff);
  dst[2] = static_cast<char>((value >> 16) & 0xff);
}
void EncodeFixed32(char* dst, uint32_t value) {
  EncodeFixed16(dst, value & 0xffff);
  EncodeFixed16(dst + 2, value >> 16);
}
uint32_t DecodeFixed24(const char* src) { return ReadLittleEndian<3, uint32_t>(src); }

size_t LengthEncodedIntSize(uint64_t value) {
  if (value < 251) return 1;
  if (value <= 0xffff) return 3;
  if (value <= 0xffffff) return 4;
  return 9;
}

void PutLengthEncodedInt(std::string* dst, uint64_t value) {
  if (value < 251) {
    PutFixed8(dst, static_cast<uint8_t>(value));
  } else if (value <= 0xffff) {
    PutFixed8(dst, kLenenc2);
    PutFixed16(dst, static_cast<uint16_t>(value));
  } else if (value <= 0xffffff) {
    PutFixed8(dst, kLenenc3);
    PutFixed24(dst, static_cast<uint32_t>(value));
  } else {
    PutFixed8(dst, kLenenc8);
    PutFixed64(dst, value);
  }
}

void PutLengthEncodedString(std::string* dst, absl::string_view value) {
  PutLengthEncodedInt(dst, value.size());
  dst->append(value.data(), value.size());
}

void PutNulTerminatedString(std::string* dst, absl::string_view value) {
  dst->append(value.data(), value.size());
  dst->push_back('\0');
}

bool GetFixed8(absl::string_view* input, uint8_t* value) {
  return GetLittleEndian<1>(input, value);
}
bool GetFixed16(absl::string_view* input, uint16_t* value) {
  return GetLittleEndian<2>(input, value);
}
bool GetFixed24(absl::string_view* input, uint32_t* value) {
  return GetLittleEndian<3>(input, value);
}
bool GetFixed32(absl::string_view* input, uint32_t* value) {
  return GetLittleEndian<4>(input, value);
}
bool GetFixed64(absl::string_view* input, uint64_t* value) {
  return GetLittleEndian<8>(input, value);
}

bool GetLengthEncodedInt(absl::string_view* input, uint64_t* value) {
  uint8_t first;
  if (!GetFixed8(input, &first)) return false;
  if (first < 251) {
    *value = first;
    return true;
  }
  switch (first) {
    case kLenenc2: {
      uint16_t v;
      if (!GetFixed16(input, &v)) return false;
      *value = v;
      return true;
    }
    case kLenenc3: {
      uint32_t v;
      if (!GetFixed24(input, &v)) return false;
      *value = v;
      return true;
    }
    case kLenenc8:
      return GetFixed64(input, value);
    default:  // 0xfb is NULL, 0xff an error marker: neither is a length
      return false;
  }
}

bool GetLengthEncodedString(absl::string_view* input, absl::string_view* value) {
  uint64_t length;
  if (!GetLengthEncodedInt(input, &length)) return false;
  if (length > input->size()) return false;
  *value = input->substr(0, length);
  input->remove_prefix(length);
  return true;
}

bool GetNulTerminatedString(absl::string_view* input, absl::string_view* value) {
  if (input->empty()) return false;
  const void* nul = std::memchr(input->data(), '\0', input->size());
  if (nul == nullptr) return false;
  size_t length = static_cast<const char*>(nul) - input->data();
  *value = input->substr(0, length);
  input->remove_prefix(length + 1);
  return true;
}

bool GetFixedString(absl::string_view* input, size_t length, absl::string_view* value) {
  if (input->size() < length) return false;
  *value = input->substr(0, length);
  input->remove_prefix(length);
  return true;
}

bool Skip(absl::string_view* input, size_t length) {
  if (input->size() < length) return false;
  input->remove_prefix(length);
  return true;
}

}  // namespace shardproxy
