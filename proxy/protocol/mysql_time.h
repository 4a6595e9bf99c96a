// Temporal values between their binary-protocol form (COM_STMT_EXECUTE parameters, binary result
// rows) and the text a MariaDB text result set carries.
//
// Binary DATE/DATETIME/TIMESTAMP: a length byte (0, 4, 7 or 11) then year(2) month day hour minute
// second microsecond(4), trailing zero parts left out. Binary TIME: a length byte (0, 8 or 12)
// then negative(1) days(4) hour minute second microsecond(4). Servers write the shortest form
// that holds the value, so a zero date is the single byte 0.
#ifndef SHARDPROXY_PROXY_PROTOCOL_MYSQL_TIME_H_
#define SHARDPROXY_PROXY_PROTOCOL_MYSQL_TIME_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shardproxy {

struct MysqlTime {
  uint32_t year = 0;
  uint32_t month = 0;
  uint32_t day = 0;   // for TIME: whole days, the protocol's `days`
  uint32_t hour = 0;  // for TIME: 0-23 after the days
  uint32_t minute = 0;
  uint32_t second = 0;
  uint32_t microsecond = 0;
  bool negative = false;  // TIME only

  friend bool operator==(const MysqlTime&, const MysqlTime&) = default;
};

void PutBinaryDateTime(std::string* dst, const MysqlTime& value);
void PutBinaryTime(std::string* dst, const MysqlTime& value);
// False on truncation or a length byte the form does not allow.
bool GetBinaryDateTime(absl::string_view* input, MysqlTime* value);
bool GetBinaryTime(absl::string_view* input, MysqlTime* value);

// Text as MariaDB writes it: "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS[.ffffff]",
// "[-]HHH:MM:SS[.ffffff]" (1 to 6 fraction digits). Field ranges are not checked beyond what the
// binary form can hold: MariaDB stores invalid dates under ALLOW_INVALID_DATES and they must pass.
bool ParseTextDate(absl::string_view text, MysqlTime* value);
bool ParseTextDateTime(absl::string_view text, MysqlTime* value);
bool ParseTextTime(absl::string_view text, MysqlTime* value);

// The text forms back, as SQL literals need them: "2024-01-31", "2024-01-31 12:00:00[.000500]",
// "-838:59:59[.000001]". Microseconds are written (6 digits) only when non-zero.
void AppendDateText(const MysqlTime& value, std::string* out);
void AppendDateTimeText(const MysqlTime& value, std::string* out);
void AppendTimeText(const MysqlTime& value, std::string* out);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_MYSQL_TIME_H_
