// Fault-injection points inside the two-phase commit protocol, for crash tests.
//
// The coordinator reports each point it passes; a rule armed for that point then kills the
// process exactly there (SIGKILL to itself: indistinguishable from `kill -9`), aborts it, or runs
// a test's callback (e.g. to kill a data source at that moment). Production passes no
// FaultPoints (a null pointer: one test per point). The proxy creates one only from a test-only
// command-line flag, whose value Parse() reads:
//
//   after_prepares=N:ACTION   after N XA PREPAREs of one transaction answered OK (others may
//                             still be on their way)
//   before_decision:ACTION    all XA PREPAREs OK, the commit decision not yet written
//   after_decision:ACTION     the decision is durable, no XA COMMIT sent yet
//   after_commits=N:ACTION    after N XA COMMITs of one transaction answered OK
//
// ACTION is `kill` or `abort`; a suffix `@K` arms the rule for the K-th transaction that reaches
// the point (default 1). Several rules are separated by ','. Example: "after_commits=1:kill@3".
#ifndef SHARDPROXY_XA_FAULT_POINTS_H_
#define SHARDPROXY_XA_FAULT_POINTS_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

enum class FaultPoint {
  kAfterSomePrepares,
  kBeforeDecision,
  kAfterDecision,
  kAfterSomeCommits,
};
absl::string_view FaultPointName(FaultPoint point);

enum class FaultAction { kKillProcess, kAbortProcess, kCallback };

struct FaultRule {
  FaultPoint point = FaultPoint::kBeforeDecision;
  // For the "some" points: fires when this many acknowledgements have arrived.
  int count = 1;
  // Fires for the n-th transaction that reaches the point (with `count`), once.
  int transaction = 1;
  FaultAction action = FaultAction::kKillProcess;
  // For kCallback: runs on the coordinator's thread, at the point.
  absl::AnyInvocable<void()> callback;
};

class FaultPoints {
 public:
  FaultPoints() = default;
  FaultPoints(const FaultPoints&) = delete;
  FaultPoints& operator=(const FaultPoints&) = delete;

  // Reads the flag syntax above. Errors name the bad rule.
  static absl::StatusOr<std::unique_ptr<FaultPoints>> Parse(absl::string_view spec);

  // Arms a rule. Not thread-safe against Hit(): add every rule before the coordinators run.
  void Add(FaultRule rule);

  // Called by the coordinator at `point`; `count` is the number of acknowledgements so far for
  // the "some" points (1 for the others). Thread-safe.
  void Hit(FaultPoint point, int count);

 private:
  struct ArmedRule {
    explicit ArmedRule(FaultRule r) : rule(std::move(r)) {}
    FaultRule rule;
    std::atomic<int> reached{0};
  };
  std::vector<std::unique_ptr<ArmedRule>> rules_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_XA_FAULT_POINTS_H_
