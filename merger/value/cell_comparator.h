// How the values of one column compare and group, by MySQL's rules.
//
// A CellComparator is resolved once per column when a pipeline is built (type, collation,
// encoding) and then compares text cells with no allocation: integers and DECIMALs as digit
// strings, doubles as doubles, dates and times as values, strings by collation. NULL sorts
// before every value, as in MySQL's ascending order (a DESC key negates the result, which puts
// NULLs last). AppendKey() gives the matching equality key for hash tables: two cells have the
// same key exactly when Compare() says they are equal.
//
// A comparator may also read cells of another class than it compares in (source != class):
// that is how a join key of an INT column meets a VARCHAR column — MySQL compares those as
// doubles — or a DATE meets a string.
#ifndef SHARDPROXY_MERGER_VALUE_CELL_COMPARATOR_H_
#define SHARDPROXY_MERGER_VALUE_CELL_COMPARATOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "common/mysql_types.h"
#include "merger/row_stream.h"
#include "merger/value/collation.h"

namespace shardproxy {

// The domain a value is compared in.
enum class ValueClass : uint8_t {
  kInteger,   // integer types and YEAR (compared exactly, any width and sign)
  kDecimal,   // DECIMAL
  kDouble,    // FLOAT, DOUBLE
  kDateTime,  // DATE, DATETIME, TIMESTAMP
  kTime,      // TIME
  kString,    // character and binary strings, BIT, ENUM/SET (by their text), JSON, GEOMETRY
};

ValueClass ClassOfType(FieldType type);
// The class of a column's cells. Differs from ClassOfType for BIT: a BIT column's cells are its
// bytes (compared as such), but MIN/MAX/SUM of a BIT column arrive as decimal digits, flagged
// BINARY, and compare as integers.
ValueClass ClassOfColumn(const ColumnDefinition& column);

// MySQL's comparison domain for a value of class a against one of class b: both strings →
// string; integers and decimals → decimal (integer if both are); a temporal value against a
// string → that temporal class; anything else → double.
ValueClass CommonClass(ValueClass a, ValueClass b);

class CellComparator {
 public:
  // Compares cells of `column`. `collation` (an id) overrides the column definition's for string
  // columns: backends report the connection's result collation there, not the column's, so the
  // router passes the real one when it knows it. Without an override a column flagged BINARY
  // compares with its character set's _bin collation. Errors: unknown collation or character
  // set (1235 / 42000).
  static absl::StatusOr<CellComparator> ForColumn(
      const ColumnDefinition& column, absl::optional<uint16_t> collation = absl::nullopt);

  // Compares in `target` class cells of `column` (which may be of another class).
  static absl::StatusOr<CellComparator> ForColumnAs(
      const ColumnDefinition& column, ValueClass target,
      absl::optional<uint16_t> collation = absl::nullopt);

  CellComparator() = default;

  // <0, 0, >0; NULL is less than any value and equal to NULL.
  int Compare(const Cell& a, const Cell& b) const {
    if (!a.has_value()) return b.has_value() ? -1 : 0;
    if (!b.has_value()) return 1;
    return CompareValues(*a, *b);
  }
  int CompareValues(absl::string_view a, absl::string_view b) const;

  // Appends a self-delimiting key of `cell` (NULL included) to *key.
  void AppendKey(const Cell& cell, std::string* key) const;

  ValueClass value_class() const { return class_; }
  ValueClass source_class() const { return source_; }
  const Collation* collation() const { return collation_; }
  CellEncoding encoding() const { return encoding_; }

 private:
  double AsDouble(absl::string_view text) const;
  bool AsDateTime(absl::string_view text, int64_t* packed) const;
  bool AsTime(absl::string_view text, int64_t* micros) const;

  ValueClass class_ = ValueClass::kString;
  ValueClass source_ = ValueClass::kString;
  const Collation* collation_ = nullptr;
  CellEncoding encoding_ = CellEncoding::kBinary;
};

// The collation string cells of `column` compare with (see CellComparator::ForColumn).
absl::StatusOr<const Collation*> ResolveCollation(const ColumnDefinition& column,
                                                  absl::optional<uint16_t> collation);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_CELL_COMPARATOR_H_
