// hash_mod: partition = H(canonical text of the key) mod count, with a fixed hash so a key lands
// on the same target on every machine, build and restart:
//
//   H(bytes) = fmix64(FNV-1a-64(bytes))
//   FNV-1a-64: h = 0xcbf29ce484222325; for each byte b: h = (h ^ b) * 0x100000001b3 (mod 2^64)
//   fmix64 (MurmurHash3's finalizer, spreads FNV's weak low bits):
//     h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53; h ^= h >> 33
//
// The canonical text makes values MySQL compares equal hash equally:
//  - numbers (integer, DECIMAL, DOUBLE, and strings that are numbers: 5, '5', ' 05', 5.0, 5e0)
//    hash as their plain decimal text without leading zeros or trailing fraction zeros: "5",
//    "-12.5";
//  - DATE/DATETIME values and strings that are dates hash as 'YYYY-MM-DD' (at midnight) or
//    'YYYY-MM-DD HH:MM:SS[.ffffff]', so '2024-1-5' and DATE '2024-01-05' agree;
//  - other strings hash their bytes without trailing spaces (PAD SPACE collations ignore them)
//    and, unless the algorithm has `case_sensitive: true`, with ASCII letters lower-cased, as the
//    default _ci collations compare them. Accents and non-ASCII case are compared as bytes:
//    shard on a _bin column, or ASCII keys, when that matters.
//  - NULL cannot be hashed (unplaced).
// Values that compare unequal may share a partition; that only costs balance, never correctness.
#ifndef SHARDPROXY_CONFIG_HASH_MOD_ALGORITHM_H_
#define SHARDPROXY_CONFIG_HASH_MOD_ALGORITHM_H_

#include <cstdint>

#include "config/sharding_value.h"

namespace shardproxy {

// H(canonical text of `value`); false for NULL.
bool HashShardingValue(const ShardingValue& value, bool case_sensitive, uint64_t* hash);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_HASH_MOD_ALGORITHM_H_
