#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/com_change_user.h"
#include "proxy/protocol/com_field_list.h"
#include "proxy/protocol/com_init_db.h"
#include "proxy/protocol/com_process_kill.h"
#include "proxy/protocol/com_query.h"
#include "proxy/protocol/com_set_option.h"
#include "proxy/protocol/com_stmt_close.h"
#include "proxy/protocol/com_stmt_fetch.h"
#include "proxy/protocol/com_stmt_prepare.h"
#include "proxy/protocol/com_stmt_reset.h"
#include "proxy/protocol/com_stmt_send_long_data.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/initial_handshake.h"
#include "proxy/protocol/native_password.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

// The first client packet of a golden exchange whose command byte is `command`.
std::string ClientCommand(absl::string_view exchange, Command command) {
  for (const std::string& payload : Golden(exchange).FromClient()) {
    if (!payload.empty() && static_cast<uint8_t>(payload[0]) == static_cast<uint8_t>(command)) {
      return payload;
    }
  }
  ADD_FAILURE() << "no " << CommandName(static_cast<uint8_t>(command)) << " in " << exchange;
  return std::string();
}

template <typename T, typename Decode, typename Encode>
void ExpectRoundTrip(const std::string& bytes, Decode decode, Encode encode, const T& expected) {
  absl::StatusOr<T> decoded = decode(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, expected);
  std::string encoded;
  encode(*decoded, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(bytes));
}

TEST(CommandTest, CommandOfAndNames) {
  EXPECT_EQ(*CommandOf("\x03select 1"), 0x03);
  EXPECT_FALSE(CommandOf("").ok());
  EXPECT_EQ(CommandName(0x03), "COM_QUERY");
  EXPECT_EQ(CommandName(0x17), "COM_STMT_EXECUTE");
  EXPECT_EQ(CommandName(0x1f), "COM_RESET_CONNECTION");
  EXPECT_EQ(CommandName(0x40), "COM_UNKNOWN");
  std::string ping;
  EncodeSimpleCommand(Command::kPing, &ping);
  EXPECT_EQ(ping, "\x0e");
  EXPECT_EQ(Hex(ClientCommand("reset_connection_modern", Command::kResetConnection)), "1f");
}

TEST(CommandTest, StatementIdOf) {
  EXPECT_EQ(*StatementIdOf(ClientCommand("client_connector_c_prepared", Command::kStmtExecute)),
            3u);
  EXPECT_FALSE(StatementIdOf("\x17\x01\x02\x03").ok());
}

TEST(ComQueryTest, FromRealClients) {
  const auto decode = [](absl::string_view p) { return DecodeComQuery(p, 0); };
  const std::string bytes = ClientCommand("client_mariadb_cli", Command::kQuery);
  ExpectRoundTrip(bytes, decode, EncodeComQuery, ComQuery{"select @@version_comment limit 1"});
  ExpectEveryTruncationFails(bytes.substr(0, 1), decode);
  // Empty query text is a valid packet; the session answers 1065 (empty query).
  EXPECT_EQ(DecodeComQuery("\x03", 0)->query, "");
  EXPECT_FALSE(DecodeComQuery("\x16select 1", 0).ok());
}

TEST(ComInitDbTest, FromTheWire) {
  const auto decode = [](absl::string_view p) { return DecodeComInitDb(p, 0); };
  ExpectRoundTrip(ClientCommand("init_db_session_track_modern", Command::kInitDb), decode,
                  EncodeComInitDb, ComInitDb{"golden"});
  EXPECT_FALSE(decode("").ok());
}

TEST(ComFieldListTest, FromTheWire) {
  const auto decode = [](absl::string_view p) { return DecodeComFieldList(p, 0); };
  const std::string bytes = ClientCommand("field_list_modern", Command::kFieldList);
  ExpectRoundTrip(bytes, decode, EncodeComFieldList, ComFieldList{"t_all", ""});
  ExpectRoundTrip(std::string("\x04t\0c%", 5), decode, EncodeComFieldList, ComFieldList{"t", "c%"});
  ExpectEveryTruncationFails(bytes, decode);
}

TEST(ComSetOptionTest, FromTheWire) {
  const auto decode = [](absl::string_view p) { return DecodeComSetOption(p, 0); };
  const std::string bytes =
      ClientCommand("set_option_multi_statements_off_modern", Command::kSetOption);
  ExpectRoundTrip(bytes, decode, EncodeComSetOption, ComSetOption{kSetOptionMultiStatementsOff});
  ExpectEveryTruncationFails(bytes, decode);
  EXPECT_FALSE(decode(bytes + "x").ok());
}

TEST(ComProcessKillTest, RoundTrip) {
  const auto decode = [](absl::string_view p) { return DecodeComProcessKill(p, 0); };
  ExpectRoundTrip(std::string("\x0c\x2a\x00\x00\x01", 5), decode, EncodeComProcessKill,
                  ComProcessKill{0x0100002a});
  ExpectEveryTruncationFails(std::string("\x0c\x2a\x00\x00\x01", 5), decode);
}

TEST(ComStmtPrepareTest, FromConnectorC) {
  const auto decode = [](absl::string_view p) { return DecodeComStmtPrepare(p, 0); };
  const std::string bytes = ClientCommand("client_connector_c_prepared", Command::kStmtPrepare);
  ExpectRoundTrip(bytes, decode, EncodeComStmtPrepare,
                  ComStmtPrepare{"select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"});
}

TEST(ComStmtCloseResetFetchTest, FromConnectorC) {
  const std::string close = ClientCommand("client_connector_c_prepared", Command::kStmtClose);
  const auto decode_close = [](absl::string_view p) { return DecodeComStmtClose(p, 0); };
  ExpectRoundTrip(close, decode_close, EncodeComStmtClose, ComStmtClose{3});
  ExpectEveryTruncationFails(close, decode_close);

  const std::string reset = ClientCommand("client_connector_c_prepared", Command::kStmtReset);
  const auto decode_reset = [](absl::string_view p) { return DecodeComStmtReset(p, 0); };
  ExpectRoundTrip(reset, decode_reset, EncodeComStmtReset, ComStmtReset{3});
  ExpectEveryTruncationFails(reset, decode_reset);
  EXPECT_FALSE(decode_reset(close).ok()) << "command byte is checked";

  const std::string fetch = ClientCommand("client_connector_c_prepared", Command::kStmtFetch);
  const auto decode_fetch = [](absl::string_view p) { return DecodeComStmtFetch(p, 0); };
  ExpectRoundTrip(fetch, decode_fetch, EncodeComStmtFetch, ComStmtFetch{4, 2});
  ExpectEveryTruncationFails(fetch, decode_fetch);
}

TEST(ComStmtSendLongDataTest, FromConnectorC) {
  const auto decode = [](absl::string_view p) { return DecodeComStmtSendLongData(p, 0); };
  const std::string bytes =
      ClientCommand("client_connector_c_prepared", Command::kStmtSendLongData);
  ExpectRoundTrip(bytes, decode, EncodeComStmtSendLongData, ComStmtSendLongData{3, 15, "long "});
  ExpectEveryTruncationFails(bytes.substr(0, 7), decode);
}

TEST(ComChangeUserTest, FromConnectorC) {
  const auto& exchange = Golden("client_connector_c_prepared");
  const std::string bytes = ClientCommand("client_connector_c_prepared", Command::kChangeUser);
  const uint32_t caps = exchange.capabilities;
  absl::StatusOr<ComChangeUser> change = DecodeComChangeUser(bytes, caps);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->username, "golden_user");
  EXPECT_EQ(change->database, "golden");
  EXPECT_EQ(change->character_set, 45);
  EXPECT_EQ(change->auth_plugin_name, kNativePasswordPlugin);
  EXPECT_EQ(change->auth_response.size(), 20u);
  ASSERT_FALSE(change->connect_attributes.empty());
  EXPECT_EQ(change->connect_attributes[0].first, "_os");
  std::string encoded;
  EncodeComChangeUser(*change, caps, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(bytes));

  // The character set, the plugin and the attributes may each end the packet; nothing else may.
  ComChangeUser c = *change;
  std::string no_attrs, no_plugin;
  EncodeComChangeUser(c, caps & ~capability::kConnectAttrs, &no_attrs);
  EncodeComChangeUser(c, caps & ~(capability::kConnectAttrs | capability::kPluginAuth), &no_plugin);
  const size_t no_charset = no_plugin.size() - 2;
  ExpectEveryTruncationFails(bytes,
                             [caps](absl::string_view p) { return DecodeComChangeUser(p, caps); },
                             {no_charset, no_plugin.size(), no_attrs.size()});
  absl::StatusOr<ComChangeUser> short_one =
      DecodeComChangeUser(absl::string_view(bytes).substr(0, no_charset), caps);
  ASSERT_TRUE(short_one.ok());
  EXPECT_EQ(short_one->character_set, 0);
  EXPECT_EQ(short_one->database, "golden");
}

TEST(ComChangeUserTest, WithoutSecureConnection) {
  ComChangeUser c;
  c.username = "u";
  c.auth_response = "old";
  c.database = "d";
  c.character_set = 8;
  std::string encoded;
  EncodeComChangeUser(c, capability::kProtocol41, &encoded);
  absl::StatusOr<ComChangeUser> decoded = DecodeComChangeUser(encoded, capability::kProtocol41);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, c);
}

}  // namespace
}  // namespace shardproxy
