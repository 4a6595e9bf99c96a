#include "proxy/backend/session_state.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shardproxy {
namespace {

SessionState Utf8mb4(absl::optional<std::string> schema = absl::nullopt) {
  absl::StatusOr<SessionState> state = SessionState::ForClient(45, std::move(schema), true);
  EXPECT_TRUE(state.ok()) << state.status();
  return *state;
}

TEST(SessionStateTest, ForClientUsesTheHandshakeCollation) {
  SessionState state = Utf8mb4("shop");
  EXPECT_EQ(state.schema, "shop");
  EXPECT_EQ(state.Variable("character_set_client"), "utf8mb4");
  EXPECT_EQ(state.Variable("character_set_connection"), "utf8mb4");
  EXPECT_EQ(state.Variable("character_set_results"), "utf8mb4");
  EXPECT_EQ(state.Variable("collation_connection"), "utf8mb4_general_ci");
  EXPECT_TRUE(state.autocommit());

  absl::StatusOr<SessionState> latin1 = SessionState::ForClient(8, absl::nullopt, false);
  ASSERT_TRUE(latin1.ok());
  EXPECT_EQ(latin1->Variable("collation_connection"), "latin1_swedish_ci");
  EXPECT_FALSE(latin1->multi_statements);
}

TEST(SessionStateTest, UnknownCollationFallsBackLikeMariaDb) {
  // MySQL 8 clients announce utf8mb4_0900_ai_ci (255), which MariaDB 10.11 does not have; it
  // then uses its default character set, as do we.
  for (uint16_t id : {255, 0, 1000}) {
    absl::StatusOr<SessionState> state = SessionState::ForClient(id, absl::nullopt, true);
    ASSERT_TRUE(state.ok()) << id;
    EXPECT_EQ(state->Variable("collation_connection"), "utf8mb4_general_ci") << id;
  }
}

TEST(SyncPlanTest, EqualStatesNeedNothing) {
  EXPECT_TRUE(ComputeSyncPlan(Utf8mb4("a"), Utf8mb4("a")).empty());
}

TEST(SyncPlanTest, OneSetForAllVariablesCharacterSetsFirst) {
  SessionState desired = Utf8mb4();
  desired.variables["sql_mode"] = "ANSI_QUOTES";
  desired.variables["autocommit"] = "OFF";
  desired.variables["time_zone"] = "+01:00";
  desired.variables["character_set_results"] = "";  // NULL
  SessionState actual = Utf8mb4();
  actual.variables["wait_timeout"] = "100";  // the client never set it: back to default
  actual.variables["time_zone"] = "+01:00";  // equal: not repeated
  SyncPlan plan = ComputeSyncPlan(desired, actual);
  EXPECT_FALSE(plan.change_user);
  EXPECT_FALSE(plan.use_schema);
  EXPECT_FALSE(plan.multi_statements);
  EXPECT_EQ(plan.set_statement,
            "SET @@session.character_set_results=NULL, @@session.autocommit='OFF', "
            "@@session.sql_mode='ANSI_QUOTES', @@session.wait_timeout=DEFAULT");
}

TEST(SyncPlanTest, CharacterSetAndCollationMoveTogether) {
  SessionState desired = Utf8mb4();
  desired.variables["collation_connection"] = "utf8mb4_bin";
  SyncPlan plan = ComputeSyncPlan(desired, Utf8mb4());
  EXPECT_EQ(plan.set_statement,
            "SET @@session.character_set_connection='utf8mb4', "
            "@@session.collation_connection='utf8mb4_bin'");

  SessionState latin1 = *SessionState::ForClient(8, absl::nullopt, true);
  plan = ComputeSyncPlan(latin1, Utf8mb4());
  EXPECT_EQ(plan.set_statement,
            "SET @@session.character_set_client='latin1', "
            "@@session.character_set_connection='latin1', "
            "@@session.character_set_results='latin1', "
            "@@session.collation_connection='latin1_swedish_ci'");
}

TEST(SyncPlanTest, SchemaAndMultiStatements) {
  SessionState desired = Utf8mb4("shop");
  desired.multi_statements = false;
  SyncPlan plan = ComputeSyncPlan(desired, Utf8mb4("other"));
  EXPECT_EQ(plan.use_schema, "shop");
  EXPECT_EQ(plan.multi_statements, false);
  EXPECT_TRUE(plan.set_statement.empty());

  // No command deselects a database.
  plan = ComputeSyncPlan(Utf8mb4(), Utf8mb4("shop"));
  EXPECT_TRUE(plan.change_user);
}

TEST(SyncPlanTest, NeverReplaysOneShotVariables) {
  SessionState desired = Utf8mb4();
  desired.variables["timestamp"] = "1700000000.000000";
  EXPECT_TRUE(ComputeSyncPlan(desired, Utf8mb4()).empty());
}

TEST(SystemVariableLiteralTest, QuotesWhatNeedsQuoting) {
  EXPECT_EQ(SystemVariableLiteral("wait_timeout", "28800"), "28800");
  EXPECT_EQ(SystemVariableLiteral("max_statement_time", "1.500000"), "1.500000");
  EXPECT_EQ(SystemVariableLiteral("x", "-1"), "-1");
  EXPECT_EQ(SystemVariableLiteral("x", "1."), "'1.'");
  EXPECT_EQ(SystemVariableLiteral("x", "1e5"), "'1e5'");
  EXPECT_EQ(SystemVariableLiteral("sql_mode", ""), "''");
  EXPECT_EQ(SystemVariableLiteral("character_set_results", ""), "NULL");
  EXPECT_EQ(SystemVariableLiteral("time_zone", "Europe/Berlin"), "'Europe/Berlin'");
  EXPECT_EQ(SystemVariableLiteral("x", "it's"), "X'69742773'");
  EXPECT_EQ(SystemVariableLiteral("x", "a\\b"), "X'615c62'");
}

TEST(ApplySessionTrackTest, UpdatesStateAndSummarises) {
  SessionState state = Utf8mb4();
  std::vector<SessionTrackEntry> entries = {
      {SessionTrackType::kSystemVariables, "character_set_client", "latin1"},
      {SessionTrackType::kSystemVariables, "character_set_connection", "latin1"},
      {SessionTrackType::kSystemVariables, "character_set_results", "latin1"},
      {SessionTrackType::kSchema, "", "shop"},
      {SessionTrackType::kStateChange, "", "1"},
      {SessionTrackType::kTransactionState, "", "________"},
  };
  TrackedChangeSummary summary = ApplySessionTrack(entries, &state);
  EXPECT_TRUE(summary.state_changed);
  EXPECT_TRUE(summary.variables_or_schema);
  EXPECT_FALSE(summary.unreplayable_variable);
  EXPECT_TRUE(summary.character_set_without_collation);
  EXPECT_EQ(summary.transaction_state, "________");
  EXPECT_FALSE(summary.transaction_characteristics);
  EXPECT_EQ(state.schema, "shop");
  EXPECT_EQ(state.Variable("character_set_connection"), "latin1");

  summary = ApplySessionTrack(
      {{SessionTrackType::kSystemVariables, "TIMESTAMP", "5"}, {SessionTrackType::kSchema, "", ""}},
      &state);
  EXPECT_TRUE(summary.unreplayable_variable);
  EXPECT_FALSE(state.Variable("timestamp"));
  EXPECT_FALSE(state.schema);
}

}  // namespace
}  // namespace shardproxy
