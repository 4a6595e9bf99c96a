#include "proxy/executor/column_collation_cache.h"

#include <atomic>

namespace shardproxy {
namespace {

std::atomic<uint64_t> schema_changes{0};

}  // namespace

uint64_t SchemaChanges() { return schema_changes.load(std::memory_order_acquire); }

void NoteSchemaChange() { schema_changes.fetch_add(1, std::memory_order_acq_rel); }

router::ColumnCollations* ColumnCollationCache::Current(const Config* config) {
  const uint64_t changes = SchemaChanges();
  if (changes != schema_changes_ || config != config_) {
    collations_.Clear();
    schema_changes_ = changes;
    config_ = config;
  }
  return &collations_;
}

}  // namespace shardproxy
