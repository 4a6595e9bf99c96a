#include "config/temporal_value.h"

#include <cstdio>

#include "absl/strings/ascii.h"

namespace shardproxy {
namespace {

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

// Reads 1..max_digits digits at text[*pos].
bool ReadNumber(absl::string_view text, size_t* pos, int min_digits, int max_digits, int* out) {
  int value = 0;
  int digits = 0;
  while (*pos < text.size() && IsDigit(text[*pos]) && digits < max_digits) {
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
    ++digits;
  }
  if (digits < min_digits) return false;
  *out = value;
  return true;
}

bool FixedNumber(absl::string_view text, size_t start, size_t length, int* out) {
  int value = 0;
  for (size_t i = start; i < start + length; ++i) {
    if (!IsDigit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

bool Build(int year, int month, int day, int hour, int minute, int second, int microsecond,
           DateTimeValue* out) {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 59) {
    return false;
  }
  const absl::CivilSecond time(year, month, day, hour, minute, second);
  // CivilSecond normalizes 2024-02-30 to 2024-03-01; a changed day means it did not exist.
  if (time.day() != day) return false;
  out->time = time;
  out->microsecond = microsecond;
  return true;
}

}  // namespace

bool ParseDateTime(absl::string_view text, DateTimeValue* out) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
  if (text.size() == 8 || text.size() == 14) {
    bool all_digits = true;
    for (char c : text) all_digits &= IsDigit(c);
    if (all_digits) {
      FixedNumber(text, 0, 4, &year);
      FixedNumber(text, 4, 2, &month);
      FixedNumber(text, 6, 2, &day);
      if (text.size() == 14) {
        FixedNumber(text, 8, 2, &hour);
        FixedNumber(text, 10, 2, &minute);
        FixedNumber(text, 12, 2, &second);
      }
      return Build(year, month, day, hour, minute, second, 0, out);
    }
  }
  size_t pos = 0;
  if (!ReadNumber(text, &pos, 4, 4, &year)) return false;
  if (pos >= text.size() || text[pos++] != '-') return false;
  if (!ReadNumber(text, &pos, 1, 2, &month)) return false;
  if (pos >= text.size() || text[pos++] != '-') return false;
  if (!ReadNumber(text, &pos, 1, 2, &day)) return false;
  if (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != 'T') return false;
    ++pos;
    if (!ReadNumber(text, &pos, 1, 2, &hour)) return false;
    if (pos >= text.size() || text[pos++] != ':') return false;
    if (!ReadNumber(text, &pos, 1, 2, &minute)) return false;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadNumber(text, &pos, 1, 2, &second)) return false;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && IsDigit(text[pos])) {
          if (digits < 6) microsecond = microsecond * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return false;
        for (int i = digits; i < 6; ++i) microsecond *= 10;
      }
    }
    if (pos != text.size()) return false;
  }
  return Build(year, month, day, hour, minute, second, microsecond, out);
}

bool DateTimeFromValue(const ShardingValue& value, DateTimeValue* out) {
  switch (value.type()) {
    case ShardingValue::Type::kDate:
    case ShardingValue::Type::kDateTime:
    case ShardingValue::Type::kString:
      return ParseDateTime(value.text(), out);
    case ShardingValue::Type::kInteger: {
      if (value.IsNegativeInteger()) return false;
      char text[24];
      const int length = std::snprintf(text, sizeof(text), "%llu",
                                       static_cast<unsigned long long>(value.uint_value()));
      if (length != 8 && length != 14) return false;
      return ParseDateTime(absl::string_view(text, length), out);
    }
    default:
      return false;
  }
}

size_t FormatCanonicalDateTime(const DateTimeValue& value, char* out) {
  const absl::CivilSecond& t = value.time;
  int length = std::snprintf(out, kMaxDateTimeText, "%04d-%02d-%02d", static_cast<int>(t.year()),
                             t.month(), t.day());
  if (value.IsMidnight()) return static_cast<size_t>(length);
  length += std::snprintf(out + length, kMaxDateTimeText - length, " %02d:%02d:%02d", t.hour(),
                          t.minute(), t.second());
  if (value.microsecond != 0) {
    length += std::snprintf(out + length, kMaxDateTimeText - length, ".%06d", value.microsecond);
  }
  return static_cast<size_t>(length);
}

}  // namespace shardproxy
