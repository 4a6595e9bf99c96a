// The execution half of join_planner.h: names resolved against the rows the proxy holds (a
// join's sides, a derived table's result) into the join, the filter and the merge.
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/literal.h"
#include "router/join_planner.h"
#include "router/key_collations.h"
#include "router/merge_expr_translator.h"
#include "router/select_merge_planner.h"
#include "router/sql_splicer.h"

namespace shardproxy::router {
namespace {

using sql::Expr;
using sql::ExprKind;

absl::Status Refuse(absl::string_view what) { return RefuseInProxy(what); }

// Resolves column references against the sides' result columns (one side for a derived table).
class Resolver {
 public:
  // `right_qualifiers` empty: one input only (a derived table).
  Resolver(const sql::BoundStatement& statement, std::vector<std::string> left_qualifiers,
           std::vector<std::string> right_qualifiers, absl::Span<const ColumnDefinition> left,
           absl::Span<const ColumnDefinition> right)
      : statement_(statement),
        left_qualifiers_(std::move(left_qualifiers)),
        right_qualifiers_(std::move(right_qualifiers)),
        left_(left),
        right_(right) {}

  // The joined-row columns `qualifier.*` stands for; empty when no table has that name.
  std::vector<int> StarColumns(absl::string_view qualifier) const {
    std::vector<int> out;
    for (int side = 0; side < 2; ++side) {
      const std::vector<std::string>& names = side == 0 ? left_qualifiers_ : right_qualifiers_;
      absl::Span<const ColumnDefinition> columns = side == 0 ? left_ : right_;
      int base = side == 0 ? 0 : static_cast<int>(left_.size());
      if (!Contains(names, qualifier)) continue;
      for (size_t i = 0; i < columns.size(); ++i) {
        if (names.size() == 1 || absl::EqualsIgnoreCase(columns[i].table, qualifier)) {
          out.push_back(base + static_cast<int>(i));
        }
      }
    }
    return out;
  }
  int total_width() const { return static_cast<int>(left_.size() + right_.size()); }

  // The joined-row index of a column reference.
  absl::StatusOr<int> Column(const sql::ColumnRefExpr& c, absl::string_view clause) const {
    int found = -1;
    int matches = 0;
    // A side of several tables tells its columns apart by the table (alias) of each.
    auto search = [&](absl::Span<const ColumnDefinition> columns, int base,
                      const std::vector<std::string>& names) {
      for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnDefinition& d = columns[i];
        if (!absl::EqualsIgnoreCase(d.name, c.column.name)) continue;
        if (!c.table.empty() && names.size() > 1 &&
            !absl::EqualsIgnoreCase(d.table, c.table.name)) {
          continue;
        }
        if (found < 0) found = base + static_cast<int>(i);
        ++matches;
      }
    };
    int width = static_cast<int>(left_.size());
    if (c.table.empty()) {
      search(left_, 0, left_qualifiers_);
      search(right_, width, right_qualifiers_);
      if (matches > 1) {
        return MysqlStatus(
            1052, "23000",
            absl::StrCat("Column '", c.column.name, "' in ", clause, " is ambiguous"));
      }
    } else if (Contains(left_qualifiers_, c.table.name)) {
      search(left_, 0, left_qualifiers_);
    } else if (Contains(right_qualifiers_, c.table.name)) {
      search(right_, width, right_qualifiers_);
    }
    if (found < 0) {
      std::string name =
          c.table.empty() ? c.column.name : absl::StrCat(c.table.name, ".", c.column.name);
      return MysqlStatus(1054, "42S22",
                         absl::StrCat("Unknown column '", name, "' in '", clause, "'"));
    }
    return found;
  }

  // A condition over the joined row, as the merger evaluates it; `clause` names it in errors.
  absl::StatusOr<MergeExpr> Convert(const Expr& e, absl::string_view clause) const {
    JoinedRowLeaves leaves(*this, clause);
    return MergeExprTranslator(statement_, &leaves,
                               {.refuse_operator_first = true, .refuse_row_in = true})
        .Translate(e);
  }

 private:
  // The leaves of a condition over the joined row are its columns; any other form is refused
  // with the whole of its text.
  class JoinedRowLeaves final : public MergeExprTranslator::Leaves {
   public:
    JoinedRowLeaves(const Resolver& resolver, absl::string_view clause)
        : resolver_(resolver), clause_(clause) {}

    absl::StatusOr<MergeExpr> Leaf(const Expr& e) override {
      if (e.kind != ExprKind::kColumnRef) return resolver_.Cannot(e);
      absl::StatusOr<int> column = resolver_.Column(e.As<sql::ColumnRefExpr>(), clause_);
      if (!column.ok()) return column.status();
      return MergeExpr::Column(*column);
    }
    absl::Status Refusal(const Expr& e, UntranslatableForm) override { return resolver_.Cannot(e); }

   private:
    const Resolver& resolver_;
    absl::string_view clause_;
  };

  absl::Status Cannot(const Expr& e) const {
    SqlSplicer splicer(statement_);
    return Refuse(absl::StrCat("the condition '", splicer.OriginalText(e.span.begin, e.span.end),
                               "' (the proxy evaluates only comparisons, arithmetic, AND/OR/NOT, "
                               "IS NULL, BETWEEN and IN lists over both tables' columns)"));
  }

  static bool Contains(const std::vector<std::string>& names, absl::string_view name) {
    for (const std::string& n : names) {
      if (absl::EqualsIgnoreCase(n, name)) return true;
    }
    return false;
  }

  const sql::BoundStatement& statement_;
  std::vector<std::string> left_qualifiers_;
  std::vector<std::string> right_qualifiers_;
  absl::Span<const ColumnDefinition> left_;
  absl::Span<const ColumnDefinition> right_;
};

absl::StatusOr<std::shared_ptr<MergeSpec>> BuildOuterMerge(const sql::BoundStatement& statement,
                                                           const Resolver& resolver,
                                                           const RouteContext& context);

absl::optional<MergeExpr> AndAll(std::vector<MergeExpr> parts) {
  if (parts.empty()) return absl::nullopt;
  MergeExpr all = std::move(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) all = MergeExpr::And(std::move(all), parts[i]);
  return all;
}

bool ParseCount(const sql::BoundStatement& statement, sql::SlotRef slot, uint64_t* out) {
  sql::LiteralValue v = statement.Value(slot);
  return sql::LiteralToUint64(v, out);
}

}  // namespace

absl::StatusOr<JoinExecution> ResolveDerivedExecution(const sql::BoundStatement& statement,
                                                      const DerivedTablePlan& plan,
                                                      std::vector<ColumnDefinition>* columns,
                                                      const RouteContext& context) {
  for (ColumnDefinition& c : *columns) {
    c.table = plan.qualifier;
    if (plan.mergeable) {
      c.org_table = plan.qualifier;
      if (context.config != nullptr) c.schema = context.config->database;
    } else {
      c.schema.clear();
      c.org_name = c.name;
    }
  }
  Resolver resolver(statement, {plan.qualifier}, {}, *columns, {});
  JoinExecution out;
  if (plan.where != nullptr) {
    absl::StatusOr<MergeExpr> filter = resolver.Convert(*plan.where, "WHERE");
    if (!filter.ok()) return filter.status();
    out.filter = *std::move(filter);
  }
  absl::StatusOr<std::shared_ptr<MergeSpec>> merge = BuildOuterMerge(statement, resolver, context);
  if (!merge.ok()) return merge.status();
  out.merge = *std::move(merge);
  return out;
}

absl::StatusOr<JoinExecution> ResolveJoinExecution(const sql::BoundStatement& statement,
                                                   const JoinPlan& plan,
                                                   absl::Span<const ColumnDefinition> left,
                                                   absl::Span<const ColumnDefinition> right,
                                                   const RouteContext& context) {
  Resolver resolver(statement, plan.left.qualifiers, plan.right.qualifiers, left, right);
  JoinExecution out;
  out.join.type = plan.type;
  out.join.div_precision_increment = context.div_precision_increment;
  int width = static_cast<int>(left.size());
  const KeyCollations collations(
      context, statement.statement().As<sql::SelectStatement>().query->As<sql::SelectNode>());
  for (const JoinPlan::Key& k : plan.keys) {
    absl::StatusOr<int> l = resolver.Column(k.left->As<sql::ColumnRefExpr>(), "ON");
    if (!l.ok()) return l.status();
    absl::StatusOr<int> r = resolver.Column(k.right->As<sql::ColumnRefExpr>(), "ON");
    if (!r.ok()) return r.status();
    // Strings compare in the columns' declared collation (when one side's is known, or both
    // agree; two that differ are the server's to reconcile or refuse).
    absl::optional<uint16_t> lc = collations.Of(*k.left);
    absl::optional<uint16_t> rc = collations.Of(*k.right);
    out.join.keys.push_back(
        JoinKey{.left_column = *l,
                .right_column = *r - width,
                .null_safe = k.null_safe,
                .collation = !lc ? rc : (!rc || lc == rc ? lc : absl::nullopt)});
  }
  std::vector<MergeExpr> on;
  for (const Expr* e : plan.on_residual) {
    absl::StatusOr<MergeExpr> x = resolver.Convert(*e, "ON");
    if (!x.ok()) return x.status();
    on.push_back(*std::move(x));
  }
  out.join.condition = AndAll(std::move(on));
  std::vector<MergeExpr> where;
  for (const Expr* e : plan.where_residual) {
    absl::StatusOr<MergeExpr> x = resolver.Convert(*e, "WHERE");
    if (!x.ok()) return x.status();
    where.push_back(*std::move(x));
  }
  out.filter = AndAll(std::move(where));

  absl::StatusOr<std::shared_ptr<MergeSpec>> merge = BuildOuterMerge(statement, resolver, context);
  if (!merge.ok()) return merge.status();
  out.merge = *std::move(merge);
  return out;
}

namespace {

// The merge over the joined row (or the derived table's row): select list, DISTINCT, GROUP BY
// with simple aggregates, ORDER BY, LIMIT of the statement's one SELECT block.
absl::StatusOr<std::shared_ptr<MergeSpec>> BuildOuterMerge(const sql::BoundStatement& statement,
                                                           const Resolver& resolver,
                                                           const RouteContext& context) {
  const auto& select =
      statement.statement().As<sql::SelectStatement>().query->As<sql::SelectNode>();
  int total = resolver.total_width();
  auto spec = std::make_shared<MergeSpec>();
  spec->div_precision_increment = context.div_precision_increment;
  spec->group_concat_max_len = context.group_concat_max_len;
  spec->connection_collation = context.connection_collation;
  spec->distinct = select.distinct;
  const KeyCollations collations(context, select);
  SqlSplicer splicer(statement);
  bool aggregated = !select.group_by.empty();
  for (const sql::SelectItem& item : select.items) {
    if (item.kind == sql::SelectItem::Kind::kExpr && item.expr->kind == ExprKind::kFunction &&
        item.expr->As<sql::FunctionExpr>().is_aggregate) {
      aggregated = true;
    }
  }
  // Visible select items, with the alias each resolves by in ORDER BY.
  std::vector<std::string> aliases;
  for (const sql::SelectItem& item : select.items) {
    switch (item.kind) {
      case sql::SelectItem::Kind::kStar:
      case sql::SelectItem::Kind::kQualifiedStar: {
        if (aggregated) return Refuse("* together with GROUP BY or aggregates");
        std::vector<int> star;
        if (item.kind == sql::SelectItem::Kind::kQualifiedStar) {
          star = resolver.StarColumns(item.star_table.name);
          if (star.empty()) {
            return MysqlStatus(1051, "42S02",
                               absl::StrCat("Unknown table '", item.star_table.name, "'"));
          }
        } else {
          for (int i = 0; i < total; ++i) star.push_back(i);
        }
        for (int i : star) {
          spec->columns.push_back(OutputColumn::Shard(i));
          aliases.emplace_back();
        }
        break;
      }
      case sql::SelectItem::Kind::kExpr: {
        const Expr& e = *item.expr;
        std::string alias = item.alias.empty() ? std::string() : item.alias.name;
        if (e.kind == ExprKind::kColumnRef) {
          absl::StatusOr<int> c = resolver.Column(e.As<sql::ColumnRefExpr>(), "SELECT");
          if (!c.ok()) return c.status();
          spec->columns.push_back(OutputColumn::Shard(*c, alias));
          spec->columns.back().collation = collations.Of(e);
          aliases.push_back(alias.empty() ? e.As<sql::ColumnRefExpr>().column.name : alias);
          break;
        }
        if (e.kind != ExprKind::kFunction || !e.As<sql::FunctionExpr>().is_aggregate) {
          return Refuse(absl::StrCat("the expression '", ItemText(splicer, item),
                                     "' in the select list (only columns and COUNT/SUM/MIN/MAX/"
                                     "AVG of a column are computed in the proxy)"));
        }
        const auto& f = e.As<sql::FunctionExpr>();
        static const std::pair<const char*, AggregateFunction> kFunctions[] = {
            {"COUNT", AggregateFunction::kCount},
            {"SUM", AggregateFunction::kSum},
            {"MIN", AggregateFunction::kMin},
            {"MAX", AggregateFunction::kMax},
            {"AVG", AggregateFunction::kAvg}};
        absl::optional<AggregateFunction> function;
        for (const auto& [name, fn] : kFunctions) {
          if (f.upper_name == name) function = fn;
        }
        std::vector<int> arguments;
        if (!f.star) {
          if (f.args.size() != 1 || f.args[0]->kind != ExprKind::kColumnRef) function.reset();
          if (function.has_value()) {
            absl::StatusOr<int> c = resolver.Column(f.args[0]->As<sql::ColumnRefExpr>(), "SELECT");
            if (!c.ok()) return c.status();
            arguments.push_back(*c);
          }
        } else if (function != AggregateFunction::kCount) {
          function.reset();
        }
        if (!function.has_value() || f.form != sql::FunctionExpr::Form::kGeneric) {
          return Refuse(absl::StrCat("the aggregate '", ItemText(splicer, item), "'"));
        }
        spec->aggregates.push_back(AggregateSpec::Raw(*function, std::move(arguments), f.distinct));
        if (!f.star) spec->aggregates.back().collation = collations.Of(*f.args[0]);
        std::string name = alias.empty() ? std::string(ItemText(splicer, item)) : alias;
        spec->columns.push_back(
            OutputColumn::Aggregate(static_cast<int>(spec->aggregates.size() - 1), name));
        aliases.push_back(alias);
        break;
      }
    }
  }
  int visible = static_cast<int>(spec->columns.size());
  // GROUP BY columns (positions, select aliases or columns).
  // MySQL resolves an unqualified name in ORDER BY to a select alias first, in GROUP BY to a
  // table column first.
  auto item_column = [&](const Expr& e, absl::string_view clause,
                         bool alias_first) -> absl::StatusOr<int> {
    // A position or a select alias names a merged column; a table column a joined-row one
    // (returned as -(index + 1)).
    if (e.kind == ExprKind::kLiteral &&
        e.As<sql::LiteralExpr>().type == sql::LiteralExpr::Type::kSlot) {
      uint64_t position;
      if (sql::LiteralToUint64(statement.Value(e.As<sql::LiteralExpr>().slot), &position) &&
          position >= 1 && position <= static_cast<uint64_t>(visible)) {
        return static_cast<int>(position - 1);
      }
      return MysqlStatus(
          1054, "42S22",
          absl::StrCat("Unknown column '", splicer.OriginalText(e.span.begin, e.span.end), "' in '",
                       clause, "'"));
    }
    if (e.kind == ExprKind::kColumnRef) {
      const auto& c = e.As<sql::ColumnRefExpr>();
      if (c.table.empty() && !alias_first) {
        absl::StatusOr<int> joined = resolver.Column(c, clause);
        if (joined.ok()) return -(*joined + 1);
      }
      if (c.table.empty()) {
        for (int i = 0; i < visible; ++i) {
          if (!aliases[static_cast<size_t>(i)].empty() &&
              absl::EqualsIgnoreCase(aliases[static_cast<size_t>(i)], c.column.name)) {
            return i;
          }
        }
      }
      absl::StatusOr<int> joined = resolver.Column(c, clause);
      if (!joined.ok()) return joined.status();
      return -(*joined + 1);
    }
    return Refuse(absl::StrCat("an expression in ", clause));
  };
  for (const sql::OrderItem& g : select.group_by) {
    absl::StatusOr<int> c = item_column(*g.expr, "GROUP BY", /*alias_first=*/false);
    if (!c.ok()) return c.status();
    int joined;
    absl::optional<uint16_t> collation;
    if (*c >= 0) {
      const OutputColumn& out_column = spec->columns[static_cast<size_t>(*c)];
      if (out_column.source != OutputColumn::Source::kShardColumn) {
        return Refuse("GROUP BY an aggregate");
      }
      joined = out_column.index;
      collation = out_column.collation;
    } else {
      joined = -*c - 1;
      collation = collations.Of(*g.expr);
    }
    spec->group_by.push_back(SortKey{.column = joined,
                                     .order = g.direction == sql::OrderItem::Direction::kDesc
                                                  ? SortOrder::kDesc
                                                  : SortOrder::kAsc,
                                     .collation = collation});
  }
  // ORDER BY NULL: neither an order nor the groups' own.
  static const std::vector<sql::OrderItem> kNoOrder;
  if (OrdersByNull(select)) spec->sort_groups = false;
  for (const sql::OrderItem& o : OrdersByNull(select) ? kNoOrder : select.order_by) {
    absl::StatusOr<int> c = item_column(*o.expr, "ORDER BY", /*alias_first=*/true);
    if (!c.ok()) return c.status();
    int merged = *c;
    if (merged < 0) {
      int joined = -merged - 1;
      merged = -1;
      for (int i = 0; i < static_cast<int>(spec->columns.size()); ++i) {
        const OutputColumn& oc = spec->columns[static_cast<size_t>(i)];
        if (oc.source == OutputColumn::Source::kShardColumn && oc.index == joined) merged = i;
      }
      if (merged < 0) {
        if (spec->distinct) return Refuse("DISTINCT ordered by a column not selected");
        spec->columns.push_back(OutputColumn::Shard(joined, "", /*hidden=*/true));
        spec->columns.back().collation = collations.Of(*o.expr);
        merged = static_cast<int>(spec->columns.size() - 1);
      }
    }
    spec->order_by.push_back(SortKey{.column = merged,
                                     .order = o.direction == sql::OrderItem::Direction::kDesc
                                                  ? SortOrder::kDesc
                                                  : SortOrder::kAsc});
  }
  if (select.limit.has_value()) {
    uint64_t count = 0;
    uint64_t offset = 0;
    if (!ParseCount(statement, select.limit->count, &count) ||
        (select.limit->offset.valid() && !ParseCount(statement, select.limit->offset, &offset))) {
      return Refuse("this LIMIT");
    }
    spec->limit = LimitSpec{.offset = offset, .count = count};
  }
  return spec;
}

}  // namespace

}  // namespace shardproxy::router
