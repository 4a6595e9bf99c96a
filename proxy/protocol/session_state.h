// Session-state change items carried by an OK packet under CLIENT_SESSION_TRACK. Each item is a
// type byte and a length-encoded blob; the session appends the items it wants to report to one
// reused buffer and hands that to OkPacket::session_state_changes.
//
// MariaDB reports a system variable only when session_track_system_variables names it (by
// default autocommit, character_set_client, character_set_connection, character_set_results,
// time_zone), the schema when session_track_schema is on (the default), and state changes when
// session_track_state_change is on.
#ifndef SHARDPROXY_PROXY_PROTOCOL_SESSION_STATE_H_
#define SHARDPROXY_PROXY_PROTOCOL_SESSION_STATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

enum class SessionTrackType : uint8_t {
  kSystemVariables = 0,
  kSchema = 1,
  kStateChange = 2,
  kGtids = 3,
  kTransactionCharacteristics = 4,
  kTransactionState = 5,
};

// name = value, e.g. ("autocommit", "OFF").
void PutSessionTrackSystemVariable(std::string* dst, absl::string_view name,
                                   absl::string_view value);
// The new current database.
void PutSessionTrackSchema(std::string* dst, absl::string_view schema);
// "Session state changed" (the item MySQL sends as "1").
void PutSessionTrackStateChange(std::string* dst);
// The statement that would restore the transaction characteristics, e.g.
// "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;" (empty when default).
void PutSessionTrackTransactionCharacteristics(std::string* dst, absl::string_view characteristics);
// The 8-character transaction state ("T_______" ...).
void PutSessionTrackTransactionState(std::string* dst, absl::string_view state);

// One item as it appears on the wire; `data` is the type-specific blob.
struct SessionStateItem {
  SessionTrackType type;
  absl::string_view data;
};

// Splits OkPacket::session_state_changes into items (pointing into `changes`). Unknown types are
// returned as they are, as clients skip them.
absl::StatusOr<std::vector<SessionStateItem>> DecodeSessionStateChanges(absl::string_view changes);

// Decodes the data of a kSystemVariables item into name and value.
absl::Status DecodeSessionTrackSystemVariable(absl::string_view data, absl::string_view* name,
                                              absl::string_view* value);
// Decodes the data of a kSchema, kStateChange, kTransactionCharacteristics or kTransactionState
// item: a single length-encoded string.
absl::StatusOr<absl::string_view> DecodeSessionTrackString(absl::string_view data);

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_PROTOCOL_SESSION_STATE_H_
