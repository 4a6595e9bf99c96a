#include "proxy/executor/pooled_xa_participant.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "proxy/backend/backend_error.h"
#include "proxy/executor/statement_runner.h"

namespace shardproxy {

PooledXaParticipant::PooledXaParticipant(EventLoop* loop, std::string data_source,
                                         PooledConnection connection)
    : loop_(loop), data_source_(std::move(data_source)), connection_(std::move(connection)) {}

PooledXaParticipant::~PooledXaParticipant() {
  *alive_ = false;
  Finish();
}

void PooledXaParticipant::Finish() {
  if (!connection_) return;
  connection_->SetWaker(nullptr);
  if (connection_->is_ready() && !connection_->in_transaction()) {
    connection_.Release();
  } else {
    connection_.Discard();
  }
}

void PooledXaParticipant::Abandon() {
  abandoned_ = true;
  connection_.Discard();
}

void PooledXaParticipant::Execute(std::string sql, SqlCallback done) {
  if (!connection_) {
    loop_->AddTimer(absl::ZeroDuration(), [name = data_source_, done = std::move(done)]() mutable {
      done(MysqlStatus(backend_errc::kServerGone, "HY000",
                       absl::StrCat("Connection to data source '", name, "' is gone")));
    });
    return;
  }
  absl::optional<SessionState> sync = std::move(sync_to_);
  sync_to_.reset();
  std::weak_ptr<bool> alive = alive_;
  RunStatement(connection_.get(), sync ? &*sync : nullptr, sql,
               [alive, done = std::move(done)](absl::StatusOr<StatementOutcome> outcome) mutable {
                 if (alive.expired()) return;  // the participant (and its caller) are gone
                 if (!outcome.ok()) return done(outcome.status());
                 SqlResult result;
                 if (!outcome->result_sets.empty()) {
                   result.rows = std::move(outcome->result_sets.front().rows);
                 }
                 done(std::move(result));
               });
}

void PoolXaConnector::Connect(absl::string_view data_source, ConnectCallback done) {
  auto pool = pools_->find(data_source);
  if (pool == pools_->end()) {
    loop_->AddTimer(absl::ZeroDuration(),
                    [name = std::string(data_source), done = std::move(done)]() mutable {
                      done(InternalError(absl::StrCat("unknown data source '", name, "'")));
                    });
    return;
  }
  pool->second->Acquire({}, [loop = loop_, name = std::string(data_source), done = std::move(done)](
                                absl::StatusOr<PooledConnection> connection) mutable {
    if (!connection.ok()) return done(connection.status());
    done(std::unique_ptr<XaParticipant>(
        new PooledXaParticipant(loop, std::move(name), std::move(*connection))));
  });
}

}  // namespace shardproxy
