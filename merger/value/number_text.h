// Numbers as the text protocol carries them: comparing, normalizing, parsing and printing them
// the way MariaDB does, without converting exact values to doubles.
//
// Integer and DECIMAL cells are compared as decimal digit strings, which is exact for every
// width (BIGINT UNSIGNED, DECIMAL(65,30)) and needs no allocation: this is the ORDER BY merge's
// inner loop.
#ifndef SHARDPROXY_MERGER_VALUE_NUMBER_TEXT_H_
#define SHARDPROXY_MERGER_VALUE_NUMBER_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shardproxy {

// The parts of a plain decimal literal: [sign] int_digits [. frac_digits], leading zeros of the
// integer part and trailing zeros of the fraction removed. Views into the parsed text.
struct DecimalParts {
  bool negative = false;  // never set for zero
  absl::string_view int_digits;
  absl::string_view frac_digits;
  bool is_zero() const { return int_digits.empty() && frac_digits.empty(); }
};

// Splits `text` ("-0012.3400", "7", ".5", "+1.") into parts; false if it is not a plain decimal
// number (exponents are not plain decimals: DECIMAL and integer cells never have them).
bool ParseDecimalParts(absl::string_view text, DecimalParts* parts);

// Compares two integer/DECIMAL cells by value; text that is not a plain decimal compares as
// MySQL converts it to a double.
int CompareDecimalText(absl::string_view a, absl::string_view b);
int CompareDecimalParts(const DecimalParts& a, const DecimalParts& b);

// Appends a canonical form of a plain decimal ("-12.34", "0"), equal for equal values.
void AppendCanonicalDecimal(const DecimalParts& parts, std::string* out);

// Parses a double as the server prints it ("1e20", "-0.5", "0.30000000000000004"). False on
// anything else.
bool ParseDoubleText(absl::string_view text, double* value);

// MySQL's string-to-number conversion for comparisons and arithmetic: leading spaces skipped,
// the longest numeric prefix used, "abc" is 0.
double StringToDoubleLikeMysql(absl::string_view text);

// Parses an integer cell ("-12", "18446744073709551615"); false if not an integer in range of
// int64 (negative) / uint64 (non-negative).
struct IntText {
  bool negative = false;
  uint64_t magnitude = 0;
};
bool ParseIntText(absl::string_view text, IntText* value);
bool ParseInt64(absl::string_view text, int64_t* value);
bool ParseUInt64(absl::string_view text, uint64_t* value);

// Prints a double as MariaDB's text protocol does for a DOUBLE result with `decimals`: fixed
// notation with exactly that many fraction digits when decimals < 31 (NOT_FIXED_DEC), else the
// shortest round-trip digits laid out like MariaDB's my_gcvt ("1e20", "0.00015", "1.5e-20").
std::string FormatDouble(double value, int decimals);
void AppendDouble(double value, int decimals, std::string* out);

// NOT_FIXED_DEC: a DOUBLE/FLOAT column's `decimals` when it has no fixed scale.
inline constexpr int kNotFixedDecimals = 31;

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_NUMBER_TEXT_H_
