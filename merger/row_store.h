// Keeping rows beyond the Next() call that produced them.
//
// A stream's row is valid only until its next Next(). Operators that must remember a row (the
// current group's first row, a hash table's build side, a sort buffer) copy it into one of these.
// OwnedRow holds one row and reuses its buffers, so a streaming operator stops allocating once
// warm; RowArena packs many rows into large blocks charged to a memory budget.
#ifndef SHARDPROXY_MERGER_ROW_STORE_H_
#define SHARDPROXY_MERGER_ROW_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "merger/memory_budget.h"
#include "merger/row_stream.h"

namespace shardproxy {

// Moving an OwnedRow keeps its cells valid (its bytes are on the heap, never inline).
class OwnedRow {
 public:
  void Assign(RowView row);
  void Clear() { cells_.clear(); }
  RowView view() const { return RowView(cells_); }
  bool empty() const { return cells_.empty(); }
  size_t capacity_bytes() const { return bytes_.capacity() + cells_.capacity() * sizeof(Cell); }

 private:
  std::vector<char> bytes_;
  std::vector<Cell> cells_;
};

class RowArena {
 public:
  RowArena(MemoryBudget* budget, absl::string_view what) : charge_(budget, what) {}
  RowArena(const RowArena&) = delete;
  RowArena& operator=(const RowArena&) = delete;

  // A copy of `row` that lives as long as the arena; fails when the budget says no.
  absl::StatusOr<RowView> Copy(RowView row);
  // Raw bytes from the arena, charged like rows.
  absl::StatusOr<char*> Allocate(size_t bytes, size_t alignment = 1);

  size_t bytes_allocated() const { return charge_.charged(); }

 private:
  static constexpr size_t kBlockSize = 64 * 1024;

  MemoryCharge charge_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t remaining_ = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_ROW_STORE_H_
