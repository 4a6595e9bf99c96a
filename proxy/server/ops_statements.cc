#include "proxy/server/ops_statements.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/mysql_error.h"
#include "proxy/backend/session_state.h"
#include "proxy/protocol/server_status.h"
#include "proxy/server/config_snapshot.h"
#include "proxy/server/ops_runtime.h"
#include "proxy/server/statement_words.h"

namespace shardproxy {
namespace {

bool IsMaxExecutionTime(absl::string_view name) {
  for (absl::string_view prefix : {"@@session.", "@@local.", "@@"}) {
    if (absl::StartsWithIgnoreCase(name, prefix)) {
      name.remove_prefix(prefix.size());
      break;
    }
  }
  return absl::EqualsIgnoreCase(name, "max_execution_time");
}

LocalResult ShowDataSources(const HandlerContext& context) {
  OpsRuntime* ops = context.ops;
  // This worker's figures are taken now; other workers' are at most a publish interval old.
  for (const auto& [name, pool] : *context.pools) ops->PublishPool(context.worker_index, *pool);
  LocalResult result;
  result.columns = {TextColumn("name", 64),     TextColumn("address", 300),
                    TextColumn("database", 64), NumberColumn("pool_size"),
                    NumberColumn("in_use"),     NumberColumn("idle"),
                    NumberColumn("waiting"),    TextColumn("breaker", 16)};
  // The data sources of the config now in force (a reload may have added or removed some).
  const Config& config = context.latest != nullptr ? *(*context.latest)->config : *context.config;
  for (const DataSourceConfig& current : config.data_sources) {
    const DataSourceOps* ds = ops->FindDataSource(current.name);
    if (ds == nullptr) continue;
    PoolStats stats = ds->Sum();
    result.rows.push_back({ds->config.name, ds->config.Address(),
                           ds->config.database, absl::StrCat(ds->config.max_connections),
                           absl::StrCat(stats.in_use), absl::StrCat(stats.idle),
                           absl::StrCat(stats.waiting),
                           std::string(ops::CircuitStateName(ds->breaker.state()))});
  }
  return result;
}

// KILL [HARD | SOFT] [CONNECTION | QUERY] <id>; anything else (KILL QUERY ID, KILL USER, an
// expression) is not ours.
OpsStatement RecognizeKill(absl::string_view sql) {
  StatementWords words(sql);
  if (words.too_many() || !words.Is(0, "kill")) return {};
  size_t at = 1;
  if (words.Is(at, "hard") || words.Is(at, "soft")) ++at;
  OpsStatement kill{.kind = OpsStatementKind::kKill};
  if (words.Is(at, "connection")) {
    ++at;
  } else if (words.Is(at, "query")) {
    kill.kill_connection = false;
    ++at;
  }
  if (words.size() != at + 1 || !absl::SimpleAtoi(words[at], &kill.kill_id)) return {};
  return kill;
}

}  // namespace

OpsStatement RecognizeOpsStatement(absl::string_view sql) {
  size_t first = sql.find_first_not_of(" \t\r\n");
  if (first == absl::string_view::npos) return {};
  char c = absl::ascii_tolower(static_cast<unsigned char>(sql[first]));
  if (c == 'k') return RecognizeKill(sql.substr(first));
  if (c != 's') return {};
  // Every SELECT starts with 's': decide without allocating unless it may be one of ours.
  absl::string_view rest = sql.substr(first);
  bool candidate = absl::StartsWithIgnoreCase(rest, "show") ||
                   absl::StartsWithIgnoreCase(rest, "set") ||
                   (absl::StartsWithIgnoreCase(rest, "select") &&
                    absl::StrContains(rest.substr(0, 64), "@@"));
  if (!candidate) return {};
  StatementWords words(rest);
  if (words.size() < 2) return {};
  if (words.Are({"show", "data", "sources"})) return {.kind = OpsStatementKind::kShowDataSources};
  if (words.Are({"show", "processlist"})) return {.kind = OpsStatementKind::kShowProcesslist};
  if (words.Are({"show", "full", "processlist"})) {
    return {.kind = OpsStatementKind::kShowProcesslist, .full = true};
  }
  if (words.Is(0, "select") && words.size() == 2 && IsMaxExecutionTime(words[1]) &&
      absl::StartsWith(words[1], "@@")) {
    return {.kind = OpsStatementKind::kSelectMaxExecutionTime};
  }
  if (!words.Is(0, "set")) return {};
  size_t at = 1;
  if (words.Is(at, "session") || words.Is(at, "local")) ++at;
  if (words.size() != at + 3 || !IsMaxExecutionTime(words[at]) || words[at + 1] != "=") {
    return {};
  }
  OpsStatement statement{.kind = OpsStatementKind::kSetMaxExecutionTime, .value = -1};
  int64_t value = 0;
  if (absl::SimpleAtoi(words[at + 2], &value) && value >= 0) statement.value = value;
  return statement;
}

absl::StatusOr<LocalResult> RunOpsStatement(const OpsStatement& statement,
                                            const HandlerContext& context,
                                            int64_t* max_execution_time_ms) {
  switch (statement.kind) {
    case OpsStatementKind::kShowDataSources:
      if (context.ops == nullptr) break;
      return ShowDataSources(context);
    case OpsStatementKind::kSetMaxExecutionTime:
      if (statement.value < 0) {
        return MysqlStatus(mysql_errc::kWrongArguments, "HY000",
                           "Incorrect argument type to variable 'max_execution_time': expected "
                           "a number of milliseconds (0 = no limit)");
      }
      *max_execution_time_ms = statement.value;
      return LocalResult{};
    case OpsStatementKind::kSelectMaxExecutionTime: {
      LocalResult result;
      result.columns = {NumberColumn("@@max_execution_time")};
      result.rows.push_back({absl::StrCat(*max_execution_time_ms)});
      return result;
    }
    case OpsStatementKind::kShowProcesslist:
    case OpsStatementKind::kKill:
    case OpsStatementKind::kNone:
      break;
  }
  return InternalError("not an ops statement");
}

void KillSession(const HandlerContext& context, const OpsStatement& kill,
                 absl::AnyInvocable<void(absl::StatusOr<LocalResult>)> done) {
  if (context.ops == nullptr || context.user == nullptr) {
    done(InternalError("KILL needs the proxy server"));
    return;
  }
  context.ops->KillSession(
      context.loop, kill.kill_id,
      kill.kill_connection ? OpsRuntime::KillTarget::kConnection : OpsRuntime::KillTarget::kQuery,
      *context.user, [done = std::move(done)](absl::Status status) mutable {
        if (!status.ok()) return done(status);
        done(LocalResult{});
      });
}

void CollectProcesslist(const HandlerContext& context, bool full,
                        absl::AnyInvocable<void(absl::StatusOr<LocalResult>)> done) {
  if (context.ops == nullptr) {
    done(InternalError("SHOW PROCESSLIST needs the proxy server"));
    return;
  }
  context.ops->CollectProcesslist(
      context.loop, [full, done = std::move(done)](std::vector<ProcessRow> rows) mutable {
        LocalResult result;
        result.columns = {NumberColumn("Id"),          TextColumn("User", 80),
                          TextColumn("Host", 64),      TextColumn("db", 64),
                          TextColumn("Command", 16),   NumberColumn("Time"),
                          TextColumn("State", 64),     TextColumn("Info", 4096)};
        // As MySQL: db and Info are NULL when there is none.
        auto or_null = [](std::string& s) -> absl::optional<std::string> {
          if (s.empty()) return absl::nullopt;
          return std::move(s);
        };
        for (ProcessRow& row : rows) {
          // As MySQL: without FULL, the first 100 characters of the statement.
          if (!full && row.info.size() > 100) row.info.resize(100);
          result.rows.push_back({absl::StrCat(row.id), std::move(row.user), std::move(row.host),
                                 or_null(row.db), std::move(row.command),
                                 absl::StrCat(row.time), std::move(row.state),
                                 or_null(row.info)});
        }
        done(std::move(result));
      });
}

}  // namespace shardproxy
