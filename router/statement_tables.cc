#include "router/statement_tables.h"

#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "parser/ast/statement.h"
#include "parser/ast/walk.h"
#include "parser/literal.h"
#include "router/conjuncts.h"

namespace shardproxy::router {
namespace {

// Name tokens of base tables; statements name few tables, so a small vector beats a hash set.
struct TokenSet {
  absl::InlinedVector<int32_t, 8> tokens;
  void insert(int32_t t) { tokens.push_back(t); }
  bool contains(int32_t t) const {
    for (int32_t x : tokens) {
      if (x == t) return true;
    }
    return false;
  }
};

void CollectBaseTokens(const sql::TableRef& ref, TokenSet* out) {
  sql::ForEachBaseTable(
      ref, [out](const sql::BaseTableRef& table) { out->insert(table.name.name.token); });
}

void CollectTopLevel(const sql::QueryNode& query, TokenSet* out) {
  switch (query.kind) {
    case sql::QueryKind::kSelect:
      for (const auto& ref : query.As<sql::SelectNode>().from) CollectBaseTokens(*ref, out);
      break;
    case sql::QueryKind::kSetOperation:
      CollectTopLevel(*query.As<sql::SetOperationNode>().left, out);
      CollectTopLevel(*query.As<sql::SetOperationNode>().right, out);
      break;
    case sql::QueryKind::kParenthesized:
      CollectTopLevel(*query.As<sql::ParenthesizedQueryNode>().inner, out);
      break;
  }
}

// The ON conditions (as conjuncts) and USING joins of a FROM clause.
void CollectJoins(const sql::TableRef& ref, std::vector<const sql::Expr*>* conjuncts,
                  std::vector<const sql::JoinTableRef*>* using_joins) {
  if (ref.kind == sql::TableRefKind::kJoin) {
    const auto& join = ref.As<sql::JoinTableRef>();
    SplitConjuncts(join.on.get(), conjuncts);
    if (!join.using_columns.empty()) using_joins->push_back(&join);
    CollectJoins(*join.left, conjuncts, using_joins);
    CollectJoins(*join.right, conjuncts, using_joins);
  } else if (ref.kind == sql::TableRefKind::kNested) {
    for (const auto& item : ref.As<sql::NestedTableRef>().items) {
      CollectJoins(*item, conjuncts, using_joins);
    }
  }
}

bool HasDifferentActualNames(const TableRule& rule) {
  for (const DataNode& n : rule.data_nodes()) {
    if (n.table != rule.name()) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> ShardingColumns(const TableRule& rule) {
  std::vector<std::string> columns;
  for (const ShardingStrategy* s : {rule.database_strategy(), rule.table_strategy()}) {
    if (s == nullptr) continue;
    for (const std::string& c : s->columns) columns.push_back(c);
  }
  return columns;
}

StatementTables::StatementTables(const sql::BoundStatement& statement, const Config& config,
                                 absl::string_view current_database)
    : statement_(statement), config_(config), current_database_(current_database) {}

// The UNION branches of a SELECT, each with the name tokens of its FROM clause.
void CollectBranches(const sql::QueryNode& query, std::vector<TokenSet>* out) {
  switch (query.kind) {
    case sql::QueryKind::kSelect: {
      TokenSet tokens;
      for (const auto& ref : query.As<sql::SelectNode>().from) CollectBaseTokens(*ref, &tokens);
      out->push_back(std::move(tokens));
      break;
    }
    case sql::QueryKind::kSetOperation:
      CollectBranches(*query.As<sql::SetOperationNode>().left, out);
      CollectBranches(*query.As<sql::SetOperationNode>().right, out);
      break;
    case sql::QueryKind::kParenthesized:
      CollectBranches(*query.As<sql::ParenthesizedQueryNode>().inner, out);
      break;
  }
}

absl::Status StatementTables::Analyze() {
  const auto& tables = statement_.statement().tables;
  // Occurrences of one table in different UNION branches are not joined: they share a unit.
  std::vector<TokenSet> branches;
  if (statement_.kind() == sql::StatementKind::kSelect &&
      statement_.statement().As<sql::SelectStatement>().query->kind != sql::QueryKind::kSelect) {
    CollectBranches(*statement_.statement().As<sql::SelectStatement>().query, &branches);
  }
  auto branch_of = [&](int32_t token) {
    for (size_t b = 0; b < branches.size(); ++b) {
      if (branches[b].contains(token)) return static_cast<int>(b);
    }
    return -1;
  };
  classes_.reserve(tables.size());
  alias_of_.assign(tables.size(), -1);
  bool multi_delete =
      statement_.kind() == sql::StatementKind::kDelete &&
      statement_.statement().As<sql::DeleteStatement>().form != sql::DeleteStatement::Form::kSingle;
  for (size_t i = 0; i < tables.size(); ++i) {
    const sql::TableOccurrence& t = tables[i];
    Class c;
    int named = -1;
    if (multi_delete && t.usage == sql::TableUsage::kWrite && t.name.schema.empty()) {
      // DELETE o, i FROM t_order o JOIN …: targets name occurrences of the FROM clause.
      for (size_t j = 0; j < tables.size(); ++j) {
        if (j == i || tables[j].usage == sql::TableUsage::kWrite) continue;
        if (tables[j].alias.empty() ? tables[j].name.name.name == t.name.name.name
                                    : tables[j].alias.name == t.name.name.name) {
          named = static_cast<int>(j);
          break;
        }
      }
    }
    if (named >= 0) {
      c = Class::kAliasRef;
      alias_of_[i] = named;
    } else if (t.cte) {
      c = Class::kCte;
    } else {
      bool logical;
      if (!t.name.schema.empty()) {
        logical = t.name.schema.name == config_.database;
      } else if (current_database_.empty()) {
        return MysqlStatus(1046, "3D000", "No database selected");
      } else {
        logical = current_database_ == config_.database;
      }
      const TableRule* rule = logical ? config_.sharding.FindTable(t.name.name.name) : nullptr;
      if (!logical) {
        c = Class::kForeign;
        if (first_foreign_ < 0) first_foreign_ = static_cast<int>(i);
      } else if (rule != nullptr) {
        c = Class::kSharded;
        // A unit per binding group (or table); a table named twice (self-join) gets a unit per
        // occurrence, since its occurrences may read different nodes.
        int unit = -1;
        for (size_t u = 0; u < units_.size(); ++u) {
          Unit& candidate = units_[u];
          bool same_layout =
              candidate.rule == rule ||
              (rule->binding_group() >= 0 && candidate.binding_group == rule->binding_group());
          int branch = branch_of(t.name.name.token);
          bool already = false;
          for (const auto& [n, b] : candidate.names) {
            already |= n == rule->name() && (b < 0 || b == branch);
          }
          if (same_layout && !already) {
            unit = static_cast<int>(u);
            break;
          }
        }
        if (unit < 0) {
          units_.push_back(Unit{rule, rule->binding_group(), {}});
          unit = static_cast<int>(units_.size() - 1);
        }
        units_[static_cast<size_t>(unit)].names.emplace_back(rule->name(),
                                                             branch_of(t.name.name.token));
        sharded_.push_back(ShardedOccurrence{rule, t.name.name.name, t.alias.name, unit});
        sharded_table_.push_back(static_cast<int>(i));
        sharded_slot_.push_back(static_cast<int>(i));
      } else if (config_.sharding.IsBroadcast(t.name.name.name)) {
        c = Class::kBroadcast;
        if (first_broadcast_ < 0) first_broadcast_ = static_cast<int>(i);
        if (t.usage == sql::TableUsage::kWrite || t.usage == sql::TableUsage::kDdl) {
          broadcast_written_ = true;
        }
      } else {
        c = Class::kUnsharded;
        if (first_unsharded_ < 0) first_unsharded_ = static_cast<int>(i);
      }
    }
    classes_.push_back(c);
  }
  if (units_.size() < sharded_.size()) SeparateUnjoinedBindingTables();
  if (has_sharded() && statement_.kind() == sql::StatementKind::kSelect) MarkTopLevel();
  return absl::OkStatus();
}

void StatementTables::SeparateUnjoinedBindingTables() {
  const sql::Statement& statement = statement_.statement();
  switch (statement_.kind()) {
    case sql::StatementKind::kSelect:
      sql::WalkQuery(
          *statement.As<sql::SelectStatement>().query,
          [&](const sql::QueryNode& q) {
            if (q.kind != sql::QueryKind::kSelect) return;
            const auto& block = q.As<sql::SelectNode>();
            SeparateUnjoinedInBlock(block.from, block.where.get());
          },
          [](const sql::Expr&) {});
      break;
    case sql::StatementKind::kUpdate: {
      const auto& update = statement.As<sql::UpdateStatement>();
      SeparateUnjoinedInBlock(update.tables, update.where.get());
      break;
    }
    case sql::StatementKind::kDelete: {
      const auto& del = statement.As<sql::DeleteStatement>();
      if (del.form != sql::DeleteStatement::Form::kSingle) {
        SeparateUnjoinedInBlock(del.from, del.where.get());
      }
      break;
    }
    default:
      break;
  }
}

void StatementTables::SeparateUnjoinedInBlock(const std::vector<sql::TableRefPtr>& from,
                                              const sql::Expr* where) {
  const auto& tables = statement_.statement().tables;
  auto token_of = [&](int occurrence) {
    return tables[static_cast<size_t>(sharded_table_[static_cast<size_t>(occurrence)])]
        .name.name.token;
  };
  TokenSet tokens;
  for (const auto& ref : from) CollectBaseTokens(*ref, &tokens);
  std::vector<int> in_block;  // sharded occurrences the FROM clause names
  for (int o = 0; o < static_cast<int>(sharded_.size()); ++o) {
    if (tokens.contains(token_of(o))) in_block.push_back(o);
  }
  if (in_block.size() < 2) return;
  std::vector<const sql::Expr*> conjuncts;
  std::vector<const sql::JoinTableRef*> using_joins;
  SplitConjuncts(where, &conjuncts);
  for (const auto& ref : from) CollectJoins(*ref, &conjuncts, &using_joins);
  auto qualifier = [&](int o) {
    const ShardedOccurrence& occ = sharded_[static_cast<size_t>(o)];
    return occ.alias.empty() ? occ.name : occ.alias;
  };
  auto occurrence_named = [&](absl::string_view name) {
    for (int o : in_block) {
      if (absl::EqualsIgnoreCase(qualifier(o), name)) return o;
    }
    return -1;
  };
  // Per unit with several tables in this block: one union-find per sharding column.
  std::vector<int> units;
  for (int o : in_block) {
    int unit = sharded_[static_cast<size_t>(o)].unit;
    int count = 0;
    for (int x : in_block) count += sharded_[static_cast<size_t>(x)].unit == unit;
    bool known = false;
    for (int u : units) known |= u == unit;
    if (count > 1 && !known) units.push_back(unit);
  }
  for (int unit : units) {
    std::vector<int> members;
    for (int o : in_block) {
      if (sharded_[static_cast<size_t>(o)].unit == unit) members.push_back(o);
    }
    std::vector<std::vector<std::string>> columns;
    for (int o : members)
      columns.push_back(ShardingColumns(*sharded_[static_cast<size_t>(o)].rule));
    size_t width = columns[0].size();
    auto member_index = [&](int o) {
      for (size_t m = 0; m < members.size(); ++m) {
        if (members[m] == o) return static_cast<int>(m);
      }
      return -1;
    };
    std::vector<std::vector<int>> parent(width, std::vector<int>(members.size()));
    for (auto& p : parent) std::iota(p.begin(), p.end(), 0);
    auto find = [&](std::vector<int>& p, int x) {
      while (p[static_cast<size_t>(x)] != x) x = p[static_cast<size_t>(x)];
      return x;
    };
    // `a.<column> = b.<column>` where the column is the k-th sharding column of both.
    auto link = [&](int a, absl::string_view column_a, int b, absl::string_view column_b) {
      if (a < 0 || b < 0 || a == b) return;
      for (size_t k = 0; k < width; ++k) {
        const auto& ca = columns[static_cast<size_t>(a)];
        const auto& cb = columns[static_cast<size_t>(b)];
        if (k < ca.size() && k < cb.size() && absl::EqualsIgnoreCase(ca[k], column_a) &&
            absl::EqualsIgnoreCase(cb[k], column_b)) {
          parent[k][static_cast<size_t>(find(parent[k], a))] = find(parent[k], b);
        }
      }
    };
    for (const sql::Expr* c : conjuncts) {
      if (c->kind != sql::ExprKind::kBinary) continue;
      const auto& b = c->As<sql::BinaryExpr>();
      if (b.op != sql::BinaryOp::kEq && b.op != sql::BinaryOp::kNullSafeEq) continue;
      if (b.left->kind != sql::ExprKind::kColumnRef || b.right->kind != sql::ExprKind::kColumnRef)
        continue;
      const auto& l = b.left->As<sql::ColumnRefExpr>();
      const auto& r = b.right->As<sql::ColumnRefExpr>();
      if (l.table.empty() || r.table.empty()) continue;
      link(member_index(occurrence_named(l.table.name)), l.column.name,
           member_index(occurrence_named(r.table.name)), r.column.name);
    }
    for (const sql::JoinTableRef* join : using_joins) {
      TokenSet left, right;
      CollectBaseTokens(*join->left, &left);
      CollectBaseTokens(*join->right, &right);
      for (size_t a = 0; a < members.size(); ++a) {
        for (size_t z = 0; z < members.size(); ++z) {
          if (!left.contains(token_of(members[a])) || !right.contains(token_of(members[z]))) {
            continue;
          }
          for (const auto& column : join->using_columns) {
            link(static_cast<int>(a), column.name, static_cast<int>(z), column.name);
          }
        }
      }
    }
    for (size_t m = 1; m < members.size(); ++m) {
      bool joined = width > 0;
      for (size_t k = 0; k < width; ++k) {
        joined &= find(parent[k], 0) == find(parent[k], static_cast<int>(m));
      }
      if (joined) continue;
      ShardedOccurrence& occ = sharded_[static_cast<size_t>(members[m])];
      auto& names = units_[static_cast<size_t>(unit)].names;
      for (auto it = names.begin(); it != names.end(); ++it) {
        if (it->first == occ.rule->name()) {
          names.erase(it);
          break;
        }
      }
      units_.push_back(Unit{occ.rule, occ.rule->binding_group(), {{occ.rule->name(), -1}}});
      occ.unit = static_cast<int>(units_.size() - 1);
    }
  }
}

void StatementTables::MarkTopLevel() {
  TokenSet top;
  CollectTopLevel(*statement_.statement().As<sql::SelectStatement>().query, &top);
  const auto& tables = statement_.statement().tables;
  for (int t : sharded_table_) {
    if (!top.contains(tables[static_cast<size_t>(t)].name.name.token)) sharded_in_subquery_ = true;
  }
}

absl::string_view StatementTables::FirstShardedName() const {
  return sharded_.empty() ? absl::string_view() : sharded_[0].name;
}
absl::string_view StatementTables::FirstBroadcastName() const {
  return first_broadcast_ < 0
             ? absl::string_view()
             : statement_.statement().tables[static_cast<size_t>(first_broadcast_)].name.name.name;
}
absl::string_view StatementTables::FirstUnshardedName() const {
  return first_unsharded_ < 0
             ? absl::string_view()
             : statement_.statement().tables[static_cast<size_t>(first_unsharded_)].name.name.name;
}
absl::string_view StatementTables::FirstForeignName() const {
  return first_foreign_ < 0
             ? absl::string_view()
             : statement_.statement().tables[static_cast<size_t>(first_foreign_)].name.name.name;
}

std::string StatementTables::UnitNames() const {
  std::string out;
  for (const Unit& u : units_) {
    for (const auto& n : u.names) {
      if (!out.empty()) out += ", ";
      absl::StrAppend(&out, "'", n.first, "'");
    }
  }
  return out;
}

StatementTables::Names StatementTables::DefaultNames() const {
  Names names;
  for (const sql::TableOccurrence& t : statement_.statement().tables) {
    names.push_back(t.name.name.name);
  }
  return names;
}

void StatementTables::NamesForNode(int unit, int node, Names* names) const {
  for (size_t o = 0; o < sharded_.size(); ++o) {
    if (sharded_[o].unit != unit) continue;
    (*names)[static_cast<size_t>(sharded_slot_[o])] =
        sharded_[o].rule->data_nodes()[static_cast<size_t>(node)].table;
  }
}

absl::InlinedVector<bool, 8> StatementTables::VisibleInBlock(const sql::SelectNode& block) const {
  TokenSet tokens;
  for (const auto& ref : block.from) CollectBaseTokens(*ref, &tokens);
  absl::InlinedVector<bool, 8> visible(sharded_.size(), false);
  const auto& tables = statement_.statement().tables;
  for (size_t o = 0; o < sharded_.size(); ++o) {
    visible[o] = tokens.contains(tables[static_cast<size_t>(sharded_table_[o])].name.name.token);
  }
  return visible;
}

std::vector<int> StatementTables::UnitsOfBlock(const sql::SelectNode& block) const {
  TokenSet tokens;
  for (const auto& ref : block.from) CollectBaseTokens(*ref, &tokens);
  std::vector<int> units;
  const auto& tables = statement_.statement().tables;
  for (size_t o = 0; o < sharded_.size(); ++o) {
    if (!tokens.contains(tables[static_cast<size_t>(sharded_table_[o])].name.name.token)) continue;
    bool known = false;
    for (int u : units) known |= u == sharded_[o].unit;
    if (!known) units.push_back(sharded_[o].unit);
  }
  return units;
}

int StatementTables::ShardedOfTable(int table) const {
  for (size_t o = 0; o < sharded_table_.size(); ++o) {
    if (sharded_table_[o] == table) return static_cast<int>(o);
  }
  return -1;
}

void StatementTables::AddRenames(SqlSplicer* splicer) {
  const auto& tables = statement_.statement().tables;
  // Sharded tables whose actual names differ: by name, for column qualifiers.
  std::vector<std::pair<absl::string_view, int>> qualifier_slots;
  for (size_t i = 0; i < tables.size(); ++i) {
    const sql::TableOccurrence& t = tables[i];
    Class c = classes_[i];
    if (c == Class::kAliasRef) {
      // A DELETE target written as the table's own name is renamed like that table.
      int j = alias_of_[i];
      if (tables[static_cast<size_t>(j)].alias.empty() &&
          classes_[static_cast<size_t>(j)] == Class::kSharded &&
          HasDifferentActualNames(*sharded_[static_cast<size_t>(ShardedOfTable(j))].rule) &&
          t.name.span.valid()) {
        splicer->RenameTable(t.name.span.begin, t.name.span.end, j, t.name.name.quoted);
      }
      continue;
    }
    if (c == Class::kForeign || c == Class::kCte) continue;
    bool differs = false;
    if (c == Class::kSharded) {
      int o = ShardedOfTable(static_cast<int>(i));
      differs = HasDifferentActualNames(*sharded_[static_cast<size_t>(o)].rule);
    }
    if (!differs && t.name.schema.empty()) continue;
    if (!t.name.span.valid()) continue;
    splicer->RenameTable(t.name.span.begin, t.name.span.end, static_cast<int>(i),
                         t.name.name.quoted);
    if (differs) {
      bool known = false;
      for (const auto& q : qualifier_slots) known |= q.first == t.name.name.name;
      if (!known) qualifier_slots.emplace_back(t.name.name.name, static_cast<int>(i));
    }
  }
  if (qualifier_slots.empty()) return;
  // Column qualifiers `t_order.user_id`, `shop.t_order.user_id`, `t_order.*` name the table too.
  auto tokens = statement_.digest().tokens();
  int32_t first = splicer->first_token();
  int32_t end = splicer->end_token();
  auto is_ident = [&](int32_t i) {
    return tokens[i].kind == sql::TokenKind::kWord ||
           tokens[i].kind == sql::TokenKind::kQuotedIdent;
  };
  auto is_dot = [&](int32_t i) {
    return tokens[i].kind == sql::TokenKind::kPunct && tokens[i].punct == sql::Punct::kDot;
  };
  for (int32_t i = first; i + 1 < end; ++i) {
    if (!is_ident(i) || !is_dot(i + 1)) continue;
    if (i > first && is_dot(i - 1)) {
      continue;  // the middle of a.b.c: handled from its first part
    }
    std::string name =
        sql::UnquoteIdentifier(statement_.digest().TokenText(static_cast<size_t>(i)));
    int32_t begin = i;
    bool quoted = tokens[i].kind == sql::TokenKind::kQuotedIdent;
    if (name == config_.database && i + 3 < end && is_ident(i + 2) && is_dot(i + 3)) {
      begin = i;
      name = sql::UnquoteIdentifier(statement_.digest().TokenText(static_cast<size_t>(i + 2)));
      quoted = tokens[i + 2].kind == sql::TokenKind::kQuotedIdent;
      i += 2;
    }
    for (const auto& [qname, slot] : qualifier_slots) {
      if (qname == name) {
        splicer->RenameTable(begin, i + 1, slot, quoted);
        break;
      }
    }
  }
}

void StatementTables::ResultTables(RoutePlan* plan) const {
  for (const ShardedOccurrence& o : sharded_) {
    for (const DataNode& n : o.rule->data_nodes()) {
      if (n.table == o.rule->name()) continue;
      bool known = false;
      for (const auto& p : plan->result_tables) known |= p.first == n.table;
      if (!known) plan->result_tables.emplace_back(n.table, o.rule->name());
    }
  }
}

}  // namespace shardproxy::router
