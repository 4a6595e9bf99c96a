// Dates and times as comparable numbers.
//
// DATE/DATETIME/TIMESTAMP cells from the server are fixed-format text, but a DATETIME(3) and a
// DATETIME(6) print fractions of different lengths, a DATE is compared with a DATETIME as
// midnight, and TIME can be negative or beyond 24 hours ('-838:59:59'), so plain string order
// is wrong. These functions turn the text into one integer whose order is the value order.
#ifndef SHARDPROXY_MERGER_VALUE_TEMPORAL_H_
#define SHARDPROXY_MERGER_VALUE_TEMPORAL_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy {

struct DateTimeParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
};

// 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' and 'YYYY-MM-DD HH:MM:SS.ffffff' (1-6 fraction digits;
// 'T' accepted for the space). Zero dates ('0000-00-00') are valid, as in MariaDB.
absl::optional<DateTimeParts> ParseDateTime(absl::string_view text);
// An integer ordered like the datetime (a DATE is its midnight).
int64_t PackDateTime(const DateTimeParts& parts);

// '[-]H..H:MM:SS[.ffffff]' as signed microseconds.
absl::optional<int64_t> ParseTimeMicros(absl::string_view text);

// The number MySQL uses for a temporal value in numeric context: YYYYMMDD for a DATE,
// YYYYMMDDhhmmss[.ffffff] for a DATETIME, [-]hhmmss[.ffffff] for a TIME, as decimal text.
absl::optional<std::string> TemporalAsNumberText(absl::string_view text, bool is_time);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_TEMPORAL_H_
