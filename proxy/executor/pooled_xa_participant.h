// The xa/ seams (xa/participant.h) over this worker's backend pools and loop:
//   PooledXaParticipant  one pinned backend connection as a branch of an XA transaction;
//   PoolXaConnector      connections for recovery (XA RECOVER, XA COMMIT/ROLLBACK);
//   EventLoopTaskRunner  the worker's EventLoop as the coordinator's TaskRunner.
#ifndef SHARDPROXY_PROXY_EXECUTOR_POOLED_XA_PARTICIPANT_H_
#define SHARDPROXY_PROXY_EXECUTOR_POOLED_XA_PARTICIPANT_H_

#include <memory>
#include <string>

#include "absl/types/optional.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/session_state.h"
#include "proxy/event_loop.h"
#include "xa/participant.h"

namespace shardproxy {

using DataSourcePools = absl::flat_hash_map<std::string, BackendPool*>;

class PooledXaParticipant final : public XaParticipant {
 public:
  PooledXaParticipant(EventLoop* loop, std::string data_source, PooledConnection connection);
  // Gives the connection back to its pool when its state is known to be clean (ready, no
  // transaction), closes it otherwise.
  ~PooledXaParticipant() override;

  const std::string& data_source() const override { return data_source_; }
  // Statements run one at a time; an answer with rows keeps the first result set's rows.
  void Execute(std::string sql, SqlCallback done) override;
  // Closes the connection now (never reset or reused: it may hold a prepared branch).
  void Abandon() override;

  // The next statement first brings the connection to `state` (the client's session: the
  // branch's statements run in it). Used for the branch's first statement (XA START).
  void SyncBeforeNextStatement(SessionState state) { sync_to_ = std::move(state); }

  // nullptr after Abandon().
  BackendConnection* connection() const { return connection_.get(); }
  bool abandoned() const { return abandoned_; }
  // Gives the connection back (clean) or closes it (anything else), now.
  void Finish();

 private:
  EventLoop* const loop_;
  const std::string data_source_;
  PooledConnection connection_;
  absl::optional<SessionState> sync_to_;
  bool abandoned_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Recovery's connections: acquired from this worker's pools (they count against the limits and
// wait in the same queue as sessions).
class PoolXaConnector final : public XaConnector {
 public:
  PoolXaConnector(EventLoop* loop, const DataSourcePools* pools) : loop_(loop), pools_(pools) {}
  void Connect(absl::string_view data_source, ConnectCallback done) override;

 private:
  EventLoop* const loop_;
  const DataSourcePools* const pools_;
};

class EventLoopTaskRunner final : public TaskRunner {
 public:
  explicit EventLoopTaskRunner(EventLoop* loop) : loop_(loop) {}
  void Post(absl::AnyInvocable<void()> task) override { loop_->Post(std::move(task)); }
  void RunAfter(absl::Duration delay, absl::AnyInvocable<void()> task) override {
    loop_->AddTimer(delay, std::move(task));
  }

 private:
  EventLoop* const loop_;
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_POOLED_XA_PARTICIPANT_H_
