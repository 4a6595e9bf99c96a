// Structured log lines on stderr, one per event, in logfmt:
//   ts=2026-11-25T06:44:15.123Z level=warn comp=pool msg="data source ds1 unreachable" ds=ds1
// Passwords never go into a log line: pass configuration objects through their redacting printers.
#ifndef SHARDPROXY_COMMON_LOG_H_
#define SHARDPROXY_COMMON_LOG_H_

#include "absl/strings/string_view.h"

#include "absl/strings/str_cat.h"

namespace shardproxy {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Parses "debug", "info", "warn"/"warning", "error". Returns false for anything else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

inline bool LogEnabled(LogLevel level) { return level >= GetLogLevel(); }

// Writes one line. `fields` is appended verbatim after msg= (already logfmt, may be empty).
void WriteLogLine(LogLevel level, absl::string_view component, absl::string_view message,
                  absl::string_view fields = {});

}  // namespace shardproxy

// SP_LOG(kInfo, "proxy", "listening on ", host, ":", port);
// The message is only formatted when the level is enabled.
#define SP_LOG(level, component, ...)                                                    \
  do {                                                                                   \
    if (::shardproxy::LogEnabled(::shardproxy::LogLevel::level)) {                       \
      ::shardproxy::WriteLogLine(::shardproxy::LogLevel::level, component,               \
                                 ::absl::StrCat(__VA_ARGS__));                           \
    }                                                                                    \
  } while (0)

#endif  // SHARDPROXY_COMMON_LOG_H_
