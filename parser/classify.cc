#include "parser/classify.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "parser/keywords.h"
#include "parser/literal.h"

namespace shardproxy::sql {
namespace {

struct Leading {
  absl::string_view word;
  StatementClass kind;
};

constexpr Leading kLeading[] = {
    {"SELECT", StatementClass::kSelect},
    {"WITH", StatementClass::kSelect},
    {"INSERT", StatementClass::kInsert},
    {"REPLACE", StatementClass::kReplace},
    {"UPDATE", StatementClass::kUpdate},
    {"DELETE", StatementClass::kDelete},
    {"SET", StatementClass::kSet},
    {"USE", StatementClass::kUse},
    {"BEGIN", StatementClass::kBegin},
    {"START", StatementClass::kBegin},
    {"COMMIT", StatementClass::kCommit},
    {"ROLLBACK", StatementClass::kRollback},
    {"SAVEPOINT", StatementClass::kSavepoint},
    {"RELEASE", StatementClass::kReleaseSavepoint},
    {"XA", StatementClass::kXa},
    {"SHOW", StatementClass::kShow},
    {"EXPLAIN", StatementClass::kExplain},
    {"DESCRIBE", StatementClass::kDescribe},
    {"DESC", StatementClass::kDescribe},
    {"CREATE", StatementClass::kCreate},
    {"ALTER", StatementClass::kAlter},
    {"DROP", StatementClass::kDrop},
    {"TRUNCATE", StatementClass::kTruncate},
    {"RENAME", StatementClass::kRename},
    {"LOCK", StatementClass::kLockTables},
    {"UNLOCK", StatementClass::kUnlockTables},
    {"KILL", StatementClass::kKill},
    {"CALL", StatementClass::kCall},
    {"DO", StatementClass::kDo},
    {"PREPARE", StatementClass::kPrepare},
    {"EXECUTE", StatementClass::kExecute},
    {"DEALLOCATE", StatementClass::kDeallocate},
    {"FLUSH", StatementClass::kFlush},
    {"GRANT", StatementClass::kGrant},
    {"REVOKE", StatementClass::kRevoke},
    {"ANALYZE", StatementClass::kAnalyze},
    {"OPTIMIZE", StatementClass::kOptimize},
    {"CHECK", StatementClass::kCheck},
    {"REPAIR", StatementClass::kRepair},
    {"LOAD", StatementClass::kLoad},
    {"HANDLER", StatementClass::kHandler},
};

bool FollowedByParen(const SqlDigest& d, size_t i) {
  return i + 1 < d.tokens().size() && d.tokens()[i + 1].punct == Punct::kLParen;
}

}  // namespace

const char* StatementClassName(StatementClass c) {
  static constexpr const char* kNames[] = {"Unknown",
                                           "Select",
                                           "Insert",
                                           "Replace",
                                           "Update",
                                           "Delete",
                                           "Set",
                                           "Use",
                                           "Begin",
                                           "Commit",
                                           "Rollback",
                                           "Savepoint",
                                           "ReleaseSavepoint",
                                           "Xa",
                                           "Show",
                                           "Explain",
                                           "Describe",
                                           "Create",
                                           "Alter",
                                           "Drop",
                                           "Truncate",
                                           "Rename",
                                           "LockTables",
                                           "UnlockTables",
                                           "Kill",
                                           "Call",
                                           "Do",
                                           "Prepare",
                                           "Execute",
                                           "Deallocate",
                                           "Flush",
                                           "Grant",
                                           "Revoke",
                                           "Analyze",
                                           "Optimize",
                                           "Check",
                                           "Repair",
                                           "Load",
                                           "Handler",
                                           "Other"};
  return kNames[static_cast<int>(c)];
}

Classification Classify(const SqlDigest& digest) {
  Classification result;
  const auto tokens = digest.tokens();
  size_t first = 0;
  while (first < tokens.size() && tokens[first].punct == Punct::kLParen) ++first;
  if (first < tokens.size() && tokens[first].kind == TokenKind::kWord) {
    absl::string_view word = digest.TokenText(first);
    result.kind = StatementClass::kOther;
    for (const Leading& leading : kLeading) {
      if (absl::EqualsIgnoreCase(word, leading.word)) {
        result.kind = leading.kind;
        break;
      }
    }
  }
  if (result.kind == StatementClass::kLockTables) result.flags |= kLockTables;
  // ROLLBACK … TO is a savepoint rollback: still kRollback (the parser tells them apart).
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kUserVar) {
      result.flags |= kUsesUserVariables;
      continue;
    }
    if (t.kind == TokenKind::kSysVar) {
      result.flags |= kUsesSystemVariables;
      continue;
    }
    if (t.kind != TokenKind::kWord) continue;
    absl::string_view w = digest.TokenText(i);
    if (w.size() < 3) continue;
    switch (absl::ascii_toupper(w[0])) {
      case 'G':
        if (absl::EqualsIgnoreCase(w, "GET_LOCK") && FollowedByParen(digest, i)) {
          result.flags |= kUsesLockFunctions;
        }
        break;
      case 'R':
        if ((absl::EqualsIgnoreCase(w, "RELEASE_LOCK") ||
             absl::EqualsIgnoreCase(w, "RELEASE_ALL_LOCKS")) &&
            FollowedByParen(digest, i)) {
          result.flags |= kUsesLockFunctions;
        }
        if (absl::EqualsIgnoreCase(w, "ROW_COUNT") && FollowedByParen(digest, i)) {
          result.flags |= kUsesRowCount;
        }
        break;
      case 'I':
        if ((absl::EqualsIgnoreCase(w, "IS_FREE_LOCK") ||
             absl::EqualsIgnoreCase(w, "IS_USED_LOCK")) &&
            FollowedByParen(digest, i)) {
          result.flags |= kUsesLockFunctions;
        }
        break;
      case 'S':
        if (absl::EqualsIgnoreCase(w, "SQL_CALC_FOUND_ROWS")) result.flags |= kUsesFoundRows;
        if (absl::EqualsIgnoreCase(w, "SHARE") && i >= 1 &&
            (digest.IsWord(i - 1, "FOR") || digest.IsWord(i - 1, "IN"))) {
          result.flags |= kForUpdate;
        }
        break;
      case 'F':
        if (absl::EqualsIgnoreCase(w, "FOUND_ROWS") && FollowedByParen(digest, i)) {
          result.flags |= kUsesFoundRows;
        }
        break;
      case 'T':
        if (absl::EqualsIgnoreCase(w, "TEMPORARY")) result.flags |= kMentionsTemporary;
        break;
      case 'L':
        if (absl::EqualsIgnoreCase(w, "LAST_INSERT_ID") && FollowedByParen(digest, i)) {
          result.flags |= kUsesLastInsertId;
        }
        break;
      case 'U':
        if (absl::EqualsIgnoreCase(w, "UPDATE") && i >= 1 && digest.IsWord(i - 1, "FOR")) {
          result.flags |= kForUpdate;
        }
        break;
      default:
        break;
    }
  }
  return result;
}

void CandidateTableTokens(const SqlDigest& digest, std::vector<int32_t>* out) {
  out->clear();
  for (size_t i = 0; i < digest.tokens().size(); ++i) {
    const Token& t = digest.tokens()[i];
    if (t.kind == TokenKind::kQuotedIdent ||
        (t.kind == TokenKind::kWord && !IsReservedWord(digest.TokenText(i)))) {
      out->push_back(static_cast<int32_t>(i));
    }
  }
}

bool MentionsAnyTable(const SqlDigest& digest, const absl::flat_hash_set<std::string>& tables) {
  for (size_t i = 0; i < digest.tokens().size(); ++i) {
    const Token& t = digest.tokens()[i];
    absl::string_view text = digest.TokenText(i);
    if (t.kind == TokenKind::kWord) {
      if (tables.contains(text)) return true;
    } else if (t.kind == TokenKind::kQuotedIdent && text.size() >= 2) {
      absl::string_view inner = text.substr(1, text.size() - 2);
      if (inner.find('`') == absl::string_view::npos) {
        if (tables.contains(inner)) return true;
      } else if (tables.contains(UnquoteIdentifier(text))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace shardproxy::sql
