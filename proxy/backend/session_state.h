// What a client session expects of the MySQL session it runs on (current schema, character set,
// autocommit, sql_mode, time zone, isolation, any other session variable), and what a backend
// connection actually has, in one vocabulary: the values MariaDB's session tracking reports.
//
// The client's SET statements run on a real backend connection; session tracking then tells us
// every variable they changed, with the server's canonical value. The connection records that as
// its state; the session adopts it as what it wants. Before the session's next statement runs on
// another connection, ComputeSyncPlan turns the difference into as few commands as possible.
//
// Variables absent from `variables` have the value a freshly connected backend session gets (the
// server's global defaults), so a variable the desired state lacks is reset with `= DEFAULT`.
// The character set variables are always present: they come from the client's handshake on one
// side and from the connection's own handshake on the other.
#ifndef SHARDPROXY_PROXY_BACKEND_SESSION_STATE_H_
#define SHARDPROXY_PROXY_BACKEND_SESSION_STATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "proxy/protocol/session_state.h"

namespace shardproxy {

// The session-track types (enum_session_state_type) are the protocol's: SessionTrackType in
// proxy/protocol/session_state.h.

// One session-state change as the backend reported it in an OK packet. For system variables,
// `name` and `value`; for the other types, `value` only.
struct SessionTrackEntry {
  SessionTrackType type;
  std::string name;
  std::string value;

  friend bool operator==(const SessionTrackEntry&, const SessionTrackEntry&) = default;
};

struct SessionState {
  // The default database; nullopt when none is selected.
  absl::optional<std::string> schema;
  // Session system variables that differ from a fresh connection's, by lower-case name, with
  // the value as session tracking reports it (e.g. sql_mode -> "ANSI_QUOTES,...", autocommit ->
  // "OFF", character_set_results -> "" for NULL).
  absl::btree_map<std::string, std::string> variables;
  // COM_SET_OPTION MYSQL_OPTION_MULTI_STATEMENTS_ON/OFF (CLIENT_MULTI_STATEMENTS at handshake).
  bool multi_statements = true;

  // The state a client starts with: its handshake collation (by id) and database, and whether it
  // asked for multi-statements. A collation MariaDB does not have (unknown ids, MySQL 8's
  // utf8mb4_0900_*) gives utf8mb4_general_ci, as MariaDB gives its default character set.
  static absl::StatusOr<SessionState> ForClient(uint16_t collation_id,
                                                absl::optional<std::string> schema,
                                                bool multi_statements);

  // Value of a variable, or nullopt when it has its default.
  absl::optional<absl::string_view> Variable(absl::string_view name) const;
  // autocommit as the session sees it (default ON).
  bool autocommit() const;

  friend bool operator==(const SessionState&, const SessionState&) = default;
};

// Session variables that cannot be carried from one connection to another by SET: their value is
// a one-shot or a moment (timestamp, insert_id, rand seeds, ...) or they steer our own tracking.
// A statement that changes one binds the session to its connection.
bool IsUnreplayableVariable(absl::string_view name);

// The commands that bring a connection from `actual` to `desired`, in the order to run them.
struct SyncPlan {
  // There is no command that deselects a database; COM_CHANGE_USER is the only way back to "no
  // schema". It resets every session variable too, so the plan must be recomputed after it.
  bool change_user = false;
  absl::optional<std::string> use_schema;  // COM_INIT_DB
  std::string set_statement;               // one multi-assignment SET; empty when none needed
  absl::optional<bool> multi_statements;   // COM_SET_OPTION

  bool empty() const {
    return !change_user && !use_schema && set_statement.empty() && !multi_statements;
  }
};

SyncPlan ComputeSyncPlan(const SessionState& desired, const SessionState& actual);

// `value` as a SQL literal for `SET @@session.<name> = ...`: numbers bare, NULL for an empty
// character set, strings quoted (as a hex literal when they contain a quote or a backslash, so
// the result does not depend on the connection's sql_mode).
std::string SystemVariableLiteral(absl::string_view name, absl::string_view value);

// Applies one OK's session-track entries to `state`. Returns what the entries say beyond
// variables and schema. Entries for our own session_track_* variables are not stored.
struct TrackedChangeSummary {
  bool state_changed = false;          // SESSION_TRACK_STATE_CHANGE was reported
  bool variables_or_schema = false;    // at least one variable or the schema changed
  bool unreplayable_variable = false;  // IsUnreplayableVariable() or session_track_* changed
  bool character_set_without_collation = false;  // see BackendConnection (MariaDB reports
                                                 // SET NAMES without collation_connection)
  absl::optional<std::string> transaction_characteristics;
  absl::optional<std::string> transaction_state;
};
TrackedChangeSummary ApplySessionTrack(const std::vector<SessionTrackEntry>& entries,
                                       SessionState* state);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_BACKEND_SESSION_STATE_H_
