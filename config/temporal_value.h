// Dates and datetimes of sharding values, read the way MySQL reads DATE/DATETIME literals and
// string values compared with such columns.
#ifndef SHARDPROXY_CONFIG_TEMPORAL_VALUE_H_
#define SHARDPROXY_CONFIG_TEMPORAL_VALUE_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "config/sharding_value.h"

namespace shardproxy {

struct DateTimeValue {
  absl::CivilSecond time;
  int microsecond = 0;

  bool operator==(const DateTimeValue& other) const {
    return time == other.time && microsecond == other.microsecond;
  }
  bool operator<(const DateTimeValue& other) const {
    return time < other.time || (time == other.time && microsecond < other.microsecond);
  }
  bool operator<=(const DateTimeValue& other) const { return !(other < *this); }
  bool IsMidnight() const {
    return time.hour() == 0 && time.minute() == 0 && time.second() == 0 && microsecond == 0;
  }
};

// 'YYYY-MM-DD' (one-digit month and day allowed), optionally followed by ' ' or 'T' and
// 'HH:MM[:SS[.ffffff]]'; also the compact 'YYYYMMDD' and 'YYYYMMDDHHMMSS'. Years 1000..9999.
// False for anything else, including invalid dates such as '2024-02-30' and zero dates.
bool ParseDateTime(absl::string_view text, DateTimeValue* out);

// kDate, kDateTime and kString through ParseDateTime; kInteger as YYYYMMDD or YYYYMMDDHHMMSS.
bool DateTimeFromValue(const ShardingValue& value, DateTimeValue* out);

// 'YYYY-MM-DD' when the time is midnight, else 'YYYY-MM-DD HH:MM:SS' plus '.ffffff' when the
// microseconds are not zero; a DATE equals the DATETIME at its midnight, so both print the same.
// `out` must hold kMaxDateTimeText bytes; returns the length (without the NUL).
inline constexpr size_t kMaxDateTimeText = 27;  // 26 characters and a NUL
size_t FormatCanonicalDateTime(const DateTimeValue& value, char* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_TEMPORAL_VALUE_H_
