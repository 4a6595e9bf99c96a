#include <string>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/coding.h"
#include "proxy/protocol/eof_packet.h"
#include "proxy/protocol/err_packet.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/ok_packet.h"
#include "proxy/protocol/protocol_error.h"
#include "proxy/protocol/server_status.h"
#include "proxy/protocol/session_state.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;

// The last server packet of a golden exchange.
std::string LastFromServer(absl::string_view name) { return Golden(name).FromServer().back(); }

void ExpectOkRoundTrip(absl::string_view name, const OkPacket& expected) {
  SCOPED_TRACE(name);
  const uint32_t caps = Golden(name).capabilities;
  const std::string bytes = LastFromServer(name);
  absl::StatusOr<OkPacket> ok = DecodeOkPacket(bytes, caps);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->affected_rows, expected.affected_rows);
  EXPECT_EQ(ok->last_insert_id, expected.last_insert_id);
  EXPECT_EQ(ok->status_flags, expected.status_flags);
  EXPECT_EQ(ok->warnings, expected.warnings);
  EXPECT_EQ(ok->info, expected.info);
  EXPECT_EQ(Hex(ok->session_state_changes), Hex(expected.session_state_changes));
  std::string encoded;
  if (bytes[0] == '\xfe') {
    EncodeOkPacketAsEof(expected, caps, &encoded);
  } else {
    EncodeOkPacket(expected, caps, &encoded);
  }
  EXPECT_EQ(Hex(encoded), Hex(bytes));
  // A prefix that ends right after status and warnings is a complete OK of its own (without
  // info); every other prefix must fail.
  const size_t without_info = 1 + LengthEncodedIntSize(expected.affected_rows) +
                              LengthEncodedIntSize(expected.last_insert_id) + 4;
  ExpectEveryTruncationFails(bytes, [caps](absl::string_view p) { return DecodeOkPacket(p, caps); },
                             {without_info});
  if (bytes.size() > without_info) {
    absl::StatusOr<OkPacket> shorter = DecodeOkPacket(bytes.substr(0, without_info), caps);
    ASSERT_TRUE(shorter.ok());
    EXPECT_EQ(shorter->info, "");
  }
}

TEST(OkPacketTest, PlainOk) {
  OkPacket ok;
  ok.status_flags = server_status::kAutocommit;
  ExpectOkRoundTrip("do_1_ok_modern", ok);
  ExpectOkRoundTrip("handshake_and_ok_legacy", ok);
}

TEST(OkPacketTest, InTransactionWithAutocommitOff) {
  OkPacket ok;
  ok.status_flags = server_status::kInTransaction;
  ExpectOkRoundTrip("begin_in_transaction_modern", ok);
}

TEST(OkPacketTest, InfoStringFromUpdate) {
  OkPacket ok;
  ok.affected_rows = 2;
  ok.status_flags = server_status::kInTransaction;
  ok.info = "Rows matched: 2  Changed: 2  Warnings: 0";
  ExpectOkRoundTrip("update_info_modern", ok);

  // Without CLIENT_SESSION_TRACK the info is still length-encoded.
  OkPacket legacy;
  legacy.status_flags = server_status::kAutocommit;
  legacy.info = "Rows matched: 1  Changed: 0  Warnings: 0";
  ExpectOkRoundTrip("update_info_legacy", legacy);
}

TEST(OkPacketTest, LastInsertIdAndInfoFromInsert) {
  OkPacket ok;
  ok.affected_rows = 2;
  ok.last_insert_id = 4;
  ok.status_flags = server_status::kInTransaction;
  ok.info = "Records: 2  Duplicates: 0  Warnings: 0";
  ExpectOkRoundTrip("insert_info_last_id_modern", ok);
}

TEST(OkPacketTest, SchemaChangeIsTracked) {
  std::string changes;
  PutSessionTrackSchema(&changes, "golden");
  OkPacket ok;
  ok.status_flags = server_status::kAutocommit | server_status::kSessionStateChanged;
  ok.session_state_changes = changes;
  ExpectOkRoundTrip("init_db_session_track_modern", ok);

  absl::StatusOr<std::vector<SessionStateItem>> items = DecodeSessionStateChanges(changes);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].type, SessionTrackType::kSchema);
  absl::StatusOr<absl::string_view> schema = DecodeSessionTrackString((*items)[0].data);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(*schema, "golden");
}

TEST(OkPacketTest, SystemVariableChangeIsTracked) {
  std::string changes;
  PutSessionTrackSystemVariable(&changes, "autocommit", "OFF");
  OkPacket ok;
  ok.status_flags = server_status::kSessionStateChanged;
  ok.session_state_changes = changes;
  ExpectOkRoundTrip("set_autocommit_session_track_modern", ok);

  absl::StatusOr<std::vector<SessionStateItem>> items = DecodeSessionStateChanges(changes);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  absl::string_view name, value;
  ASSERT_TRUE(DecodeSessionTrackSystemVariable((*items)[0].data, &name, &value).ok());
  EXPECT_EQ(name, "autocommit");
  EXPECT_EQ(value, "OFF");
}

TEST(OkPacketTest, SessionStateIsDroppedWithoutSessionTrack) {
  std::string changes;
  PutSessionTrackSchema(&changes, "db");
  OkPacket ok;
  ok.status_flags = server_status::kAutocommit | server_status::kSessionStateChanged;
  ok.session_state_changes = changes;
  std::string encoded;
  EncodeOkPacket(ok, capability::kProtocol41, &encoded);
  EXPECT_EQ(Hex(encoded), "00 00 00 02 00 00 00");
}

TEST(OkPacketTest, ManyItemsAndOtherTypes) {
  std::string changes;
  PutSessionTrackSystemVariable(&changes, "character_set_client", "utf8mb4");
  PutSessionTrackSchema(&changes, "");
  PutSessionTrackStateChange(&changes);
  PutSessionTrackTransactionCharacteristics(&changes, "");
  PutSessionTrackTransactionState(&changes, "T_______");
  absl::StatusOr<std::vector<SessionStateItem>> items = DecodeSessionStateChanges(changes);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 5u);
  EXPECT_EQ((*items)[2].type, SessionTrackType::kStateChange);
  EXPECT_EQ(*DecodeSessionTrackString((*items)[2].data), "1");
  EXPECT_EQ(*DecodeSessionTrackString((*items)[4].data), "T_______");
  EXPECT_FALSE(DecodeSessionStateChanges(absl::string_view(changes).substr(0, 5)).ok());

  OkPacket ok;
  ok.affected_rows = 300;
  ok.last_insert_id = 1ull << 40;
  ok.warnings = 7;
  ok.session_state_changes = changes;
  std::string encoded;
  const uint32_t caps = capability::kProtocol41 | capability::kSessionTrack;
  EncodeOkPacket(ok, caps, &encoded);
  absl::StatusOr<OkPacket> decoded = DecodeOkPacket(encoded, caps);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ok.status_flags = server_status::kSessionStateChanged;
  EXPECT_EQ(*decoded, ok);
}

TEST(OkPacketTest, TrailingBytesAreAnError) {
  EXPECT_FALSE(DecodeOkPacket(std::string("\x00\x00\x00\x02\x00\x00\x00\x00\x00", 9),
                              capability::kProtocol41)
                   .ok());
  EXPECT_FALSE(DecodeOkPacket(std::string("\xff\x00\x00", 3), capability::kProtocol41).ok());
}

TEST(EofPacketTest, LegacyEofAndDeprecateEofOk) {
  const auto& legacy = Golden("select_1_legacy");
  const std::string eof_bytes = legacy.FromServer().back();
  EXPECT_TRUE(IsEofPacket(eof_bytes));
  absl::StatusOr<EofPacket> eof = DecodeEofPacket(eof_bytes, legacy.capabilities);
  ASSERT_TRUE(eof.ok());
  EXPECT_EQ(eof->status_flags, server_status::kAutocommit);
  EXPECT_EQ(eof->warnings, 0);
  std::string encoded;
  EncodeEofPacket(*eof, legacy.capabilities, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(eof_bytes));
  ExpectEveryTruncationFails(
      eof_bytes, [&](absl::string_view p) { return DecodeEofPacket(p, legacy.capabilities); });

  const auto& warning = Golden("warning_legacy");
  eof = DecodeEofPacket(warning.FromServer().back(), warning.capabilities);
  ASSERT_TRUE(eof.ok());
  EXPECT_EQ(eof->warnings, 1);

  OkPacket end;
  end.status_flags = server_status::kAutocommit;
  end.warnings = 1;
  ExpectOkRoundTrip("warning_modern", end);
  EXPECT_FALSE(IsEofPacket(Golden("select_70000_bytes_modern").FromServer()[3]));
}

TEST(ErrPacketTest, ReproducesMariaDbErrors) {
  const auto& exchange = Golden("error_no_such_table_modern");
  const std::string bytes = exchange.FromServer().back();
  absl::StatusOr<MysqlError> error = DecodeErrPacket(bytes, exchange.capabilities);
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(error->code, 1146);
  EXPECT_EQ(error->sqlstate, "42S02");
  EXPECT_EQ(error->message, "Table 'no_such_db.t' doesn't exist");
  std::string encoded;
  EncodeErrPacket(*error, exchange.capabilities, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(bytes));
  ExpectEveryTruncationFails(bytes.substr(0, 9), [&](absl::string_view p) {
    return DecodeErrPacket(p, exchange.capabilities);
  });

  const auto& unknown = Golden("unknown_command_modern");
  encoded.clear();
  EncodeErrPacketFromStatus(UnknownCommandError(0x40), unknown.capabilities, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(unknown.FromServer().back()));
}

TEST(ErrPacketTest, WithoutProtocol41ThereIsNoSqlState) {
  MysqlError error{1040, "08004", "Too many connections"};
  std::string encoded;
  EncodeErrPacket(error, 0, &encoded);
  EXPECT_EQ(encoded, std::string("\xff\x10\x04Too many connections"));
  absl::StatusOr<MysqlError> decoded = DecodeErrPacket(encoded, 0);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->code, 1040);
  EXPECT_EQ(decoded->sqlstate, "HY000");
  EXPECT_EQ(decoded->message, "Too many connections");
}

TEST(ErrPacketTest, FromStatusCarriesTheMysqlCode) {
  std::string encoded;
  EncodeErrPacketFromStatus(SyntaxError("near 'x'"), capability::kProtocol41, &encoded);
  EXPECT_EQ(encoded, std::string("\xff\x28\x04#42000near 'x'"));
}

}  // namespace
}  // namespace shardproxy
