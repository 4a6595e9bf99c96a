#include "proxy/protocol/protocol_error.h"

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::Status MalformedPacketError(absl::string_view what) {
  return MysqlStatus(mysql_errc::kMalformedPacket, "HY000",
                     absl::StrCat("Malformed communication packet (", what, ")"));
}

absl::Status BadHandshakeError(absl::string_view what) {
  return MysqlStatus(mysql_errc::kHandshakeError, "08S01",
                     absl::StrCat("Bad handshake (", what, ")"));
}

absl::Status PacketsOutOfOrderError(uint8_t expected, uint8_t actual) {
  return MysqlStatus(mysql_errc::kNetPacketsOutOfOrder, "08S01",
                     absl::StrCat("Got packets out of order (expected sequence id ", expected,
                                  ", got ", actual, ")"));
}

absl::Status PacketTooLargeError(uint64_t size, uint64_t limit) {
  return MysqlStatus(mysql_errc::kNetPacketTooLarge, "08S01",
                     absl::StrCat("Got a packet bigger than 'max_allowed_packet' bytes (", size,
                                  " > ", limit, ")"));
}

absl::Status AccessDeniedError(absl::string_view user, absl::string_view host,
                               bool using_password) {
  return MysqlStatus(mysql_errc::kAccessDenied, "28000",
                     absl::StrCat("Access denied for user '", user, "'@'", host,
                                  "' (using password: ", using_password ? "YES" : "NO", ")"));
}

absl::Status UnknownCommandError(uint8_t command) {
  // MariaDB's exact text: clients and tests match on it.
  return MysqlStatus(mysql_errc::kUnknownCommand, "08S01", "Unknown command");
}

}  // namespace shardproxy
