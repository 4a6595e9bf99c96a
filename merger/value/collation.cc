#include "merger/value/collation.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace shardproxy {
namespace collation_data {

struct ImplicitRange {
  uint32_t lo;
  uint32_t hi;
  uint32_t base;
};

// What a code point that no run covers weighs.
enum class DefaultRule : uint8_t {
  kIdentity,  // its own value on the BMP, `constant` beyond
  kImplicit,  // UCA implicit weights [base + (cp >> 15), (cp & 0x7FFF) | 0x8000], base per range
  kConstant,  // `constant`
};

struct TableData {
  const char* name;
  const uint32_t* runs;
  size_t runs_size;
  const ImplicitRange* implicit;
  size_t implicit_size;
  DefaultRule rule;
  uint32_t constant;
};

enum class WeightKind : uint8_t {
  kBytes,      // `binary`: raw bytes, no decoding
  kCodePoint,  // utf8*_bin: the code point is the weight
  kTable,      // weights from a generated table
};

struct CollationData {
  uint16_t id;
  const char* name;
  WeightKind kind;
  int table;
  bool pad_space;
  CellEncoding encoding;
};

struct CharsetOfCollation {
  uint16_t id;
  CellEncoding encoding;
  uint16_t bin_collation;
};

}  // namespace collation_data
}  // namespace shardproxy

#include "merger/value/collation_tables.inc"

namespace shardproxy {

namespace {

using collation_data::CollationData;
using collation_data::DefaultRule;
using collation_data::TableData;
using collation_data::WeightKind;

constexpr uint32_t kIllegalWeightBase = 0xFF0000;
constexpr uint32_t kIllegalFlag = 0x80000000;  // DecodeOne: not a code point but a bad byte

// A generated table expanded for O(1) lookups: every BMP code point's weights, and the explicit
// entries beyond the BMP. Built on first use of a collation that needs it.
struct ExpandedTable {
  std::vector<uint32_t> bmp;                              // (offset into pool << 4) | count
  std::vector<uint16_t> pool;                             // weights
  absl::flat_hash_map<uint32_t, uint32_t> supplementary;  // same encoding as bmp
  const TableData* data = nullptr;
  uint32_t space_weight = 0x20;
};

// Weights of a code point that no run covers; returns their number (1 or 2).
int RuleWeights(const TableData& t, uint32_t cp, uint16_t out[2]) {
  switch (t.rule) {
    case DefaultRule::kIdentity:
      out[0] = cp <= 0xFFFF ? static_cast<uint16_t>(cp) : static_cast<uint16_t>(t.constant);
      return 1;
    case DefaultRule::kImplicit:
      for (size_t i = 0; i < t.implicit_size; ++i) {
        const auto& r = t.implicit[i];
        if (cp >= r.lo && cp <= r.hi) {
          out[0] = static_cast<uint16_t>(r.base + (cp >> 15));
          out[1] = static_cast<uint16_t>((cp & 0x7FFF) | 0x8000);
          return 2;
        }
      }
      break;
    case DefaultRule::kConstant:
      break;
  }
  out[0] = static_cast<uint16_t>(t.constant);
  return 1;
}

std::unique_ptr<ExpandedTable> Expand(const TableData& t) {
  auto e = std::make_unique<ExpandedTable>();
  e->data = &t;
  e->bmp.assign(0x10000, UINT32_MAX);
  e->pool.reserve(0x10000 * 2);
  auto add = [&](uint32_t cp, const uint32_t* ws, uint32_t n, uint32_t increment) {
    uint32_t entry = static_cast<uint32_t>(e->pool.size() << 4) | n;
    for (uint32_t k = 0; k < n; ++k) e->pool.push_back(static_cast<uint16_t>(ws[k] + increment));
    if (cp <= 0xFFFF) {
      e->bmp[cp] = entry;
    } else {
      e->supplementary[cp] = entry;
    }
  };
  for (size_t i = 0; i < t.runs_size;) {
    uint32_t first = t.runs[i], count = t.runs[i + 1], mode = t.runs[i + 2], n = t.runs[i + 3];
    const uint32_t* ws = t.runs + i + 4;
    for (uint32_t k = 0; k < count; ++k) add(first + k, ws, n, mode == 1 ? k : 0);
    i += 4 + n;
  }
  for (uint32_t cp = 0; cp <= 0xFFFF; ++cp) {
    if (e->bmp[cp] != UINT32_MAX) continue;
    uint16_t ws[2];
    int n = RuleWeights(t, cp, ws);
    e->bmp[cp] = static_cast<uint32_t>(e->pool.size() << 4) | static_cast<uint32_t>(n);
    e->pool.insert(e->pool.end(), ws, ws + n);
  }
  uint32_t space = e->bmp[0x20];
  e->space_weight = (space & 15) == 1 ? e->pool[space >> 4] : 0x20;
  return e;
}

const ExpandedTable& TableAt(int index) {
  constexpr size_t kCount = sizeof(collation_data::kTables) / sizeof(collation_data::kTables[0]);
  static std::once_flag once[kCount];
  static std::unique_ptr<ExpandedTable> tables[kCount];
  std::call_once(once[index], [index] { tables[index] = Expand(collation_data::kTables[index]); });
  return *tables[index];
}

// Decodes one character; on an invalid sequence consumes one byte and returns kIllegalFlag|byte.
inline uint32_t DecodeUtf8(const uint8_t*& p, const uint8_t* end) {
  uint8_t c = *p;
  if (c < 0x80) {
    ++p;
    return c;
  }
  size_t avail = static_cast<size_t>(end - p);
  if (c >= 0xC2 && c <= 0xDF) {
    if (avail >= 2 && (p[1] & 0xC0) == 0x80) {
      uint32_t cp = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
      p += 2;
      return cp;
    }
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (avail >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      uint32_t cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        p += 3;
        return cp;
      }
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (avail >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
      uint32_t cp =
          ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
      if (cp >= 0x10000 && cp <= 0x10FFFF) {
        p += 4;
        return cp;
      }
    }
  }
  ++p;
  return kIllegalFlag | c;
}

// Produces a string's weights one at a time, without allocating.
class WeightScanner {
 public:
  WeightScanner(const CollationData& c, const ExpandedTable* table, absl::string_view s,
                CellEncoding encoding)
      : kind_(c.kind),
        encoding_(encoding),
        table_(table),
        p_(reinterpret_cast<const uint8_t*>(s.data())),
        end_(p_ + s.size()) {}

  bool Next(uint32_t* w) {
    if (pending_ < pending_end_) {
      *w = *pending_++;
      return true;
    }
    while (p_ < end_) {
      uint32_t cp;
      if (encoding_ == CellEncoding::kUtf8) {
        cp = DecodeUtf8(p_, end_);
        if (cp & kIllegalFlag) {
          *w = kIllegalWeightBase | (cp & 0xFF);
          return true;
        }
      } else if (encoding_ == CellEncoding::kLatin1) {
        cp = collation_data::kLatin1ToUnicode[*p_++];
      } else {
        cp = *p_++;
      }
      if (kind_ == WeightKind::kCodePoint) {
        *w = cp;
        return true;
      }
      uint32_t entry;
      if (cp <= 0xFFFF) {
        entry = table_->bmp[cp];
      } else {
        auto it = table_->supplementary.find(cp);
        if (it != table_->supplementary.end()) {
          entry = it->second;
        } else {
          int n = RuleWeights(*table_->data, cp, scratch_);
          pending_ = scratch_ + 1;
          pending_end_ = scratch_ + n;
          *w = scratch_[0];
          return true;
        }
      }
      uint32_t n = entry & 15;
      if (n == 0) continue;  // ignorable
      const uint16_t* ws = table_->pool.data() + (entry >> 4);
      *w = ws[0];
      pending_ = ws + 1;
      pending_end_ = ws + n;
      return true;
    }
    return false;
  }

 private:
  WeightKind kind_;
  CellEncoding encoding_;
  const ExpandedTable* table_;
  const uint8_t* p_;
  const uint8_t* end_;
  const uint16_t* pending_ = nullptr;
  const uint16_t* pending_end_ = nullptr;
  uint16_t scratch_[2] = {0, 0};
};

int CompareBytes(absl::string_view a, absl::string_view b) {
  size_t n = std::min(a.size(), b.size());
  int r = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (r != 0) return r < 0 ? -1 : 1;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

const std::vector<std::unique_ptr<Collation>>& AllCollations() {
  static const auto* all = [] {
    auto* v = new std::vector<std::unique_ptr<Collation>>();
    for (const auto& c : collation_data::kCollations) v->push_back(std::make_unique<Collation>(&c));
    return v;
  }();
  return *all;
}

}  // namespace

Collation::Collation(const collation_data::CollationData* data) : data_(data) {}

const Collation* Collation::Find(uint16_t id) {
  for (const auto& c : AllCollations()) {
    if (c->id() == id) return c.get();
  }
  return nullptr;
}

const Collation* Collation::FindByName(absl::string_view name) {
  for (const auto& c : AllCollations()) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

const Collation& Collation::Binary() {
  static const Collation* binary = Find(63);
  return *binary;
}

uint16_t Collation::id() const { return data_->id; }
absl::string_view Collation::name() const { return data_->name; }
bool Collation::pad_space() const { return data_->pad_space; }
CellEncoding Collation::own_encoding() const { return data_->encoding; }

int Collation::Compare(absl::string_view a, absl::string_view b, CellEncoding encoding) const {
  if (data_->kind == WeightKind::kBytes) return CompareBytes(a, b);
  if (a == b) return 0;
  const ExpandedTable* table = data_->kind == WeightKind::kTable ? &TableAt(data_->table) : nullptr;
  WeightScanner sa(*data_, table, a, encoding);
  WeightScanner sb(*data_, table, b, encoding);
  uint32_t space = table != nullptr ? table->space_weight : 0x20;
  uint32_t wa, wb;
  while (true) {
    bool ha = sa.Next(&wa);
    bool hb = sb.Next(&wb);
    if (ha && hb) {
      if (wa != wb) return wa < wb ? -1 : 1;
      continue;
    }
    if (!ha && !hb) return 0;
    if (!data_->pad_space) return ha ? 1 : -1;
    // The shorter string continues as spaces: the first weight of the longer one that is not
    // the space weight decides.
    if (ha) {
      do {
        if (wa != space) return wa < space ? -1 : 1;
      } while (sa.Next(&wa));
      return 0;
    }
    do {
      if (wb != space) return space < wb ? -1 : 1;
    } while (sb.Next(&wb));
    return 0;
  }
}

void Collation::AppendEqualityKey(absl::string_view s, CellEncoding encoding,
                                  std::string* key) const {
  if (data_->kind == WeightKind::kBytes) {
    key->append(s.data(), s.size());
    return;
  }
  const ExpandedTable* table = data_->kind == WeightKind::kTable ? &TableAt(data_->table) : nullptr;
  uint32_t space = table != nullptr ? table->space_weight : 0x20;
  WeightScanner scanner(*data_, table, s, encoding);
  size_t keep = key->size();  // length without trailing pad-space weights
  uint32_t w;
  while (scanner.Next(&w)) {
    char bytes[3] = {static_cast<char>(w >> 16), static_cast<char>(w >> 8), static_cast<char>(w)};
    key->append(bytes, 3);
    if (!data_->pad_space || w != space) keep = key->size();
  }
  key->resize(keep);
}

absl::optional<CellEncoding> EncodingOfCollation(uint16_t collation_id) {
  for (const auto& c : collation_data::kCharsets) {
    if (c.id == collation_id) return c.encoding;
  }
  return absl::nullopt;
}

absl::optional<uint16_t> BinaryCollationOfCharset(uint16_t collation_id) {
  for (const auto& c : collation_data::kCharsets) {
    if (c.id == collation_id) return c.bin_collation;
  }
  return absl::nullopt;
}

}  // namespace shardproxy
