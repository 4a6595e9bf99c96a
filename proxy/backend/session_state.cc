#include "proxy/backend/session_state.h"

#include <mysql.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kCharacterSetClient = "character_set_client";
constexpr absl::string_view kCharacterSetConnection = "character_set_connection";
constexpr absl::string_view kCharacterSetResults = "character_set_results";
constexpr absl::string_view kCollationConnection = "collation_connection";

// Setting a character set resets its collation to the set's default and setting a collation sets
// its character set, so each pair is assigned together, character set first.
constexpr std::pair<absl::string_view, absl::string_view> kCoupledVariables[] = {
    {"character_set_connection", "collation_connection"},
    {"character_set_database", "collation_database"},
    {"character_set_server", "collation_server"},
};

bool IsNumber(absl::string_view value) {
  size_t i = 0;
  if (i < value.size() && value[i] == '-') ++i;
  size_t digits_start = i;
  while (i < value.size() && absl::ascii_isdigit(static_cast<unsigned char>(value[i]))) ++i;
  if (i == digits_start) return false;
  if (i == value.size()) return true;
  if (value[i] != '.') return false;
  size_t fraction_start = ++i;
  while (i < value.size() && absl::ascii_isdigit(static_cast<unsigned char>(value[i]))) ++i;
  return i > fraction_start && i == value.size();
}

// Character set variables first (client, connection, results, ...), then collations, then the
// rest by name: the order in which a multi-assignment SET reproduces a consistent state.
int AssignmentRank(absl::string_view name) {
  if (absl::StartsWith(name, "character_set_")) return 0;
  if (absl::StartsWith(name, "collation_")) return 1;
  return 2;
}

}  // namespace

absl::StatusOr<SessionState> SessionState::ForClient(uint16_t collation_id,
                                                     absl::optional<std::string> schema,
                                                     bool multi_statements) {
  const char* csname = "utf8mb4";
  const char* collation = "utf8mb4_general_ci";
  // MariaDB gives a client whose collation it does not know its default character set. The
  // connector knows MySQL 8's utf8mb4_0900_* ids, which MariaDB 10.11 does not have.
  const MARIADB_CHARSET_INFO* charset = mariadb_get_charset_by_nr(collation_id);
  if (charset != nullptr && charset->csname != nullptr && charset->name != nullptr &&
      !absl::StrContains(charset->name, "_0900_")) {
    csname = charset->csname;
    collation = charset->name;
  }
  SessionState state;
  state.schema = std::move(schema);
  state.multi_statements = multi_statements;
  state.variables[kCharacterSetClient] = csname;
  state.variables[kCharacterSetConnection] = csname;
  state.variables[kCharacterSetResults] = csname;
  state.variables[kCollationConnection] = collation;
  return state;
}

absl::optional<absl::string_view> SessionState::Variable(absl::string_view name) const {
  auto it = variables.find(name);
  if (it == variables.end()) return absl::nullopt;
  return absl::string_view(it->second);
}

bool SessionState::autocommit() const {
  absl::optional<absl::string_view> value = Variable("autocommit");
  return !value || absl::EqualsIgnoreCase(*value, "ON") || *value == "1";
}

bool IsUnreplayableVariable(absl::string_view name) {
  static constexpr absl::string_view kMoments[] = {
      "timestamp",  "insert_id",     "last_insert_id",   "identity",
      "rand_seed1", "rand_seed2",    "pseudo_thread_id", "gtid_seq_no",
      "last_gtid",  "warning_count", "error_count",      "in_transaction",
  };
  if (absl::StartsWith(name, "session_track_")) return true;
  return std::find(std::begin(kMoments), std::end(kMoments), name) != std::end(kMoments);
}

std::string SystemVariableLiteral(absl::string_view name, absl::string_view value) {
  if (value.empty() &&
      (absl::StartsWith(name, "character_set_") || absl::StartsWith(name, "collation_"))) {
    return "NULL";
  }
  if (IsNumber(value)) return std::string(value);
  if (value.find('\'') == absl::string_view::npos && value.find('\\') == absl::string_view::npos) {
    return absl::StrCat("'", value, "'");
  }
  return absl::StrCat("X'", absl::BytesToHexString(value), "'");
}

SyncPlan ComputeSyncPlan(const SessionState& desired, const SessionState& actual) {
  SyncPlan plan;
  if (!desired.schema.has_value() && actual.schema.has_value()) {
    plan.change_user = true;
    return plan;
  }
  if (desired.schema.has_value() && desired.schema != actual.schema) {
    plan.use_schema = *desired.schema;
  }
  if (desired.multi_statements != actual.multi_statements) {
    plan.multi_statements = desired.multi_statements;
  }
  if (desired.variables == actual.variables) return plan;

  // name -> value to assign (nullopt: DEFAULT)
  absl::btree_map<absl::string_view, absl::optional<absl::string_view>> assignments;
  for (const auto& [name, value] : desired.variables) {
    auto it = actual.variables.find(name);
    if (it == actual.variables.end() || it->second != value) assignments[name] = value;
  }
  for (const auto& [name, value] : actual.variables) {
    if (!desired.variables.contains(name)) assignments[name] = absl::nullopt;
  }
  for (const auto& [charset, collation] : kCoupledVariables) {
    if (!assignments.contains(charset) && !assignments.contains(collation)) continue;
    for (absl::string_view name : {charset, collation}) {
      absl::optional<absl::string_view> value = desired.Variable(name);
      if (value || actual.variables.contains(name)) assignments[name] = value;
    }
  }

  std::vector<std::pair<absl::string_view, absl::optional<absl::string_view>>> ordered;
  for (const auto& assignment : assignments) {
    if (!IsUnreplayableVariable(assignment.first)) ordered.push_back(assignment);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return AssignmentRank(a.first) < AssignmentRank(b.first);
  });
  if (ordered.empty()) return plan;
  plan.set_statement = absl::StrCat(
      "SET ", absl::StrJoin(ordered, ", ", [](std::string* out, const auto& assignment) {
        absl::StrAppend(out, "@@session.", assignment.first, "=",
                        assignment.second
                            ? SystemVariableLiteral(assignment.first, *assignment.second)
                            : "DEFAULT");
      }));
  return plan;
}

TrackedChangeSummary ApplySessionTrack(const std::vector<SessionTrackEntry>& entries,
                                       SessionState* state) {
  TrackedChangeSummary summary;
  bool saw_character_set_connection = false;
  bool saw_collation_connection = false;
  for (const SessionTrackEntry& entry : entries) {
    switch (entry.type) {
      case SessionTrackType::kSystemVariables: {
        summary.variables_or_schema = true;
        std::string name = absl::AsciiStrToLower(entry.name);
        if (IsUnreplayableVariable(name)) {
          summary.unreplayable_variable = true;
          break;
        }
        if (name == kCharacterSetConnection) saw_character_set_connection = true;
        if (name == kCollationConnection) saw_collation_connection = true;
        state->variables[name] = entry.value;
        break;
      }
      case SessionTrackType::kSchema:
        summary.variables_or_schema = true;
        if (entry.value.empty()) {
          state->schema.reset();
        } else {
          state->schema = entry.value;
        }
        break;
      case SessionTrackType::kStateChange:
        summary.state_changed = true;
        break;
      case SessionTrackType::kGtids:
        break;
      case SessionTrackType::kTransactionCharacteristics:
        summary.transaction_characteristics = entry.value;
        break;
      case SessionTrackType::kTransactionState:
        summary.transaction_state = entry.value;
        break;
    }
  }
  summary.character_set_without_collation =
      saw_character_set_connection && !saw_collation_connection;
  return summary;
}

}  // namespace shardproxy
