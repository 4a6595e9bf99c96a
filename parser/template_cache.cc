#include "parser/template_cache.h"

#include <algorithm>

namespace shardproxy::sql {

TemplateCache::TemplateCache(size_t capacity, size_t shards) {
  shards = std::max<size_t>(1, shards);
  per_shard_capacity_ = std::max<size_t>(1, (capacity + shards - 1) / shards);
  for (size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

bool TemplateCache::PinnedMatch(const StatementTemplate& tmpl, const SqlDigest& digest) {
  for (const PinnedSlot& pinned : tmpl.pinned) {
    if (static_cast<size_t>(pinned.slot) >= digest.slots().size()) return false;
    if (digest.TokenText(digest.slots()[pinned.slot].token) != pinned.text) return false;
  }
  return true;
}

std::shared_ptr<const StatementTemplate> TemplateCache::Lookup(const SqlDigest& digest) {
  Shard& shard = ShardFor(digest.hash());
  absl::MutexLock lock(&shard.mu);
  auto it = shard.map.find(digest.text());
  if (it != shard.map.end()) {
    for (const auto& variant : it->second->variants) {
      if (PinnedMatch(*variant, digest)) {
        shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
        ++shard.hits;
        return variant;
      }
    }
  }
  ++shard.misses;
  return nullptr;
}

void TemplateCache::Insert(const SqlDigest& digest, std::shared_ptr<const StatementTemplate> tmpl) {
  Shard& shard = ShardFor(digest.hash());
  absl::MutexLock lock(&shard.mu);
  ++shard.insertions;
  auto it = shard.map.find(digest.text());
  if (it != shard.map.end()) {
    Entry& entry = *it->second;
    for (const auto& variant : entry.variants) {
      if (variant->pinned.empty() && tmpl->pinned.empty()) return;  // a racing thread won
    }
    if (entry.variants.size() < kMaxVariants) entry.variants.push_back(std::move(tmpl));
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    return;
  }
  if (shard.map.size() >= per_shard_capacity_) {
    Entry& victim = shard.lru.back();
    shard.map.erase(absl::string_view(victim.variants.front()->digest));
    shard.lru.pop_back();
    ++shard.evictions;
  }
  shard.lru.push_front(Entry());
  shard.lru.front().variants.push_back(std::move(tmpl));
  shard.map.emplace(absl::string_view(shard.lru.front().variants.front()->digest),
                    shard.lru.begin());
}

TemplateCache::Stats TemplateCache::stats() const {
  Stats stats;
  for (const auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    stats.hits += shard->hits;
    stats.misses += shard->misses;
    stats.insertions += shard->insertions;
    stats.evictions += shard->evictions;
    stats.size += shard->map.size();
  }
  return stats;
}

}  // namespace shardproxy::sql
