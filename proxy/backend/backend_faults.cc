#include "proxy/backend/backend_faults.h"

#include <utility>

#include "absl/strings/match.h"

namespace shardproxy {

void ScriptedFaults::AddConnectFault(std::string data_source, Fault fault, int nth, int times) {
  rules_.push_back(Rule{true, std::move(data_source), "", std::move(fault), nth, times});
}

void ScriptedFaults::AddStatementFault(std::string data_source, std::string sql_substring,
                                       Fault fault, int nth, int times) {
  rules_.push_back(
      Rule{false, std::move(data_source), std::move(sql_substring), std::move(fault), nth, times});
}

Fault ScriptedFaults::OnConnect(const BackendEndpoint& endpoint) {
  return Match(true, endpoint, {});
}

Fault ScriptedFaults::OnStatement(const BackendEndpoint& endpoint, absl::string_view sql) {
  return Match(false, endpoint, sql);
}

Fault ScriptedFaults::Match(bool on_connect, const BackendEndpoint& endpoint,
                            absl::string_view sql) {
  for (Rule& rule : rules_) {
    if (rule.on_connect != on_connect || rule.data_source != endpoint.name) continue;
    if (!on_connect && !absl::StrContains(sql, rule.sql_substring)) continue;
    int occurrence = ++rule.seen;
    if (occurrence >= rule.nth && occurrence < rule.nth + rule.times) {
      ++fired_;
      return rule.fault;
    }
  }
  return Fault::None();
}

}  // namespace shardproxy
