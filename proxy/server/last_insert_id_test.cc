#include "proxy/server/last_insert_id.h"

#include "gtest/gtest.h"

namespace shardproxy {
namespace {

std::string NameOf(absl::string_view sql) {
  absl::optional<LastInsertIdSelect> match = MatchSelectLastInsertId(sql);
  return match ? match->column_name : "<no match>";
}

TEST(LastInsertIdTest, RecognisesTheSelectsAndNamesTheColumnAsMariaDbDoes) {
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID()"), "LAST_INSERT_ID()");
  EXPECT_EQ(NameOf("  select last_insert_id( ) ;"), "last_insert_id( )");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() AS id"), "id");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() id"), "id");
  EXPECT_EQ(NameOf("SELECT LAST_INSERT_ID() AS `the id`"), "the id");
  EXPECT_EQ(NameOf("SELECT @@last_insert_id"), "@@last_insert_id");
  EXPECT_EQ(NameOf("SELECT @@IDENTITY"), "@@IDENTITY");
  EXPECT_TRUE(MatchSelectLastInsertId("SELECT LAST_INSERT_ID()")->is_function);
  EXPECT_FALSE(MatchSelectLastInsertId("SELECT @@identity AS i")->is_function);
}

TEST(LastInsertIdTest, LeavesEverythingElseAlone) {
  for (absl::string_view sql :
       {"SELECT LAST_INSERT_ID(5)", "SELECT LAST_INSERT_ID() + 1", "SELECT LAST_INSERT_ID(), 1",
        "SELECT LAST_INSERT_ID() FROM t", "SELECT LAST_INSERT_ID() AS", "SELECT my_last_insert_id()",
        "SELECT @@last_insert_id_x", "SELECTLAST_INSERT_ID()", "SELECT 'LAST_INSERT_ID()'",
        "SELECT LAST_INSERT_ID() AS `a``b`"}) {
    EXPECT_FALSE(MatchSelectLastInsertId(sql).has_value()) << sql;
  }
}

TEST(LastInsertIdTest, SubstitutesCallsInCodeOnly) {
  std::string out;
  ASSERT_TRUE(SubstituteLastInsertId(
      "INSERT INTO item (order_id, note) VALUES (LAST_INSERT_ID(), 'LAST_INSERT_ID()') "
      "/* last_insert_id() */ -- LAST_INSERT_ID()\n",
      42, &out));
  EXPECT_EQ(out,
            "INSERT INTO item (order_id, note) VALUES (42, 'LAST_INSERT_ID()') "
            "/* last_insert_id() */ -- LAST_INSERT_ID()\n");
  ASSERT_TRUE(SubstituteLastInsertId("SELECT * FROM t WHERE a = last_insert_id ( ) OR "
                                     "b = LAST_INSERT_ID()",
                                     18446744073709551615ull, &out));
  EXPECT_EQ(out, "SELECT * FROM t WHERE a = 18446744073709551615 OR b = 18446744073709551615");
  out = "untouched";
  EXPECT_FALSE(SubstituteLastInsertId("UPDATE s SET v = LAST_INSERT_ID(v + 1)", 7, &out));
  EXPECT_FALSE(SubstituteLastInsertId("SELECT x.last_insert_id(), my_last_insert_id()", 7, &out));
  EXPECT_EQ(out, "untouched");
}

TEST(LastInsertIdTest, ColumnLooksLikeMariaDbs) {
  ColumnDefinition function = LastInsertIdColumn("LAST_INSERT_ID()", true);
  EXPECT_EQ(function.type, FieldType::kLongLong);
  EXPECT_EQ(function.flags, 161);  // NOT NULL, UNSIGNED, BINARY: what MariaDB 10.11 sends
  EXPECT_EQ(function.character_set, 63);
  EXPECT_EQ(function.column_length, 21u);
  EXPECT_EQ(LastInsertIdColumn("@@identity", false).flags, 160);
}

}  // namespace
}  // namespace shardproxy
