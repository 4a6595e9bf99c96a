#include "router/router.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"
#include "parser/ast/ddl.h"
#include "parser/ast/session.h"
#include "parser/ast/walk.h"
#include "parser/classify.h"
#include "parser/literal.h"
#include "router/conjuncts.h"
#include "router/correlated_subquery.h"
#include "router/insert_planner.h"
#include "router/select_merge_planner.h"
#include "router/sharding_condition.h"
#include "router/sql_splicer.h"
#include "router/statement_tables.h"

namespace shardproxy::router {
namespace {

using sql::StatementKind;
using Conditions = absl::InlinedVector<const sql::Expr*, 4>;
using Blocks = absl::InlinedVector<const sql::SelectNode*, 2>;

void CollectSelectBlocks(const sql::QueryNode& query, Blocks* out) {
  sql::ForEachSelectBlock(query, [out](const sql::SelectNode& block) { out->push_back(&block); });
}

bool HasLockingClause(const sql::QueryNode& query) {
  if (query.locking.kind != sql::LockingClause::Kind::kNone) return true;
  if (query.kind == sql::QueryKind::kSetOperation) {
    return HasLockingClause(*query.As<sql::SetOperationNode>().left) ||
           HasLockingClause(*query.As<sql::SetOperationNode>().right);
  }
  if (query.kind == sql::QueryKind::kParenthesized) {
    return HasLockingClause(*query.As<sql::ParenthesizedQueryNode>().inner);
  }
  return false;
}

// The window specifications a SELECT block evaluates: OVER (…) of its select list and ORDER BY,
// and the WINDOW clause's definitions (which OVER w and OVER (w …) name).
void CollectWindowSpecs(const sql::SelectNode& block, std::vector<const sql::WindowSpec*>* out) {
  auto visit = [out](const sql::Expr& root) {
    sql::ForEachExpr(root, [out](const sql::Expr& e) {
      if (e.kind != sql::ExprKind::kFunction) return;
      const auto& f = e.As<sql::FunctionExpr>();
      if (f.over != nullptr) out->push_back(f.over.get());
    });
  };
  for (const sql::SelectItem& item : block.items) {
    if (item.expr != nullptr) visit(*item.expr);
  }
  for (const sql::OrderItem& o : block.order_by) visit(*o.expr);
  for (const sql::WindowDefinition& w : block.windows) out->push_back(&w.spec);
}

// Whether `exprs` list every sharding column of the statement's one sharded table (or binding
// group, whose tables are joined on those columns), as columns qualified by it or not: rows alike
// in them then live on one node.
template <typename Items, typename ExprOf>
bool ListsEveryShardingColumn(const Items& items, ExprOf expr_of, const StatementTables& tables) {
  if (tables.unit_count() != 1) return false;
  const std::vector<std::string> columns = ShardingColumns(*tables.unit_rule(0));
  if (columns.empty()) return false;
  // A qualifier must name the sharded table (or an alias of it), not a broadcast table's column.
  auto names_sharded = [&tables](const sql::ColumnRefExpr& c) {
    if (c.table.empty()) return true;
    for (const ShardedOccurrence& o : tables.occurrences()) {
      if (c.table.name == (o.alias.empty() ? o.name : o.alias)) return true;
    }
    return false;
  };
  for (const std::string& column : columns) {
    bool listed = false;
    for (const auto& item : items) {
      const sql::Expr& e = expr_of(item);
      if (e.kind != sql::ExprKind::kColumnRef) continue;
      const auto& c = e.template As<sql::ColumnRefExpr>();
      listed = listed || (absl::EqualsIgnoreCase(c.column.name, column) && names_sharded(c));
    }
    if (!listed) return false;
  }
  return true;
}

// Whether every window of `block` partitions by every sharding column: then each partition's
// rows live on one node, and each node computes the window functions exactly.
bool WindowsStayOnTheirNodes(const sql::SelectNode& block, const StatementTables& tables) {
  std::vector<const sql::WindowSpec*> specs;
  CollectWindowSpecs(block, &specs);
  for (const sql::WindowSpec* spec : specs) {
    // OVER (w …) takes w's partitioning, checked with w's definition.
    if (!spec->base_name.empty()) continue;
    if (!ListsEveryShardingColumn(
            spec->partition_by, [](const sql::ExprPtr& e) -> const sql::Expr& { return *e; },
            tables)) {
      return false;
    }
  }
  return true;
}

// Whether the block's GROUP BY lists every sharding column: then each group's rows live on one
// node, whose aggregates (any of them) and HAVING are the group's.
bool GroupsStayOnTheirNodes(const sql::SelectNode& block, const StatementTables& tables) {
  return !block.group_by.empty() &&
         ListsEveryShardingColumn(
             block.group_by, [](const sql::OrderItem& o) -> const sql::Expr& { return *o.expr; },
             tables);
}

class Planner {
 public:
  Planner(const sql::BoundStatement& statement, const RouteContext& context)
      : statement_(statement),
        context_(context),
        tables_(statement, *context.config, context.current_database),
        splicer_(statement) {}

  absl::StatusOr<RoutePlan> Run() {
    absl::StatusOr<RoutePlan> plan = RunStatement();
    if (plan.ok()) {
      plan->names_tables = tables_.has_sharded() || tables_.has_broadcast() ||
                           tables_.has_unsharded() || tables_.has_foreign();
    }
    return plan;
  }

 private:
  absl::StatusOr<RoutePlan> RunStatement() {
    const sql::Statement& s = statement_.statement();
    if (!Router::Handles(s.kind)) {
      return UnsupportedError(
          absl::StrCat(sql::StatementKindName(s.kind), " is handled by the session, not routed"));
    }
    absl::Status status = tables_.Analyze();
    if (!status.ok()) return status;
    switch (s.kind) {
      case StatementKind::kSelect:
        return RouteSelect(s.As<sql::SelectStatement>());
      case StatementKind::kInsert:
        return WithReturning(
            RouteInsert(statement_, s.As<sql::InsertStatement>(), context_, tables_),
            !s.As<sql::InsertStatement>().returning.empty());
      case StatementKind::kUpdate:
        return RouteUpdateOrDelete();
      case StatementKind::kDelete:
        return WithReturning(RouteUpdateOrDelete(),
                             !s.As<sql::DeleteStatement>().returning.empty());
      case StatementKind::kCreateTable:
      case StatementKind::kAlterTable:
      case StatementKind::kDropTable:
      case StatementKind::kTruncateTable:
      case StatementKind::kCreateIndex:
      case StatementKind::kDropIndex:
        return RouteDdl();
      case StatementKind::kRenameTable:
        if (tables_.has_sharded() || tables_.has_broadcast()) {
          return UnsupportedError(
              "RENAME TABLE of a sharded or broadcast table is not supported: the table's name "
              "is part of the sharding configuration; rename it there and on every data node");
        }
        return RouteWhole(PlanKind::kDdl);
      case StatementKind::kShow:
      case StatementKind::kDescribe:
        return RouteMetadata();
      case StatementKind::kCreateDatabase:
      case StatementKind::kDropDatabase:
        return UnsupportedError(
            "CREATE/DROP DATABASE through the proxy is not supported: databases of data sources "
            "are managed on each server");
      case StatementKind::kOther:
        return RouteOther(s.As<sql::OtherStatement>());
      default:
        if (tables_.has_sharded()) {
          return UnsupportedError(
              absl::StrCat(sql::StatementKindName(s.kind), " naming sharded table '",
                           tables_.FirstShardedName(), "' is not supported through the proxy"));
        }
        return RouteWhole(PlanKind::kWrite);
    }
  }

  // Statements the parser knows by their leading keyword only (CALL, DO, CHECK TABLE, LOAD DATA,
  // HANDLER, CREATE VIEW, GRANT, …) list no tables. Run on the default data source, one naming
  // a sharded or broadcast table would see or change that source's part or copy alone, so every
  // word that could be a table name is checked; the rest run there with their results passed
  // through.
  // A write with RETURNING answers rows, described with the logical table names.
  absl::StatusOr<RoutePlan> WithReturning(absl::StatusOr<RoutePlan> plan, bool returning) {
    if (!plan.ok() || !returning) return plan;
    plan->returns_rows = true;
    tables_.ResultTables(&*plan);
    return plan;
  }

  absl::StatusOr<RoutePlan> RouteOther(const sql::OtherStatement& other) {
    const ShardingRules& rules = context_.config->sharding;
    std::vector<int32_t> candidates;
    sql::CandidateTableTokens(statement_.digest(), &candidates);
    for (int32_t token : candidates) {
      std::string name =
          statement_.digest().IdentifierAt(static_cast<size_t>(token)).value_or(std::string());
      const bool sharded = rules.FindTable(name) != nullptr;
      if (!sharded && !rules.IsBroadcast(name)) continue;
      return UnsupportedError(absl::StrCat(
          other.leading, " naming ", sharded ? "sharded" : "broadcast", " table '", name,
          "' is not supported through the proxy: run on one data source it would ",
          sharded ? "see or change only that source's part of the table"
                  : "see or change only that source's copy of the table"));
    }
    absl::StatusOr<RoutePlan> plan = RouteWhole(PlanKind::kRead);
    if (plan.ok()) plan->may_write = true;
    return plan;
  }

  // Statements without sharded tables: the default data source, or every data source for
  // writes and DDL of broadcast tables, or one of them for broadcast-only reads.
  absl::StatusOr<RoutePlan> RouteWhole(PlanKind kind) {
    RoutePlan plan;
    plan.kind = kind;
    const Config& config = *context_.config;
    if (tables_.has_broadcast() && !tables_.has_unsharded() && !tables_.has_foreign()) {
      if (kind == PlanKind::kRead) {
        size_t n = config.data_sources.size();
        AddStatement(config.data_sources[context_.broadcast_read_choice % n].name, {}, &plan);
      } else {
        for (const DataSourceConfig& ds : config.data_sources) AddStatement(ds.name, {}, &plan);
        plan.replicated = config.data_sources.size() > 1;
      }
      return plan;
    }
    if (tables_.has_broadcast() && kind != PlanKind::kRead && tables_.BroadcastIsWritten()) {
      return UnsupportedError(absl::StrCat(
          "writing broadcast table '", tables_.FirstBroadcastName(),
          "' together with unsharded tables is not supported: its copies live in every data "
          "source while the other tables live only in ",
          config.default_data_source));
    }
    AddStatement(config.default_data_source, {}, &plan);
    return plan;
  }

  void AddStatement(absl::string_view data_source, absl::Span<const absl::string_view> names,
                    RoutePlan* plan) {
    NodeStatement node;
    node.data_source = std::string(data_source);
    if (splicer_.has_renames() || has_edits_ || statement_.digest().params_bound()) {
      StatementTables::Names all_names = tables_.DefaultNames();
      for (size_t i = 0; i < names.size(); ++i) all_names[i] = names[i];
      splicer_.Render(all_names, &node.sql);
    } else {
      node.sql = std::string(splicer_.UneditedText());
    }
    plan->statements.push_back(std::move(node));
  }

  // Node statements for the units' chosen nodes. `nodes`: the data node indices of the (single)
  // routing unit, or of every unit when each resolved to one node.
  absl::Status AddNodeStatements(const NodeSets& sets, PlanKind kind, RoutePlan* plan) {
    const Config& config = *context_.config;
    int units = tables_.unit_count();
    std::vector<int> chosen(static_cast<size_t>(units), -1);
    std::vector<int> single_unit_nodes;
    for (int u = 0; u < units; ++u) {
      const TableRule& rule = *tables_.unit_rule(u);
      int count = static_cast<int>(rule.data_nodes().size());
      std::vector<int> nodes;
      if (sets[static_cast<size_t>(u)].is_all()) {
        for (int i = 0; i < count; ++i) nodes.push_back(i);
      } else {
        for (int i : sets[static_cast<size_t>(u)].indices()) nodes.push_back(i);
      }
      // Nothing can match: one node still answers (an empty result, COUNT 0, 0 rows affected).
      if (nodes.empty()) nodes.push_back(0);
      if (units == 1) {
        single_unit_nodes = std::move(nodes);
      } else if (nodes.size() == 1) {
        chosen[static_cast<size_t>(u)] = nodes[0];
      } else {
        return UnsupportedError(absl::StrCat(
            "the statement combines sharded tables ", tables_.UnitNames(),
            " (a join of tables not bound to each other in binding_tables or not joined on every "
            "sharding column, a self-join, a subquery or a UNION) and its conditions do not pin "
            "each to one data node; the proxy runs such statements in stages only as joins with "
            "an equality between the tables, uncorrelated subqueries or derived tables — "
            "otherwise combine tables of one binding group on their sharding columns, or add "
            "conditions on their sharding columns"));
      }
    }
    if (units > 1) {
      absl::string_view ds = tables_.unit_rule(0)->data_nodes()[chosen[0]].data_source;
      for (int u = 1; u < units; ++u) {
        if (tables_.unit_rule(u)->data_nodes()[chosen[static_cast<size_t>(u)]].data_source != ds) {
          return UnsupportedError(absl::StrCat(
              "the statement combines sharded tables ", tables_.UnitNames(),
              " whose rows live in different data sources; cross-node joins, subqueries and "
              "UNIONs are not supported yet"));
        }
      }
    }
    auto check_default = [&](absl::string_view ds) -> absl::Status {
      if (tables_.has_unsharded() && ds != config.default_data_source) {
        return UnsupportedError(
            absl::StrCat("the statement combines sharded table '", tables_.FirstShardedName(),
                         "' with unsharded table '", tables_.FirstUnshardedName(), "' (only in ",
                         config.default_data_source, ") but needs data source ", ds,
                         "; the proxy runs such statements in stages only as joins with an "
                         "equality between the tables, uncorrelated subqueries or derived tables"));
      }
      return absl::OkStatus();
    };
    StatementTables::Names names = tables_.DefaultNames();
    if (units == 1) {
      for (int node : single_unit_nodes) {
        const DataNode& dn = tables_.unit_rule(0)->data_nodes()[static_cast<size_t>(node)];
        absl::Status s = check_default(dn.data_source);
        if (!s.ok()) return s;
        tables_.NamesForNode(0, node, &names);
        AddStatement(dn.data_source, names, plan);
      }
    } else {
      for (int u = 0; u < units; ++u)
        tables_.NamesForNode(u, chosen[static_cast<size_t>(u)], &names);
      absl::string_view ds = tables_.unit_rule(0)->data_nodes()[chosen[0]].data_source;
      absl::Status s = check_default(ds);
      if (!s.ok()) return s;
      AddStatement(ds, names, plan);
    }
    tables_.ResultTables(plan);
    return absl::OkStatus();
  }

  absl::StatusOr<RoutePlan> RouteSelect(const sql::SelectStatement& select) {
    Blocks blocks;
    CollectSelectBlocks(*select.query, &blocks);
    RoutePlan plan;
    plan.kind = PlanKind::kRead;
    plan.locking_read = HasLockingClause(*select.query);
    // Unqualified expression items would be named after the physical table in node results.
    if (select.query->kind == sql::QueryKind::kSelect) AddNamingAliases(*blocks[0]);
    if (!tables_.has_sharded()) {
      tables_.AddRenames(&splicer_);
      return RouteWhole(PlanKind::kRead);
    }
    if (tables_.has_foreign()) return ForeignMix();
    tables_.AddRenames(&splicer_);
    // A set operation needs every branch's rows: the union of what each branch allows.
    // Each unit's nodes come from the branches that read it: the union of what each allows.
    NodeSets sets;
    if (blocks.size() == 1) {
      sets = EvaluateBlock(*blocks[0]);
    } else {
      std::vector<bool> seen(static_cast<size_t>(tables_.unit_count()), false);
      sets.assign(static_cast<size_t>(tables_.unit_count()), TargetSet());
      for (const sql::SelectNode* block : blocks) {
        NodeSets branch = EvaluateBlock(*block);
        for (int u : tables_.UnitsOfBlock(*block)) {
          sets[static_cast<size_t>(u)] =
              UniteTargets(sets[static_cast<size_t>(u)], branch[static_cast<size_t>(u)]);
          seen[static_cast<size_t>(u)] = true;
        }
      }
      for (size_t u = 0; u < sets.size(); ++u) {
        if (!seen[u]) sets[u] = TargetSet::All();  // read only in a subquery
      }
    }
    absl::Status s = AddNodeStatements(sets, PlanKind::kRead, &plan);
    if (!s.ok()) return s;
    if (plan.statements.size() == 1) return plan;

    // Several nodes: the statement must be rewritten for merging.
    if (tables_.sharded_in_subquery() && !SubqueriesStayOnTheirNodes(statement_, tables_)) {
      return UnsupportedError(absl::StrCat(
          "a subquery or derived table over sharded table '", tables_.FirstShardedName(),
          "' in a statement spanning several data nodes is not supported: it would be "
          "evaluated on each node separately"));
    }
    auto spec = std::make_shared<MergeSpec>();
    if (select.query->kind == sql::QueryKind::kSetOperation) {
      // Every branch must read the one unit, or a branch without it would repeat on each node.
      for (const sql::SelectNode* block : blocks) {
        if (tables_.unit_count() != 1 || tables_.UnitsOfBlock(*block).empty()) {
          return UnsupportedError(
              "a UNION over sharded tables spanning several data nodes is supported only when "
              "every branch reads the same sharded table (or its binding group)");
        }
      }
      s = PlanUnionMerge(statement_, select.query->As<sql::SetOperationNode>(), context_, &splicer_,
                         spec.get());
    } else if (select.query->kind != sql::QueryKind::kSelect) {
      return UnsupportedError(
          "a parenthesized query over sharded tables spanning several data nodes is not "
          "supported yet");
    } else {
      s = PlanSelectMerge(statement_, *blocks[0], context_, &splicer_, spec.get(),
                          &plan.merge_hidden_tail, WindowsStayOnTheirNodes(*blocks[0], tables_),
                          GroupsStayOnTheirNodes(*blocks[0], tables_));
    }
    if (!s.ok()) return s;
    has_edits_ = true;
    plan.statements.clear();
    plan.result_tables.clear();
    s = AddNodeStatements(sets, PlanKind::kRead, &plan);
    if (!s.ok()) return s;
    plan.merge = std::move(spec);
    return plan;
  }

  void AddNamingAliases(const sql::SelectNode& block) {
    tables_.AddRenames(&splicer_);
    for (const sql::SelectItem& item : block.items) {
      if (item.kind != sql::SelectItem::Kind::kExpr || !item.alias.empty()) continue;
      if (item.expr->kind == sql::ExprKind::kColumnRef) continue;
      if (!splicer_.RenamesWithin(item.span.begin, item.span.end)) continue;
      std::string alias = " AS ";
      sql::AppendQuotedIdentifier(ItemText(splicer_, item), &alias);
      splicer_.Replace(item.span.end, item.span.end, {SplicePiece::Text(std::move(alias))});
      has_edits_ = true;
    }
  }

  NodeSets EvaluateBlock(const sql::SelectNode& block) {
    Conditions conditions;
    if (block.where != nullptr) conditions.push_back(block.where.get());
    for (const auto& ref : block.from) {
      CollectJoinConditions(*ref, JoinOnScope::kFiltering, &conditions);
    }
    return EvaluateAll(conditions, tables_.VisibleInBlock(block));
  }

  NodeSets EvaluateAll(const Conditions& conditions, absl::InlinedVector<bool, 8> visible = {}) {
    ShardingConditionEvaluator evaluator(statement_, tables_.occurrences(), tables_.unit_count(),
                                         std::move(visible));
    NodeSets sets(static_cast<size_t>(tables_.unit_count()), TargetSet::All());
    for (const sql::Expr* c : conditions) {
      NodeSets more = evaluator.Evaluate(c);
      for (size_t u = 0; u < sets.size(); ++u) sets[u] = IntersectTargets(sets[u], more[u]);
    }
    return sets;
  }

  absl::Status ForeignMix() {
    return UnsupportedError(absl::StrCat(
        "the statement combines sharded table '", tables_.FirstShardedName(), "' with table '",
        tables_.FirstForeignName(), "' of another database; that is not supported"));
  }

  absl::StatusOr<RoutePlan> RouteUpdateOrDelete() {
    const sql::Statement& s = statement_.statement();
    const sql::Expr* where = nullptr;
    Conditions conditions;
    bool ordered_or_limited = false;
    if (s.kind == StatementKind::kUpdate) {
      const auto& update = s.As<sql::UpdateStatement>();
      where = update.where.get();
      for (const auto& ref : update.tables) {
        CollectJoinConditions(*ref, JoinOnScope::kFiltering, &conditions);
      }
      ordered_or_limited = !update.order_by.empty() || update.limit.has_value();
    } else {
      const auto& del = s.As<sql::DeleteStatement>();
      where = del.where.get();
      for (const auto& ref : del.from) {
        CollectJoinConditions(*ref, JoinOnScope::kFiltering, &conditions);
      }
      ordered_or_limited = !del.order_by.empty() || del.limit.has_value();
    }
    if (where != nullptr) conditions.push_back(where);
    tables_.AddRenames(&splicer_);
    if (!tables_.has_sharded()) return RouteWhole(PlanKind::kWrite);
    if (tables_.has_foreign()) return ForeignMix();
    if (tables_.BroadcastIsWritten()) {
      return UnsupportedError(absl::StrCat(
          "changing broadcast table '", tables_.FirstBroadcastName(),
          "' in a statement with sharded tables is not supported: its copies in other data "
          "sources would not change"));
    }
    NodeSets sets = EvaluateAll(conditions);
    RoutePlan plan;
    plan.kind = PlanKind::kWrite;
    // LIMIT n without ORDER BY on one table: each node's statement ends in LIMIT n, which the
    // session lowers to that node's share of n once it has counted the matching rows.
    absl::optional<std::string> count = ordered_or_limited ? LimitedWriteCount(s) : absl::nullopt;
    absl::Status status = AddNodeStatements(sets, PlanKind::kWrite, &plan);
    if (!status.ok()) return status;
    if (plan.statements.size() > 1 && count.has_value()) {
      const sql::LimitClause& limit = s.kind == StatementKind::kUpdate
                                          ? *s.As<sql::UpdateStatement>().limit
                                          : *s.As<sql::DeleteStatement>().limit;
      uint64_t n = 0;
      if (sql::LiteralToUint64(statement_.Value(limit.count), &n)) {
        plan.write_limit = n;
        plan.write_limit_count = *std::move(count);
        ordered_or_limited = false;
      }
    }
    if (plan.statements.size() > 1 && ordered_or_limited) {
      return UnsupportedError(absl::StrCat(
          sql::StatementKindName(s.kind),
          " with ORDER BY (or LIMIT over several tables) on sharded table '",
          tables_.FirstShardedName(),
          "' spanning several data nodes is not supported: each node would apply its own order "
          "and limit; select the keys first, then change the rows by key"));
    }
    if (s.kind == StatementKind::kUpdate) {
      status = CheckShardingKeyUpdate(s.As<sql::UpdateStatement>(), plan);
      if (!status.ok()) return status;
    }
    return plan;
  }

  // For a one-table UPDATE / DELETE with LIMIT and no ORDER BY: normalizes its LIMIT to
  // "LIMIT n" at the end of every node's statement and returns the logical
  // `SELECT COUNT(*) FROM <table> [WHERE …]` of the rows it matches; nullopt for other shapes.
  absl::optional<std::string> LimitedWriteCount(const sql::Statement& s) {
    const std::optional<sql::LimitClause>* limit;
    int32_t table_begin, table_end;
    const sql::Expr* where;
    if (s.kind == StatementKind::kUpdate) {
      const auto& update = s.As<sql::UpdateStatement>();
      if (!update.order_by.empty() || update.tables.size() != 1 ||
          update.tables[0]->kind != sql::TableRefKind::kBase) {
        return absl::nullopt;
      }
      limit = &update.limit;
      table_begin = update.tables[0]->span.begin;
      table_end = update.tables[0]->span.end;
      where = update.where.get();
    } else {
      const auto& del = s.As<sql::DeleteStatement>();
      if (del.form != sql::DeleteStatement::Form::kSingle || !del.order_by.empty() ||
          !del.returning.empty() || !del.partitions.empty() || !del.table.span.valid()) {
        return absl::nullopt;
      }
      if (!del.limit.has_value()) return absl::nullopt;
      limit = &del.limit;
      where = del.where.get();
      table_begin = del.table.span.begin;
      // The alias, if any, runs up to WHERE or LIMIT.
      table_end = where != nullptr ? where->span.begin - 1 : del.limit->count.token - 1;
    }
    if (!limit->has_value() || (*limit)->offset.valid()) return absl::nullopt;
    const int32_t limit_word = (*limit)->count.token - 1;
    if (limit_word < 0 || !statement_.digest().IsWord(static_cast<size_t>(limit_word), "LIMIT")) {
      return absl::nullopt;
    }
    uint64_t n = 0;
    if (!sql::LiteralToUint64(statement_.Value((*limit)->count), &n)) return absl::nullopt;
    std::string count = "SELECT COUNT(*) FROM ";
    StatementTables::Names names = tables_.DefaultNames();
    splicer_.RenderTokens(table_begin, table_end, names, &count);
    if (where != nullptr) {
      count.append(" WHERE ");
      splicer_.RenderTokens(where->span.begin, where->span.end, names, &count);
    }
    splicer_.Replace(limit_word, (*limit)->count.token + 1,
                     {SplicePiece::Text(absl::StrCat("LIMIT ", n))});
    has_edits_ = true;
    return count;
  }

  // An UPDATE may set a sharding column only to a value that keeps every row on its node.
  absl::Status CheckShardingKeyUpdate(const sql::UpdateStatement& update, const RoutePlan& plan) {
    ShardingConditionEvaluator evaluator(statement_, tables_.occurrences(), tables_.unit_count());
    for (const sql::Assignment& a : update.set) {
      int o = evaluator.ResolveColumn(*a.column);
      if (o < 0) {
        // Unqualified column matching no single sharded table: refuse if any has it.
        bool sharding = false;
        for (const ShardedOccurrence& occ : tables_.occurrences()) {
          if (occ.rule->IsShardingColumn(a.column->column.name)) sharding = true;
        }
        if (!sharding) continue;
      } else if (!tables_.occurrences()[static_cast<size_t>(o)].rule->IsShardingColumn(
                     a.column->column.name)) {
        continue;
      }
      const sql::Expr* value = a.value.get();
      bool same_value = false;
      if (value->kind == sql::ExprKind::kColumnRef &&
          absl::EqualsIgnoreCase(value->As<sql::ColumnRefExpr>().column.name,
                                 a.column->column.name)) {
        same_value = true;  // SET id = id
      }
      if (!same_value && plan.statements.size() == 1 && o >= 0) {
        // Setting the key to a constant that lands on the one node the WHERE chose is safe.
        ValueArena arena;
        ShardingValue v;
        const ShardedOccurrence& occ = tables_.occurrences()[static_cast<size_t>(o)];
        if (FoldConstant(statement_, *value, &arena, &v) && occ.rule->table_strategy() == nullptr &&
            occ.rule->database_strategy() != nullptr &&
            occ.rule->database_strategy()->columns.size() == 1) {
          int t = occ.rule->database_strategy()->algorithm->Shard(v);
          if (t != ShardingAlgorithm::kUnplaced &&
              occ.rule->data_source_targets()[static_cast<size_t>(t)] ==
                  plan.statements[0].data_source) {
            same_value = true;
          }
        }
      }
      if (!same_value) {
        return UnsupportedError(absl::StrCat(
            "UPDATE of sharding column '", a.column->column.name, "' of table '",
            tables_.FirstShardedName(),
            "' is not supported: the row could have to move to another data node; delete it and "
            "insert it with the new value instead"));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<RoutePlan> RouteDdl() {
    tables_.AddRenames(&splicer_);
    if (!tables_.has_sharded()) return RouteWhole(PlanKind::kDdl);
    if (tables_.has_foreign()) return ForeignMix();
    if (tables_.unit_count() > 1 || tables_.has_unsharded()) {
      return UnsupportedError(absl::StrCat(
          "DDL naming sharded tables ", tables_.UnitNames(),
          " together with tables of another layout is not supported; run one statement per "
          "table"));
    }
    RoutePlan plan;
    plan.kind = PlanKind::kDdl;
    NodeSets all(1, TargetSet::All());
    absl::Status s = AddNodeStatements(all, PlanKind::kDdl, &plan);
    if (!s.ok()) return s;
    plan.result_tables.clear();
    return plan;
  }

  // SHOW COLUMNS/INDEX FROM t FROM shop: a data source has no database named as the logical
  // one, and its connection already uses its own, so the clause is dropped.
  void DropLogicalDatabaseClause() {
    const sql::Statement& s = statement_.statement();
    if (s.kind != StatementKind::kShow) return;
    const auto& show = s.As<sql::ShowStatement>();
    if (!show.table.has_value() || show.database.token < 1) return;
    if (show.database.name != context_.config->database) return;
    splicer_.Replace(show.database.token - 1, show.database.token + 1, {});
    has_edits_ = true;
  }

  // SHOW COLUMNS/INDEX/CREATE TABLE and DESCRIBE of a sharded table answer from its first node.
  absl::StatusOr<RoutePlan> RouteMetadata() {
    tables_.AddRenames(&splicer_);
    DropLogicalDatabaseClause();
    if (!tables_.has_sharded()) return RouteWhole(PlanKind::kRead);
    if (tables_.unit_count() > 1) {
      return UnsupportedError("SHOW naming several sharded tables is not supported");
    }
    RoutePlan plan;
    plan.kind = PlanKind::kRead;
    NodeSets first(1, TargetSet::Of(0));
    absl::Status s = AddNodeStatements(first, PlanKind::kRead, &plan);
    if (!s.ok()) return s;
    return plan;
  }

  const sql::BoundStatement& statement_;
  const RouteContext& context_;
  StatementTables tables_;
  SqlSplicer splicer_;
  bool has_edits_ = false;
};

}  // namespace

bool Router::Handles(sql::StatementKind kind) {
  switch (kind) {
    case StatementKind::kBegin:
    case StatementKind::kCommit:
    case StatementKind::kRollback:
    case StatementKind::kSavepoint:
    case StatementKind::kReleaseSavepoint:
    case StatementKind::kRollbackToSavepoint:
    case StatementKind::kXa:
    case StatementKind::kSet:
    case StatementKind::kUse:
    case StatementKind::kKill:
    case StatementKind::kLockTables:
    case StatementKind::kUnlockTables:
      return false;
    default:
      return true;
  }
}

absl::StatusOr<RoutePlan> Router::Route(const sql::BoundStatement& statement,
                                        const RouteContext& context) {
  if (context.config == nullptr || !statement.has_statement()) {
    return InternalError("Router::Route needs a parsed statement and a config");
  }
  Planner planner(statement, context);
  return planner.Run();
}

absl::StatusOr<std::shared_ptr<const MergeSpec>> MergeSpecFor(
    const RoutePlan& plan, absl::Span<const ColumnDefinition> shard_columns) {
  if (plan.merge == nullptr || plan.merge_hidden_tail == 0) return plan.merge;
  int width = static_cast<int>(shard_columns.size());
  int tail = plan.merge_hidden_tail;
  if (width < tail) return InternalError("shard result narrower than its hidden columns");
  auto spec = std::make_shared<MergeSpec>(*plan.merge);
  spec->columns.clear();
  for (int i = 0; i < width; ++i) {
    spec->columns.push_back(OutputColumn::Shard(i, "", /*hidden=*/i >= width - tail));
  }
  // Sort keys on the tail were written as negative indices: -1 is the first hidden column.
  for (SortKey& k : spec->order_by) {
    if (k.column < 0) k.column = width - tail + (-k.column - 1);
  }
  return std::shared_ptr<const MergeSpec>(std::move(spec));
}

void RestoreLogicalNames(const RoutePlan& plan, const Config& config,
                         absl::Span<ColumnDefinition> columns) {
  for (ColumnDefinition& c : columns) {
    for (const auto& [actual, logical] : plan.result_tables) {
      if (c.org_table == actual) {
        if (c.table == c.org_table) c.table = logical;
        c.org_table = logical;
        break;
      }
    }
    if (!c.schema.empty()) {
      for (const DataSourceConfig& ds : config.data_sources) {
        if (c.schema == ds.database) {
          c.schema = config.database;
          break;
        }
      }
    }
  }
}

namespace {

// Whether the physical name `actual` stands at message[at] as one part of a quoted qualified name:
// after a quote and before a '.', or after a '.' and before a quote or a '.'.
bool IsQualifiedNamePart(absl::string_view message, size_t at, size_t length) {
  auto quote = [](char c) { return c == '\'' || c == '`'; };
  if (at == 0 || at + length >= message.size()) return false;
  char before = message[at - 1];
  char after = message[at + length];
  return (quote(before) && after == '.') || (before == '.' && (quote(after) || after == '.'));
}

// 'name' or `name`, the whole of a quoted run.
bool IsQuotedAlone(absl::string_view message, size_t at, size_t length) {
  if (at == 0 || at + length >= message.size()) return false;
  char before = message[at - 1];
  return (before == '\'' || before == '`') && message[at + length] == before;
}

}  // namespace

std::string RestoreLogicalNamesInMessage(const Config& config, absl::string_view message,
                                         bool bare_tables) {
  std::vector<std::pair<absl::string_view, absl::string_view>> names;  // actual → logical
  for (const DataSourceConfig& ds : config.data_sources) {
    if (!ds.database.empty() && ds.database != config.database) {
      names.emplace_back(ds.database, config.database);
    }
  }
  const size_t first_table = names.size();
  for (const TableRule& table : config.sharding.tables()) {
    for (const DataNode& node : table.data_nodes()) {
      if (node.table != table.name()) names.emplace_back(node.table, table.name());
    }
  }
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < message.size(); ++i) {
    if (i > 0 && message[i - 1] != '\'' && message[i - 1] != '`' && message[i - 1] != '.') {
      continue;
    }
    for (size_t n = 0; n < names.size(); ++n) {
      const auto& [actual, logical] = names[n];
      if (message.substr(i, actual.size()) != actual) continue;
      if (!IsQualifiedNamePart(message, i, actual.size()) &&
          !(bare_tables && n >= first_table && IsQuotedAlone(message, i, actual.size()))) {
        continue;
      }
      out.append(message.data() + copied, i - copied);
      out.append(logical.data(), logical.size());
      copied = i + actual.size();
      i = copied - 1;
      break;
    }
  }
  if (copied == 0) return std::string(message);
  out.append(message.data() + copied, message.size() - copied);
  return out;
}

}  // namespace shardproxy::router
