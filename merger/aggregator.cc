#include "merger/aggregator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/output_columns.h"
#include "merger/value/number_text.h"
#include "merger/value/temporal.h"

namespace shardproxy {
namespace {

absl::Status BadSpec(absl::string_view what) {
  return InternalError(absl::StrCat("invalid merge spec: ", what));
}

// A comparator that cannot fail: binary when the column's collation is unknown (used where a
// comparison is only a fallback, e.g. reading a value for HAVING).
CellComparator BestEffortComparator(const ColumnDefinition& column,
                                    absl::optional<uint16_t> collation) {
  absl::StatusOr<CellComparator> c = CellComparator::ForColumn(column, collation);
  if (c.ok()) return *c;
  ColumnDefinition binary = column;
  binary.character_set = collation_id::kBinary;
  return *CellComparator::ForColumn(binary);
}

// The number a cell stands for in SUM/AVG, as exact decimal text.
bool ExactNumberText(const Cell& cell, const ColumnDefinition& column, std::string* scratch,
                     absl::string_view* out) {
  ValueClass source = ClassOfColumn(column);
  if (source == ValueClass::kDateTime || source == ValueClass::kTime) {
    absl::optional<std::string> n = TemporalAsNumberText(*cell, source == ValueClass::kTime);
    if (!n.has_value()) return false;
    *scratch = std::move(*n);
    *out = *scratch;
    return true;
  }
  if (column.type == FieldType::kBit && source != ValueClass::kInteger) {
    *scratch = Value::FromCell(cell, column, nullptr, CellEncoding::kBinary).DebugString();
    *out = *scratch;
    return true;
  }
  *out = *cell;
  return true;
}

// MySQL's BIT_* argument: the value as a 64-bit pattern (negative integers two's complement,
// others rounded to an integer).
uint64_t BitPattern(absl::string_view text) {
  IntText t;
  if (ParseIntText(text, &t)) {
    return t.negative ? static_cast<uint64_t>(0) - t.magnitude : t.magnitude;
  }
  double d = std::round(StringToDoubleLikeMysql(text));
  if (d <= -9223372036854775808.0) return uint64_t{1} << 63;
  if (d >= 18446744073709551615.0) return UINT64_MAX;
  if (d < 0) return static_cast<uint64_t>(static_cast<int64_t>(d));
  return static_cast<uint64_t>(d);
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 character.
void TruncateAtCharBoundary(std::string* s, size_t max, CellEncoding encoding) {
  if (s->size() <= max) return;
  size_t cut = max;
  if (encoding == CellEncoding::kUtf8) {
    while (cut > 0 && (static_cast<unsigned char>((*s)[cut]) & 0xC0) == 0x80) --cut;
  }
  s->resize(cut);
}

// Prints `value` as a cell of `column` reads (the class of its type, its declared decimals):
// DECIMAL rounded half up to the column's scale, as MariaDB prints a quotient; integers; doubles
// through the server's formatter. False for NULL; 1235 for other types.
absl::StatusOr<bool> PrintValueAs(const Value& value, const ColumnDefinition& column,
                                  std::string* out) {
  out->clear();
  if (value.is_null()) return false;
  switch (ClassOfColumn(column)) {
    case ValueClass::kInteger:
      if (value.type() == Value::Type::kInt) {
        absl::StrAppend(out, value.int_value());
      } else if (value.type() == Value::Type::kUInt) {
        absl::StrAppend(out, value.uint_value());
      } else {
        value.ToDecimal().Rescaled(0).AppendTo(out);
      }
      return true;
    case ValueClass::kDecimal:
      value.ToDecimal().Rescaled(column.decimals).AppendTo(out);
      return true;
    case ValueClass::kDouble:
      AppendDouble(value.ToDouble(), column.decimals, out);
      return true;
    default:
      return UnsupportedError(absl::StrCat("shardproxy cannot compute column '", column.name,
                                           "' over merged groups: its type is not a number"));
  }
}

}  // namespace

struct GroupAccumulator::State {
  uint64_t count = 0;
  bool has_value = false;
  DecimalSum exact;
  double real = 0;
  uint64_t bits = 0;
  std::string text;   // MIN/MAX best value, or the GROUP_CONCAT so far
  bool full = false;  // GROUP_CONCAT reached group_concat_max_len
  std::unique_ptr<absl::flat_hash_set<std::string>> seen;  // DISTINCT
  struct ConcatItem {
    std::string value;
    std::vector<absl::optional<std::string>> keys;
  };
  std::unique_ptr<std::vector<ConcatItem>> items;  // GROUP_CONCAT … ORDER BY / LIMIT
};

absl::StatusOr<std::shared_ptr<const AggregationPlan>> AggregationPlan::Make(
    std::shared_ptr<const MergeSpec> spec, absl::Span<const ColumnDefinition> shard_columns) {
  auto plan = std::shared_ptr<AggregationPlan>(new AggregationPlan());
  plan->spec_ = spec;
  plan->shard_width_ = shard_columns.size();
  int width = static_cast<int>(shard_columns.size());
  auto in_range = [&](int i) { return i >= 0 && i < width; };

  absl::StatusOr<std::vector<ColumnDefinition>> merged = MergedColumns(*spec, shard_columns);
  if (!merged.ok()) return merged.status();
  plan->merged_columns_ = *std::move(merged);

  for (const SortKey& key : spec->group_by) {
    if (!in_range(key.column)) {
      return BadSpec(absl::StrCat("GROUP BY key reads shard column ", key.column, " of ", width));
    }
    absl::StatusOr<CellComparator> c =
        CellComparator::ForColumn(shard_columns[static_cast<size_t>(key.column)], key.collation);
    if (!c.ok()) return c.status();
    plan->group_comparators_.push_back(*c);
  }

  for (size_t i = 0; i < spec->aggregates.size(); ++i) {
    const AggregateSpec& s = spec->aggregates[i];
    Aggregate a;
    a.spec = s;
    absl::StatusOr<ColumnDefinition> result =
        AggregateResultColumn(*spec, static_cast<int>(i), shard_columns);
    if (!result.ok()) return result.status();
    a.result = *std::move(result);
    bool partial = s.input == AggregateInput::kPartial;
    if (s.distinct && partial) {
      return BadSpec(absl::StrCat("aggregate ", i, ": DISTINCT needs raw input"));
    }
    if (partial && s.arguments.size() != 1) {
      return BadSpec(absl::StrCat("aggregate ", i, ": a partial aggregate reads one column"));
    }
    if (!partial && s.arguments.empty() && s.function != AggregateFunction::kCount) {
      return BadSpec(absl::StrCat("aggregate ", i, " has no argument"));
    }
    if (s.function == AggregateFunction::kAvg && partial && !in_range(s.avg_count_column)) {
      return BadSpec(absl::StrCat("aggregate ", i, ": partial AVG needs its COUNT column"));
    }
    if ((!s.order_by.empty() || s.limit.has_value()) &&
        (s.function != AggregateFunction::kGroupConcat || partial)) {
      return BadSpec(
          absl::StrCat("aggregate ", i, ": ORDER BY and LIMIT only for raw GROUP_CONCAT"));
    }
    for (int arg : s.arguments) {
      if (!in_range(arg)) {
        return BadSpec(absl::StrCat("aggregate ", i, " reads shard column ", arg, " of ", width));
      }
      const ColumnDefinition& column = shard_columns[static_cast<size_t>(arg)];
      absl::StatusOr<CellComparator> c = CellComparator::ForColumn(column, s.collation);
      bool needs_order = s.function == AggregateFunction::kMin ||
                         s.function == AggregateFunction::kMax || s.distinct;
      if (!c.ok()) {
        if (needs_order) return c.status();
        c = BestEffortComparator(column, absl::nullopt);
      }
      a.argument_comparators.push_back(*c);
      a.argument_columns.push_back(column);
    }
    for (const SortKey& key : s.order_by) {
      if (!in_range(key.column)) {
        return BadSpec(absl::StrCat("GROUP_CONCAT ORDER BY reads shard column ", key.column));
      }
      absl::StatusOr<CellComparator> c =
          CellComparator::ForColumn(shard_columns[static_cast<size_t>(key.column)], key.collation);
      if (!c.ok()) return c.status();
      a.order_comparators.push_back(*c);
    }
    if (s.function == AggregateFunction::kSum || s.function == AggregateFunction::kAvg) {
      const ColumnDefinition& input = a.argument_columns[0];
      ValueClass c = ClassOfColumn(input);
      a.exact = c == ValueClass::kInteger || c == ValueClass::kDecimal ||
                c == ValueClass::kDateTime || c == ValueClass::kTime ||
                input.type == FieldType::kBit;
      a.sum_scale = a.exact && c == ValueClass::kDecimal ? input.decimals : 0;
      if (a.exact && (c == ValueClass::kDateTime || c == ValueClass::kTime)) {
        a.sum_scale = input.decimals;
      }
    }
    plan->aggregates_.push_back(std::move(a));
  }

  for (size_t i = 0; i < spec->columns.size(); ++i) {
    const OutputColumn& oc = spec->columns[i];
    absl::optional<uint16_t> collation = oc.collation;
    if (!collation.has_value() && oc.source == OutputColumn::Source::kShardColumn) {
      for (const SortKey& key : spec->group_by) {
        if (key.column == oc.index && key.collation.has_value()) collation = key.collation;
      }
    }
    if (!collation.has_value() && oc.source == OutputColumn::Source::kAggregate &&
        in_range(oc.index) && oc.index < static_cast<int>(spec->aggregates.size())) {
      collation = spec->aggregates[static_cast<size_t>(oc.index)].collation;
    }
    plan->merged_comparators_.push_back(BestEffortComparator(plan->merged_columns_[i], collation));
  }
  return std::shared_ptr<const AggregationPlan>(std::move(plan));
}

int AggregationPlan::CompareGroups(RowView a, RowView b) const {
  for (size_t i = 0; i < group_comparators_.size(); ++i) {
    int col = spec_->group_by[i].column;
    int r = group_comparators_[i].Compare(a[static_cast<size_t>(col)], b[static_cast<size_t>(col)]);
    if (r != 0) return spec_->group_by[i].order == SortOrder::kDesc ? -r : r;
  }
  return 0;
}

bool AggregationPlan::SameGroup(RowView a, RowView b) const {
  for (size_t i = 0; i < group_comparators_.size(); ++i) {
    size_t col = static_cast<size_t>(spec_->group_by[i].column);
    if (group_comparators_[i].Compare(a[col], b[col]) != 0) return false;
  }
  return true;
}

size_t AggregationPlan::FirstDifferentKey(RowView a, RowView b) const {
  for (size_t i = 0; i < group_comparators_.size(); ++i) {
    size_t col = static_cast<size_t>(spec_->group_by[i].column);
    if (group_comparators_[i].Compare(a[col], b[col]) != 0) return i;
  }
  return group_comparators_.size();
}

void AggregationPlan::AppendGroupKey(RowView row, std::string* key) const {
  for (size_t i = 0; i < group_comparators_.size(); ++i) {
    group_comparators_[i].AppendKey(row[static_cast<size_t>(spec_->group_by[i].column)], key);
  }
}

GroupAccumulator::GroupAccumulator(const AggregationPlan* plan) : plan_(plan) {
  states_.resize(plan->aggregates().size());
}

GroupAccumulator::~GroupAccumulator() = default;

void GroupAccumulator::Reset(RowView first_row) {
  first_row_ = first_row;
  dynamic_bytes_ = 0;
  const auto& aggs = plan_->aggregates();
  for (size_t i = 0; i < states_.size(); ++i) {
    State& s = states_[i];
    s.count = 0;
    s.has_value = false;
    s.exact.Reset(aggs[i].sum_scale);
    s.real = 0;
    s.bits = aggs[i].spec.function == AggregateFunction::kBitAnd ? UINT64_MAX : 0;
    s.text.clear();
    s.full = false;
    if (s.seen) s.seen->clear();
    if (s.items) s.items->clear();
  }
}

absl::StatusOr<size_t> GroupAccumulator::Add(RowView row) {
  size_t grown = 0;
  const auto& aggs = plan_->aggregates();
  const MergeSpec& spec = plan_->spec();
  std::string scratch;
  std::string key;
  for (size_t i = 0; i < aggs.size(); ++i) {
    const AggregationPlan::Aggregate& a = aggs[i];
    const AggregateSpec& s = a.spec;
    State& st = states_[i];
    bool partial = s.input == AggregateInput::kPartial;

    // Raw input: NULL arguments do not count; DISTINCT skips values already seen.
    bool any_null = false;
    for (int arg : s.arguments) {
      if (!row[static_cast<size_t>(arg)].has_value()) any_null = true;
    }
    if (!partial && s.distinct && !any_null) {
      key.clear();
      for (size_t k = 0; k < s.arguments.size(); ++k) {
        a.argument_comparators[k].AppendKey(row[static_cast<size_t>(s.arguments[k])], &key);
      }
      if (!st.seen) st.seen = std::make_unique<absl::flat_hash_set<std::string>>();
      if (!st.seen->insert(key).second) continue;
      size_t bytes = key.capacity() + sizeof(std::string) * 2;
      grown += bytes;
      dynamic_bytes_ += bytes;
    }

    const Cell& first = s.arguments.empty() ? Cell() : row[static_cast<size_t>(s.arguments[0])];
    switch (s.function) {
      case AggregateFunction::kCount:
        if (partial) {
          uint64_t n = 0;
          if (first.has_value() && !ParseUInt64(*first, &n)) {
            return InternalError(absl::StrCat("shard sent COUNT '", *first, "'"));
          }
          st.count += n;
        } else if (!any_null) {
          ++st.count;
        }
        break;
      case AggregateFunction::kSum:
      case AggregateFunction::kAvg: {
        if (partial && s.function == AggregateFunction::kAvg) {
          const Cell& count = row[static_cast<size_t>(s.avg_count_column)];
          uint64_t n = 0;
          if (count.has_value() && !ParseUInt64(*count, &n)) {
            return InternalError(absl::StrCat("shard sent COUNT '", *count, "'"));
          }
          st.count += n;
        } else if (!any_null) {
          ++st.count;
        }
        if (!first.has_value()) break;
        st.has_value = true;
        if (a.exact) {
          absl::string_view number;
          if (!ExactNumberText(first, a.argument_columns[0], &scratch, &number) ||
              !st.exact.Add(number)) {
            return InternalError(absl::StrCat("shard sent '", *first, "' for a SUM/AVG of ",
                                              "column '", a.argument_columns[0].name, "'"));
          }
        } else {
          double d;
          if (!ParseDoubleText(*first, &d)) d = StringToDoubleLikeMysql(*first);
          st.real += d;
        }
        break;
      }
      case AggregateFunction::kMin:
      case AggregateFunction::kMax: {
        if (!first.has_value()) break;
        bool better = !st.has_value;
        if (!better) {
          int r = a.argument_comparators[0].CompareValues(*first, st.text);
          better = s.function == AggregateFunction::kMin ? r < 0 : r > 0;
        }
        if (better) {
          size_t before = st.text.capacity();
          st.text.assign(first->data(), first->size());
          st.has_value = true;
          if (st.text.capacity() > before) {
            grown += st.text.capacity() - before;
            dynamic_bytes_ += st.text.capacity() - before;
          }
        }
        break;
      }
      case AggregateFunction::kBitAnd:
      case AggregateFunction::kBitOr:
      case AggregateFunction::kBitXor: {
        if (!first.has_value()) break;
        uint64_t v = BitPattern(*first);
        if (s.function == AggregateFunction::kBitAnd) st.bits &= v;
        if (s.function == AggregateFunction::kBitOr) st.bits |= v;
        if (s.function == AggregateFunction::kBitXor) st.bits ^= v;
        break;
      }
      case AggregateFunction::kGroupConcat: {
        if (any_null || (partial && !first.has_value())) break;
        size_t before = st.text.capacity();
        if (!s.order_by.empty() || s.limit.has_value()) {
          if (!st.items) st.items = std::make_unique<std::vector<State::ConcatItem>>();
          State::ConcatItem item;
          for (int arg : s.arguments) {
            absl::string_view v = *row[static_cast<size_t>(arg)];
            item.value.append(v.data(), v.size());
          }
          size_t bytes = item.value.capacity() + sizeof(State::ConcatItem);
          for (const SortKey& k : s.order_by) {
            const Cell& c = row[static_cast<size_t>(k.column)];
            item.keys.push_back(c.has_value() ? absl::optional<std::string>(std::string(*c))
                                              : absl::nullopt);
            bytes += sizeof(absl::optional<std::string>) + (c.has_value() ? c->size() : 0);
          }
          st.items->push_back(std::move(item));
          st.has_value = true;
          grown += bytes;
          dynamic_bytes_ += bytes;
          break;
        }
        if (st.full) break;
        if (st.has_value) st.text.append(s.separator);
        for (int arg : s.arguments) {
          absl::string_view v = *row[static_cast<size_t>(arg)];
          st.text.append(v.data(), v.size());
        }
        st.has_value = true;
        if (st.text.size() > spec.group_concat_max_len) st.full = true;
        if (st.text.capacity() > before) {
          grown += st.text.capacity() - before;
          dynamic_bytes_ += st.text.capacity() - before;
        }
        break;
      }
    }
  }
  return grown;
}

void GroupAccumulator::FinishAggregate(size_t i, std::string* text, bool* is_null) const {
  const AggregationPlan::Aggregate& a = plan_->aggregates()[i];
  const AggregateSpec& s = a.spec;
  const State& st = states_[i];
  const MergeSpec& spec = plan_->spec();
  *is_null = false;
  switch (s.function) {
    case AggregateFunction::kCount:
      absl::StrAppend(text, st.count);
      return;
    case AggregateFunction::kBitAnd:
    case AggregateFunction::kBitOr:
    case AggregateFunction::kBitXor:
      absl::StrAppend(text, st.bits);
      return;
    case AggregateFunction::kSum:
      if (!st.has_value) break;
      if (a.exact && !IsFloatType(a.result.type)) {
        Decimal sum = st.exact.Value();
        int scale = IsDecimalType(a.result.type) ? a.result.decimals : sum.scale();
        sum.Rescaled(scale).AppendTo(text);
      } else {
        double d = a.exact ? st.exact.Value().ToDouble() : st.real;
        AppendDouble(d, a.result.decimals, text);
      }
      return;
    case AggregateFunction::kAvg: {
      if (st.count == 0 || !st.has_value) break;
      if (a.exact && !IsFloatType(a.result.type)) {
        absl::optional<Decimal> q = Decimal::DivideLikeMysql(
            st.exact.Value(), Decimal::FromUInt64(st.count), spec.div_precision_increment);
        q->Rescaled(a.result.decimals).AppendTo(text);
      } else {
        double sum = a.exact ? st.exact.Value().ToDouble() : st.real;
        AppendDouble(sum / static_cast<double>(st.count), a.result.decimals, text);
      }
      return;
    }
    case AggregateFunction::kMin:
    case AggregateFunction::kMax:
      if (!st.has_value) break;
      text->append(st.text);
      return;
    case AggregateFunction::kGroupConcat: {
      if (!st.has_value) break;
      CellEncoding encoding =
          EncodingOfCollation(a.result.character_set).value_or(CellEncoding::kBinary);
      if (!st.items) {
        std::string out = st.text;
        TruncateAtCharBoundary(&out, spec.group_concat_max_len, encoding);
        text->append(out);
        return;
      }
      std::vector<const State::ConcatItem*> order;
      order.reserve(st.items->size());
      for (const auto& item : *st.items) order.push_back(&item);
      std::stable_sort(
          order.begin(), order.end(), [&](const State::ConcatItem* x, const State::ConcatItem* y) {
            for (size_t k = 0; k < s.order_by.size(); ++k) {
              Cell cx = x->keys[k].has_value() ? Cell(absl::string_view(*x->keys[k])) : Cell();
              Cell cy = y->keys[k].has_value() ? Cell(absl::string_view(*y->keys[k])) : Cell();
              int r = a.order_comparators[k].Compare(cx, cy);
              if (r != 0) {
                return s.order_by[k].order == SortOrder::kDesc ? r > 0 : r < 0;
              }
            }
            return false;
          });
      size_t first = 0;
      size_t end = order.size();
      if (s.limit.has_value()) {
        first = static_cast<size_t>(std::min<uint64_t>(s.limit->offset, order.size()));
        if (s.limit->count.has_value()) {
          end = first + static_cast<size_t>(std::min<uint64_t>(*s.limit->count, end - first));
        }
      }
      // A LIMIT past the values leaves '' (not NULL), as in MariaDB.
      std::string out;
      for (size_t k = first; k < end; ++k) {
        if (k > first) out.append(s.separator);
        out.append(order[k]->value);
        if (out.size() > spec.group_concat_max_len) break;
      }
      TruncateAtCharBoundary(&out, spec.group_concat_max_len, encoding);
      text->append(out);
      return;
    }
  }
  *is_null = true;
}

void GroupAccumulator::Finish(std::string* text, std::vector<Cell>* cells) const {
  const MergeSpec& spec = plan_->spec();
  text->clear();
  cells->clear();
  // Offsets first: the text buffer may move while it grows.
  struct Span {
    size_t begin, end;
    bool null;
  };
  absl::InlinedVector<Span, 16> spans;
  for (const OutputColumn& oc : spec.columns) {
    Span span{text->size(), 0, false};
    if (oc.source == OutputColumn::Source::kShardColumn) {
      const Cell& c = first_row_[static_cast<size_t>(oc.index)];
      if (c.has_value()) {
        text->append(c->data(), c->size());
      } else {
        span.null = true;
      }
    } else {
      FinishAggregate(static_cast<size_t>(oc.index), text, &span.null);
    }
    span.end = text->size();
    spans.push_back(span);
  }
  for (const Span& s : spans) {
    cells->push_back(s.null ? Cell()
                            : Cell(absl::string_view(text->data() + s.begin, s.end - s.begin)));
  }
}

Value GroupAccumulator::ColumnValue(int index, RowView finished_row) const {
  const OutputColumn& oc = plan_->spec().columns[static_cast<size_t>(index)];
  const ColumnDefinition& column = plan_->merged_columns()[static_cast<size_t>(index)];
  const CellComparator& cmp = plan_->merged_comparators()[static_cast<size_t>(index)];
  if (oc.source == OutputColumn::Source::kAggregate) {
    const AggregationPlan::Aggregate& a = plan_->aggregates()[static_cast<size_t>(oc.index)];
    const State& st = states_[static_cast<size_t>(oc.index)];
    // MariaDB compares and computes with AVG's unrounded quotient, declared at its scale.
    if (a.spec.function == AggregateFunction::kAvg && a.exact && !IsFloatType(a.result.type) &&
        st.count > 0 && st.has_value) {
      absl::optional<Decimal> q = Decimal::DivideLikeMysql(
          st.exact.Value(), Decimal::FromUInt64(st.count), plan_->spec().div_precision_increment);
      return Value::FromDecimal(std::move(*q), a.result.decimals);
    }
    if (a.spec.function == AggregateFunction::kCount) {
      return Value::Int(static_cast<int64_t>(st.count));
    }
  }
  return Value::FromCell(finished_row[static_cast<size_t>(index)], column, cmp.collation(),
                         cmp.encoding());
}

absl::StatusOr<bool> GroupOutput::Emit(const AggregationPlan& plan, const GroupAccumulator& group) {
  group.Finish(&text_, &cells_);
  const MergeSpec& spec = plan.spec();
  // Expression columns read only aggregate and group-key columns, never one another.
  computed_.resize(spec.columns.size());
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const OutputColumn& oc = spec.columns[i];
    if (!oc.expression.has_value()) continue;
    absl::StatusOr<Value> value =
        Evaluate(*oc.expression, GroupRow(&group, cells_), spec.div_precision_increment);
    if (!value.ok()) return value.status();
    absl::StatusOr<bool> printed = PrintValueAs(*value, plan.merged_columns()[i], &computed_[i]);
    if (!printed.ok()) return printed.status();
    cells_[i] = *printed ? Cell(computed_[i]) : Cell();
  }
  if (!spec.having.has_value()) return true;
  return EvaluateCondition(*spec.having, GroupRow(&group, row()), spec.div_precision_increment);
}

Value TextRow::ColumnValue(int index) const {
  const CellComparator& cmp = comparators_[static_cast<size_t>(index)];
  return Value::FromCell(row_[static_cast<size_t>(index)], columns_[static_cast<size_t>(index)],
                         cmp.collation(), cmp.encoding());
}

}  // namespace shardproxy
