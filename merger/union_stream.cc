#include "merger/union_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/concat_stream.h"
#include "merger/distinct_stream.h"
#include "merger/limit_stream.h"
#include "merger/merge_operator.h"
#include "merger/row_comparator.h"
#include "merger/sort_stream.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/number_text.h"

namespace shardproxy {
namespace {

constexpr uint8_t kStringDecimals = 39;

bool IsUnsigned(const ColumnDefinition& c) { return (c.flags & column_flag::kUnsigned) != 0; }

// Integer types by width, for "the larger of two integer types".
int IntRank(FieldType t) {
  switch (t) {
    case FieldType::kTiny:
      return 1;
    case FieldType::kShort:
    case FieldType::kYear:
      return 2;
    case FieldType::kInt24:
      return 3;
    case FieldType::kLong:
      return 4;
    default:
      return 5;
  }
}

int IntegerDigits(const ColumnDefinition& c) {
  ValueClass k = ClassOfColumn(c);
  int length = static_cast<int>(c.column_length);
  if (k == ValueClass::kInteger) return std::max(1, length - (IsUnsigned(c) ? 0 : 1));
  return std::max(1, length - (c.decimals > 0 ? 1 : 0) - (IsUnsigned(c) ? 0 : 1) - c.decimals);
}

bool IsStringType(const ColumnDefinition& c) {
  return ClassOfColumn(c) == ValueClass::kString && c.type != FieldType::kNull &&
         c.type != FieldType::kBit && c.type != FieldType::kGeometry;
}

ColumnDefinition Clean(const ColumnDefinition& like) {
  ColumnDefinition c;
  c.name = like.name;
  return c;
}

// The SQL name of a column's type, for messages.
absl::string_view TypeWord(const ColumnDefinition& c) {
  if (c.flags & column_flag::kEnum) return "ENUM";
  if (c.flags & column_flag::kSet) return "SET";
  switch (c.type) {
    case FieldType::kDecimal:
    case FieldType::kNewDecimal:
      return "DECIMAL";
    case FieldType::kTiny:
      return "TINYINT";
    case FieldType::kShort:
      return "SMALLINT";
    case FieldType::kInt24:
      return "MEDIUMINT";
    case FieldType::kLong:
      return "INT";
    case FieldType::kLongLong:
      return "BIGINT";
    case FieldType::kFloat:
      return "FLOAT";
    case FieldType::kDouble:
      return "DOUBLE";
    case FieldType::kNull:
      return "NULL";
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      return "TIMESTAMP";
    case FieldType::kDate:
    case FieldType::kNewDate:
      return "DATE";
    case FieldType::kTime:
    case FieldType::kTime2:
      return "TIME";
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
      return "DATETIME";
    case FieldType::kYear:
      return "YEAR";
    case FieldType::kBit:
      return "BIT";
    case FieldType::kJson:
      return "JSON";
    case FieldType::kGeometry:
      return "GEOMETRY";
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
      return c.character_set == collation_id::kBinary ? "BLOB" : "TEXT";
    default:
      return c.character_set == collation_id::kBinary ? "VARBINARY" : "VARCHAR";
  }
}

absl::Status Unsupported(const ColumnDefinition& a, const ColumnDefinition& b) {
  return UnsupportedError(absl::StrCat(
      "UNION across shards of column '", a.name, "' (", TypeWord(a), ") with a ", TypeWord(b),
      " column: shardproxy cannot convert these as one server would; make them alike with CAST"));
}

}  // namespace

// The type part of UnionColumn (nullability is added by the caller).
static absl::StatusOr<ColumnDefinition> UnionColumnType(const ColumnDefinition& a,
                                                        const ColumnDefinition& b) {
  ColumnDefinition out = Clean(a);
  if (b.type == FieldType::kNull || a.type == FieldType::kNull) {
    const ColumnDefinition& t = a.type == FieldType::kNull ? b : a;
    if (t.type == FieldType::kNull) {
      out.type = FieldType::kNull;
      out.flags = column_flag::kBinary;
      return out;
    }
    absl::StatusOr<ColumnDefinition> same = UnionColumn(t, t);
    if (!same.ok()) return same;
    same->name = a.name;
    return same;
  }
  ValueClass ka = ClassOfColumn(a), kb = ClassOfColumn(b);
  if (a.type == FieldType::kGeometry || b.type == FieldType::kGeometry ||
      a.type == FieldType::kBit || b.type == FieldType::kBit || a.type == FieldType::kJson ||
      b.type == FieldType::kJson) {
    if (a.type == b.type && a.flags == b.flags && a.character_set == b.character_set) {
      out = a;
      out.schema.clear();
      out.table.clear();
      out.org_table.clear();
      out.org_name.clear();
      return out;
    }
    return Unsupported(a, b);
  }
  if (IsStringType(a) || IsStringType(b)) {
    // Anything with a string is a string: VARCHAR unless both are CHAR.
    bool binary = (IsStringType(a) && a.character_set == collation_id::kBinary) ||
                  (IsStringType(b) && b.character_set == collation_id::kBinary);
    const ColumnDefinition& s = IsStringType(a) ? a : b;
    out.character_set = binary ? collation_id::kBinary : s.character_set;
    // ENUM and SET travel as CHAR but unite as VARCHAR.
    const uint16_t enum_or_set = column_flag::kEnum | column_flag::kSet;
    out.type = (a.type == FieldType::kString && b.type == FieldType::kString &&
                ((a.flags | b.flags) & enum_or_set) == 0)
                   ? FieldType::kString
                   : FieldType::kVarString;
    if (a.type == FieldType::kBlob || b.type == FieldType::kBlob ||
        a.type == FieldType::kMediumBlob || b.type == FieldType::kMediumBlob ||
        a.type == FieldType::kLongBlob || b.type == FieldType::kLongBlob ||
        a.type == FieldType::kTinyBlob || b.type == FieldType::kTinyBlob) {
      out.type = FieldType::kBlob;
    }
    out.column_length = std::max(a.column_length, b.column_length);
    out.decimals = kStringDecimals;
    bool any_binary_flag = (IsStringType(a) && (a.flags & column_flag::kBinary)) ||
                           (IsStringType(b) && (b.flags & column_flag::kBinary));
    out.flags = (binary || any_binary_flag) ? column_flag::kBinary : 0;
    if (out.type == FieldType::kBlob) out.flags |= column_flag::kBlob;
    return out;
  }
  out.character_set = collation_id::kBinary;
  out.flags = column_flag::kBinary;
  if (ka == ValueClass::kDateTime && kb == ValueClass::kDateTime) {
    bool both_date = (a.type == FieldType::kDate || a.type == FieldType::kNewDate) &&
                     (b.type == FieldType::kDate || b.type == FieldType::kNewDate);
    bool both_timestamp = a.type == b.type;
    out.type = both_date ? FieldType::kDate : (both_timestamp ? a.type : FieldType::kDateTime);
    out.decimals = std::max(a.decimals, b.decimals);
    out.column_length = std::max(a.column_length, b.column_length);
    return out;
  }
  if (ka == ValueClass::kTime && kb == ValueClass::kTime) {
    out.type = a.type;
    out.decimals = std::max(a.decimals, b.decimals);
    out.column_length = std::max(a.column_length, b.column_length);
    return out;
  }
  if (ka == ValueClass::kDateTime || kb == ValueClass::kDateTime || ka == ValueClass::kTime ||
      kb == ValueClass::kTime) {
    return Unsupported(a, b);  // temporal with number or TIME with DATETIME
  }
  if (ka == ValueClass::kDouble || kb == ValueClass::kDouble) {
    out.type = (a.type == FieldType::kFloat && b.type == FieldType::kFloat) ? FieldType::kFloat
                                                                            : FieldType::kDouble;
    out.decimals = std::max(a.decimals, b.decimals);
    out.column_length = std::max(a.column_length, b.column_length);
    return out;
  }
  if (ka == ValueClass::kInteger && kb == ValueClass::kInteger && IsUnsigned(a) == IsUnsigned(b)) {
    out.type = IntRank(a.type) >= IntRank(b.type) ? a.type : b.type;
    if (a.type == FieldType::kYear && b.type == FieldType::kYear) out.type = FieldType::kYear;
    out.column_length = std::max(a.column_length, b.column_length);
    if (IsUnsigned(a)) out.flags |= column_flag::kUnsigned;
    return out;
  }
  // Exact numbers of mixed signedness or with a fraction: DECIMAL wide enough for both.
  out.type = FieldType::kNewDecimal;
  int scale = std::max(ka == ValueClass::kDecimal ? a.decimals : 0,
                       kb == ValueClass::kDecimal ? b.decimals : 0);
  int digits = std::max(IntegerDigits(a), IntegerDigits(b)) + scale;
  out.decimals = static_cast<uint8_t>(scale);
  out.column_length = static_cast<uint32_t>(digits + (scale > 0 ? 1 : 0) + 1);
  return out;
}

absl::StatusOr<ColumnDefinition> UnionColumn(const ColumnDefinition& a, const ColumnDefinition& b) {
  absl::StatusOr<ColumnDefinition> out = UnionColumnType(a, b);
  // NOT NULL survives only where every branch has it.
  if (out.ok() && (a.flags & b.flags & column_flag::kNotNull) != 0) {
    out->flags |= column_flag::kNotNull;
  }
  return out;
}

namespace {

// Rewrites a branch's cells into the union's column types.
class UnionCastStream : public MergeOperator {
 public:
  UnionCastStream(std::unique_ptr<RowStream> input, std::vector<ColumnDefinition> columns)
      : MergeOperator(std::move(columns)),
        input_(std::move(input)),
        from_(input_->columns().begin(), input_->columns().end()) {
    cells_.resize(from_.size());
    scratch_.resize(from_.size());
  }

  StreamState Next(RowView* row) override {
    if (finished()) return StreamState::kFinished;
    RowView in;
    StreamState s = input_->Next(&in);
    if (s == StreamState::kBlocked) return s;
    if (s == StreamState::kFinished) return Finish(input_->status());
    for (size_t i = 0; i < in.size(); ++i) cells_[i] = Convert(i, in[i]);
    *row = RowView(cells_);
    return StreamState::kHaveRow;
  }

 private:
  Cell Convert(size_t i, const Cell& cell) {
    if (!cell.has_value()) return cell;
    const ColumnDefinition& from = from_[i];
    const ColumnDefinition& to = columns()[i];
    std::string& out = scratch_[i];
    ValueClass kf = ClassOfColumn(from);
    switch (to.type) {
      case FieldType::kNewDecimal:
      case FieldType::kDecimal: {
        DecimalParts parts;
        if (!ParseDecimalParts(*cell, &parts)) return cell;
        size_t dot = cell->find('.');
        size_t have = dot == absl::string_view::npos ? 0 : cell->size() - dot - 1;
        if (have >= to.decimals) return cell;
        out.assign(cell->data(), cell->size());
        if (have == 0 && to.decimals > 0) out.push_back('.');
        out.append(to.decimals - have, '0');
        return Cell(absl::string_view(out));
      }
      case FieldType::kDouble:
      case FieldType::kFloat: {
        if (kf == ValueClass::kDouble && from.type == to.type && from.decimals == to.decimals) {
          return cell;
        }
        double d;
        if (from.type == FieldType::kFloat) {
          float f = 0;
          if (!ParseFloat(*cell, &f)) return cell;
          d = f;
        } else if (!ParseDoubleText(*cell, &d)) {
          return cell;
        }
        out.clear();
        AppendDouble(d, to.decimals, &out);
        return Cell(absl::string_view(out));
      }
      case FieldType::kDateTime:
      case FieldType::kDateTime2:
      case FieldType::kTimestamp:
      case FieldType::kTimestamp2:
      case FieldType::kTime:
      case FieldType::kTime2: {
        if (kf == ValueClass::kString) return cell;
        out.assign(cell->data(), cell->size());
        bool time_type = to.type == FieldType::kTime || to.type == FieldType::kTime2;
        if (!time_type && out.size() == 10) out.append(" 00:00:00");
        size_t dot = out.find('.');
        size_t have = dot == std::string::npos ? 0 : out.size() - dot - 1;
        if (have < to.decimals) {
          if (have == 0) out.push_back('.');
          out.append(to.decimals - have, '0');
        }
        return Cell(absl::string_view(out));
      }
      default:
        return cell;
    }
  }

  static bool ParseFloat(absl::string_view text, float* f) {
    std::string s(text);
    char* end = nullptr;
    *f = std::strtof(s.c_str(), &end);
    return end != nullptr && *end == '\0' && !s.empty();
  }

  std::unique_ptr<RowStream> input_;
  std::vector<ColumnDefinition> from_;
  std::vector<Cell> cells_;
  std::vector<std::string> scratch_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RowStream>> MakeUnion(
    std::vector<std::unique_ptr<RowStream>> branches, const UnionSpec& spec,
    std::shared_ptr<MemoryBudget> budget) {
  if (branches.empty()) return InternalError("UNION of no branches");
  if (budget == nullptr) budget = std::make_shared<MemoryBudget>();
  size_t width = branches[0]->columns().size();
  for (const auto& b : branches) {
    if (b->columns().size() != width) {
      return MysqlStatus(1222, "21000",
                         "The used SELECT statements have a different number of columns");
    }
  }
  std::vector<ColumnDefinition> columns;
  for (size_t i = 0; i < width; ++i) {
    ColumnDefinition c = branches[0]->columns()[i];
    absl::StatusOr<ColumnDefinition> u = UnionColumn(c, c);
    if (!u.ok()) return u.status();
    for (size_t b = 1; b < branches.size(); ++b) {
      u = UnionColumn(*u, branches[b]->columns()[i]);
      if (!u.ok()) return u.status();
    }
    columns.push_back(*u);
  }
  if (spec.distinct || !spec.order_by.empty()) {
    // MariaDB answers such a union from a temporary table, whose columns describe strings with
    // 0 decimals (a streamed UNION ALL reports 39), numbers without the BINARY flag, and give
    // the column's name as its original name too.
    for (ColumnDefinition& c : columns) {
      c.org_name = c.name;
      if (IsStringType(c)) {
        c.decimals = 0;
      } else if (ClassOfColumn(c) != ValueClass::kDateTime &&
                 ClassOfColumn(c) != ValueClass::kTime) {
        c.flags &= ~column_flag::kBinary;
      }
    }
  }
  for (auto& b : branches) {
    b = std::make_unique<UnionCastStream>(std::move(b), columns);
  }
  std::unique_ptr<RowStream> current =
      std::make_unique<ConcatStream>(std::move(branches), columns, /*in_order=*/true);
  if (spec.distinct) {
    std::vector<int> all;
    std::vector<CellComparator> comparators;
    for (size_t i = 0; i < width; ++i) {
      all.push_back(static_cast<int>(i));
      absl::StatusOr<CellComparator> c = CellComparator::ForColumn(columns[i]);
      if (!c.ok()) return c.status();
      comparators.push_back(*c);
    }
    current = std::make_unique<DistinctStream>(std::move(current), std::move(all),
                                               std::move(comparators), budget);
  }
  if (!spec.order_by.empty()) {
    absl::StatusOr<RowComparator> order = RowComparator::Make(spec.order_by, columns);
    if (!order.ok()) return order.status();
    absl::optional<uint64_t> keep_first;
    if (spec.limit.count.has_value()) {
      uint64_t n = *spec.limit.count + spec.limit.offset;
      keep_first = n < *spec.limit.count ? UINT64_MAX : n;
    }
    current =
        std::make_unique<SortStream>(std::move(current), *std::move(order), keep_first, budget);
  }
  if (spec.limit.offset > 0 || spec.limit.count.has_value()) {
    current =
        std::make_unique<LimitStream>(std::move(current), spec.limit.offset, spec.limit.count);
  }
  return current;
}

}  // namespace shardproxy
