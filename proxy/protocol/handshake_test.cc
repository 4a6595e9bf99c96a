#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/handshake_response.h"
#include "proxy/protocol/initial_handshake.h"
#include "proxy/protocol/native_password.h"
#include "proxy/protocol/server_status.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

constexpr absl::string_view kMariaDbVersion = "5.5.5-10.11.19-MariaDB-0+deb12u1";

TEST(InitialHandshakeTest, DecodesAndReproducesMariaDbGreeting) {
  const std::string greeting = Golden("handshake_and_ok_modern").FromServer()[0];
  absl::StatusOr<InitialHandshake> h = DecodeInitialHandshake(greeting);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->protocol_version, 10);
  EXPECT_EQ(h->server_version, kMariaDbVersion);
  EXPECT_EQ(h->connection_id, 6u);
  EXPECT_EQ(h->auth_plugin_data.size(), kScrambleLength);
  EXPECT_EQ(h->capabilities, 0x81fff7feu);
  EXPECT_FALSE(h->capabilities & capability::kLongPassword) << "MariaDB leaves CLIENT_MYSQL clear";
  EXPECT_EQ(h->mariadb_capabilities, 0x1du);
  EXPECT_EQ(h->character_set, 45);
  EXPECT_EQ(h->status_flags, server_status::kAutocommit);
  EXPECT_EQ(h->auth_plugin_name, kNativePasswordPlugin);

  std::string encoded;
  EncodeInitialHandshake(*h, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(greeting));

  ExpectEveryTruncationFails(greeting,
                             [](absl::string_view p) { return DecodeInitialHandshake(p); });
}

TEST(InitialHandshakeTest, ProxyGreetingRoundTrips) {
  InitialHandshake h;
  h.server_version = std::string(kMariaDbVersion);
  h.connection_id = 0x01020304;
  h.auth_plugin_data = "abcdefghijklmnopqrst";
  h.capabilities = capability::kProxyServerCapabilities;
  h.character_set = 45;
  h.status_flags = server_status::kAutocommit;
  h.auth_plugin_name = std::string(kNativePasswordPlugin);
  std::string encoded;
  EncodeInitialHandshake(h, &encoded);
  absl::StatusOr<InitialHandshake> decoded = DecodeInitialHandshake(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, h);
  // Scramble in two parts: 8 bytes after the connection id, 12 + NUL after the reserved bytes.
  const size_t v = h.server_version.size() + 2;
  EXPECT_EQ(encoded.substr(v + 4, 8), "abcdefgh");
  EXPECT_EQ(encoded[v + 12], '\0');
  EXPECT_EQ(static_cast<uint8_t>(encoded[v + 12 + 8]), 21) << "auth data length";
  EXPECT_NE(encoded.find(std::string("ijklmnopqrst\0", 13)), std::string::npos);
}

TEST(InitialHandshakeTest, WrongProtocolVersionIsAnError) {
  std::string greeting = Golden("handshake_and_ok_modern").FromServer()[0];
  greeting[0] = 9;
  EXPECT_FALSE(DecodeInitialHandshake(greeting).ok());
}

TEST(InitialHandshakeTest, ScramblesAreFreshAndPrintable) {
  absl::StatusOr<std::string> a = GenerateScramble();
  absl::StatusOr<std::string> b = GenerateScramble();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), kScrambleLength);
  EXPECT_NE(*a, *b);
  for (char c : *a + *b) {
    EXPECT_NE(c, '\0');
    EXPECT_NE(c, '$');
    EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  }
}

struct ClientCase {
  const char* exchange;
  const char* user;
  const char* database;
  const char* client_name;  // value of the _client_name attribute
};

// Responses of real clients and of the capture script, against MariaDB's own handshake.
const ClientCase kClients[] = {
    {"client_mariadb_cli", "golden_user", "golden", "libmariadb"},
    {"client_pymysql", "golden_user", "golden", "pymysql"},
    {"client_mysqldb", "golden_user", "golden", "libmariadb"},
    {"client_connector_c_prepared", "golden_user", "golden", "libmariadb"},
    {"native_password_user_modern", "golden_user", "", "capture_golden"},
    {"handshake_and_ok_legacy", "root", "golden", "capture_golden"},
};

TEST(HandshakeResponseTest, DecodesRealClientsAndVerifiesTheirPasswords) {
  for (const ClientCase& c : kClients) {
    SCOPED_TRACE(c.exchange);
    const auto& exchange = Golden(c.exchange);
    absl::StatusOr<InitialHandshake> greeting = DecodeInitialHandshake(exchange.FromServer()[0]);
    ASSERT_TRUE(greeting.ok()) << greeting.status();
    const std::string payload = exchange.FromClient()[0];
    absl::StatusOr<HandshakeResponse41> r =
        DecodeHandshakeResponse41(payload, greeting->capabilities);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->username, c.user);
    EXPECT_EQ(r->database, c.database);
    EXPECT_EQ(r->auth_plugin_name, kNativePasswordPlugin);
    EXPECT_EQ(r->capabilities & greeting->capabilities, exchange.capabilities);
    bool found = false;
    for (const auto& [key, value] : r->connect_attributes) {
      if (key == "_client_name") found = (value == c.client_name);
    }
    EXPECT_TRUE(found) << "no _client_name=" << c.client_name;
    const std::string password = std::string(c.user) == "root" ? "" : "s3cret";
    EXPECT_TRUE(
        VerifyNativePasswordPlaintext(greeting->auth_plugin_data, password, r->auth_response));
    EXPECT_FALSE(
        VerifyNativePasswordPlaintext(greeting->auth_plugin_data, "other", r->auth_response));

    // Every field is where the encoder puts it.
    HandshakeResponse41 clean = *r;
    clean.capabilities = r->capabilities & greeting->capabilities;
    if (clean.capabilities == r->capabilities) {
      std::string encoded;
      EncodeHandshakeResponse41(*r, &encoded);
      EXPECT_EQ(Hex(encoded), Hex(payload));
    }
  }
}

TEST(HandshakeResponseTest, ConnectorCSendsMariaDbExtendedCapabilities) {
  const auto& exchange = Golden("client_mariadb_cli");
  absl::StatusOr<HandshakeResponse41> r =
      DecodeHandshakeResponse41(exchange.FromClient()[0], 0xffffffff);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->capabilities & capability::kLongPassword);
  EXPECT_EQ(r->mariadb_capabilities, 0x1du);
}

TEST(HandshakeResponseTest, WrongPasswordDoesNotVerify) {
  const auto& exchange = Golden("wrong_password_modern");
  absl::StatusOr<InitialHandshake> greeting = DecodeInitialHandshake(exchange.FromServer()[0]);
  ASSERT_TRUE(greeting.ok());
  absl::StatusOr<HandshakeResponse41> r =
      DecodeHandshakeResponse41(exchange.FromClient()[0], greeting->capabilities);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(
      VerifyNativePasswordPlaintext(greeting->auth_plugin_data, "s3cret", r->auth_response));
  EXPECT_TRUE(VerifyNativePasswordPlaintext(greeting->auth_plugin_data, "wrong", r->auth_response));
}

HandshakeResponse41 FullResponse() {
  HandshakeResponse41 r;
  r.capabilities = capability::kProtocol41 | capability::kSecureConnection |
                   capability::kPluginAuth | capability::kPluginAuthLenencClientData |
                   capability::kConnectWithDb | capability::kConnectAttrs |
                   capability::kDeprecateEof | capability::kSessionTrack;
  r.max_packet_size = 1 << 24;
  r.character_set = 45;
  r.mariadb_capabilities = 0x1d;
  r.username = "app";
  r.auth_response = std::string(20, '\x11');
  r.database = "shop";
  r.auth_plugin_name = "mysql_native_password";
  r.connect_attributes = {{"_client_name", "test"}, {"program_name", std::string(300, 'p')}};
  return r;
}

TEST(HandshakeResponseTest, RoundTripsEveryOptionalField) {
  const HandshakeResponse41 r = FullResponse();
  std::string encoded;
  EncodeHandshakeResponse41(r, &encoded);
  absl::StatusOr<HandshakeResponse41> decoded =
      DecodeHandshakeResponse41(encoded, capability::kProxyServerCapabilities);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, r);
}

TEST(HandshakeResponseTest, TruncationFailsExceptWhereTrailingFieldsAreOptional) {
  HandshakeResponse41 r = FullResponse();
  std::string full, without_attrs, without_plugin;
  EncodeHandshakeResponse41(r, &full);
  r.capabilities &= ~capability::kConnectAttrs;
  EncodeHandshakeResponse41(r, &without_attrs);
  r.capabilities &= ~capability::kPluginAuth;
  EncodeHandshakeResponse41(r, &without_plugin);
  auto decode = [](absl::string_view p) {
    return DecodeHandshakeResponse41(p, capability::kProxyServerCapabilities);
  };
  ExpectEveryTruncationFails(full, decode, {without_plugin.size(), without_attrs.size()});

  absl::StatusOr<HandshakeResponse41> no_plugin = decode(full.substr(0, without_plugin.size()));
  ASSERT_TRUE(no_plugin.ok());
  EXPECT_EQ(no_plugin->auth_plugin_name, "");
  EXPECT_TRUE(no_plugin->connect_attributes.empty());
  absl::StatusOr<HandshakeResponse41> no_attrs = decode(full.substr(0, without_attrs.size()));
  ASSERT_TRUE(no_attrs.ok());
  EXPECT_EQ(no_attrs->auth_plugin_name, "mysql_native_password");
  EXPECT_TRUE(no_attrs->connect_attributes.empty());
}

TEST(HandshakeResponseTest, AuthResponseWithoutLenencCapability) {
  HandshakeResponse41 r = FullResponse();
  r.capabilities &= ~capability::kPluginAuthLenencClientData;
  std::string encoded;
  EncodeHandshakeResponse41(r, &encoded);
  absl::StatusOr<HandshakeResponse41> decoded =
      DecodeHandshakeResponse41(encoded, capability::kProxyServerCapabilities);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->auth_response, r.auth_response);
  EXPECT_EQ(decoded->database, "shop");
}

TEST(HandshakeResponseTest, FieldsTheServerDidNotOfferAreNotRead) {
  // The client claims CONNECT_WITH_DB but the server did not offer it: like MySQL, the decoder
  // reads no database (the client would not have written one).
  HandshakeResponse41 r = FullResponse();
  r.capabilities &= ~(capability::kConnectAttrs | capability::kConnectWithDb);
  std::string encoded;
  EncodeHandshakeResponse41(r, &encoded);
  absl::StatusOr<HandshakeResponse41> decoded = DecodeHandshakeResponse41(
      encoded, capability::kProxyServerCapabilities & ~capability::kConnectWithDb);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->database, "");
  EXPECT_EQ(decoded->auth_plugin_name, "mysql_native_password");
}

TEST(HandshakeResponseTest, SslRequestIsDetectedAndRefused) {
  std::string ssl_request =
      Bytes("0caa3e01 00000001 2d 0000000000000000000000000000000000000000000000");
  ASSERT_EQ(ssl_request.size(), kSslRequestLength);
  EXPECT_TRUE(IsSslRequest(ssl_request));
  absl::StatusOr<HandshakeResponse41> r =
      DecodeHandshakeResponse41(ssl_request, capability::kProxyServerCapabilities);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ToMysqlError(r.status()).code, mysql_errc::kHandshakeError);
  EXPECT_EQ(ToMysqlError(r.status()).sqlstate, "08S01");

  std::string plain;
  EncodeHandshakeResponse41(FullResponse(), &plain);
  EXPECT_FALSE(IsSslRequest(plain));
}

TEST(HandshakeResponseTest, ClientWithoutProtocol41IsRefused) {
  HandshakeResponse41 r = FullResponse();
  r.capabilities &= ~capability::kProtocol41;
  std::string encoded;
  EncodeHandshakeResponse41(r, &encoded);
  absl::StatusOr<HandshakeResponse41> decoded =
      DecodeHandshakeResponse41(encoded, capability::kProxyServerCapabilities);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(ToMysqlError(decoded.status()).code, mysql_errc::kHandshakeError);
}

TEST(HandshakeResponseTest, BadAttributesAreAnError) {
  HandshakeResponse41 r = FullResponse();
  std::string full, without_attrs;
  EncodeHandshakeResponse41(r, &full);
  r.capabilities &= ~capability::kConnectAttrs;
  EncodeHandshakeResponse41(r, &without_attrs);
  // The block's length says one byte more than the pairs hold: the last pair's value is cut.
  std::string longer = full + "x";
  ASSERT_EQ(static_cast<uint8_t>(longer[without_attrs.size()]), 0xfc);
  longer[without_attrs.size() + 1] = static_cast<char>(longer[without_attrs.size() + 1] + 1);
  EXPECT_FALSE(DecodeHandshakeResponse41(longer, capability::kProxyServerCapabilities).ok());
}

}  // namespace
}  // namespace shardproxy
