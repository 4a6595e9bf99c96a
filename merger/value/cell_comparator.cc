#include "merger/value/cell_comparator.h"

#include <cstring>

#include "absl/base/casts.h"
#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/value/number_text.h"
#include "merger/value/temporal.h"

namespace shardproxy {
namespace {

bool IsTemporal(ValueClass c) { return c == ValueClass::kDateTime || c == ValueClass::kTime; }
bool IsExactNumber(ValueClass c) { return c == ValueClass::kInteger || c == ValueClass::kDecimal; }

void AppendFixed64(uint64_t v, std::string* key) {
  char bytes[8];
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  key->append(bytes, 8);
}

template <typename T>
int Three(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int CompareBinary(absl::string_view a, absl::string_view b) {
  return Collation::Binary().Compare(a, b, CellEncoding::kBinary);
}

}  // namespace

ValueClass ClassOfType(FieldType type) {
  if (IsIntegerType(type)) return ValueClass::kInteger;
  if (IsDecimalType(type)) return ValueClass::kDecimal;
  if (IsFloatType(type)) return ValueClass::kDouble;
  if (type == FieldType::kTime || type == FieldType::kTime2) return ValueClass::kTime;
  if (IsTemporalType(type)) return ValueClass::kDateTime;
  return ValueClass::kString;
}

ValueClass ClassOfColumn(const ColumnDefinition& column) {
  if (column.type == FieldType::kBit && (column.flags & column_flag::kBinary) != 0) {
    return ValueClass::kInteger;
  }
  return ClassOfType(column.type);
}

ValueClass CommonClass(ValueClass a, ValueClass b) {
  if (a == b) return a;
  if (a == ValueClass::kString && IsTemporal(b)) return b;
  if (b == ValueClass::kString && IsTemporal(a)) return a;
  if (IsExactNumber(a) && IsExactNumber(b)) return ValueClass::kDecimal;
  return ValueClass::kDouble;
}

absl::StatusOr<const Collation*> ResolveCollation(const ColumnDefinition& column,
                                                  absl::optional<uint16_t> collation) {
  uint16_t id = column.character_set;
  if (collation.has_value()) {
    id = *collation;
  } else if ((column.flags & column_flag::kBinary) != 0 && id != collation_id::kBinary) {
    absl::optional<uint16_t> bin = BinaryCollationOfCharset(id);
    if (bin.has_value()) id = *bin;
  }
  const Collation* c = Collation::Find(id);
  if (c == nullptr) {
    return UnsupportedError(absl::StrCat("shardproxy cannot compare values of column '",
                                         column.name, "' across shards: collation id ", id,
                                         " is not supported by the merger"));
  }
  return c;
}

absl::StatusOr<CellComparator> CellComparator::ForColumn(const ColumnDefinition& column,
                                                         absl::optional<uint16_t> collation) {
  return ForColumnAs(column, ClassOfColumn(column), collation);
}

absl::StatusOr<CellComparator> CellComparator::ForColumnAs(const ColumnDefinition& column,
                                                           ValueClass target,
                                                           absl::optional<uint16_t> collation) {
  CellComparator c;
  c.class_ = target;
  c.source_ = ClassOfColumn(column);
  if (target == ValueClass::kString || c.source_ == ValueClass::kString) {
    absl::optional<CellEncoding> encoding = EncodingOfCollation(column.character_set);
    if (!encoding.has_value()) {
      return UnsupportedError(
          absl::StrCat("shardproxy cannot compare values of column '", column.name,
                       "' across shards: character set of "
                       "collation id ",
                       column.character_set, " is not supported by the merger"));
    }
    c.encoding_ = *encoding;
    // Strings that are not character data (BIT, GEOMETRY, binary) compare as bytes.
    bool bytes = column.character_set == collation_id::kBinary || column.type == FieldType::kBit ||
                 column.type == FieldType::kGeometry;
    if (bytes && !collation.has_value()) {
      c.collation_ = &Collation::Binary();
    } else {
      absl::StatusOr<const Collation*> resolved = ResolveCollation(column, collation);
      if (!resolved.ok()) return resolved.status();
      c.collation_ = *resolved;
    }
  }
  return c;
}

double CellComparator::AsDouble(absl::string_view text) const {
  double d;
  switch (source_) {
    case ValueClass::kInteger:
    case ValueClass::kDecimal:
    case ValueClass::kDouble:
      if (ParseDoubleText(text, &d)) return d;
      break;
    case ValueClass::kDateTime:
    case ValueClass::kTime: {
      absl::optional<std::string> number = TemporalAsNumberText(text, source_ == ValueClass::kTime);
      if (number.has_value() && ParseDoubleText(*number, &d)) return d;
      break;
    }
    case ValueClass::kString:
      break;
  }
  return StringToDoubleLikeMysql(text);
}

bool CellComparator::AsDateTime(absl::string_view text, int64_t* packed) const {
  absl::optional<DateTimeParts> p = ParseDateTime(text);
  if (!p.has_value()) return false;
  *packed = PackDateTime(*p);
  return true;
}

bool CellComparator::AsTime(absl::string_view text, int64_t* micros) const {
  absl::optional<int64_t> t = ParseTimeMicros(text);
  if (!t.has_value()) return false;
  *micros = *t;
  return true;
}

int CellComparator::CompareValues(absl::string_view a, absl::string_view b) const {
  switch (class_) {
    case ValueClass::kInteger:
    case ValueClass::kDecimal:
      if (IsExactNumber(source_)) return CompareDecimalText(a, b);
      return Three(AsDouble(a), AsDouble(b));
    case ValueClass::kDouble:
      return Three(AsDouble(a), AsDouble(b));
    case ValueClass::kDateTime: {
      int64_t pa, pb;
      bool oka = AsDateTime(a, &pa), okb = AsDateTime(b, &pb);
      if (oka && okb) return Three(pa, pb);
      if (oka != okb) return oka ? 1 : -1;  // what does not parse sorts first
      return CompareBinary(a, b);
    }
    case ValueClass::kTime: {
      int64_t ta, tb;
      bool oka = AsTime(a, &ta), okb = AsTime(b, &tb);
      if (oka && okb) return Three(ta, tb);
      if (oka != okb) return oka ? 1 : -1;
      return CompareBinary(a, b);
    }
    case ValueClass::kString:
      return collation_->Compare(a, b, encoding_);
  }
  return 0;
}

void CellComparator::AppendKey(const Cell& cell, std::string* key) const {
  if (!cell.has_value()) {
    key->push_back('\0');
    return;
  }
  absl::string_view text = *cell;
  switch (class_) {
    case ValueClass::kInteger:
    case ValueClass::kDecimal: {
      DecimalParts parts;
      if (IsExactNumber(source_) && ParseDecimalParts(text, &parts)) {
        key->push_back('\1');
        AppendCanonicalDecimal(parts, key);
        key->push_back('\0');
        return;
      }
      double d = AsDouble(text);
      key->push_back('\2');
      AppendFixed64(absl::bit_cast<uint64_t>(d == 0 ? 0.0 : d), key);
      return;
    }
    case ValueClass::kDouble: {
      double d = AsDouble(text);
      key->push_back('\1');
      AppendFixed64(absl::bit_cast<uint64_t>(d == 0 ? 0.0 : d), key);  // -0 == 0
      return;
    }
    case ValueClass::kDateTime:
    case ValueClass::kTime: {
      int64_t v;
      if (class_ == ValueClass::kDateTime ? AsDateTime(text, &v) : AsTime(text, &v)) {
        key->push_back('\1');
        AppendFixed64(static_cast<uint64_t>(v), key);
        return;
      }
      key->push_back('\2');
      break;  // unparsable: by its bytes, below
    }
    case ValueClass::kString:
      key->push_back('\1');
      break;
  }
  size_t length_at = key->size();
  key->append(4, '\0');
  if (class_ == ValueClass::kString) {
    collation_->AppendEqualityKey(text, encoding_, key);
  } else {
    key->append(text.data(), text.size());
  }
  uint32_t length = static_cast<uint32_t>(key->size() - length_at - 4);
  for (int i = 3; i >= 0; --i) {
    (*key)[length_at + static_cast<size_t>(i)] = static_cast<char>(length & 0xFF);
    length >>= 8;
  }
}

}  // namespace shardproxy
