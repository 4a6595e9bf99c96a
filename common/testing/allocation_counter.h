// Heap allocations counted for benchmarks: a binary that links sp_allocation_counter has its
// global operator new/delete replaced by ones that count (every thread, every library). The
// benchmarks report allocations per statement or per row with it; the hot paths aim at none.
#ifndef SHARDPROXY_COMMON_TESTING_ALLOCATION_COUNTER_H_
#define SHARDPROXY_COMMON_TESTING_ALLOCATION_COUNTER_H_

#include <cstdint>

namespace shardproxy::testing {

// Calls of operator new (and new[]) so far, and the bytes they asked for.
uint64_t AllocationCount();
uint64_t AllocatedBytes();

}  // namespace shardproxy::testing

#endif  // SHARDPROXY_COMMON_TESTING_ALLOCATION_COUNTER_H_
