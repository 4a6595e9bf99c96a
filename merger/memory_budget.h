// The memory a merge may hold: hash aggregation groups, DISTINCT keys, sort buffers and hash join
// build rows are charged here, and an operator that would exceed the limit ends its stream with
// a clear error instead of growing until the process dies.
//
// Error: 1041 / HY000 (ER_OUT_OF_RESOURCES, "Out of memory"), the code MySQL itself uses when a
// statement cannot get the memory it needs; the message names the operator and the limit.
//
// One budget is shared by every operator of a pipeline (and may be shared by a session's
// pipelines); it is not thread-safe, like the pipeline itself.
#ifndef SHARDPROXY_MERGER_MEMORY_BUDGET_H_
#define SHARDPROXY_MERGER_MEMORY_BUDGET_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

class MemoryBudget {
 public:
  static constexpr size_t kDefaultLimit = size_t{256} << 20;

  explicit MemoryBudget(size_t limit = kDefaultLimit) : limit_(limit) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Charges `bytes` for `what` ("GROUP BY", "hash join build side"); on refusal nothing is
  // charged and the status is the client-facing error.
  absl::Status Reserve(size_t bytes, absl::string_view what);
  void Release(size_t bytes);

  size_t limit() const { return limit_; }
  size_t used() const { return used_; }
  size_t peak() const { return peak_; }

 private:
  size_t limit_;
  size_t used_ = 0;
  size_t peak_ = 0;
};

// Charges a running total against a budget and gives it all back when destroyed: an operator's
// share of the budget.
class MemoryCharge {
 public:
  MemoryCharge(MemoryBudget* budget, absl::string_view what) : budget_(budget), what_(what) {}
  ~MemoryCharge() { budget_->Release(charged_); }
  MemoryCharge(const MemoryCharge&) = delete;
  MemoryCharge& operator=(const MemoryCharge&) = delete;

  absl::Status Add(size_t bytes);
  // Moves the charge to `bytes` total (up or down).
  absl::Status Set(size_t bytes);
  size_t charged() const { return charged_; }

 private:
  MemoryBudget* budget_;
  absl::string_view what_;  // a string literal
  size_t charged_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MEMORY_BUDGET_H_
