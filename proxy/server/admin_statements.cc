#include "proxy/server/admin_statements.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "common/mysql_types.h"
#include "proxy/backend/backend_result.h"
#include "proxy/server/statement_words.h"

namespace shardproxy {
namespace {

// The statement without surrounding whitespace and trailing ';'.
absl::string_view Trim(absl::string_view sql) {
  sql = absl::StripAsciiWhitespace(sql);
  while (!sql.empty() && sql.back() == ';') {
    sql.remove_suffix(1);
    sql = absl::StripTrailingAsciiWhitespace(sql);
  }
  return sql;
}

// A table name as written: bare, or `quoted` with `` for a backtick.
absl::StatusOr<std::string> Identifier(absl::string_view word) {
  if (word.empty() || word.front() != '`') return std::string(word);
  if (word.size() < 2 || word.back() != '`') {
    return SyntaxError(absl::StrCat("unterminated quoted name ", word));
  }
  std::string name;
  absl::string_view inner = word.substr(1, word.size() - 2);
  for (size_t i = 0; i < inner.size(); ++i) {
    name.push_back(inner[i]);
    if (inner[i] == '`') {
      if (i + 1 >= inner.size() || inner[i + 1] != '`') {
        return SyntaxError(absl::StrCat("unterminated quoted name ", word));
      }
      ++i;
    }
  }
  return name;
}

absl::Status Expected(absl::string_view sql) {
  return SyntaxError(absl::StrCat(
      "expected SHOW SHARDING TABLES, SHOW SHARDING TABLE <name> or RELOAD CONFIG, found '",
      Trim(sql), "'"));
}

}  // namespace

bool IsAdminStatement(absl::string_view sql) {
  StatementWords words(sql);
  if (words.Is(0, "SHOW")) return words.Is(1, "SHARDING");
  // MySQL has no RELOAD statement; anything else after it is still ours to reject clearly.
  if (words.Is(0, "RELOAD")) return absl::StartsWithIgnoreCase(words[1], "CONFIG");
  return false;
}

absl::StatusOr<AdminStatement> ParseAdminStatement(absl::string_view sql) {
  StatementWords words(sql);
  if (words.Are({"RELOAD", "CONFIG"})) {
    return AdminStatement{AdminStatement::Kind::kReloadConfig, ""};
  }
  if (words.Are({"SHOW", "SHARDING", "TABLES"})) {
    return AdminStatement{AdminStatement::Kind::kShowShardingTables, ""};
  }
  if (words.size() == 4 && words.Is(0, "SHOW") && words.Is(1, "SHARDING") &&
      words.Is(2, "TABLE")) {
    absl::StatusOr<std::string> name = Identifier(words[3]);
    if (!name.ok()) return name.status();
    return AdminStatement{AdminStatement::Kind::kShowShardingTable, *std::move(name)};
  }
  return Expected(sql);
}

void RunAdminStatement(absl::string_view sql, const AdminContext& context,
                       absl::AnyInvocable<void(AdminAnswer)> done) {
  AdminAnswer answer;
  absl::StatusOr<AdminStatement> statement = ParseAdminStatement(sql);
  if (statement.ok() && statement->kind == AdminStatement::Kind::kReloadConfig) {
    if (context.reloader == nullptr) {
      answer.status = InternalError("RELOAD CONFIG: this proxy has no config file to reload");
    } else {
      // The answer comes back on the loop; one more hop keeps "never inside the call" true
      // whatever the service does.
      context.reloader->ReloadConfig([loop = context.loop, done = std::move(done)](
                                         absl::StatusOr<std::string> summary) mutable {
        AdminAnswer reloaded;
        if (summary.ok()) {
          reloaded.info = *std::move(summary);
        } else {
          reloaded.status = summary.status();
        }
        loop->AddTimer(absl::ZeroDuration(),
                       [done = std::move(done), reloaded = std::move(reloaded)]() mutable {
                         done(std::move(reloaded));
                       });
      });
      return;
    }
  } else if (!statement.ok()) {
    answer.status = statement.status();
  } else if (statement->kind == AdminStatement::Kind::kShowShardingTables) {
    answer.table = ShowShardingTables(*context.config);
  } else {
    absl::StatusOr<AdminTable> table = ShowShardingTable(*context.config, statement->table);
    if (table.ok()) {
      answer.table = *std::move(table);
    } else {
      answer.status = table.status();
    }
  }
  context.loop->AddTimer(
      absl::ZeroDuration(),
      [done = std::move(done), answer = std::move(answer)]() mutable { done(std::move(answer)); });
}

bool WriteAdminAnswer(const AdminAnswer& answer, uint16_t status_flags, bool more_results,
                      ResultSink* sink) {
  if (!answer.status.ok()) {
    sink->WriteError(answer.status);
    return false;
  }
  LocalResult result;
  result.info = answer.info;
  if (answer.table.has_value()) {
    for (const std::string& name : answer.table->columns) {
      result.columns.push_back(TextColumn(name, 1024));
    }
    for (const std::vector<std::string>& row : answer.table->rows) {
      result.rows.emplace_back(row.begin(), row.end());
    }
  }
  return WriteLocalResult(result, status_flags, more_results, sink);
}

}  // namespace shardproxy
