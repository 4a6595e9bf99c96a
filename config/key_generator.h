// Keys for INSERTs that leave a table's generated column out (`key_generator:` of a table).
#ifndef SHARDPROXY_CONFIG_KEY_GENERATOR_H_
#define SHARDPROXY_CONFIG_KEY_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace shardproxy {

class KeyGenerator {
 public:
  virtual ~KeyGenerator() = default;
  // A new key, unique within this process and (with distinct worker ids) across proxies.
  // Thread-safe.
  virtual int64_t Next() = 0;
};

// Snowflake keys: positive int64 = 41 bits of milliseconds since 2016-11-01T00:00:00Z (the
// epoch ShardingSphere uses, good until 2086), 10 bits of worker id, 12 bits of sequence.
//
// Unlike the classic scheme the sequence does not restart at 0 every millisecond: it keeps
// counting (mod 4096), so at low insert rates keys are not all even and `key % 2` still spreads
// rows over both tables. When the sequence wraps within a millisecond the key moves on to the
// next millisecond, and a clock that steps back is ignored: keys always increase.
class SnowflakeKeyGenerator : public KeyGenerator {
 public:
  static constexpr int64_t kEpochMillis = 1477958400000;  // 2016-11-01T00:00:00Z
  static constexpr int kMaxWorkerId = 1023;

  // The process-wide generator for `worker_id` (0..1023). Shared across config reloads, so keys
  // stay unique when a reload rebuilds the rules.
  static std::shared_ptr<SnowflakeKeyGenerator> ForWorker(int worker_id);

  // For tests: `now_millis` replaces the system clock (Unix milliseconds).
  SnowflakeKeyGenerator(int worker_id, std::function<int64_t()> now_millis);

  int64_t Next() override;
  int worker_id() const { return worker_id_; }

 private:
  const int worker_id_;
  const std::function<int64_t()> now_millis_;
  absl::Mutex mutex_;
  int64_t last_millis_ ABSL_GUARDED_BY(mutex_) = 0;
  int sequence_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_KEY_GENERATOR_H_
