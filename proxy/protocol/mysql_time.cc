#include "proxy/protocol/mysql_time.h"

#include "absl/strings/str_format.h"
#include "proxy/protocol/coding.h"

namespace shardproxy {
namespace {

// Exactly `digits` decimal digits.
bool ParseDigits(absl::string_view* text, size_t digits, uint32_t* value) {
  if (text->size() < digits) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  text->remove_prefix(digits);
  *value = v;
  return true;
}

bool ParseChar(absl::string_view* text, char c) {
  if (text->empty() || (*text)[0] != c) return false;
  text->remove_prefix(1);
  return true;
}

// "HH:MM:SS[.f{1,6}]" with `hour_digits` hour digits already known; the rest of the text.
bool ParseClock(absl::string_view* text, MysqlTime* value) {
  if (!ParseChar(text, ':') || !ParseDigits(text, 2, &value->minute) || !ParseChar(text, ':') ||
      !ParseDigits(text, 2, &value->second)) {
    return false;
  }
  value->microsecond = 0;
  if (text->empty()) return true;
  if (!ParseChar(text, '.') || text->empty() || text->size() > 6) return false;
  const size_t digits = text->size();
  uint32_t fraction;
  if (!ParseDigits(text, digits, &fraction)) return false;
  for (size_t i = digits; i < 6; ++i) fraction *= 10;
  value->microsecond = fraction;
  return true;
}

bool ParseDatePart(absl::string_view* text, MysqlTime* value) {
  return ParseDigits(text, 4, &value->year) && ParseChar(text, '-') &&
         ParseDigits(text, 2, &value->month) && ParseChar(text, '-') &&
         ParseDigits(text, 2, &value->day);
}

}  // namespace

void PutBinaryDateTime(std::string* dst, const MysqlTime& value) {
  uint8_t length = 0;
  if (value.microsecond != 0) {
    length = 11;
  } else if (value.hour != 0 || value.minute != 0 || value.second != 0) {
    length = 7;
  } else if (value.year != 0 || value.month != 0 || value.day != 0) {
    length = 4;
  }
  PutFixed8(dst, length);
  if (length == 0) return;
  PutFixed16(dst, static_cast<uint16_t>(value.year));
  PutFixed8(dst, static_cast<uint8_t>(value.month));
  PutFixed8(dst, static_cast<uint8_t>(value.day));
  if (length == 4) return;
  PutFixed8(dst, static_cast<uint8_t>(value.hour));
  PutFixed8(dst, static_cast<uint8_t>(value.minute));
  PutFixed8(dst, static_cast<uint8_t>(value.second));
  if (length == 7) return;
  PutFixed32(dst, value.microsecond);
}

void PutBinaryTime(std::string* dst, const MysqlTime& value) {
  uint8_t length = 0;
  if (value.microsecond != 0) {
    length = 12;
  } else if (value.day != 0 || value.hour != 0 || value.minute != 0 || value.second != 0) {
    length = 8;
  }
  PutFixed8(dst, length);
  if (length == 0) return;
  PutFixed8(dst, value.negative ? 1 : 0);
  PutFixed32(dst, value.day);
  PutFixed8(dst, static_cast<uint8_t>(value.hour));
  PutFixed8(dst, static_cast<uint8_t>(value.minute));
  PutFixed8(dst, static_cast<uint8_t>(value.second));
  if (length == 8) return;
  PutFixed32(dst, value.microsecond);
}

bool GetBinaryDateTime(absl::string_view* input, MysqlTime* value) {
  uint8_t length;
  if (!GetFixed8(input, &length)) return false;
  if (length != 0 && length != 4 && length != 7 && length != 11) return false;
  if (input->size() < length) return false;
  *value = MysqlTime();
  if (length == 0) return true;
  uint16_t year;
  uint8_t month, day, hour = 0, minute = 0, second = 0;
  GetFixed16(input, &year);
  GetFixed8(input, &month);
  GetFixed8(input, &day);
  if (length >= 7) {
    GetFixed8(input, &hour);
    GetFixed8(input, &minute);
    GetFixed8(input, &second);
  }
  if (length == 11) GetFixed32(input, &value->microsecond);
  value->year = year;
  value->month = month;
  value->day = day;
  value->hour = hour;
  value->minute = minute;
  value->second = second;
  return true;
}

bool GetBinaryTime(absl::string_view* input, MysqlTime* value) {
  uint8_t length;
  if (!GetFixed8(input, &length)) return false;
  if (length != 0 && length != 8 && length != 12) return false;
  if (input->size() < length) return false;
  *value = MysqlTime();
  if (length == 0) return true;
  uint8_t negative, hour, minute, second;
  GetFixed8(input, &negative);
  GetFixed32(input, &value->day);
  GetFixed8(input, &hour);
  GetFixed8(input, &minute);
  GetFixed8(input, &second);
  if (length == 12) GetFixed32(input, &value->microsecond);
  value->negative = negative != 0;
  value->hour = hour;
  value->minute = minute;
  value->second = second;
  return true;
}

bool ParseTextDate(absl::string_view text, MysqlTime* value) {
  *value = MysqlTime();
  return ParseDatePart(&text, value) && text.empty();
}

bool ParseTextDateTime(absl::string_view text, MysqlTime* value) {
  *value = MysqlTime();
  return ParseDatePart(&text, value) && ParseChar(&text, ' ') &&
         ParseDigits(&text, 2, &value->hour) && ParseClock(&text, value) && text.empty();
}

bool ParseTextTime(absl::string_view text, MysqlTime* value) {
  *value = MysqlTime();
  value->negative = ParseChar(&text, '-');
  size_t hour_digits = text.find(':');
  if (hour_digits == absl::string_view::npos || hour_digits < 2 || hour_digits > 7) return false;
  uint32_t hours;
  if (!ParseDigits(&text, hour_digits, &hours)) return false;
  value->day = hours / 24;
  value->hour = hours % 24;
  return ParseClock(&text, value) && text.empty();
}

void AppendDateText(const MysqlTime& value, std::string* out) {
  absl::StrAppendFormat(out, "%04u-%02u-%02u", value.year, value.month, value.day);
}

void AppendDateTimeText(const MysqlTime& value, std::string* out) {
  absl::StrAppendFormat(out, "%04u-%02u-%02u %02u:%02u:%02u", value.year, value.month, value.day,
                        value.hour, value.minute, value.second);
  if (value.microsecond != 0) absl::StrAppendFormat(out, ".%06u", value.microsecond);
}

void AppendTimeText(const MysqlTime& value, std::string* out) {
  const uint64_t hours = static_cast<uint64_t>(value.day) * 24 + value.hour;
  absl::StrAppendFormat(out, "%s%02u:%02u:%02u", value.negative ? "-" : "", hours, value.minute,
                        value.second);
  if (value.microsecond != 0) absl::StrAppendFormat(out, ".%06u", value.microsecond);
}

}  // namespace shardproxy
