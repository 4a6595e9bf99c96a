#include "router/subquery_binder.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/in_list.h"
#include "parser/ast/walk.h"
#include "parser/literal.h"
#include "router/conjuncts.h"
#include "router/select_merge_planner.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {
namespace {

using Names = absl::InlinedVector<absl::string_view, 4>;

Names LogicalNames(const sql::BoundStatement& statement) {
  Names names;
  for (const sql::TableOccurrence& t : statement.statement().tables) {
    names.push_back(t.name.name.name);
  }
  return names;
}

void CollectTopBlocks(const sql::QueryNode& query, std::vector<const sql::SelectNode*>* out) {
  sql::ForEachSelectBlock(query, [out](const sql::SelectNode& block) { out->push_back(&block); });
}

bool Within(int32_t token, const sql::TokenSpan& span) {
  return span.valid() && token >= span.begin && token < span.end;
}

// Whether `query` reads a table of the logical database that is not in every data source: a
// sharded one, or an unsharded one (only in the default data source). Broadcast tables are
// read wherever the outer query runs.
bool ReadsTableNotEverywhere(const sql::BoundStatement& statement, const sql::QueryNode& query,
                             const RouteContext& context) {
  const Config& config = *context.config;
  for (const sql::TableOccurrence& t : statement.statement().tables) {
    if (!Within(t.name.name.token, query.span) || t.cte) continue;
    bool logical = t.name.schema.empty() ? context.current_database == config.database
                                         : t.name.schema.name == config.database;
    if (logical && !config.sharding.IsBroadcast(t.name.name.name)) return true;
  }
  return false;
}

void CollectDeclared(const sql::TableRef& ref, std::vector<std::string>* out) {
  switch (ref.kind) {
    case sql::TableRefKind::kBase: {
      const auto& base = ref.As<sql::BaseTableRef>();
      out->push_back(base.alias.empty() ? base.name.name.name : base.alias.name);
      break;
    }
    case sql::TableRefKind::kDerived:
      out->push_back(ref.As<sql::DerivedTableRef>().alias.name);
      break;
    case sql::TableRefKind::kJoin:
      CollectDeclared(*ref.As<sql::JoinTableRef>().left, out);
      CollectDeclared(*ref.As<sql::JoinTableRef>().right, out);
      break;
    case sql::TableRefKind::kNested:
      for (const auto& item : ref.As<sql::NestedTableRef>().items) CollectDeclared(*item, out);
      break;
  }
}

// The table names and aliases `query` declares, at any depth.
std::vector<std::string> DeclaredWithin(const sql::QueryNode& query) {
  std::vector<std::string> declared;
  sql::WalkQuery(
      query,
      [&](const sql::QueryNode& q) {
        if (q.kind != sql::QueryKind::kSelect) return;
        for (const auto& ref : q.As<sql::SelectNode>().from) CollectDeclared(*ref, &declared);
        if (q.with != nullptr) {
          for (const sql::CommonTableExpr& cte : q.with->ctes) declared.push_back(cte.name.name);
        }
      },
      [](const sql::Expr&) {});
  return declared;
}

// A column of `query` qualified by a name `query` does not declare: the outer statement's.
bool IsOuterColumn(const sql::Expr& e, const std::vector<std::string>& declared) {
  if (e.kind != sql::ExprKind::kColumnRef) return false;
  const auto& column = e.As<sql::ColumnRefExpr>();
  if (column.table.empty()) return false;
  for (const std::string& d : declared) {
    if (absl::EqualsIgnoreCase(d, column.table.name)) return false;
  }
  return true;
}

// EXISTS, or NOT / AND / OR of such: 0 or 1, never NULL, whatever the subqueries find — so
// with literals 0 and 1 in their place MariaDB describes the item alike (INT(1) NOT NULL).
bool IsLogicOfExists(const sql::Expr& e) {
  switch (e.kind) {
    case sql::ExprKind::kExists:
      return true;
    case sql::ExprKind::kUnary: {
      const auto& u = e.As<sql::UnaryExpr>();
      return (u.op == sql::UnaryOp::kNot || u.op == sql::UnaryOp::kBang) &&
             IsLogicOfExists(*u.operand);
    }
    case sql::ExprKind::kBinary: {
      const auto& b = e.As<sql::BinaryExpr>();
      return (b.op == sql::BinaryOp::kAnd || b.op == sql::BinaryOp::kOr) &&
             IsLogicOfExists(*b.left) && IsLogicOfExists(*b.right);
    }
    default:
      return false;
  }
}

// A column qualifier inside `query` that no table of `query` (at any depth) declares: a
// reference to the outer statement. Returns the qualifier, or empty.
std::string OuterReference(const sql::QueryNode& query) {
  const std::vector<std::string> declared = DeclaredWithin(query);
  std::string outer;
  sql::WalkQuery(
      query, [](const sql::QueryNode&) {},
      [&](const sql::Expr& e) {
        if (outer.empty() && IsOuterColumn(e, declared)) {
          outer = e.As<sql::ColumnRefExpr>().table.name;
        }
      });
  return outer;
}

class Finder {
 public:
  Finder(const sql::BoundStatement& statement, const RouteContext& context)
      : statement_(statement), context_(context), splicer_(statement) {
    names_ = LogicalNames(statement);
  }

  absl::Status Visit(const sql::Expr& where) {
    absl::Status status;
    sql::ForEachExpr(where, [&](const sql::Expr& e) {
      if (!status.ok()) return;
      const sql::QueryNode* query = nullptr;
      switch (e.kind) {
        case sql::ExprKind::kIn:
          query = e.As<sql::InExpr>().subquery.get();
          break;
        case sql::ExprKind::kExists:
          query = e.As<sql::ExistsExpr>().query.get();
          break;
        case sql::ExprKind::kSubquery:
          query = e.As<sql::SubqueryExpr>().query.get();
          break;
        default:
          return;
      }
      if (query == nullptr || !e.span.valid() ||
          !ReadsTableNotEverywhere(statement_, *query, context_)) {
        return;
      }
      // A subquery inside one already staged (in an IN operand) waits for the next round.
      for (const StagedSubquery& s : staged_) {
        if (e.span.begin < s.end && s.begin < e.span.end) return;
      }
      std::string outer = OuterReference(*query);
      if (!outer.empty() &&
          ((e.kind == sql::ExprKind::kExists && StageExistsByKeys(e, *query)) ||
           (e.kind == sql::ExprKind::kSubquery && StageAggregateByKeys(e, *query)))) {
        return;
      }
      if (!outer.empty()) {
        status = UnsupportedError(absl::StrCat(
            "a correlated subquery (it refers to '", outer,
            "' of the outer query) over sharded tables whose rows live on other data nodes than "
            "the outer query's is not supported (an EXISTS correlated only by equalities "
            "inner.column = outer.column among its AND conditions is); rewrite it as a join or "
            "an uncorrelated subquery"));
        return;
      }
      if (e.kind == sql::ExprKind::kIn && query->limit.has_value()) {
        // What MariaDB itself answers; evaluating it first would be more permissive than it.
        status = MysqlStatus(1235, "42000",
                             "This version of MariaDB doesn't yet support 'LIMIT & IN/ALL/ANY/SOME "
                             "subquery'");
        return;
      }
      StagedSubquery staged;
      staged.begin = e.span.begin;
      staged.end = e.span.end;
      splicer_.RenderTokens(query->span.begin, query->span.end, names_, &staged.sql);
      if (e.kind == sql::ExprKind::kIn) {
        const auto& in = e.As<sql::InExpr>();
        staged.use = in.negated ? SubqueryUse::kNotIn : SubqueryUse::kIn;
        splicer_.RenderTokens(in.operand->span.begin, in.operand->span.end, names_,
                              &staged.operand);
        staged.operand_width = in.operand->kind == sql::ExprKind::kRow
                                   ? static_cast<int>(in.operand->As<sql::RowExpr>().items.size())
                                   : 1;
      } else if (e.kind == sql::ExprKind::kExists) {
        staged.use = SubqueryUse::kExists;
        // One row answers EXISTS; a merged LIMIT 1 asks each node for one row at most.
        if (query->kind == sql::QueryKind::kSelect && !query->limit.has_value() &&
            query->locking.kind == sql::LockingClause::Kind::kNone) {
          absl::StrAppend(&staged.sql, " LIMIT 1");
        }
      } else {
        staged.use = SubqueryUse::kScalar;
      }
      staged_.push_back(std::move(staged));
    });
    return status;
  }

  // The outer query whose subqueries are visited next: its WHERE's AND conditions may pin a
  // correlated column to a few values, which then bound the keys a correlated subquery reads.
  void SetOuterQuery(const sql::Expr* where, const std::vector<sql::TableRefPtr>& from) {
    outer_conjuncts_.clear();
    SplitConjuncts(where, &outer_conjuncts_);
    outer_only_table_.clear();
    if (from.size() == 1 && from[0]->kind == sql::TableRefKind::kBase) {
      const auto& base = from[0]->As<sql::BaseTableRef>();
      outer_only_table_ = base.alias.empty() ? base.name.name.name : base.alias.name;
    }
  }

  // `inner IN (…)` or `inner = v` when the outer query's WHERE says `outer = v` or `outer IN
  // (…)` of literals (or parameters) among its AND conditions; empty otherwise.
  std::string PinnedKeys(const sql::Expr& outer, const sql::Expr& inner) const {
    const auto& o = outer.As<sql::ColumnRefExpr>();
    auto names_outer = [&](const sql::Expr& e) {
      if (e.kind != sql::ExprKind::kColumnRef) return false;
      const auto& c = e.As<sql::ColumnRefExpr>();
      if (!absl::EqualsIgnoreCase(c.column.name, o.column.name)) return false;
      return c.table.empty() ? absl::EqualsIgnoreCase(outer_only_table_, o.table.name)
                             : absl::EqualsIgnoreCase(c.table.name, o.table.name);
    };
    auto is_value = [](const sql::Expr& e) {
      return (e.kind == sql::ExprKind::kLiteral &&
              e.As<sql::LiteralExpr>().type == sql::LiteralExpr::Type::kSlot) ||
             e.kind == sql::ExprKind::kParam;
    };
    for (const sql::Expr* c : outer_conjuncts_) {
      std::string out;
      if (c->kind == sql::ExprKind::kBinary && c->As<sql::BinaryExpr>().op == sql::BinaryOp::kEq) {
        const auto& b = c->As<sql::BinaryExpr>();
        const sql::Expr* value = names_outer(*b.left)    ? b.right.get()
                                 : names_outer(*b.right) ? b.left.get()
                                                         : nullptr;
        if (value == nullptr || !is_value(*value)) continue;
        splicer_.RenderTokens(inner.span.begin, inner.span.end, names_, &out);
        out.append(" = ");
        splicer_.RenderTokens(value->span.begin, value->span.end, names_, &out);
        return out;
      }
      if (c->kind == sql::ExprKind::kIn) {
        const auto& in = c->As<sql::InExpr>();
        if (in.negated || in.subquery != nullptr || !names_outer(*in.operand)) continue;
        bool values = true;
        for (const sql::ExprPtr& v : in.list) values = values && is_value(*v);
        if (!values) continue;
        splicer_.RenderTokens(inner.span.begin, inner.span.end, names_, &out);
        out.push_back(' ');
        splicer_.RenderTokens(in.operand->span.end, c->span.end, names_, &out);  // IN (…)
        return out;
      }
    }
    return "";
  }

  // How a subquery refers to its outer query when its only references are equalities
  // `v.a = outer.x` among its WHERE's top-level AND conditions.
  struct Correlation {
    const sql::SelectNode* block = nullptr;
    std::vector<const sql::Expr*> outer;  // outer.x, …
    std::vector<const sql::Expr*> inner;  // v.a, …
    std::vector<const sql::Expr*> rest;   // the other conditions
  };

  // nullopt for any other shape (and for GROUP BY, HAVING, windows, WITH, LIMIT 0 or an offset).
  absl::optional<Correlation> CorrelatedByEqualities(const sql::QueryNode& query) const {
    if (query.kind != sql::QueryKind::kSelect || query.with != nullptr) return absl::nullopt;
    Correlation c;
    c.block = &query.As<sql::SelectNode>();
    const sql::SelectNode& block = *c.block;
    if (!block.group_by.empty() || block.having != nullptr || !block.windows.empty() ||
        block.from.empty() || !block.into.empty()) {
      return absl::nullopt;
    }
    if (query.limit.has_value()) {
      uint64_t count = 0;
      if (query.limit->offset.valid() ||
          !sql::LiteralToUint64(statement_.Value(query.limit->count), &count) || count == 0) {
        return absl::nullopt;
      }
    }
    const std::vector<std::string> declared = DeclaredWithin(query);
    std::vector<const sql::Expr*> conjuncts;
    SplitConjuncts(block.where.get(), &conjuncts);
    for (const sql::Expr* e : conjuncts) {
      if (e->kind == sql::ExprKind::kBinary && e->As<sql::BinaryExpr>().op == sql::BinaryOp::kEq) {
        const auto& b = e->As<sql::BinaryExpr>();
        const bool left_outer = IsOuterColumn(*b.left, declared);
        const bool right_outer = IsOuterColumn(*b.right, declared);
        if (left_outer != right_outer &&
            (left_outer ? b.right : b.left)->kind == sql::ExprKind::kColumnRef) {
          c.outer.push_back(left_outer ? b.left.get() : b.right.get());
          c.inner.push_back(left_outer ? b.right.get() : b.left.get());
          continue;
        }
      }
      c.rest.push_back(e);
    }
    if (c.outer.empty()) return absl::nullopt;
    // No other reference to the outer query, anywhere in the subquery.
    bool other_outer = false;
    sql::WalkQuery(
        query, [](const sql::QueryNode&) {},
        [&](const sql::Expr& x) {
          if (other_outer || !IsOuterColumn(x, declared)) return;
          other_outer = std::find(c.outer.begin(), c.outer.end(), &x) == c.outer.end();
        });
    if (other_outer) return absl::nullopt;
    return c;
  }

  // The staged statement's keys (`v.a, v.b`) after `sql`, and the outer operand they are
  // compared with (`outer.x` or `(outer.x, outer.y)`).
  void AppendKeys(const Correlation& c, std::string* sql, StagedSubquery* staged) const {
    staged->operand_width = static_cast<int>(c.outer.size());
    if (c.outer.size() > 1) staged->operand.push_back('(');
    for (size_t i = 0; i < c.outer.size(); ++i) {
      if (i > 0) {
        sql->append(", ");
        staged->operand.append(", ");
      }
      splicer_.RenderTokens(c.inner[i]->span.begin, c.inner[i]->span.end, names_, sql);
      splicer_.RenderTokens(c.outer[i]->span.begin, c.outer[i]->span.end, names_, &staged->operand);
    }
    if (c.outer.size() > 1) staged->operand.push_back(')');
  }

  // ` FROM … [WHERE (<other condition>) AND …]`: the subquery without its correlation, its
  // keys bounded by what the outer query pins them to (PinnedKeys).
  void AppendFromAndRest(const Correlation& c, std::string* sql) const {
    sql->append(" FROM ");
    splicer_.RenderTokens(c.block->from.front()->span.begin, c.block->from.back()->span.end, names_,
                          sql);
    bool first = true;
    for (const sql::Expr* rest : c.rest) {
      sql->append(first ? " WHERE (" : " AND (");
      first = false;
      splicer_.RenderTokens(rest->span.begin, rest->span.end, names_, sql);
      sql->push_back(')');
    }
    for (size_t i = 0; i < c.outer.size(); ++i) {
      std::string pinned = PinnedKeys(*c.outer[i], *c.inner[i]);
      if (pinned.empty()) continue;
      absl::StrAppend(sql, first ? " WHERE (" : " AND (", pinned, ")");
      first = false;
    }
  }

  // A correlated `EXISTS (SELECT … FROM v WHERE v.a = outer.x [AND v.b = outer.y] AND <p(v)>)`
  // (CorrelatedByEqualities): the same as `outer.x IN (the a of v's rows satisfying p)` (NULLs
  // on either side never equal), so the keys are read first and bound as
  // `((outer.x, …) IN (…)) IS TRUE` — 0 or 1 as EXISTS is, for a NULL outer.x too. Returns
  // false (nothing staged) for any other shape.
  bool StageExistsByKeys(const sql::Expr& e, const sql::QueryNode& query) {
    absl::optional<Correlation> c = CorrelatedByEqualities(query);
    if (!c.has_value()) return false;
    // An aggregate makes EXISTS true whatever the rows.
    for (const sql::SelectItem& item : c->block->items) {
      if (item.kind != sql::SelectItem::Kind::kExpr) continue;
      bool aggregate = false;
      sql::ForEachExpr(*item.expr, [&](const sql::Expr& x) {
        aggregate = aggregate ||
                    (x.kind == sql::ExprKind::kFunction && x.As<sql::FunctionExpr>().is_aggregate);
      });
      if (aggregate) return false;
    }
    StagedSubquery staged;
    staged.use = SubqueryUse::kExistsByKeys;
    staged.begin = e.span.begin;
    staged.end = e.span.end;
    staged.sql = "SELECT DISTINCT ";
    AppendKeys(*c, &staged.sql, &staged);
    AppendFromAndRest(*c, &staged.sql);
    staged_.push_back(std::move(staged));
    return true;
  }

  // A correlated scalar `(SELECT COUNT(*) | SUM(…) | MIN | MAX | AVG FROM v WHERE v.a = outer.x
  // AND <p(v)>)` (CorrelatedByEqualities; Laravel's withCount/withSum/has(…, '>', n)): the
  // aggregate per key is read first (`SELECT v.a, COUNT(*) … GROUP BY 1`) and bound as
  // `(CASE outer.x WHEN a1 THEN n1 … ELSE 0 END)` — 0 for COUNT of no row, NULL for the others,
  // as the subquery gives. Returns false (nothing staged) for any other shape.
  bool StageAggregateByKeys(const sql::Expr& e, const sql::QueryNode& query) {
    absl::optional<Correlation> c = CorrelatedByEqualities(query);
    if (!c.has_value() || c->block->items.size() != 1 || c->block->distinct) return false;
    const sql::SelectItem& item = c->block->items[0];
    if (item.kind != sql::SelectItem::Kind::kExpr || item.expr->kind != sql::ExprKind::kFunction) {
      return false;
    }
    const auto& f = item.expr->As<sql::FunctionExpr>();
    const std::string& name = f.upper_name;
    if (!f.is_aggregate || f.over != nullptr || !f.over_name.empty() ||
        (name != "COUNT" && name != "SUM" && name != "MIN" && name != "MAX" && name != "AVG")) {
      return false;
    }
    StagedSubquery staged;
    staged.use = SubqueryUse::kAggregateByKeys;
    staged.begin = e.span.begin;
    staged.end = e.span.end;
    staged.otherwise = name == "COUNT" ? "0" : "NULL";
    staged.sql = "SELECT ";
    AppendKeys(*c, &staged.sql, &staged);
    staged.sql.append(", ");
    splicer_.RenderTokens(f.span.begin, f.span.end, names_, &staged.sql);
    AppendFromAndRest(*c, &staged.sql);
    staged.sql.append(" GROUP BY ");
    for (size_t i = 0; i < c->outer.size(); ++i) {
      absl::StrAppend(&staged.sql, i > 0 ? ", " : "", i + 1);
    }
    staged_.push_back(std::move(staged));
    return true;
  }

  // The select items of the statement's only SELECT block that are whole subqueries, when the
  // client sees how the answer's columns are described (subquery_binder.h).
  absl::Status VisitWholeItemSubqueries(const sql::SelectNode& block) {
    const auto& items = block.items;
    for (size_t i = 0; i < items.size(); ++i) {
      const sql::SelectItem& item = items[i];
      if (item.kind != sql::SelectItem::Kind::kExpr || item.expr == nullptr) continue;
      const sql::Expr& e = *item.expr;
      const bool scalar = e.kind == sql::ExprKind::kSubquery;
      const bool exists = IsLogicOfExists(e);
      if (!scalar && !exists) continue;
      const size_t before = staged_.size();
      absl::Status status = Visit(e);
      if (!status.ok()) return status;
      if (staged_.size() == before) continue;  // over tables the outer query's nodes hold
      StagedSubquery& staged = staged_.back();
      if (scalar) {
        auto is_star = [](const sql::SelectItem& x) {
          return x.kind != sql::SelectItem::Kind::kExpr;
        };
        if (std::none_of(items.begin(), items.begin() + i, is_star)) {
          staged.result_column = static_cast<int32_t>(i);
        } else if (std::none_of(items.begin() + i + 1, items.end(), is_star)) {
          staged.result_column = static_cast<int32_t>(items.size() - 1 - i);
          staged.result_column_from_end = true;
        } else {
          staged_.pop_back();  // its column cannot be told: stays refused
          continue;
        }
      }
      if (item.alias.empty()) {
        staged.item_end = item.span.end;
        staged.item_name = std::string(ItemText(splicer_, item));
      }
    }
    return absl::OkStatus();
  }

  std::vector<StagedSubquery> Take() { return std::move(staged_); }

 private:
  const sql::BoundStatement& statement_;
  const RouteContext& context_;
  SqlSplicer splicer_;
  Names names_;
  std::vector<StagedSubquery> staged_;
  std::vector<const sql::Expr*> outer_conjuncts_;
  std::string outer_only_table_;  // the outer query's one table (name or alias), if it has one
};

}  // namespace

absl::StatusOr<std::vector<StagedSubquery>> FindStagedSubqueries(
    const sql::BoundStatement& statement, const RouteContext& context) {
  if (context.config == nullptr || !statement.has_statement()) {
    return std::vector<StagedSubquery>();
  }
  Finder finder(statement, context);
  // Visits in source order: a block's select list, then its WHERE, HAVING and join conditions.
  auto visit = [&](const sql::Expr* expr) {
    return expr == nullptr ? absl::OkStatus() : finder.Visit(*expr);
  };
  switch (statement.kind()) {
    case sql::StatementKind::kSelect: {
      std::vector<const sql::SelectNode*> blocks;
      CollectTopBlocks(*statement.statement().As<sql::SelectStatement>().query, &blocks);
      for (const sql::SelectNode* block : blocks) {
        finder.SetOuterQuery(block->where.get(), block->from);
        std::vector<const sql::Expr*> conditions = {block->where.get(), block->having.get()};
        for (const auto& ref : block->from) {
          CollectJoinConditions(*ref, JoinOnScope::kAll, &conditions);
        }
        if (context.values_only) {
          for (const sql::SelectItem& item : block->items) {
            if (item.kind != sql::SelectItem::Kind::kExpr) continue;
            absl::Status status = visit(item.expr.get());
            if (!status.ok()) return status;
          }
        } else if (blocks.size() == 1) {
          absl::Status status = finder.VisitWholeItemSubqueries(*block);
          if (!status.ok()) return status;
        }
        for (const sql::Expr* condition : conditions) {
          absl::Status status = visit(condition);
          if (!status.ok()) return status;
        }
      }
      break;
    }
    case sql::StatementKind::kUpdate: {
      // The values SET writes (only the value is stored: a bound literal stores the same), then
      // the WHERE, in source order.
      const auto& update = statement.statement().As<sql::UpdateStatement>();
      finder.SetOuterQuery(update.where.get(), update.tables);
      for (const sql::Assignment& assignment : update.set) {
        absl::Status status = visit(assignment.value.get());
        if (!status.ok()) return status;
      }
      absl::Status status = visit(update.where.get());
      if (!status.ok()) return status;
      break;
    }
    case sql::StatementKind::kInsert: {
      // The values of VALUES rows, SET and ON DUPLICATE KEY UPDATE (INSERT … SELECT runs as
      // its SELECT first, elsewhere).
      const auto& insert = statement.statement().As<sql::InsertStatement>();
      if (insert.source == sql::InsertStatement::Source::kSelect) break;
      for (const auto& row : insert.rows) {
        for (const sql::ExprPtr& value : row) {
          absl::Status status = visit(value.get());
          if (!status.ok()) return status;
        }
      }
      for (const auto* assignments : {&insert.set, &insert.on_duplicate_key_update}) {
        for (const sql::Assignment& assignment : *assignments) {
          absl::Status status = visit(assignment.value.get());
          if (!status.ok()) return status;
        }
      }
      break;
    }
    case sql::StatementKind::kDelete: {
      const auto& del = statement.statement().As<sql::DeleteStatement>();
      finder.SetOuterQuery(del.where.get(), {});
      absl::Status status = visit(del.where.get());
      if (!status.ok()) return status;
      break;
    }
    default:
      return std::vector<StagedSubquery>();
  }
  return finder.Take();
}

SubqueryResultBinder::SubqueryResultBinder(const StagedSubquery& staged, SubqueryLimits limits,
                                           bool no_backslash_escapes)
    : staged_(staged), limits_(limits), no_backslash_escapes_(no_backslash_escapes) {}

absl::Status SubqueryResultBinder::SetColumns(absl::Span<const ColumnDefinition> columns) {
  columns_.assign(columns.begin(), columns.end());
  int width = static_cast<int>(columns.size());
  int expected = staged_.use == SubqueryUse::kScalar            ? 1
                 : staged_.use == SubqueryUse::kAggregateByKeys ? staged_.operand_width + 1
                                                                : staged_.operand_width;
  if (staged_.use != SubqueryUse::kExists && width != expected) {
    return MysqlStatus(1241, "21000",
                       absl::StrCat("Operand should contain ", expected, " column(s)"));
  }
  return absl::OkStatus();
}

absl::Status SubqueryResultBinder::AddRow(RowView row) {
  ++rows_;
  if (staged_.use == SubqueryUse::kExists) return absl::OkStatus();
  const bool by_keys =
      staged_.use == SubqueryUse::kExistsByKeys || staged_.use == SubqueryUse::kAggregateByKeys;
  if (by_keys) {
    // A NULL key equals no outer value.
    for (int i = 0; i < staged_.operand_width && i < static_cast<int>(row.size()); ++i) {
      if (!row[static_cast<size_t>(i)].has_value()) return absl::OkStatus();
    }
  }
  if (staged_.use == SubqueryUse::kScalar && rows_ > 1) {
    return MysqlStatus(1242, "21000", "Subquery returns more than 1 row");
  }
  // The keys (or values), a tuple for several; kAggregateByKeys: `WHEN keys THEN aggregate`.
  const size_t width = staged_.use == SubqueryUse::kAggregateByKeys
                           ? static_cast<size_t>(staged_.operand_width)
                           : columns_.size();
  std::string literal;
  if (staged_.use == SubqueryUse::kAggregateByKeys) literal = "WHEN ";
  AppendLiterals(row, 0, width, &literal);
  if (staged_.use == SubqueryUse::kAggregateByKeys) {
    literal.append(" THEN ");
    AppendLiterals(row, width, columns_.size(), &literal);
  }
  if (!seen_.insert(literal).second) return absl::OkStatus();
  bytes_ += literal.size() + 1;
  if (values_.size() + 1 > limits_.max_rows || bytes_ > limits_.max_bytes) {
    return UnsupportedError(absl::StrCat(
        "the subquery spanning several data nodes returns more than the proxy binds into the "
        "outer statement (at most ",
        limits_.max_rows, " distinct values and ", limits_.max_bytes,
        " bytes of literals); narrow the subquery or rewrite it as a join"));
  }
  values_.push_back(std::move(literal));
  return absl::OkStatus();
}

void SubqueryResultBinder::AppendLiterals(RowView row, size_t begin, size_t end,
                                          std::string* out) const {
  end = std::min({end, columns_.size(), row.size()});
  if (end - begin > 1) out->push_back('(');
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out->push_back(',');
    std::string value = SqlLiteral(row[i], columns_[i], no_backslash_escapes_);
    // A DOUBLE written as 1.5 would read back as a DECIMAL and compare as one.
    bool is_double =
        columns_[i].type == FieldType::kDouble || columns_[i].type == FieldType::kFloat;
    if (is_double && row[i].has_value() && !value.empty() && value[0] != '\'' &&
        value.find_first_of("eE") == std::string::npos) {
      value += "e0";
    }
    out->append(value);
  }
  if (end - begin > 1) out->push_back(')');
}

std::string SubqueryResultBinder::Replacement() const {
  switch (staged_.use) {
    case SubqueryUse::kAggregateByKeys: {
      if (values_.empty()) return absl::StrCat("(", staged_.otherwise, ")");
      // CASE x WHEN k compares as x = k does; several keys as (x, y) = (k, l).
      const bool tuple = staged_.operand_width > 1;
      std::string out = tuple ? "(CASE " : absl::StrCat("(CASE ", staged_.operand, " ");
      for (size_t i = 0; i < values_.size(); ++i) {
        if (i > 0) out.push_back(' ');
        if (tuple) {
          // "WHEN (k, l) THEN v" → "WHEN (x, y) = (k, l) THEN v"
          absl::StrAppend(&out, "WHEN ", staged_.operand, " = ",
                          absl::string_view(values_[i]).substr(5));
        } else {
          out += values_[i];
        }
      }
      absl::StrAppend(&out, " ELSE ", staged_.otherwise, " END)");
      return out;
    }
    case SubqueryUse::kExists:
      return rows_ > 0 ? "1" : "0";
    case SubqueryUse::kExistsByKeys: {
      if (values_.empty()) return "0";
      // IS TRUE: 0 for a NULL outer column, and described as EXISTS is (INT(1), NOT NULL).
      std::string out = absl::StrCat("((", staged_.operand, " IN (");
      for (size_t i = 0; i < values_.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += values_[i];
      }
      out += ")) IS TRUE)";
      return out;
    }
    case SubqueryUse::kScalar:
      return values_.empty() ? "(NULL)" : absl::StrCat("(", values_[0], ")");
    case SubqueryUse::kIn:
    case SubqueryUse::kNotIn: {
      bool negated = staged_.use == SubqueryUse::kNotIn;
      // x IN (empty set) is false and NOT IN true, whatever x is (NULL included).
      if (values_.empty()) return negated ? "(1)" : "(0)";
      std::string out = absl::StrCat("(", staged_.operand, negated ? " NOT IN (" : " IN (");
      for (size_t i = 0; i < values_.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += values_[i];
      }
      out += "))";
      return out;
    }
  }
  return "NULL";
}

std::string BindSubqueries(const sql::BoundStatement& statement,
                           absl::Span<const StagedSubquery> staged,
                           absl::Span<const std::string> replacements) {
  SqlSplicer splicer(statement);
  for (size_t i = 0; i < staged.size() && i < replacements.size(); ++i) {
    splicer.Replace(staged[i].begin, staged[i].end, {SplicePiece::Text(replacements[i])});
  }
  // After the replacements, which would drop insertions inside their range.
  for (size_t i = 0; i < staged.size() && i < replacements.size(); ++i) {
    if (staged[i].item_end < 0) continue;
    std::string alias = " AS ";
    sql::AppendQuotedIdentifier(staged[i].item_name, &alias);
    splicer.Replace(staged[i].item_end, staged[i].item_end, {SplicePiece::Text(std::move(alias))});
  }
  Names names = LogicalNames(statement);
  std::string out;
  splicer.Render(names, &out);
  return out;
}

}  // namespace shardproxy::router
