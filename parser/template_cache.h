// Bounded, thread-safe map digest → statement template, with LRU eviction.
//
// The map is split into shards chosen by the digest hash; each shard has its own mutex, map and
// LRU list, so worker threads parsing different statements rarely meet on a lock, and a hit
// does no allocation (lookup, LRU splice, shared_ptr copy). Templates are immutable and shared:
// an evicted template stays alive while any BoundStatement or PreparedStatement uses it.
//
// A digest may map to a few templates that differ in pinned literals (e.g. `CAST(x AS CHAR(10))`
// vs `CHAR(20)`): Lookup returns the one whose pinned slots match the statement.
#ifndef SHARDPROXY_PARSER_TEMPLATE_CACHE_H_
#define SHARDPROXY_PARSER_TEMPLATE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "parser/sql_digest.h"
#include "parser/statement_template.h"

namespace shardproxy::sql {

class TemplateCache {
 public:
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t insertions = 0;
    uint64_t evictions = 0;
    size_t size = 0;  // digests held
  };

  // At most `capacity` digests (spread evenly over `shards` shards, at least one per shard).
  explicit TemplateCache(size_t capacity, size_t shards = 16);
  TemplateCache(const TemplateCache&) = delete;
  TemplateCache& operator=(const TemplateCache&) = delete;

  // The template for `digest` whose pinned literals match it, or null.
  std::shared_ptr<const StatementTemplate> Lookup(const SqlDigest& digest);
  // Adds a template built from `digest` (a digest keeps at most kMaxVariants templates).
  void Insert(const SqlDigest& digest, std::shared_ptr<const StatementTemplate> tmpl);

  Stats stats() const;
  size_t capacity() const { return per_shard_capacity_ * shards_.size(); }

  static constexpr size_t kMaxVariants = 4;

 private:
  struct Entry {
    std::vector<std::shared_ptr<const StatementTemplate>> variants;
  };
  struct Shard {
    mutable absl::Mutex mu;
    // Key views point into the first variant's digest string, which lives as long as the entry.
    std::list<Entry> lru ABSL_GUARDED_BY(mu);  // most recently used first
    absl::flat_hash_map<absl::string_view, std::list<Entry>::iterator> map ABSL_GUARDED_BY(mu);
    uint64_t hits ABSL_GUARDED_BY(mu) = 0;
    uint64_t misses ABSL_GUARDED_BY(mu) = 0;
    uint64_t insertions ABSL_GUARDED_BY(mu) = 0;
    uint64_t evictions ABSL_GUARDED_BY(mu) = 0;
  };
  Shard& ShardFor(uint64_t hash) { return *shards_[(hash >> 7) % shards_.size()]; }
  static bool PinnedMatch(const StatementTemplate& tmpl, const SqlDigest& digest);

  size_t per_shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace shardproxy::sql

#endif  // SHARDPROXY_PARSER_TEMPLATE_CACHE_H_
