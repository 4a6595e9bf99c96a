#include "xa/fault_points.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace shardproxy {
namespace {

absl::Status BadRule(absl::string_view rule, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "bad XA fault rule '", rule, "': ", why,
      " (expected after_prepares=N|before_decision|after_decision|after_commits=N, then "
      ":kill or :abort, optionally @K)"));
}

}  // namespace

absl::string_view FaultPointName(FaultPoint point) {
  switch (point) {
    case FaultPoint::kAfterSomePrepares:
      return "after_prepares";
    case FaultPoint::kBeforeDecision:
      return "before_decision";
    case FaultPoint::kAfterDecision:
      return "after_decision";
    case FaultPoint::kAfterSomeCommits:
      return "after_commits";
  }
  return "?";
}

absl::StatusOr<std::unique_ptr<FaultPoints>> FaultPoints::Parse(absl::string_view spec) {
  auto points = std::make_unique<FaultPoints>();
  for (absl::string_view text : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    text = absl::StripAsciiWhitespace(text);
    FaultRule rule;
    std::pair<absl::string_view, absl::string_view> where_what = absl::StrSplit(text, ':');
    absl::string_view where = where_what.first;
    absl::string_view what = where_what.second;
    std::pair<absl::string_view, absl::string_view> action_nth = absl::StrSplit(what, '@');
    if (action_nth.first == "kill") {
      rule.action = FaultAction::kKillProcess;
    } else if (action_nth.first == "abort") {
      rule.action = FaultAction::kAbortProcess;
    } else {
      return BadRule(text, "unknown action");
    }
    if (!action_nth.second.empty() &&
        (!absl::SimpleAtoi(action_nth.second, &rule.transaction) || rule.transaction < 1)) {
      return BadRule(text, "@K needs a positive number");
    }
    std::pair<absl::string_view, absl::string_view> name_count = absl::StrSplit(where, '=');
    bool needs_count = true;
    if (name_count.first == "after_prepares") {
      rule.point = FaultPoint::kAfterSomePrepares;
    } else if (name_count.first == "after_commits") {
      rule.point = FaultPoint::kAfterSomeCommits;
    } else if (name_count.first == "before_decision") {
      rule.point = FaultPoint::kBeforeDecision;
      needs_count = false;
    } else if (name_count.first == "after_decision") {
      rule.point = FaultPoint::kAfterDecision;
      needs_count = false;
    } else {
      return BadRule(text, "unknown point");
    }
    if (needs_count) {
      if (!absl::SimpleAtoi(name_count.second, &rule.count) || rule.count < 1) {
        return BadRule(text, "=N needs a positive number");
      }
    } else if (!name_count.second.empty()) {
      return BadRule(text, "this point takes no =N");
    }
    points->Add(std::move(rule));
  }
  return points;
}

void FaultPoints::Add(FaultRule rule) {
  rules_.push_back(std::make_unique<ArmedRule>(std::move(rule)));
}

void FaultPoints::Hit(FaultPoint point, int count) {
  for (auto& armed : rules_) {
    if (armed->rule.point != point || armed->rule.count != count) continue;
    int nth = armed->reached.fetch_add(1) + 1;
    if (nth != armed->rule.transaction) continue;
    switch (armed->rule.action) {
      case FaultAction::kKillProcess:
        // Exactly what `kill -9` does: no destructors, no atexit, no buffered output.
        kill(getpid(), SIGKILL);
        _exit(137);  // not reached
      case FaultAction::kAbortProcess:
        std::abort();
      case FaultAction::kCallback:
        if (armed->rule.callback) armed->rule.callback();
        break;
    }
  }
}

}  // namespace shardproxy
