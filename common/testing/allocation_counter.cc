#include "common/testing/allocation_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<uint64_t> g_allocations{0};
std::atomic<uint64_t> g_allocated_bytes{0};
}  // namespace

// Defined in their own file, away from any code that allocates, so no compiler sees the
// malloc-based new inlined next to the free-based delete (GCC would warn about the pairing).
void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace shardproxy::testing {

uint64_t AllocationCount() { return g_allocations.load(std::memory_order_relaxed); }
uint64_t AllocatedBytes() { return g_allocated_bytes.load(std::memory_order_relaxed); }

}  // namespace shardproxy::testing
