#include "merger/in_list.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/sql_quote.h"
#include "merger/value/cell_comparator.h"
#include "merger/value/number_text.h"

namespace shardproxy {
namespace {

bool LooksLikeNumber(absl::string_view s, bool allow_exponent) {
  DecimalParts parts;
  if (ParseDecimalParts(s, &parts)) return true;
  double d;
  return allow_exponent && ParseDoubleText(s, &d);
}

}  // namespace

std::string SqlLiteral(const Cell& value, const ColumnDefinition& column,
                       bool no_backslash_escapes) {
  if (!value.has_value()) return "NULL";
  std::string out;
  absl::string_view v = *value;
  bool binary = column.type == FieldType::kBit || column.type == FieldType::kGeometry ||
                (ClassOfColumn(column) == ValueClass::kString &&
                 column.character_set == collation_id::kBinary);
  switch (ClassOfColumn(column)) {
    case ValueClass::kInteger:
    case ValueClass::kDecimal:
      if (LooksLikeNumber(v, false)) return std::string(v);
      break;
    case ValueClass::kDouble:
      if (LooksLikeNumber(v, true)) return std::string(v);
      break;
    default:
      break;
  }
  if (binary) {
    AppendHexSqlString(v, &out);
  } else {
    AppendQuotedSqlString(v, no_backslash_escapes, &out);
  }
  return out;
}

InListBuilder::InListBuilder(std::vector<ColumnDefinition> key_columns, InListOptions options)
    : columns_(std::move(key_columns)), options_(options) {}

void InListBuilder::Add(RowView key) {
  std::string literal;
  if (columns_.size() > 1) literal.push_back('(');
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!key[i].has_value()) return;
    if (i > 0) literal.push_back(',');
    literal.append(SqlLiteral(key[i], columns_[i], options_.no_backslash_escapes));
  }
  if (columns_.size() > 1) literal.push_back(')');
  if (!seen_.insert(literal).second) return;
  values_.push_back(std::move(literal));
}

std::vector<std::string> InListBuilder::Lists() const {
  std::vector<std::string> lists;
  std::string current;
  size_t count = 0;
  for (const std::string& v : values_) {
    bool full = count == options_.max_values ||
                (count > 0 && current.size() + v.size() + 2 > options_.max_bytes);
    if (full) {
      current.push_back(')');
      lists.push_back(std::move(current));
      current.clear();
      count = 0;
    }
    current.push_back(count == 0 ? '(' : ',');
    current.append(v);
    ++count;
  }
  if (count > 0) {
    current.push_back(')');
    lists.push_back(std::move(current));
  }
  return lists;
}

}  // namespace shardproxy
