// Server status flags carried by OK and EOF packets and the initial handshake. The session owns
// the truth (in a transaction? autocommit?) and stamps it on every OK/EOF it writes.
#ifndef SHARDPROXY_PROXY_PROTOCOL_SERVER_STATUS_H_
#define SHARDPROXY_PROXY_PROTOCOL_SERVER_STATUS_H_

#include <cstdint>

namespace shardproxy {
namespace server_status {

inline constexpr uint16_t kInTransaction = 0x0001;
inline constexpr uint16_t kAutocommit = 0x0002;
inline constexpr uint16_t kMoreResultsExist = 0x0008;  // another result set follows this one
inline constexpr uint16_t kNoGoodIndexUsed = 0x0010;
inline constexpr uint16_t kNoIndexUsed = 0x0020;
inline constexpr uint16_t kCursorExists = 0x0040;
inline constexpr uint16_t kLastRowSent = 0x0080;
inline constexpr uint16_t kDatabaseDropped = 0x0100;
inline constexpr uint16_t kNoBackslashEscapes = 0x0200;
inline constexpr uint16_t kMetadataChanged = 0x0400;
inline constexpr uint16_t kQueryWasSlow = 0x0800;
inline constexpr uint16_t kPsOutParams = 0x1000;
inline constexpr uint16_t kInTransactionReadOnly = 0x2000;
inline constexpr uint16_t kSessionStateChanged = 0x4000;  // session-state info follows in OK

}  // namespace server_status
}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_SERVER_STATUS_H_
