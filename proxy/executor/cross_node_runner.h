// Runs SELECTs the router refused (1235) because part of them spans data nodes, in stages over
// the session's executor (and UPDATE / DELETE / INSERT statements, for their subqueries):
//
//  * uncorrelated subqueries in WHERE, HAVING, ON and as whole select items
//    (router/subquery_binder.h): each subquery first, through the whole route + merge path, its
//    result bound into the statement as literals, then the rewritten statement routed and run
//    like any other, a bound scalar subquery's column described as MariaDB describes the
//    subquery (ScalarColumnDescriber);
//  * joins of tables on different nodes (router/join_planner.h; left-deep, the last table
//    against the join of the others): one side fetched (routed
//    and merged on its own), its keys pushed into the other side's statement as IN lists, both
//    results hash-joined in the proxy and finished by the merger (filter, select list, DISTINCT,
//    GROUP BY with simple aggregates, ORDER BY, LIMIT);
//  * derived tables spanning nodes (`FROM (SELECT …) AS d`): the inner query run merged, the
//    outer block evaluated over its rows by the merger when it can (router/join_planner.h).
//
//   CrossNodeRunner runner(loop, parser);
//   if (!plan.ok() && runner.Run(bound, route_context, plan.status(), executor, state, sink))
//     return;   // the sink gets exactly one terminal call, never inside Run()
//   sink->WriteError(plan.status());
//
// A subquery or join side that is itself refused is staged in turn (nested subqueries), and a
// statement that still has staged subqueries after binding gets another round, up to a bound.
// Errors of a stage (its backend's, 1241/1242, the limits) are the statement's answer; an unknown
// column in a subquery (1054) is reported as possibly correlated.
//
// Memory: bound subquery results are capped (SubqueryLimits); join sides are held in memory and
// charged to the merge budget, past which the statement fails with 1041 — never a partial answer.
#ifndef SHARDPROXY_PROXY_EXECUTOR_CROSS_NODE_RUNNER_H_
#define SHARDPROXY_PROXY_EXECUTOR_CROSS_NODE_RUNNER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "merger/memory_budget.h"
#include "merger/row_stream.h"
#include "parser/bound_statement.h"
#include "parser/parser.h"
#include "proxy/backend/session_state.h"
#include "proxy/event_loop.h"
#include "proxy/executor/result_sink.h"
#include "proxy/executor/session_executor.h"
#include "router/join_planner.h"
#include "router/router.h"
#include "router/subquery_binder.h"

namespace shardproxy {

class CrossNodeRunner {
 public:
  struct Options {
    router::SubqueryLimits limits;
    int max_depth = 8;  // nesting of staged statements and binding rounds per statement
    // Distinct keys of the first join side pushed into the other as IN lists; beyond, the other
    // side is read whole.
    size_t max_lookup_keys = 5000;
    // Charged by join sides and the join's own state. Null: a fresh budget per statement with
    // MemoryBudget::kDefaultLimit.
    std::shared_ptr<MemoryBudget> budget;
  };
  // `loop` and `parser` outlive the runner.
  CrossNodeRunner(EventLoop* loop, sql::Parser* parser, Options options);
  CrossNodeRunner(EventLoop* loop, sql::Parser* parser)
      : CrossNodeRunner(loop, parser, Options{}) {}
  // Pending continuations are dropped; the executor must be aborted or idle.
  ~CrossNodeRunner();

  CrossNodeRunner(const CrossNodeRunner&) = delete;
  CrossNodeRunner& operator=(const CrossNodeRunner&) = delete;

  // Whether Run() would take `statement`, which failed to route with `route_error`. For
  // COM_STMT_PREPARE: such a statement's shape is known only when it runs.
  static bool Applies(const sql::BoundStatement& statement, const router::RouteContext& context,
                      const absl::Status& route_error);

  // `statement` failed to route with `route_error`. Returns false when staging cannot help (the
  // error is not 1235, or the statement has no staged subquery and is not a join): the caller
  // answers `route_error`. Otherwise the statement runs as described above; `context.config`,
  // `executor`, `state` and `sink` must stay valid until the sink's terminal call.
  bool Run(const sql::BoundStatement& statement, const router::RouteContext& context,
           const absl::Status& route_error, SessionExecutor* executor, SessionState* state,
           PlanResultSink* sink);

  // The sink takes rows again (after WriteRow returned false on a join result).
  void ResumeOutput();

 private:
  struct Job;
  class StageCollector;
  class BindingCollector;
  class RowCollector;
  class ScalarColumnDescriber;

  // Routes the job's statement: runs the plan, or stages its subqueries, or runs it as a join,
  // or fails it with `route_error`.
  void Route(Job* job);
  // Starts a child job for `sql` answering `sink`.
  void RunChild(Job* job, std::string sql, PlanResultSink* sink);
  void RunNextSubquery(Job* job);
  void OnSubqueryDone(Job* job, absl::Status status);
  void StartJoin(Job* job, router::JoinPlan plan);
  void FetchFirstSide(Job* job);
  void OnJoinSideDone(Job* job, absl::Status status);
  void FinishJoin(Job* job);
  void FinishDerived(Job* job);
  // Filters and merges `input` as `execution` says, then writes it to the job's sink.
  void StartOutput(Job* job, std::unique_ptr<RowStream> input, router::JoinExecution execution);
  void PumpJoin();
  void Fail(Job* job, absl::Status status);
  // For a join or a derived table the proxy cannot run, its planner's reason; else OK.
  static absl::Status ShapeRefusal(const sql::BoundStatement& statement,
                                   const router::RouteContext& context);
  void Defer(absl::AnyInvocable<void()> fn);
  bool NoBackslashEscapes() const;

  EventLoop* const loop_;
  sql::Parser* const parser_;
  const Options options_;
  router::RouteContext context_;
  std::string current_database_;
  SessionExecutor* executor_ = nullptr;
  SessionState* state_ = nullptr;
  std::unique_ptr<Job> top_;
  // The join result being written to its sink.
  std::unique_ptr<RowStream> output_;
  PlanResultSink* output_sink_ = nullptr;
  bool output_paused_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace shardproxy

#endif  // SHARDPROXY_PROXY_EXECUTOR_CROSS_NODE_RUNNER_H_
