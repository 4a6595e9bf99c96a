#include "merger/memory_budget.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {

absl::Status MemoryBudget::Reserve(size_t bytes, absl::string_view what) {
  if (bytes > limit_ - std::min(used_, limit_)) {
    return MysqlStatus(mysql_errc::kOutOfResources, "HY000",
                       absl::StrCat("Out of memory: the cross-shard ", what,
                                    " needs more than "
                                    "the merge memory limit of ",
                                    limit_,
                                    " bytes; narrow the query (WHERE, LIMIT) or raise the "
                                    "limit"));
  }
  used_ += bytes;
  peak_ = std::max(peak_, used_);
  return absl::OkStatus();
}

void MemoryBudget::Release(size_t bytes) { used_ -= std::min(bytes, used_); }

absl::Status MemoryCharge::Add(size_t bytes) {
  absl::Status s = budget_->Reserve(bytes, what_);
  if (s.ok()) charged_ += bytes;
  return s;
}

absl::Status MemoryCharge::Set(size_t bytes) {
  if (bytes <= charged_) {
    budget_->Release(charged_ - bytes);
    charged_ = bytes;
    return absl::OkStatus();
  }
  return Add(bytes - charged_);
}

}  // namespace shardproxy
