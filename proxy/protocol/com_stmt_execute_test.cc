#include "proxy/protocol/com_stmt_execute.h"

#include <string>
#include <vector>

#include "common/mysql_error.h"
#include "gtest/gtest.h"
#include "proxy/protocol/command.h"
#include "proxy/protocol/golden_test_data.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::ExpectEveryTruncationFails;
using testing::Golden;
using testing::Hex;
using Kind = ParamValue::Kind;

std::vector<std::string> ExecutePackets() {
  std::vector<std::string> out;
  for (const std::string& p : Golden("client_connector_c_prepared").FromClient()) {
    if (!p.empty() && p[0] == static_cast<char>(Command::kStmtExecute)) out.push_back(p);
  }
  return out;
}

// Connector/C bound 16 parameters of every type (testdata/stmt_client.c); the last one arrived
// through COM_STMT_SEND_LONG_DATA as "long " + "data".
TEST(ComStmtExecuteTest, DecodesEveryParameterTypeFromConnectorC) {
  const std::vector<std::string> executes = ExecutePackets();
  ASSERT_GE(executes.size(), 3u);
  std::vector<absl::optional<absl::string_view>> long_data(16);
  long_data[15] = "long data";
  StmtExecuteContext context;
  context.num_params = 16;
  context.long_data = long_data;
  absl::StatusOr<ComStmtExecute> first = DecodeComStmtExecute(executes[0], context);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->statement_id, 3u);
  EXPECT_EQ(first->flags, cursor_type::kNoCursor);
  EXPECT_EQ(first->iteration_count, 1u);
  EXPECT_TRUE(first->new_params_bound);
  const auto& p = first->params;
  const auto& t = first->param_types;
  ASSERT_EQ(p.size(), 16u);

  EXPECT_EQ(t[0], (ParamType{FieldType::kTiny, false}));
  EXPECT_EQ(p[0].kind, Kind::kSigned);
  EXPECT_EQ(p[0].signed_value, -5);
  EXPECT_EQ(t[1], (ParamType{FieldType::kTiny, true}));
  EXPECT_EQ(p[1].kind, Kind::kUnsigned);
  EXPECT_EQ(p[1].unsigned_value, 250u);
  EXPECT_EQ(p[2].signed_value, -1234);
  EXPECT_EQ(p[3].signed_value, -123456789);
  EXPECT_EQ(p[4].kind, Kind::kUnsigned);
  EXPECT_EQ(p[4].unsigned_value, 18446744073709551615ull);
  EXPECT_EQ(p[5].kind, Kind::kFloat);
  EXPECT_EQ(p[5].double_value, static_cast<double>(0.1f));
  EXPECT_EQ(p[6].kind, Kind::kDouble);
  EXPECT_EQ(p[6].double_value, -2.5e-300);
  EXPECT_EQ(p[7].kind, Kind::kString);
  EXPECT_EQ(p[7].bytes, "it's \"q\" \\ \x1a end");
  EXPECT_EQ(p[8].kind, Kind::kBinaryString);
  EXPECT_EQ(p[8].bytes, absl::string_view("a\0b'\\\xff", 6));
  EXPECT_EQ(p[9].kind, Kind::kDecimal);
  EXPECT_EQ(p[9].bytes, "-123.450");
  EXPECT_EQ(p[10].kind, Kind::kDate);
  EXPECT_EQ(p[10].time, (MysqlTime{2024, 2, 29}));
  EXPECT_EQ(p[11].kind, Kind::kDateTime);
  EXPECT_EQ(p[11].time, (MysqlTime{1999, 12, 31, 23, 59, 58, 123456}));
  EXPECT_EQ(p[12].kind, Kind::kTime);
  // Connector/C sends 50 hours as hour 50, days 0.
  EXPECT_EQ(p[12].time, (MysqlTime{0, 0, 0, 50, 6, 7, 8, true}));
  EXPECT_EQ(p[13].kind, Kind::kNull);
  EXPECT_EQ(p[14].signed_value, INT64_MIN);
  EXPECT_EQ(p[15].kind, Kind::kString);
  EXPECT_EQ(p[15].bytes, "long data");

  ExpectEveryTruncationFails(executes[0], [&](absl::string_view payload) {
    return DecodeComStmtExecute(payload, context);
  });

  // Second execute: no types (new-params-bound 0), the remembered ones apply; no long data now.
  StmtExecuteContext again;
  again.num_params = 16;
  again.previous_types = first->param_types;
  absl::StatusOr<ComStmtExecute> second = DecodeComStmtExecute(executes[1], again);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(second->new_params_bound);
  EXPECT_EQ(second->param_types, first->param_types);
  EXPECT_EQ(second->params[0].signed_value, 7);
  EXPECT_EQ(second->params[15].bytes, "");
  std::string encoded;
  EncodeComStmtExecute(*second, &encoded);
  EXPECT_EQ(Hex(encoded), Hex(executes[1]));
  ExpectEveryTruncationFails(
      executes[1], [&](absl::string_view payload) { return DecodeComStmtExecute(payload, again); });

  // Without remembered types the second packet cannot be read.
  StmtExecuteContext forgotten;
  forgotten.num_params = 16;
  absl::StatusOr<ComStmtExecute> unreadable = DecodeComStmtExecute(executes[1], forgotten);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(ToMysqlError(unreadable.status()).code, mysql_errc::kWrongArguments);
}

TEST(ComStmtExecuteTest, CursorFlagFromConnectorC) {
  const std::vector<std::string> executes = ExecutePackets();
  StmtExecuteContext context;  // select * from t_all: no parameters
  absl::StatusOr<ComStmtExecute> cursor = DecodeComStmtExecute(executes[2], context);
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->statement_id, 4u);
  EXPECT_EQ(cursor->flags, cursor_type::kReadOnly);
  EXPECT_TRUE(cursor->params.empty());
}

TEST(ComStmtExecuteTest, RoundTripsEveryForm) {
  ComStmtExecute e;
  e.statement_id = kLastPreparedStatementId;
  e.new_params_bound = true;
  auto add = [&](FieldType type, bool is_unsigned, ParamValue value) {
    e.param_types.push_back({type, is_unsigned});
    e.params.push_back(value);
  };
  ParamValue v;
  v.kind = Kind::kSigned;
  v.signed_value = -2;
  add(FieldType::kShort, false, v);
  add(FieldType::kYear, false, v);
  add(FieldType::kInt24, false, v);
  add(FieldType::kLongLong, false, v);
  v = ParamValue();
  v.kind = Kind::kUnsigned;
  v.unsigned_value = 65535;
  add(FieldType::kShort, true, v);
  v = ParamValue();
  v.kind = Kind::kDouble;
  v.double_value = 1e-310;
  add(FieldType::kDouble, false, v);
  v = ParamValue();
  v.kind = Kind::kString;
  v.bytes = std::string(300, 's');  // outlives e only until the end of this test
  static const std::string kLong(300, 's');
  v.bytes = kLong;
  add(FieldType::kVarString, false, v);
  add(FieldType::kJson, false, v);
  v.kind = Kind::kBinaryString;
  add(FieldType::kLongBlob, false, v);
  add(FieldType::kGeometry, false, v);
  v = ParamValue();
  v.kind = Kind::kDateTime;
  v.time = MysqlTime{2000, 1, 1, 0, 0, 1};
  add(FieldType::kTimestamp, false, v);
  v = ParamValue();
  v.kind = Kind::kTime;
  add(FieldType::kTime, false, v);  // zero TIME: length 0
  add(FieldType::kNull, false, ParamValue());
  add(FieldType::kVarString, false, ParamValue());  // NULL of a typed parameter

  std::string encoded;
  EncodeComStmtExecute(e, &encoded);
  StmtExecuteContext context;
  context.num_params = static_cast<uint16_t>(e.params.size());
  absl::StatusOr<ComStmtExecute> decoded = DecodeComStmtExecute(encoded, context);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, e);
  ExpectEveryTruncationFails(
      encoded, [&](absl::string_view payload) { return DecodeComStmtExecute(payload, context); });
}

TEST(ComStmtExecuteTest, UnknownParameterTypeIsAnError) {
  ComStmtExecute e;
  e.new_params_bound = true;
  e.param_types.push_back({static_cast<FieldType>(0x30), false});
  ParamValue v;
  v.kind = Kind::kString;
  v.bytes = "x";
  e.params.push_back(v);
  std::string encoded;
  EncodeComStmtExecute(e, &encoded);
  StmtExecuteContext context;
  context.num_params = 1;
  absl::StatusOr<ComStmtExecute> decoded = DecodeComStmtExecute(encoded, context);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(ToMysqlError(decoded.status()).code, mysql_errc::kWrongArguments);
  EXPECT_NE(decoded.status().message().find("parameter 1"), absl::string_view::npos);
}

TEST(ComStmtExecuteTest, LongDataOverridesTheNullBit) {
  ComStmtExecute e;
  e.new_params_bound = true;
  e.param_types.push_back({FieldType::kBlob, false});
  e.params.push_back(ParamValue());  // NULL bit set, no value
  std::string encoded;
  EncodeComStmtExecute(e, &encoded);
  std::vector<absl::optional<absl::string_view>> long_data = {absl::string_view("\0\1", 2)};
  StmtExecuteContext context;
  context.num_params = 1;
  context.long_data = long_data;
  absl::StatusOr<ComStmtExecute> decoded = DecodeComStmtExecute(encoded, context);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->params[0].kind, Kind::kBinaryString);
  EXPECT_EQ(decoded->params[0].bytes, absl::string_view("\0\1", 2));
}

TEST(ComStmtExecuteTest, NotAnExecutePacket) {
  StmtExecuteContext context;
  EXPECT_FALSE(DecodeComStmtExecute("\x16select 1", context).ok());
  EXPECT_FALSE(DecodeComStmtExecute("", context).ok());
}

}  // namespace
}  // namespace shardproxy
