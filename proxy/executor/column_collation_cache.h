// A worker's copy of what its data nodes declare as the collations of logical tables' string
// columns (router/column_collations.h), kept until DDL runs through the proxy or the rules
// change. DDL run on the data sources directly is not seen: the next DDL through the proxy, a
// config reload or a restart picks it up.
#ifndef SHARDPROXY_PROXY_EXECUTOR_COLUMN_COLLATION_CACHE_H_
#define SHARDPROXY_PROXY_EXECUTOR_COLUMN_COLLATION_CACHE_H_

#include <cstdint>

#include "config/config.h"
#include "router/column_collations.h"

namespace shardproxy {

// Process-wide count of DDL statements run through the proxy (any session, any worker).
uint64_t SchemaChanges();
void NoteSchemaChange();

class ColumnCollationCache {
 public:
  // The collations, emptied first if DDL ran or `config` replaced the rules since they were
  // loaded.
  router::ColumnCollations* Current(const Config* config);

 private:
  router::ColumnCollations collations_;
  uint64_t schema_changes_ = 0;
  const Config* config_ = nullptr;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_COLUMN_COLLATION_CACHE_H_
