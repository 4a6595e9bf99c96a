#include "merger/value/temporal.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace shardproxy {
namespace {

bool ReadFixedDigits(absl::string_view text, size_t* pos, size_t count, int* value) {
  if (*pos + count > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += count;
  *value = v;
  return true;
}

bool Expect(absl::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// ".f{1,6}" at *pos (optional); microseconds.
bool ReadFraction(absl::string_view text, size_t* pos, int* micros) {
  *micros = 0;
  if (*pos == text.size()) return true;
  if (text[*pos] != '.') return false;
  ++*pos;
  int digits = 0;
  int value = 0;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
    if (digits == 6) return false;
    value = value * 10 + (text[*pos] - '0');
    ++digits;
    ++*pos;
  }
  if (digits == 0) return false;
  for (int i = digits; i < 6; ++i) value *= 10;
  *micros = value;
  return true;
}

}  // namespace

absl::optional<DateTimeParts> ParseDateTime(absl::string_view text) {
  DateTimeParts p;
  size_t pos = 0;
  if (!ReadFixedDigits(text, &pos, 4, &p.year) || !Expect(text, &pos, '-') ||
      !ReadFixedDigits(text, &pos, 2, &p.month) || !Expect(text, &pos, '-') ||
      !ReadFixedDigits(text, &pos, 2, &p.day)) {
    return absl::nullopt;
  }
  if (pos == text.size()) return p;
  if (text[pos] != ' ' && text[pos] != 'T') return absl::nullopt;
  ++pos;
  if (!ReadFixedDigits(text, &pos, 2, &p.hour) || !Expect(text, &pos, ':') ||
      !ReadFixedDigits(text, &pos, 2, &p.minute) || !Expect(text, &pos, ':') ||
      !ReadFixedDigits(text, &pos, 2, &p.second) || !ReadFraction(text, &pos, &p.microsecond) ||
      pos != text.size()) {
    return absl::nullopt;
  }
  return p;
}

int64_t PackDateTime(const DateTimeParts& p) {
  int64_t v = p.year;
  v = v * 13 + p.month;
  v = v * 32 + p.day;
  v = v * 24 + p.hour;
  v = v * 60 + p.minute;
  v = v * 60 + p.second;
  return v * 1000000 + p.microsecond;
}

absl::optional<int64_t> ParseTimeMicros(absl::string_view text) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  int64_t hours = 0;
  size_t hour_digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (++hour_digits > 7) return absl::nullopt;
    hours = hours * 10 + (text[pos] - '0');
    ++pos;
  }
  int minutes, seconds, micros;
  if (hour_digits == 0 || !Expect(text, &pos, ':') || !ReadFixedDigits(text, &pos, 2, &minutes) ||
      !Expect(text, &pos, ':') || !ReadFixedDigits(text, &pos, 2, &seconds) ||
      !ReadFraction(text, &pos, &micros) || pos != text.size()) {
    return absl::nullopt;
  }
  int64_t v = ((hours * 60 + minutes) * 60 + seconds) * 1000000 + micros;
  return negative ? -v : v;
}

absl::optional<std::string> TemporalAsNumberText(absl::string_view text, bool is_time) {
  auto fraction = [](int micros, absl::string_view source) -> std::string {
    size_t dot = source.find('.');
    if (dot == absl::string_view::npos) return "";
    std::string f = absl::StrCat(1000000 + micros).substr(1);
    return absl::StrCat(".", f.substr(0, source.size() - dot - 1));
  };
  if (is_time) {
    absl::optional<int64_t> micros = ParseTimeMicros(text);
    if (!micros.has_value()) return absl::nullopt;
    int64_t m = *micros < 0 ? -*micros : *micros;
    int64_t secs = m / 1000000;
    int64_t hhmmss = (secs / 3600) * 10000 + (secs / 60 % 60) * 100 + secs % 60;
    return absl::StrCat(*micros < 0 ? "-" : "", hhmmss,
                        fraction(static_cast<int>(m % 1000000), text));
  }
  absl::optional<DateTimeParts> p = ParseDateTime(text);
  if (!p.has_value()) return absl::nullopt;
  int64_t date = int64_t{p->year} * 10000 + p->month * 100 + p->day;
  if (text.size() <= 10) return absl::StrCat(date);
  int64_t time = int64_t{p->hour} * 10000 + p->minute * 100 + p->second;
  return absl::StrCat(date * 1000000 + time, fraction(p->microsecond, text));
}

}  // namespace shardproxy
