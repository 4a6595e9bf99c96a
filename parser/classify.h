// Cheap facts about a statement from its digest tokens alone, without a full parse: the session
// needs them for every statement, including in passthrough mode.
#ifndef SHARDPROXY_PARSER_CLASSIFY_H_
#define SHARDPROXY_PARSER_CLASSIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "parser/sql_digest.h"

namespace shardproxy::sql {

// The statement's kind from its leading keyword(s) (leading parentheses skipped; WITH counts
// as SELECT).
enum class StatementClass : uint8_t {
  kUnknown,
  kSelect,
  kInsert,
  kReplace,
  kUpdate,
  kDelete,
  kSet,
  kUse,
  kBegin,
  kCommit,
  kRollback,
  kSavepoint,
  kReleaseSavepoint,
  kXa,
  kShow,
  kExplain,
  kDescribe,
  kCreate,
  kAlter,
  kDrop,
  kTruncate,
  kRename,
  kLockTables,
  kUnlockTables,
  kKill,
  kCall,
  kDo,
  kPrepare,
  kExecute,
  kDeallocate,
  kFlush,
  kGrant,
  kRevoke,
  kAnalyze,
  kOptimize,
  kCheck,
  kRepair,
  kLoad,
  kHandler,
  kOther,
};
const char* StatementClassName(StatementClass c);

// Flags: things that tie a session to one backend connection or need special handling.
enum StatementFlag : uint32_t {
  kUsesUserVariables = 1u << 0,    // @x anywhere (read or assigned)
  kUsesSystemVariables = 1u << 1,  // @@x anywhere
  kUsesLockFunctions = 1u << 2,    // GET_LOCK / RELEASE_LOCK / RELEASE_ALL_LOCKS / IS_*_LOCK (
  kUsesFoundRows = 1u << 3,        // SQL_CALC_FOUND_ROWS or FOUND_ROWS(
  kMentionsTemporary = 1u << 4,    // the word TEMPORARY (CREATE/DROP TEMPORARY TABLE)
  kLockTables = 1u << 5,           // LOCK TABLE(S)
  kUsesLastInsertId = 1u << 6,     // LAST_INSERT_ID(
  kForUpdate = 1u << 7,            // FOR UPDATE / LOCK IN SHARE MODE / FOR SHARE
  kUsesRowCount = 1u << 8,         // ROW_COUNT(
};

struct Classification {
  StatementClass kind = StatementClass::kUnknown;
  uint32_t flags = 0;
  bool Has(StatementFlag flag) const { return (flags & flag) != 0; }
};

Classification Classify(const SqlDigest& digest);

// Indices of the tokens that could name a table: every unquoted word that is not a reserved
// word, and every quoted identifier. A superset of the real table names (columns, aliases and
// non-reserved keywords are in it too), so "none of these is a sharded table" is a sound test.
void CandidateTableTokens(const SqlDigest& digest, std::vector<int32_t>* out);

// True if any candidate token (unquoted, compared exactly: table names are case-sensitive)
// is in `tables`. Does not allocate unless a quoted name contains a doubled backtick.
bool MentionsAnyTable(const SqlDigest& digest, const absl::flat_hash_set<std::string>& tables);

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_CLASSIFY_H_
