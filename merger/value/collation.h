// MariaDB collations as the merger applies them to text-protocol cells.
//
// A backend sends string cells in the connection's result character set (usually utf8mb4) while
// the order the shard sorted them in is the one of the *column's* collation. The merger must
// compare with exactly that collation, or a k-way merge interleaves shard results wrongly and a
// GROUP BY splits groups ('Ä' vs 'a' under utf8mb4_general_ci). So a Collation works on Unicode
// code points decoded from the cell's encoding, and weighs them with tables read from a real
// MariaDB by generate_collation_tables.py (never hand-written).
//
// Model (checked against the server by collation_mariadb_test.cc): a string's weights are its
// characters' weights in order (a character may have none — ignorable — or several — 'ß' is
// "ss"); PAD SPACE collations compare as if the shorter string were padded with spaces, NO PAD
// collations do not. `binary` compares bytes. Bytes that are not valid in the cell's encoding
// weigh 0xFF0000 + byte, after every character, as MariaDB's WEIGHT_ILSEQ does.
#ifndef SHARDPROXY_MERGER_VALUE_COLLATION_H_
#define SHARDPROXY_MERGER_VALUE_COLLATION_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace shardproxy {

// How the bytes of a string cell are encoded: taken from the character set of the collation id
// in the column definition (the connection's result character set).
enum class CellEncoding : uint8_t {
  kBinary,  // charset `binary`: bytes
  kUtf8,    // utf8mb3 / utf8mb4
  kLatin1,  // latin1 (MariaDB's cp1252 variant) and its subset ascii
};

namespace collation_data {
struct CollationData;
}

class Collation {
 public:
  // The collation with this id, or nullptr if the merger does not know it (callers turn that
  // into an "unsupported collation" error rather than guessing).
  static const Collation* Find(uint16_t id);
  static const Collation* FindByName(absl::string_view name);
  // The `binary` collation (id 63).
  static const Collation& Binary();

  uint16_t id() const;
  absl::string_view name() const;
  bool pad_space() const;
  // The encoding of the collation's own character set (what a cell would be in if the
  // connection used this character set).
  CellEncoding own_encoding() const;

  // <0, 0, >0 as a compares to b; both encoded in `encoding`.
  int Compare(absl::string_view a, absl::string_view b, CellEncoding encoding) const;

  // Appends a key to *key such that two strings compare equal exactly when their keys are the
  // same bytes (their weights, without trailing pad spaces under PAD SPACE). For hashing.
  void AppendEqualityKey(absl::string_view s, CellEncoding encoding, std::string* key) const;

  explicit Collation(const collation_data::CollationData* data);

 private:
  const collation_data::CollationData* data_;
};

// The encoding of cells whose column definition carries `collation_id`; nullopt for character
// sets the merger cannot decode.
absl::optional<CellEncoding> EncodingOfCollation(uint16_t collation_id);

// The `_bin` collation of the character set of `collation_id` (utf8mb4_bin for 45), or nullopt.
absl::optional<uint16_t> BinaryCollationOfCharset(uint16_t collation_id);

}  // namespace shardproxy

#endif  // SHARDPROXY_MERGER_VALUE_COLLATION_H_
