#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/auth_switch.h"
#include "proxy/protocol/caching_sha2_password.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/handshake_response.h"
#include "proxy/protocol/initial_handshake.h"
#include "proxy/protocol/native_password.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

std::string ScrambleOf(const testing::GoldenExchange& exchange) {
  absl::StatusOr<InitialHandshake> h = DecodeInitialHandshake(exchange.FromServer()[0]);
  EXPECT_TRUE(h.ok());
  return h.ok() ? h->auth_plugin_data : std::string();
}

TEST(NativePasswordTest, ReproducesWhatARealClientSent) {
  const auto& exchange = Golden("client_pymysql");
  absl::StatusOr<HandshakeResponse41> r =
      DecodeHandshakeResponse41(exchange.FromClient()[0], 0xffffffff);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Hex(ScrambleNativePassword(ScrambleOf(exchange), "s3cret")), Hex(r->auth_response));
}

TEST(NativePasswordTest, HashMatchesMariaDbPasswordFunction) {
  // SELECT PASSWORD('123456') on MariaDB.
  absl::StatusOr<NativePasswordHash> parsed =
      ParseNativePasswordHash("*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, NativePasswordHashOf("123456"));
  EXPECT_TRUE(ParseNativePasswordHash("*6bb4837eb74329105ee4568dda7dc67ed2ca2ad9").ok());
  EXPECT_FALSE(ParseNativePasswordHash("6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9").ok());
  EXPECT_FALSE(ParseNativePasswordHash("*6BB4837EB74329105EE4568DDA7DC67ED2CA2AZ9").ok());
  EXPECT_FALSE(ParseNativePasswordHash("*6BB4837EB74329105EE4568DDA7DC67ED2CA2A").ok());
}

TEST(NativePasswordTest, VerifiesWithTheStoredHashOnly) {
  const std::string scramble = "01234567890123456789";
  const std::string response = ScrambleNativePassword(scramble, "p@ss");
  EXPECT_EQ(response.size(), 20u);
  EXPECT_TRUE(VerifyNativePassword(scramble, NativePasswordHashOf("p@ss"), response));
  EXPECT_FALSE(VerifyNativePassword(scramble, NativePasswordHashOf("p@sS"), response));
  EXPECT_FALSE(
      VerifyNativePassword("01234567890123456780", NativePasswordHashOf("p@ss"), response));
  EXPECT_FALSE(VerifyNativePassword(scramble, NativePasswordHashOf("p@ss"), response.substr(1)));
  EXPECT_FALSE(VerifyNativePassword(scramble, NativePasswordHashOf("p@ss"), ""));
}

TEST(NativePasswordTest, EmptyPasswordIsAnEmptyResponse) {
  const std::string scramble = "01234567890123456789";
  EXPECT_EQ(ScrambleNativePassword(scramble, ""), "");
  EXPECT_TRUE(VerifyNativePasswordPlaintext(scramble, "", ""));
  EXPECT_FALSE(VerifyNativePasswordPlaintext(scramble, "", std::string(20, 'x')));
  EXPECT_FALSE(VerifyNativePasswordPlaintext(scramble, "secret", ""));
}

TEST(AuthSwitchTest, MariaDbSwitchesACachingSha2ClientToNativePassword) {
  const auto& exchange = Golden("auth_switch_modern");
  const std::string scramble = ScrambleOf(exchange);
  const std::string request_bytes = exchange.FromServer()[1];
  absl::StatusOr<AuthSwitchRequest> request =
      DecodeAuthSwitchRequest(request_bytes, exchange.capabilities);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->plugin_name, kNativePasswordPlugin);
  EXPECT_EQ(request->plugin_data, scramble + std::string(1, '\0'));

  std::string encoded;
  EncodeAuthSwitchRequest(AuthSwitchRequestFor(kNativePasswordPlugin, scramble), &encoded);
  EXPECT_EQ(Hex(encoded), Hex(request_bytes));

  // The client's answer (sequence id 3) verifies against the same scramble.
  const std::string answer = exchange.FromClient()[1];
  absl::StatusOr<AuthSwitchResponse> response =
      DecodeAuthSwitchResponse(answer, exchange.capabilities);
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(VerifyNativePasswordPlaintext(scramble, "s3cret", response->auth_data));
  std::string reencoded;
  EncodeAuthSwitchResponse(*response, &reencoded);
  EXPECT_EQ(reencoded, answer);

  ExpectEveryTruncationFails(
      request_bytes.substr(0, 1 + kNativePasswordPlugin.size() + 1),
      [&](absl::string_view p) { return DecodeAuthSwitchRequest(p, exchange.capabilities); });
  EXPECT_FALSE(DecodeAuthSwitchRequest("\x01mysql", 0).ok());
}

TEST(AuthMoreDataTest, FastAuthSuccessIsTwoBytes) {
  std::string encoded;
  EncodeAuthMoreData(AuthMoreData{std::string(1, kCachingSha2FastAuthSuccess)}, &encoded);
  EXPECT_EQ(Hex(encoded), "01 03");
  absl::StatusOr<AuthMoreData> decoded = DecodeAuthMoreData(encoded, 0);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->data, "\x03");
  EXPECT_FALSE(DecodeAuthMoreData("", 0).ok());
  EXPECT_FALSE(DecodeAuthMoreData("\x02\x03", 0).ok());
}

TEST(CachingSha2PasswordTest, MatchesAnIndependentComputation) {
  // XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + scramble)) computed with Python's hashlib for
  // scramble 01..14 and password "s3cret".
  std::string scramble;
  for (int i = 1; i <= 20; ++i) scramble.push_back(static_cast<char>(i));
  const std::string expected =
      Bytes("3f3a9a7786fd9be9a006eed686b4e6b76484fdc06dc15685df5f8793574b84fc");
  EXPECT_EQ(Hex(ScrambleCachingSha2Password(scramble, "s3cret")), Hex(expected));
  EXPECT_TRUE(VerifyCachingSha2Password(scramble, "s3cret", expected));
  EXPECT_FALSE(VerifyCachingSha2Password(scramble, "s3cre", expected));
  EXPECT_FALSE(VerifyCachingSha2Password(scramble, "s3cret", expected.substr(0, 31)));
  EXPECT_TRUE(VerifyCachingSha2Password(scramble, "", ""));
  EXPECT_FALSE(VerifyCachingSha2Password(scramble, "", expected));
  EXPECT_FALSE(VerifyCachingSha2Password(scramble, "s3cret", ""));
}

TEST(CachingSha2PasswordTest, FullAuthErrorIsAccessDenied) {
  MysqlError error = ToMysqlError(CachingSha2FullAuthUnavailableError("app", "10.0.0.1"));
  EXPECT_EQ(error.code, mysql_errc::kAccessDenied);
  EXPECT_EQ(error.sqlstate, "28000");
  EXPECT_NE(error.message.find("'app'@'10.0.0.1'"), std::string::npos);
  EXPECT_NE(error.message.find("TLS"), std::string::npos);
}

TEST(AccessDeniedTest, ReproducesMariaDbErrBytes) {
  const auto& exchange = Golden("wrong_password_modern");
  std::string encoded;
  EncodeErrPacketFromStatus(AccessDeniedError("golden_user", "127.0.0.1", true),
                            exchange.capabilities, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(exchange.FromServer()[1]));
}

}  // namespace
}  // namespace shardproxy
