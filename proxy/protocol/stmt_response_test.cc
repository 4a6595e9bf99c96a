#include "proxy/protocol/stmt_response.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "proxy/protocol/capability_flags.h"
#include "proxy/protocol/com_stmt_execute.h"
#include "proxy/protocol/server_status.h"
#include "proxy/protocol/test_util.h"

namespace shardproxy {
namespace {

using testing::Bytes;
using testing::Hex;
using Event = ExecuteResponseReader::Event;

// As MariaDB 10.11 answers Connector/C 3.3 (captured on the proxy's backend socket): protocol
// 4.1 with session tracking, no DEPRECATE_EOF; MariaDB's extended type info and metadata cache.
constexpr BackendProtocol kMariaDb{
    .capabilities = capability::kProtocol41 | capability::kSessionTrack,
    .mariadb_capabilities =
        mariadb_capability::kExtendedTypeInfo | mariadb_capability::kCacheMetadata};

// "SELECT c FROM sbtest1 WHERE id=?": PREPARE_OK (id 0x2b, 1 column, 1 parameter), the
// parameter's definition, EOF, the column's definition (with the empty extended-info block
// before 0x0c), EOF.
const char* const kPrepareReply[] = {
    "002b00000001000100000000",
    "0364656600000001" "3f" "00" "000c3f0000000000068000000000",
    "fe00000200",
    "03646566067362746573740773627465737431077362746573743101630163" "00" "0c2d00e0010000fe0100000000",
    "fe00000200",
};

std::string Column(absl::string_view name_hex) {
  return Bytes(absl::StrCat("03646566067362746573740773627465737431077362746573743101",
                            name_hex, "01", name_hex, "000c2d00e0010000fe0100000000"));
}

TEST(PrepareResponseReaderTest, ReadsMariaDbsReply) {
  PrepareResponseReader reader(kMariaDb);
  for (size_t i = 0; i < std::size(kPrepareReply); ++i) {
    absl::StatusOr<bool> done = reader.Feed(Bytes(kPrepareReply[i]));
    ASSERT_TRUE(done.ok()) << i << ": " << done.status();
    EXPECT_EQ(*done, i + 1 == std::size(kPrepareReply)) << i;
  }
  EXPECT_FALSE(reader.server_error().has_value());
  EXPECT_EQ(reader.statement_id(), 0x2bu);
  EXPECT_EQ(reader.num_params(), 1);
  ASSERT_EQ(reader.columns().size(), 1u);
  EXPECT_EQ(reader.columns()[0].name, "c");
  EXPECT_EQ(reader.columns()[0].table, "sbtest1");
  EXPECT_EQ(reader.columns()[0].type, FieldType::kString);
  // Another packet is out of step.
  EXPECT_FALSE(reader.Feed(Bytes("fe00000200")).ok());
}

TEST(PrepareResponseReaderTest, WithoutExtendedTypeInfoTheBlockIsAnError) {
  PrepareResponseReader reader(BackendProtocol{.capabilities = kMariaDb.capabilities});
  ASSERT_TRUE(reader.Feed(Bytes(kPrepareReply[0])).ok());
  ASSERT_TRUE(reader.Feed(Bytes(kPrepareReply[1])).ok());
  ASSERT_TRUE(reader.Feed(Bytes(kPrepareReply[2])).ok());
  EXPECT_FALSE(reader.Feed(Bytes(kPrepareReply[3])).ok());
}

TEST(PrepareResponseReaderTest, StatementWithoutParametersOrColumns) {
  PrepareResponseReader reader(kMariaDb);
  absl::StatusOr<bool> done = reader.Feed(Bytes("000700000000000000000000"));
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  EXPECT_EQ(reader.statement_id(), 7u);
  EXPECT_TRUE(reader.columns().empty());
}

TEST(PrepareResponseReaderTest, ServerErrorEndsTheReply) {
  PrepareResponseReader reader(kMariaDb);
  // 1064 42000 "syntax"
  absl::StatusOr<bool> done = reader.Feed(Bytes("ff2804" "23" "3432303030" "73796e746178"));
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(*done);
  ASSERT_TRUE(reader.server_error().has_value());
  EXPECT_EQ(reader.server_error()->code, 1064);
  EXPECT_EQ(reader.server_error()->sqlstate, "42000");
}

TEST(PrepareResponseReaderTest, MissingEofIsOutOfStep) {
  PrepareResponseReader reader(kMariaDb);
  ASSERT_TRUE(reader.Feed(Bytes(kPrepareReply[0])).ok());
  ASSERT_TRUE(reader.Feed(Bytes(kPrepareReply[1])).ok());
  EXPECT_FALSE(reader.Feed(Bytes(kPrepareReply[3])).ok());
}

struct Fed {
  std::vector<Event> events;
  std::vector<std::string> rows;
};

Fed FeedAll(ExecuteResponseReader* reader, const std::vector<std::string>& packets) {
  Fed fed;
  for (const std::string& packet : packets) {
    absl::StatusOr<Event> event = reader->Feed(packet);
    EXPECT_TRUE(event.ok()) << Hex(packet) << ": " << event.status();
    if (!event.ok()) break;
    if (*event == Event::kNeedMore) continue;
    fed.events.push_back(*event);
    if (*event == Event::kRow) fed.rows.emplace_back(reader->row());
  }
  return fed;
}

// A row of "SELECT c ..." : header, NULL bitmap, the value "ab".
const std::string kRow = Bytes("0000026162");

TEST(ExecuteResponseReaderTest, MetadataSkippedUsesTheCachedColumnsAndStillEndsWithEof) {
  std::vector<ColumnDefinition> columns(1);
  columns[0].name = "c";
  ExecuteResponseReader reader(kMariaDb, &columns);
  // Column count 1, "metadata follows" 0, the EOF of the left-out group, a row, EOF.
  // The group's EOF says "no index used" (0x20), as MariaDB fills it in.
  Fed fed = FeedAll(&reader, {Bytes("0100"), Bytes("fe00002200"), kRow, Bytes("fe00000200")});
  EXPECT_EQ(fed.events, (std::vector<Event>{Event::kColumns, Event::kRow, Event::kEnd}));
  EXPECT_EQ(fed.rows, std::vector<std::string>{kRow});
  EXPECT_EQ(reader.columns_end_flags(), 0x22);
  EXPECT_TRUE(reader.done());
  EXPECT_EQ(reader.end_flags(), server_status::kAutocommit);
  EXPECT_EQ(reader.columns()[0].name, "c");
}

TEST(ExecuteResponseReaderTest, MetadataSentReplacesTheCachedColumns) {
  std::vector<ColumnDefinition> columns;
  ExecuteResponseReader reader(kMariaDb, &columns);
  Fed fed = FeedAll(&reader, {Bytes("0101"), Column("63"), Bytes("fe00000200"), kRow, kRow,
                              Bytes("fe00000200")});
  EXPECT_EQ(fed.events,
            (std::vector<Event>{Event::kColumns, Event::kRow, Event::kRow, Event::kEnd}));
  ASSERT_EQ(columns.size(), 1u);
  EXPECT_EQ(columns[0].name, "c");
}

TEST(ExecuteResponseReaderTest, WithoutMetadataCacheTheCountStandsAlone) {
  std::vector<ColumnDefinition> columns;
  ExecuteResponseReader reader(
      BackendProtocol{.capabilities = kMariaDb.capabilities,
                      .mariadb_capabilities = mariadb_capability::kExtendedTypeInfo},
      &columns);
  Fed fed = FeedAll(&reader, {Bytes("01"), Column("63"), Bytes("fe00000200"),
                              Bytes("fe00000200")});
  EXPECT_EQ(fed.events, (std::vector<Event>{Event::kColumns, Event::kEnd}));
  EXPECT_TRUE(reader.done());
}

TEST(ExecuteResponseReaderTest, CachedColumnsThatDoNotMatchAreOutOfStep) {
  std::vector<ColumnDefinition> columns(2);
  ExecuteResponseReader reader(kMariaDb, &columns);
  EXPECT_FALSE(reader.Feed(Bytes("0100")).ok());
}

TEST(ExecuteResponseReaderTest, OkWithMoreResultsThenResultSet) {
  std::vector<ColumnDefinition> columns;
  ExecuteResponseReader reader(kMariaDb, &columns);
  // OK: 1 affected row, insert id 5, status autocommit | more results, 0 warnings.
  absl::StatusOr<Event> event = reader.Feed(Bytes("000105" "0a00" "0000"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(*event, Event::kOk);
  EXPECT_EQ(reader.ok().affected_rows, 1u);
  EXPECT_EQ(reader.ok().last_insert_id, 5u);
  EXPECT_FALSE(reader.done());
  Fed fed = FeedAll(&reader, {Bytes("0101"), Column("63"), Bytes("fe00000200"),
                              Bytes("fe00000200")});
  EXPECT_EQ(fed.events, (std::vector<Event>{Event::kColumns, Event::kEnd}));
  EXPECT_TRUE(reader.done());
}

TEST(ExecuteResponseReaderTest, ErrorMidRowsEndsTheReply) {
  std::vector<ColumnDefinition> columns(1);
  ExecuteResponseReader reader(kMariaDb, &columns);
  Fed fed = FeedAll(&reader, {Bytes("0100"), Bytes("fe00000200"), kRow,
                              Bytes("ff2505" "23" "3730313030" "696e746572727570746564")});
  EXPECT_EQ(fed.events, (std::vector<Event>{Event::kColumns, Event::kRow, Event::kError}));
  EXPECT_EQ(reader.server_error().code, 1317);
  EXPECT_TRUE(reader.done());
  EXPECT_FALSE(reader.Feed(kRow).ok());
}

TEST(ExecuteResponseReaderTest, ProgressReportsAreSkipped) {
  std::vector<ColumnDefinition> columns;
  ExecuteResponseReader reader(kMariaDb, &columns);
  // ERR header, code 0xffff, then a progress report's body.
  Fed fed = FeedAll(&reader, {Bytes("ffffff0101000a000000000000"), Bytes("000000" "0200" "0000")});
  EXPECT_EQ(fed.events, std::vector<Event>{Event::kOk});
}

TEST(ExecuteResponseReaderTest, NonRowInRowsIsOutOfStep) {
  std::vector<ColumnDefinition> columns(1);
  ExecuteResponseReader reader(kMariaDb, &columns);
  FeedAll(&reader, {Bytes("0100"), Bytes("fe00000200")});
  EXPECT_FALSE(reader.Feed(Bytes("0361626364")).ok());
}

TEST(RewriteStmtExecuteTest, SwapsTheIdDropsTheCursorAndKeepsTheRest) {
  // id 1, cursor read-only, iteration 1, bitmap 0, bound 1, LONGLONG, value 5015.
  const std::string client = Bytes("17010000000101000000" "00" "01" "0800" "9713000000000000");
  std::string out;
  RewriteStmtExecute(client, 0x2b, 1, {}, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("172b0000000001000000" "00" "01" "0800" "9713000000000000")));
}

TEST(RewriteStmtExecuteTest, WritesInRememberedTypesWhenTheClientLeftThemOut) {
  const std::string client = Bytes("17ffffffff0001000000" "02" "00" "0361626" "3");
  std::string out;
  const ParamType types[] = {{FieldType::kVarString, false}, {FieldType::kLongLong, true}};
  RewriteStmtExecute(client, 9, 2, types, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("17090000000001000000" "02" "01" "fd00" "0880" "03616263")));
  // Types the client did send stay as they are.
  const std::string bound = Bytes("17010000000001000000" "00" "01" "fd00" "0800" "0161" "0100000000000000");
  RewriteStmtExecute(bound, 9, 2, types, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("17090000000001000000" "00" "01" "fd00" "0800" "0161" "0100000000000000")));
}

TEST(RewriteStmtExecuteTest, StatementWithoutParameters) {
  std::string out;
  RewriteStmtExecute(Bytes("17050000000001000000"), 3, 0, {}, &out);
  EXPECT_EQ(Hex(out), Hex(Bytes("17030000000001000000")));
}

}  // namespace
}  // namespace shardproxy
