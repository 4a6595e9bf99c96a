#include "proxy/server/session_functions.h"

#include "common/mysql_error.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

using Function = SessionFunctionSelect::Function;

// The select's only item, or nullopt (no match, or several items).
absl::optional<SessionFunctionSelect> One(absl::string_view sql) {
  absl::optional<std::vector<SessionFunctionSelect>> items = MatchSessionFunctionSelect(sql);
  if (!items || items->size() != 1) return absl::nullopt;
  return items->front();
}

std::string NameOf(absl::string_view sql) {
  absl::optional<SessionFunctionSelect> match = One(sql);
  return match ? match->column_name : "<no match>";
}

TEST(SessionFunctionsTest, RecognisesTheSelectsAndNamesTheColumnAsMariaDbDoes) {
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID()"), "LAST_INSERT_ID()");
  EXPECT_EQ(NameOf("  select last_insert_id( ) ;"), "last_insert_id( )");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() AS id"), "id");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() id"), "id");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() AS `the id`"), "the id");
  EXPECT_EQ(NameOf("SELECT @@last_insert_id"), "@@last_insert_id");
  EXPECT_EQ(NameOf("SELECT @@IDENTITY"), "@@IDENTITY");
  EXPECT_EQ(NameOf("SELECT DATABASE()"), "DATABASE()");
  EXPECT_EQ(NameOf("select schema() as s"), "s");
  EXPECT_EQ(One("SELECT LAST_INSERT_ID()")->function, Function::kLastInsertId);
  EXPECT_EQ(One("SELECT @@identity AS i")->function, Function::kLastInsertIdVariable);
  EXPECT_EQ(One("SELECT schema()")->function, Function::kDatabase);
}

TEST(SessionFunctionsTest, RecognisesSelectListsOfSessionFunctions) {
  absl::optional<std::vector<SessionFunctionSelect>> items = MatchSessionFunctionSelect(
      "SELECT @@warning_count, @@session.error_count AS e,ROW_COUNT() `r`");
  ASSERT_TRUE(items.has_value());
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].function, Function::kWarningCount);
  EXPECT_EQ((*items)[0].column_name, "@@warning_count");
  EXPECT_EQ((*items)[1].function, Function::kErrorCount);
  EXPECT_EQ((*items)[1].column_name, "e");
  EXPECT_EQ((*items)[2].function, Function::kRowCount);
  EXPECT_EQ((*items)[2].column_name, "r");
  for (absl::string_view sql : {"SELECT @@warning_count,", "SELECT @@warning_count, 1",
                                "SELECT @@warning_count, , @@error_count",
                                "SELECT @@warning_count FROM t", "SELECT @@warning_count from",
                                "SELECT @@global.warning_count", "SELECT @@warning_count + 1"}) {
    EXPECT_FALSE(MatchSessionFunctionSelect(sql).has_value()) << sql;
  }
}

TEST(SessionFunctionsTest, WarningAndErrorCountsLookLikeMariaDbs) {
  SessionFunctionSelect warnings = *One("SELECT @@warning_count");
  SessionFunctionSelect errors = *One("select @@Session.Error_Count");
  EXPECT_EQ(errors.column_name, "@@Session.Error_Count");
  for (const SessionFunctionSelect& select : {warnings, errors}) {
    ColumnDefinition column = SessionFunctionColumn(select);
    EXPECT_EQ(column.type, FieldType::kLongLong);
    EXPECT_EQ(column.flags, 160);  // UNSIGNED, BINARY, nullable: what MariaDB 10.11 sends
    EXPECT_EQ(column.character_set, 63);
    EXPECT_EQ(column.column_length, 21u);
  }
  EXPECT_EQ(*SessionFunctionCell(warnings, {.warning_count = 3, .error_count = 1}), "3");
  EXPECT_EQ(*SessionFunctionCell(errors, {.warning_count = 3, .error_count = 1}), "1");
}

TEST(SessionFunctionsTest, ConnectionIdIsTheSessionsAsMariaDbDescribesIt) {
  SessionFunctionSelect id = *One("SELECT connection_id()");
  EXPECT_EQ(id.function, Function::kConnectionId);
  ColumnDefinition column = SessionFunctionColumn(id);
  EXPECT_EQ(column.type, FieldType::kLong);
  EXPECT_EQ(column.flags, 161);  // NOT NULL, UNSIGNED, BINARY: what MariaDB 10.11 sends
  EXPECT_EQ(column.column_length, 10u);
  EXPECT_EQ(*SessionFunctionCell(id, {.connection_id = 42}), "42");
  std::string out;
  ASSERT_TRUE(
      *SubstituteSessionFunctions("KILL QUERY CONNECTION_ID ( )", {.connection_id = 42}, &out));
  EXPECT_EQ(out, "KILL QUERY 42");
}

TEST(SessionFunctionsTest, LeavesEverythingElseAlone) {
  for (absl::string_view sql :
       {"SELECT LAST_INSERT_ID(5)", "SELECT LAST_INSERT_ID() + 1", "SELECT LAST_INSERT_ID(), 1",
        "SELECT LAST_INSERT_ID() FROM t", "SELECT LAST_INSERT_ID() AS", "SELECT my_last_insert_id()",
        "SELECT @@last_insert_id_x", "SELECTLAST_INSERT_ID()", "SELECT 'LAST_INSERT_ID()'",
        "SELECT LAST_INSERT_ID() AS `a``b`", "SELECT DATABASE() FROM t", "SELECT databases()",
        "SELECT DATABASE() AS 'x"}) {
    EXPECT_FALSE(One(sql).has_value()) << sql;
  }
}

TEST(SessionFunctionsTest, SubstitutesCallsInCodeOnly) {
  SessionFunctionValues values{.last_insert_id = 42, .database = std::string("sh'op")};
  std::string out;
  ASSERT_TRUE(*SubstituteSessionFunctions(
      "INSERT INTO item (order_id, note) VALUES (LAST_INSERT_ID(), 'LAST_INSERT_ID()') "
      "/* last_insert_id() */ -- LAST_INSERT_ID()\n",
      values, &out));
  EXPECT_EQ(out,
            "INSERT INTO item (order_id, note) VALUES (42, 'LAST_INSERT_ID()') "
            "/* last_insert_id() */ -- LAST_INSERT_ID()\n");
  ASSERT_TRUE(*SubstituteSessionFunctions(
      "SELECT * FROM t WHERE a = last_insert_id ( ) OR s = DATABASE() OR s = schema()",
      {.last_insert_id = 18446744073709551615ull, .database = std::string("sh'op")}, &out));
  EXPECT_EQ(out, "SELECT * FROM t WHERE a = 18446744073709551615 OR s = 'sh\\'op' OR s = 'sh\\'op'");
  ASSERT_TRUE(*SubstituteSessionFunctions("SELECT DATABASE(), 1", {}, &out));
  EXPECT_EQ(out, "SELECT NULL, 1");
  out = "untouched";
  EXPECT_FALSE(*SubstituteSessionFunctions("UPDATE s SET v = LAST_INSERT_ID(v + 1)", values, &out));
  EXPECT_FALSE(*SubstituteSessionFunctions(
      "SELECT x.last_insert_id(), my_database(), @@database, information_schema.tables", values,
      &out));
  EXPECT_FALSE(*SubstituteSessionFunctions("SHOW DATABASES; CREATE DATABASE d", values, &out));
  EXPECT_EQ(out, "untouched");
}

TEST(SessionFunctionsTest, ColumnsAndCellsLookLikeMariaDbs) {
  SessionFunctionSelect function{Function::kLastInsertId, "LAST_INSERT_ID()"};
  ColumnDefinition column = SessionFunctionColumn(function);
  EXPECT_EQ(column.type, FieldType::kLongLong);
  EXPECT_EQ(column.flags, 161);  // NOT NULL, UNSIGNED, BINARY: what MariaDB 10.11 sends
  EXPECT_EQ(column.character_set, 63);
  EXPECT_EQ(column.column_length, 21u);
  EXPECT_EQ(SessionFunctionColumn({Function::kLastInsertIdVariable, "@@identity"}).flags, 160);
  SessionFunctionSelect database{Function::kDatabase, "DATABASE()"};
  column = SessionFunctionColumn(database);
  EXPECT_EQ(column.type, FieldType::kVarString);
  EXPECT_EQ(column.column_length, 256u);
  EXPECT_EQ(column.decimals, 39);
  EXPECT_EQ(*SessionFunctionCell(database, {}), absl::nullopt);
  EXPECT_EQ(*SessionFunctionCell(database, {.database = std::string("shop")}), "shop");
  EXPECT_EQ(*SessionFunctionCell(function, {.last_insert_id = 7}), "7");
  SessionFunctionSelect autocommit = *One("SELECT @@session.autocommit");
  EXPECT_EQ(autocommit.function, Function::kAutocommit);
  EXPECT_EQ(SessionFunctionColumn(autocommit).flags, 128);
  EXPECT_EQ(SessionFunctionColumn(autocommit).column_length, 1u);
  EXPECT_EQ(*SessionFunctionCell(autocommit, {.autocommit = false}), "0");
  EXPECT_FALSE(One("SELECT @@autocommit_x").has_value());
  EXPECT_FALSE(One("SELECT @@global.autocommit").has_value());
}

TEST(SessionFunctionsTest, RowCountAndFoundRows) {
  SessionFunctionSelect row_count = *One("select row_count() ;");
  EXPECT_EQ(row_count.function, Function::kRowCount);
  EXPECT_EQ(row_count.column_name, "row_count()");
  SessionFunctionSelect found_rows = *One("SELECT FOUND_ROWS() AS n");
  EXPECT_EQ(found_rows.function, Function::kFoundRows);
  EXPECT_EQ(found_rows.column_name, "n");
  for (const SessionFunctionSelect& select : {row_count, found_rows}) {
    ColumnDefinition column = SessionFunctionColumn(select);
    EXPECT_EQ(column.type, FieldType::kLongLong);
    EXPECT_EQ(column.flags, 129);  // NOT NULL, BINARY (signed): what MariaDB 10.11 sends
    EXPECT_EQ(column.character_set, 63);
    EXPECT_EQ(column.column_length, 21u);
  }
  EXPECT_EQ(*SessionFunctionCell(row_count, {.row_count = -1}), "-1");
  EXPECT_EQ(*SessionFunctionCell(found_rows, {.found_rows = 12}), "12");
  absl::StatusOr<absl::optional<std::string>> unknown =
      SessionFunctionCell(found_rows, {.found_rows = absl::nullopt});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(ToMysqlError(unknown.status()).code, 1235);

  std::string out;
  ASSERT_TRUE(*SubstituteSessionFunctions("SELECT 5-ROW_COUNT(), found_rows ( ) + 1",
                                          {.row_count = -1, .found_rows = 3}, &out));
  EXPECT_EQ(out, "SELECT 5-(-1), 3 + 1");
  ASSERT_TRUE(*SubstituteSessionFunctions("SELECT ROW_COUNT()", {.row_count = 7}, &out));
  EXPECT_EQ(out, "SELECT 7");
  EXPECT_FALSE(*SubstituteSessionFunctions("SELECT my_row_count(), 'FOUND_ROWS()'", {}, &out));
  absl::StatusOr<bool> refused = SubstituteSessionFunctions(
      "SELECT FOUND_ROWS()", {.found_rows = absl::nullopt}, &out);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(ToMysqlError(refused.status()).code, 1235);
}

}  // namespace
}  // namespace shardproxy
