// The merger's entry point: shard result streams + a MergeSpec in, the one result a single
// MySQL server would give out, as a pull stream.
//
//   auto spec = std::make_shared<const MergeSpec>(...);        // from the router, cacheable
//   std::vector<std::unique_ptr<RowStream>> shards = ...;      // from the executor
//   absl::StatusOr<std::unique_ptr<RowStream>> result =
//       BuildMergePipeline(spec, std::move(shards), {.budget = session_budget});
//   // then, on the event loop: (*result)->Next(&row) until kFinished; kBlocked means a shard
//   // has nothing yet — pull again when its waker fires. status() after kFinished is the
//   // error to send as ERR (a shard's own ERR passes through unchanged).
//
// The pipeline is DuckDB-style physical operators pulled from the top:
//   shards ─► [projection per shard] ─► concat | ORDER BY k-way merge
//          ─► [stream | hash aggregation, with HAVING]  or  [HAVING filter]
//          ─► [DISTINCT] ─► [sort / top-N] ─► [LIMIT] ─► [drop hidden columns]
// Each operator holds only its own per-execution state; the spec is never modified.
//
// Other building blocks for cross-node work: HashJoinStream (hash_join_stream.h), UNION
// (union_stream.h), IN-list literals for batched lookups (in_list.h), MemoryRowStream.
#ifndef SHARDPROXY_MERGER_MERGER_H_
#define SHARDPROXY_MERGER_MERGER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "merger/memory_budget.h"
#include "merger/merge_spec.h"
#include "merger/row_stream.h"

namespace shardproxy {

struct MergeOptions {
  // Charged by hash aggregation, DISTINCT and sorting. Null: a fresh budget with the default
  // limit (MemoryBudget::kDefaultLimit).
  std::shared_ptr<MemoryBudget> budget;
};

// Errors (before any row is read): shards of different widths or a spec that does not fit them
// (1105 — a router/executor bug), a comparison the merger cannot do exactly (1235).
absl::StatusOr<std::unique_ptr<RowStream>> BuildMergePipeline(
    std::shared_ptr<const MergeSpec> spec, std::vector<std::unique_ptr<RowStream>> shards,
    MergeOptions options = {});

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_MERGER_H_
