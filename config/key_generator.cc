#include "config/key_generator.h"

#include <algorithm>
#include <map>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace shardproxy {

std::shared_ptr<SnowflakeKeyGenerator> SnowflakeKeyGenerator::ForWorker(int worker_id) {
  static absl::Mutex mutex(absl::kConstInit);
  static auto* generators = new std::map<int, std::shared_ptr<SnowflakeKeyGenerator>>();
  absl::MutexLock lock(&mutex);
  std::shared_ptr<SnowflakeKeyGenerator>& generator = (*generators)[worker_id];
  if (generator == nullptr) {
    generator = std::make_shared<SnowflakeKeyGenerator>(
        worker_id, [] { return absl::ToUnixMillis(absl::Now()); });
  }
  return generator;
}

SnowflakeKeyGenerator::SnowflakeKeyGenerator(int worker_id, std::function<int64_t()> now_millis)
    : worker_id_(worker_id & kMaxWorkerId), now_millis_(std::move(now_millis)) {}

int64_t SnowflakeKeyGenerator::Next() {
  const int64_t clock = now_millis_();
  absl::MutexLock lock(&mutex_);
  int64_t millis = std::max(clock, last_millis_);
  const int sequence = (sequence_ + 1) & 0xFFF;
  // Within one millisecond the sequence must only grow; wrapping to 0 moves to the next one.
  if (millis == last_millis_ && sequence == 0) ++millis;
  last_millis_ = millis;
  sequence_ = sequence;
  const int64_t elapsed = std::max<int64_t>(0, millis - kEpochMillis);
  return (elapsed << 22) | (int64_t{worker_id_} << 12) | sequence_;
}

}  // namespace shardproxy
