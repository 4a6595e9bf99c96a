#include "tests/xa/blocking_participant.h"

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy::testing {

void TestLoop::Post(absl::AnyInvocable<void()> task) {
  absl::MutexLock lock(&mu_);
  tasks_.push_back(std::move(task));
}

void TestLoop::RunAfter(absl::Duration delay, absl::AnyInvocable<void()> task) {
  timers_.emplace(absl::Now() + delay, std::move(task));
}

bool TestLoop::RunUntil(const std::function<bool()>& done, absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::AnyInvocable<void()> task;
    {
      absl::MutexLock lock(&mu_);
      if (!tasks_.empty()) {
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
    }
    if (task != nullptr) {
      task();
      continue;
    }
    if (!timers_.empty() && timers_.begin()->first <= absl::Now()) {
      auto node = timers_.extract(timers_.begin());
      node.mapped()();
      continue;
    }
    // Waits for a Post from another thread (the decision log's writer).
    absl::MutexLock lock(&mu_);
    auto has_task = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !tasks_.empty(); };
    mu_.AwaitWithTimeout(absl::Condition(&has_task), absl::Milliseconds(5));
  }
  return true;
}

BlockingParticipant::BlockingParticipant(const MariaDbInstance& instance, std::string database,
                                         std::string data_source, TaskRunner* runner)
    : data_source_(std::move(data_source)), runner_(runner) {
  mysql_ = mysql_init(nullptr);
  unsigned int timeout = 5;
  mysql_optionsv(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql_, MYSQL_OPT_READ_TIMEOUT, &timeout);
  mysql_optionsv(mysql_, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
  if (mysql_real_connect(mysql_, instance.host.c_str(), instance.user.c_str(),
                         instance.password.c_str(), database.c_str(),
                         static_cast<unsigned>(instance.port), nullptr, 0) == nullptr) {
    error_ = MysqlStatus(mysql_errno(mysql_), mysql_sqlstate(mysql_),
                         absl::StrCat("data source '", data_source_, "': ", mysql_error(mysql_)));
    return;
  }
  connected_ = true;
  thread_id_ = mysql_thread_id(mysql_);
}

BlockingParticipant::~BlockingParticipant() {
  if (mysql_ != nullptr) mysql_close(mysql_);
}

absl::StatusOr<SqlResult> BlockingParticipant::Run(absl::string_view sql) {
  log.emplace_back(sql);
  if (before_statement) before_statement(std::string(sql));
  if (!connected_ || abandoned_) {
    return MysqlStatus(2006, "HY000",
                       absl::StrCat("data source '", data_source_, "': server has gone away"));
  }
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    return MysqlStatus(mysql_errno(mysql_), mysql_sqlstate(mysql_), mysql_error(mysql_));
  }
  SqlResult out;
  MYSQL_RES* res = mysql_store_result(mysql_);
  if (res != nullptr) {
    unsigned n = mysql_num_fields(res);
    while (MYSQL_ROW row = mysql_fetch_row(res)) {
      unsigned long* lengths = mysql_fetch_lengths(res);
      std::vector<absl::optional<std::string>> cells;
      for (unsigned i = 0; i < n; ++i) {
        if (row[i] == nullptr) {
          cells.push_back(absl::nullopt);
        } else {
          cells.push_back(std::string(row[i], lengths[i]));
        }
      }
      out.rows.push_back(std::move(cells));
    }
    mysql_free_result(res);
  } else if (mysql_field_count(mysql_) != 0) {
    return MysqlStatus(mysql_errno(mysql_), mysql_sqlstate(mysql_), mysql_error(mysql_));
  }
  return out;
}

void BlockingParticipant::Execute(std::string sql, SqlCallback done) {
  runner_->Post([this, sql = std::move(sql), done = std::move(done)]() mutable { done(Run(sql)); });
}

void BlockingParticipant::Abandon() {
  abandoned_ = true;
  if (mysql_ != nullptr) {
    mysql_close(mysql_);
    mysql_ = nullptr;
  }
}

void ClusterConnector::Connect(absl::string_view data_source, ConnectCallback done) {
  std::string name(data_source);
  runner_->Post([this, name, done = std::move(done)]() mutable {
    auto it = map_.find(name);
    if (it == map_.end()) {
      done(MysqlStatus(2003, "HY000", absl::StrCat("unknown data source '", name, "'")));
      return;
    }
    auto p = std::make_unique<BlockingParticipant>(cluster_->instance(it->second.instance),
                                                   it->second.database, name, runner_);
    if (!p->ok()) {
      done(p->error());
      return;
    }
    done(std::unique_ptr<XaParticipant>(std::move(p)));
  });
}

}  // namespace shardproxy::testing
