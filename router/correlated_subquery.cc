#include "router/correlated_subquery.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "parser/ast/walk.h"
#include "router/conjuncts.h"

namespace shardproxy::router {
namespace {

void CollectTopBlocks(const sql::QueryNode& query, std::vector<const sql::SelectNode*>* out) {
  sql::ForEachSelectBlock(query, [out](const sql::SelectNode& block) { out->push_back(&block); });
}

void CollectBaseTokens(const sql::TableRef& ref, std::vector<int32_t>* out) {
  sql::ForEachBaseTable(
      ref, [out](const sql::BaseTableRef& table) { out->push_back(table.name.name.token); });
}

bool Contains(const std::vector<int32_t>& tokens, int32_t t) {
  for (int32_t x : tokens) {
    if (x == t) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const sql::BoundStatement& statement, const StatementTables& tables)
      : statement_(statement), tables_(tables) {}

  bool Run() {
    const sql::QueryNode& query = *statement_.statement().As<sql::SelectStatement>().query;
    std::vector<const sql::SelectNode*> top_blocks;
    CollectTopBlocks(query, &top_blocks);
    for (const sql::SelectNode* block : top_blocks) {
      for (const auto& ref : block->from) CollectBaseTokens(*ref, &top_tokens_);
    }
    bool ok = true;
    sql::WalkQuery(
        query,
        [&](const sql::QueryNode& q) {
          if (!ok || q.kind != sql::QueryKind::kSelect) return;
          const auto& block = q.As<sql::SelectNode>();
          for (const sql::SelectNode* top : top_blocks) {
            if (top == &block) return;
          }
          ok = BlockStaysOnNode(block);
        },
        [](const sql::Expr&) {});
    return ok;
  }

 private:
  // The sharded occurrence a FROM token names, or -1.
  int OccurrenceOfToken(int32_t token) const {
    const auto& t = statement_.statement().tables;
    for (int o = 0; o < static_cast<int>(tables_.occurrences().size()); ++o) {
      if (t[static_cast<size_t>(tables_.TableOfSharded(o))].name.name.token == token) return o;
    }
    return -1;
  }
  static absl::string_view Qualifier(const ShardedOccurrence& o) {
    return o.alias.empty() ? o.name : o.alias;
  }
  // The top-level sharded occurrence a qualifier names, or -1.
  int TopOccurrence(absl::string_view qualifier) const {
    const auto& t = statement_.statement().tables;
    for (int o = 0; o < static_cast<int>(tables_.occurrences().size()); ++o) {
      const ShardedOccurrence& occ = tables_.occurrences()[static_cast<size_t>(o)];
      int32_t token = t[static_cast<size_t>(tables_.TableOfSharded(o))].name.name.token;
      if (Contains(top_tokens_, token) && absl::EqualsIgnoreCase(Qualifier(occ), qualifier)) {
        return o;
      }
    }
    return -1;
  }

  bool BlockStaysOnNode(const sql::SelectNode& block) {
    std::vector<int32_t> tokens;
    for (const auto& ref : block.from) CollectBaseTokens(*ref, &tokens);
    std::vector<const sql::Expr*> conjuncts;
    SplitConjuncts(block.where.get(), &conjuncts);
    for (int32_t token : tokens) {
      int inner = OccurrenceOfToken(token);
      if (inner < 0) continue;  // not sharded
      const ShardedOccurrence& in = tables_.occurrences()[static_cast<size_t>(inner)];
      std::vector<std::string> inner_columns = ShardingColumns(*in.rule);
      if (inner_columns.empty()) return false;
      for (size_t k = 0; k < inner_columns.size(); ++k) {
        if (!Correlated(in, inner_columns[k], k, conjuncts)) return false;
      }
    }
    return true;
  }

  // Whether a conjunct says `in.column = outer.<its k-th sharding column>` for an outer table of
  // the same routing unit.
  bool Correlated(const ShardedOccurrence& in, const std::string& column, size_t k,
                  const std::vector<const sql::Expr*>& conjuncts) const {
    for (const sql::Expr* c : conjuncts) {
      if (c->kind != sql::ExprKind::kBinary) continue;
      const auto& b = c->As<sql::BinaryExpr>();
      if (b.op != sql::BinaryOp::kEq && b.op != sql::BinaryOp::kNullSafeEq) continue;
      if (b.left->kind != sql::ExprKind::kColumnRef || b.right->kind != sql::ExprKind::kColumnRef)
        continue;
      for (int side = 0; side < 2; ++side) {
        const auto& a = (side == 0 ? b.left : b.right)->As<sql::ColumnRefExpr>();
        const auto& o = (side == 0 ? b.right : b.left)->As<sql::ColumnRefExpr>();
        if (a.table.empty() || o.table.empty()) continue;
        if (!absl::EqualsIgnoreCase(a.table.name, Qualifier(in)) ||
            !absl::EqualsIgnoreCase(a.column.name, column)) {
          continue;
        }
        int outer = TopOccurrence(o.table.name);
        if (outer < 0) continue;
        const ShardedOccurrence& out = tables_.occurrences()[static_cast<size_t>(outer)];
        if (out.unit != in.unit) continue;
        std::vector<std::string> outer_columns = ShardingColumns(*out.rule);
        if (k < outer_columns.size() && absl::EqualsIgnoreCase(outer_columns[k], o.column.name)) {
          return true;
        }
      }
    }
    return false;
  }

  const sql::BoundStatement& statement_;
  const StatementTables& tables_;
  std::vector<int32_t> top_tokens_;
};

}  // namespace

bool SubqueriesStayOnTheirNodes(const sql::BoundStatement& statement,
                                const StatementTables& tables) {
  if (statement.kind() != sql::StatementKind::kSelect) return false;
  Checker checker(statement, tables);
  return checker.Run();
}

}  // namespace shardproxy::router
