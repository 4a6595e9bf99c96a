// Capability flags exchanged in the initial handshake and the handshake response. The session
// negotiates `server & client` and passes the result to every codec that depends on it.
//
// MariaDB reuses bit 0 (MySQL's CLIENT_LONG_PASSWORD) as CLIENT_MYSQL: a MariaDB server leaves it
// clear and then carries 32 extra capability bits in otherwise reserved handshake bytes
// (`mariadb_capabilities` in InitialHandshake and HandshakeResponse41). The proxy advertises none
// of those extra bits, so every MariaDB extension stays off.
#ifndef SHARDPROXY_PROXY_PROTOCOL_CAPABILITY_FLAGS_H_
#define SHARDPROXY_PROXY_PROTOCOL_CAPABILITY_FLAGS_H_

#include <cstdint>

namespace shardproxy {
namespace capability {

inline constexpr uint32_t kLongPassword = 1u << 0;  // CLIENT_MYSQL in MariaDB
inline constexpr uint32_t kFoundRows = 1u << 1;
inline constexpr uint32_t kLongFlag = 1u << 2;
inline constexpr uint32_t kConnectWithDb = 1u << 3;
inline constexpr uint32_t kNoSchema = 1u << 4;
inline constexpr uint32_t kCompress = 1u << 5;
inline constexpr uint32_t kOdbc = 1u << 6;
inline constexpr uint32_t kLocalFiles = 1u << 7;
inline constexpr uint32_t kIgnoreSpace = 1u << 8;
inline constexpr uint32_t kProtocol41 = 1u << 9;
inline constexpr uint32_t kInteractive = 1u << 10;
inline constexpr uint32_t kSsl = 1u << 11;
inline constexpr uint32_t kIgnoreSigpipe = 1u << 12;
inline constexpr uint32_t kTransactions = 1u << 13;
inline constexpr uint32_t kReserved = 1u << 14;
inline constexpr uint32_t kSecureConnection = 1u << 15;  // 4.1 authentication
inline constexpr uint32_t kMultiStatements = 1u << 16;
inline constexpr uint32_t kMultiResults = 1u << 17;
inline constexpr uint32_t kPsMultiResults = 1u << 18;
inline constexpr uint32_t kPluginAuth = 1u << 19;
inline constexpr uint32_t kConnectAttrs = 1u << 20;
inline constexpr uint32_t kPluginAuthLenencClientData = 1u << 21;
inline constexpr uint32_t kCanHandleExpiredPasswords = 1u << 22;
inline constexpr uint32_t kSessionTrack = 1u << 23;
inline constexpr uint32_t kDeprecateEof = 1u << 24;
inline constexpr uint32_t kOptionalResultsetMetadata = 1u << 25;  // MySQL 8; never advertised
inline constexpr uint32_t kZstdCompression = 1u << 26;            // MySQL 8; never advertised
inline constexpr uint32_t kQueryAttributes = 1u << 27;            // MySQL 8; never advertised
inline constexpr uint32_t kMultiFactorAuthentication = 1u << 28;  // MySQL 8; never advertised
inline constexpr uint32_t kSslVerifyServerCert = 1u << 30;
inline constexpr uint32_t kRememberOptions = 1u << 31;

// What the proxy offers to clients: everything it implements, nothing it does not. In particular
// no TLS, no compression, no query attributes (node mysql2 would then prefix every COM_QUERY with
// attribute counts) and no optional result-set metadata. kLongPassword stays clear on purpose:
// MariaDB clients read that as "a MariaDB server" and MySQL clients do not care.
inline constexpr uint32_t kProxyServerCapabilities =
    kFoundRows | kLongFlag | kConnectWithDb | kNoSchema | kOdbc | kIgnoreSpace | kProtocol41 |
    kInteractive | kIgnoreSigpipe | kTransactions | kSecureConnection | kMultiStatements |
    kMultiResults | kPsMultiResults | kPluginAuth | kConnectAttrs | kPluginAuthLenencClientData |
    kCanHandleExpiredPasswords | kSessionTrack | kDeprecateEof;

}  // namespace capability

// MariaDB's extended capabilities (the upper 32 bits of its 64-bit capability word).
namespace mariadb_capability {
inline constexpr uint32_t kProgress = 1u << 0;
inline constexpr uint32_t kComMulti = 1u << 1;
inline constexpr uint32_t kStmtBulkOperations = 1u << 2;
inline constexpr uint32_t kExtendedTypeInfo = 1u << 3;
inline constexpr uint32_t kCacheMetadata = 1u << 4;
}  // namespace mariadb_capability

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_CAPABILITY_FLAGS_H_
