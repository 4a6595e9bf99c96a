#include "router/sharding_condition.h"

#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/types/optional.h"
#include "parser/literal.h"
#include "router/conjuncts.h"

namespace shardproxy::router {
namespace {

using sql::BinaryExpr;
using sql::BinaryOp;
using sql::Expr;
using sql::ExprKind;

bool IsIntegerValue(const ShardingValue& v) { return v.type() == ShardingValue::Type::kInteger; }

// Compares two integer values (signed or unsigned): <0, 0, >0.
int CompareIntegers(const ShardingValue& a, const ShardingValue& b) {
  __int128 x = a.is_unsigned() ? static_cast<__int128>(a.uint_value()) : a.int_value();
  __int128 y = b.is_unsigned() ? static_cast<__int128>(b.uint_value()) : b.int_value();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool IsRangeOp(BinaryOp op) {
  return op == BinaryOp::kLt || op == BinaryOp::kLe || op == BinaryOp::kGt || op == BinaryOp::kGe;
}

// `value op column` → `column op' value`.
BinaryOp Mirror(BinaryOp op) {
  switch (op) {
    case BinaryOp::kLt:
      return BinaryOp::kGt;
    case BinaryOp::kLe:
      return BinaryOp::kGe;
    case BinaryOp::kGt:
      return BinaryOp::kLt;
    case BinaryOp::kGe:
      return BinaryOp::kLe;
    default:
      return op;
  }
}

}  // namespace

bool LiteralToShardingValue(const sql::LiteralValue& literal, ValueArena* arena,
                            ShardingValue* out) {
  switch (literal.kind) {
    case sql::TokenKind::kInteger: {
      int64_t s;
      uint64_t u;
      if (sql::LiteralToInt64(literal, &s)) {
        *out = ShardingValue::Integer(s);
      } else if (sql::LiteralToUint64(literal, &u)) {
        *out = ShardingValue::Unsigned(u);
      } else {
        *out = ShardingValue::Decimal(literal.text);
      }
      return true;
    }
    case sql::TokenKind::kDecimal:
    case sql::TokenKind::kFloat:
      *out = ShardingValue::Decimal(literal.text);
      return true;
    case sql::TokenKind::kString:
      arena->push_back(sql::DecodeLiteralBytes(literal));
      *out = ShardingValue::String(arena->back());
      return true;
    case sql::TokenKind::kNull:
      *out = ShardingValue::Null();
      return true;
    default:
      // Hex/bit literals are numbers or strings depending on context; unbound parameters have
      // no value yet.
      return false;
  }
}

bool FoldConstant(const sql::BoundStatement& statement, const Expr& expr, ValueArena* arena,
                  ShardingValue* out) {
  switch (expr.kind) {
    case ExprKind::kLiteral: {
      const auto& lit = expr.As<sql::LiteralExpr>();
      switch (lit.type) {
        case sql::LiteralExpr::Type::kNull:
          *out = ShardingValue::Null();
          return true;
        case sql::LiteralExpr::Type::kTrue:
          *out = ShardingValue::Integer(1);
          return true;
        case sql::LiteralExpr::Type::kFalse:
          *out = ShardingValue::Integer(0);
          return true;
        case sql::LiteralExpr::Type::kSlot:
          break;
      }
      if (!lit.introducer.empty()) return false;  // _binary'…' etc.: charset matters
      sql::LiteralValue value = statement.Value(lit.slot);
      if (!lit.temporal.empty()) {
        if (value.kind != sql::TokenKind::kString) return false;
        arena->push_back(sql::DecodeLiteralBytes(value));
        *out = lit.temporal == "DATE"   ? ShardingValue::Date(arena->back())
               : lit.temporal == "TIME" ? ShardingValue::String(arena->back())
                                        : ShardingValue::DateTime(arena->back());
        return lit.temporal != "TIME";
      }
      return LiteralToShardingValue(value, arena, out);
    }
    case ExprKind::kParam:
      return LiteralToShardingValue(statement.Value(expr.As<sql::ParamExpr>().slot), arena, out);
    case ExprKind::kUnary: {
      const auto& unary = expr.As<sql::UnaryExpr>();
      if (unary.op != sql::UnaryOp::kMinus && unary.op != sql::UnaryOp::kPlus) return false;
      ShardingValue v;
      if (!FoldConstant(statement, *unary.operand, arena, &v)) return false;
      if (unary.op == sql::UnaryOp::kPlus) {
        *out = v;
        return true;
      }
      if (IsIntegerValue(v)) {
        if (v.is_unsigned()) {
          if (v.uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) {
            return false;
          }
          *out = ShardingValue::Integer(static_cast<int64_t>(0 - v.uint_value()));
          return true;
        }
        if (v.int_value() == std::numeric_limits<int64_t>::min()) return false;
        *out = ShardingValue::Integer(-v.int_value());
        return true;
      }
      if (v.type() == ShardingValue::Type::kDecimal) {
        absl::string_view t = v.text();
        arena->push_back(absl::StartsWith(t, "-") ? std::string(t.substr(1))
                                                  : std::string("-").append(t.data(), t.size()));
        *out = ShardingValue::Decimal(arena->back());
        return true;
      }
      return false;
    }
    case ExprKind::kBinary: {
      const auto& binary = expr.As<BinaryExpr>();
      if (binary.op != BinaryOp::kAdd && binary.op != BinaryOp::kSub &&
          binary.op != BinaryOp::kMul) {
        return false;
      }
      ShardingValue a, b;
      if (!FoldConstant(statement, *binary.left, arena, &a) ||
          !FoldConstant(statement, *binary.right, arena, &b) || !IsIntegerValue(a) ||
          !IsIntegerValue(b) || a.is_unsigned() || b.is_unsigned()) {
        return false;
      }
      int64_t r;
      bool overflow =
          binary.op == BinaryOp::kAdd   ? __builtin_add_overflow(a.int_value(), b.int_value(), &r)
          : binary.op == BinaryOp::kSub ? __builtin_sub_overflow(a.int_value(), b.int_value(), &r)
                                        : __builtin_mul_overflow(a.int_value(), b.int_value(), &r);
      if (overflow) return false;
      *out = ShardingValue::Integer(r);
      return true;
    }
    default:
      return false;
  }
}

TargetSet IntersectTargets(const TargetSet& a, const TargetSet& b) {
  if (a.is_all()) return b;
  if (b.is_all()) return a;
  TargetSet out;
  for (int i : a.indices()) {
    if (b.Contains(i)) out.Add(i);
  }
  return out;
}

TargetSet UniteTargets(const TargetSet& a, const TargetSet& b) {
  if (a.is_all() || b.is_all()) return TargetSet::All();
  TargetSet out = a;
  out.AddAll(b);
  return out;
}

ShardingConditionEvaluator::ShardingConditionEvaluator(
    const sql::BoundStatement& statement, absl::Span<const ShardedOccurrence> occurrences,
    int unit_count, absl::InlinedVector<bool, 8> visible)
    : statement_(statement),
      occurrences_(occurrences),
      unit_count_(unit_count),
      visible_(std::move(visible)) {}

NodeSets ShardingConditionEvaluator::AllNodes() const {
  return NodeSets(static_cast<size_t>(unit_count_), TargetSet::All());
}

NodeSets ShardingConditionEvaluator::Only(int occurrence, TargetSet nodes) const {
  NodeSets sets = AllNodes();
  sets[static_cast<size_t>(occurrences_[static_cast<size_t>(occurrence)].unit)] = std::move(nodes);
  return sets;
}

int ShardingConditionEvaluator::ResolveColumn(const sql::ColumnRefExpr& column) const {
  if (!column.table.empty()) {
    for (size_t i = 0; i < occurrences_.size(); ++i) {
      if (!visible_.empty() && !visible_[i]) continue;
      const ShardedOccurrence& o = occurrences_[i];
      if (o.alias.empty() ? o.name == column.table.name : o.alias == column.table.name) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  // Unqualified: the sharded table whose strategy uses that column. Bound tables route equal keys
  // alike, so when several members of one unit have it, any of them answers for the unit.
  int found = -1;
  for (size_t i = 0; i < occurrences_.size(); ++i) {
    if (!visible_.empty() && !visible_[i]) continue;
    if (!occurrences_[i].rule->IsShardingColumn(column.column.name)) continue;
    if (found >= 0 && occurrences_[static_cast<size_t>(found)].unit != occurrences_[i].unit) {
      return -1;
    }
    if (found < 0) found = static_cast<int>(i);
  }
  return found;
}

int ShardingConditionEvaluator::ColumnOperand(const Expr& expr, absl::string_view* column) const {
  if (expr.kind != ExprKind::kColumnRef) return -1;
  const auto& ref = expr.As<sql::ColumnRefExpr>();
  int o = ResolveColumn(ref);
  if (o < 0) return -1;
  if (!occurrences_[static_cast<size_t>(o)].rule->IsShardingColumn(ref.column.name)) return -1;
  *column = ref.column.name;
  return o;
}

namespace {

bool SingleColumnStrategyOn(const ShardingStrategy* s, absl::string_view column) {
  return s != nullptr && s->columns.size() == 1 && s->ColumnIndex(column) == 0;
}

TargetSet NodesOf(const TableRule& rule, const TargetSet& db, const TargetSet& table) {
  if (db.is_all() && table.is_all()) return TargetSet::All();
  // The common point answer: one target at each level (or a level with one target only).
  auto single = [](const TargetSet& s, size_t targets) {
    if (s.is_all()) return targets == 1 ? 0 : -1;
    return s.indices().size() == 1 ? s.indices()[0] : -1;
  };
  int d = single(db, rule.data_source_targets().size());
  int t = single(table, rule.table_targets().size());
  if (d >= 0 && t >= 0) {
    int node = rule.NodeAt(d, t);
    return node >= 0 ? TargetSet::Of(node) : TargetSet();
  }
  TargetSet nodes;
  for (int n : rule.NodesFor(db, table)) nodes.Add(n);
  nodes.Normalize(static_cast<int>(rule.data_nodes().size()));
  return nodes;
}

}  // namespace

NodeSets ShardingConditionEvaluator::Point(int occurrence, absl::string_view column,
                                           absl::Span<const ShardingValue> values) const {
  const TableRule& rule = *occurrences_[static_cast<size_t>(occurrence)].rule;
  auto level = [&](const ShardingStrategy* s) {
    if (!SingleColumnStrategyOn(s, column)) return TargetSet::All();
    TargetSet set;
    for (const ShardingValue& v : values) {
      int t = s->algorithm->Shard(v);
      if (t == ShardingAlgorithm::kUnplaced) return TargetSet::All();
      set.Add(t);
    }
    return set;
  };
  return Only(occurrence,
              NodesOf(rule, level(rule.database_strategy()), level(rule.table_strategy())));
}

NodeSets ShardingConditionEvaluator::Range(int occurrence, absl::string_view column,
                                           const ShardingRange& range) const {
  const TableRule& rule = *occurrences_[static_cast<size_t>(occurrence)].rule;
  auto level = [&](const ShardingStrategy* s) {
    if (!SingleColumnStrategyOn(s, column)) return TargetSet::All();
    return s->algorithm->ShardRange(range);
  };
  return Only(occurrence,
              NodesOf(rule, level(rule.database_strategy()), level(rule.table_strategy())));
}

NodeSets ShardingConditionEvaluator::Evaluate(const Expr* condition) {
  if (condition == nullptr) return AllNodes();
  const Expr& expr = *condition;
  switch (expr.kind) {
    case ExprKind::kBinary: {
      const auto& binary = expr.As<BinaryExpr>();
      if (binary.op == BinaryOp::kAnd) return EvaluateAnd(expr);
      if (binary.op == BinaryOp::kOr) {
        NodeSets a = Evaluate(binary.left.get());
        NodeSets b = Evaluate(binary.right.get());
        for (size_t i = 0; i < a.size(); ++i) a[i] = UniteTargets(a[i], b[i]);
        return a;
      }
      if (binary.op == BinaryOp::kEq || binary.op == BinaryOp::kNullSafeEq ||
          IsRangeOp(binary.op)) {
        absl::string_view column;
        const Expr* value_side = binary.right.get();
        BinaryOp op = binary.op;
        int o = ColumnOperand(*binary.left, &column);
        if (o < 0) {
          o = ColumnOperand(*binary.right, &column);
          value_side = binary.left.get();
          op = Mirror(op);
        }
        if (o < 0) return AllNodes();
        ShardingValue v;
        if (!FoldConstant(statement_, *value_side, &arena_, &v)) return AllNodes();
        if (op == BinaryOp::kEq || op == BinaryOp::kNullSafeEq) {
          if (v.is_null()) return AllNodes();
          return Point(o, column, absl::MakeConstSpan(&v, 1));
        }
        ShardingRange range;
        RangeBound bound{v, op == BinaryOp::kLe || op == BinaryOp::kGe};
        if (op == BinaryOp::kGt || op == BinaryOp::kGe) {
          range.low = bound;
        } else {
          range.high = bound;
        }
        return Range(o, column, range);
      }
      return AllNodes();
    }
    case ExprKind::kIn: {
      const auto& in = expr.As<sql::InExpr>();
      if (in.negated || in.subquery != nullptr) return AllNodes();
      absl::string_view column;
      int o = ColumnOperand(*in.operand, &column);
      if (o < 0) return AllNodes();
      absl::InlinedVector<ShardingValue, 8> values;
      if (in.list_slot.valid()) {
        for (const sql::LiteralValue& lit : statement_.Values(in.list_slot)) {
          ShardingValue v;
          if (!LiteralToShardingValue(lit, &arena_, &v)) return AllNodes();
          if (!v.is_null()) values.push_back(v);  // x IN (NULL) never matches
        }
      } else {
        for (const auto& item : in.list) {
          ShardingValue v;
          if (!FoldConstant(statement_, *item, &arena_, &v)) return AllNodes();
          if (!v.is_null()) values.push_back(v);
        }
      }
      if (values.empty()) return AllNodes();
      return Point(o, column, values);
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<sql::BetweenExpr>();
      if (between.negated) return AllNodes();
      absl::string_view column;
      int o = ColumnOperand(*between.operand, &column);
      if (o < 0) return AllNodes();
      ShardingValue low, high;
      if (!FoldConstant(statement_, *between.low, &arena_, &low) ||
          !FoldConstant(statement_, *between.high, &arena_, &high) || low.is_null() ||
          high.is_null()) {
        return AllNodes();
      }
      ShardingRange range;
      range.low = RangeBound{low, true};
      range.high = RangeBound{high, true};
      return Range(o, column, range);
    }
    default:
      return AllNodes();
  }
}

NodeSets ShardingConditionEvaluator::EvaluateAnd(const Expr& expr) {
  absl::InlinedVector<const Expr*, 8> conjuncts;
  SplitConjuncts(&expr, &conjuncts);
  NodeSets result = AllNodes();
  auto intersect = [&](const NodeSets& sets) {
    for (size_t i = 0; i < result.size(); ++i) result[i] = IntersectTargets(result[i], sets[i]);
  };
  // Integer range bounds on the same column are merged into one range before asking the
  // algorithm: `id >= 10 AND id < 20` alone is narrow, its halves are not.
  struct Merged {
    int occurrence;
    absl::string_view column;
    ShardingRange range;
  };
  absl::InlinedVector<Merged, 2> merged;
  for (const Expr* c : conjuncts) {
    absl::string_view column;
    int o = -1;
    ShardingRange range;
    bool is_range = false;
    if (c->kind == ExprKind::kBinary && IsRangeOp(c->As<BinaryExpr>().op)) {
      const auto& b = c->As<BinaryExpr>();
      BinaryOp op = b.op;
      const Expr* value_side = b.right.get();
      o = ColumnOperand(*b.left, &column);
      if (o < 0) {
        o = ColumnOperand(*b.right, &column);
        value_side = b.left.get();
        op = Mirror(op);
      }
      ShardingValue v;
      if (o >= 0 && FoldConstant(statement_, *value_side, &arena_, &v) && IsIntegerValue(v)) {
        RangeBound bound{v, op == BinaryOp::kLe || op == BinaryOp::kGe};
        (op == BinaryOp::kGt || op == BinaryOp::kGe ? range.low : range.high) = bound;
        is_range = true;
      }
    } else if (c->kind == ExprKind::kBetween && !c->As<sql::BetweenExpr>().negated) {
      const auto& b = c->As<sql::BetweenExpr>();
      o = ColumnOperand(*b.operand, &column);
      ShardingValue low, high;
      if (o >= 0 && FoldConstant(statement_, *b.low, &arena_, &low) &&
          FoldConstant(statement_, *b.high, &arena_, &high) && IsIntegerValue(low) &&
          IsIntegerValue(high)) {
        range.low = RangeBound{low, true};
        range.high = RangeBound{high, true};
        is_range = true;
      }
    }
    if (!is_range) {
      intersect(Evaluate(c));
      continue;
    }
    Merged* m = nullptr;
    for (Merged& existing : merged) {
      if (existing.occurrence == o && absl::EqualsIgnoreCase(existing.column, column)) {
        m = &existing;
      }
    }
    if (m == nullptr) {
      merged.push_back(Merged{o, column, range});
      continue;
    }
    if (range.low.has_value()) {
      int cmp = m->range.low ? CompareIntegers(range.low->value, m->range.low->value) : 1;
      if (cmp > 0 || (cmp == 0 && !range.low->inclusive)) m->range.low = range.low;
    }
    if (range.high.has_value()) {
      int cmp = m->range.high ? CompareIntegers(range.high->value, m->range.high->value) : -1;
      if (cmp < 0 || (cmp == 0 && !range.high->inclusive)) m->range.high = range.high;
    }
  }
  for (const Merged& m : merged) {
    if (m.range.low && m.range.high) {
      int cmp = CompareIntegers(m.range.low->value, m.range.high->value);
      if (cmp > 0 || (cmp == 0 && !(m.range.low->inclusive && m.range.high->inclusive))) {
        // Nothing can match: an empty set for that unit.
        NodeSets empty = AllNodes();
        empty[static_cast<size_t>(occurrences_[static_cast<size_t>(m.occurrence)].unit)] =
            TargetSet();
        intersect(empty);
        continue;
      }
    }
    intersect(Range(m.occurrence, m.column, m.range));
  }
  return result;
}

}  // namespace shardproxy::router
