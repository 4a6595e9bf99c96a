#include "merger/row_store.h"

#include <cstring>
#include <new>
#include <type_traits>

namespace shardproxy {

static_assert(std::is_trivially_destructible_v<Cell> && std::is_trivially_copyable_v<Cell>,
              "rows are copied into raw arena memory");

void OwnedRow::Assign(RowView row) {
  size_t total = 0;
  for (const Cell& c : row) {
    if (c.has_value()) total += c->size();
  }
  bytes_.resize(total);  // keeps capacity: no allocation once warm
  cells_.resize(row.size());
  char* out = bytes_.data();
  for (size_t i = 0; i < row.size(); ++i) {
    if (!row[i].has_value()) {
      cells_[i] = absl::nullopt;
      continue;
    }
    size_t n = row[i]->size();
    if (n > 0) std::memcpy(out, row[i]->data(), n);
    cells_[i] = absl::string_view(out, n);
    out += n;
  }
}

absl::StatusOr<char*> RowArena::Allocate(size_t bytes, size_t alignment) {
  size_t pad = (alignment - reinterpret_cast<uintptr_t>(next_) % alignment) % alignment;
  if (next_ == nullptr || pad + bytes > remaining_) {
    size_t size = std::max(kBlockSize, bytes + alignment);
    absl::Status s = charge_.Add(size);
    if (!s.ok()) return s;
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));
    next_ = blocks_.back().get();
    remaining_ = size;
    pad = (alignment - reinterpret_cast<uintptr_t>(next_) % alignment) % alignment;
  }
  char* p = next_ + pad;
  next_ += pad + bytes;
  remaining_ -= pad + bytes;
  return p;
}

absl::StatusOr<RowView> RowArena::Copy(RowView row) {
  size_t total = 0;
  for (const Cell& c : row) {
    if (c.has_value()) total += c->size();
  }
  absl::StatusOr<char*> cells_mem = Allocate(row.size() * sizeof(Cell), alignof(Cell));
  if (!cells_mem.ok()) return cells_mem.status();
  Cell* cells = reinterpret_cast<Cell*>(*cells_mem);
  char* out = nullptr;
  if (total > 0) {
    absl::StatusOr<char*> bytes = Allocate(total);
    if (!bytes.ok()) return bytes.status();
    out = *bytes;
  }
  for (size_t i = 0; i < row.size(); ++i) {
    if (!row[i].has_value()) {
      new (&cells[i]) Cell();
      continue;
    }
    size_t n = row[i]->size();
    if (n > 0) std::memcpy(out, row[i]->data(), n);
    new (&cells[i]) Cell(absl::string_view(out, n));
    out += n;
  }
  return RowView(cells, row.size());
}

}  // namespace shardproxy
