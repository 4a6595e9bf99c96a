#include "merger/hash_join_stream.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"
#include "merger/aggregator.h"

namespace shardproxy {
namespace {

constexpr absl::string_view kWhat = "hash join";
constexpr uint32_t kEnd = UINT32_MAX;

absl::Status BadJoin(absl::string_view what) {
  return InternalError(absl::StrCat("invalid hash join: ", what));
}

bool IsBinaryString(const ColumnDefinition& c) {
  return ClassOfColumn(c) == ValueClass::kString && c.character_set == collation_id::kBinary;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HashJoinStream>> HashJoinStream::Make(
    std::unique_ptr<RowStream> left, std::unique_ptr<RowStream> right, HashJoinSpec spec,
    std::shared_ptr<MemoryBudget> budget) {
  if (spec.keys.empty()) return BadJoin("no join keys");
  absl::Span<const ColumnDefinition> lc = left->columns(), rc = right->columns();
  std::vector<CellComparator> left_keys, right_keys;
  for (const JoinKey& k : spec.keys) {
    if (k.left_column < 0 || k.left_column >= static_cast<int>(lc.size()) || k.right_column < 0 ||
        k.right_column >= static_cast<int>(rc.size())) {
      return BadJoin(
          absl::StrCat("key column ", k.left_column, "/", k.right_column, " out of range"));
    }
    const ColumnDefinition& l = lc[static_cast<size_t>(k.left_column)];
    const ColumnDefinition& r = rc[static_cast<size_t>(k.right_column)];
    ValueClass common = CommonClass(ClassOfColumn(l), ClassOfColumn(r));
    // Both sides must weigh strings with one collation: the key's, else binary if either side
    // is a binary string, else the left column's.
    absl::optional<uint16_t> collation = k.collation;
    if (common == ValueClass::kString && !collation.has_value()) {
      if (IsBinaryString(l) || IsBinaryString(r)) {
        collation = collation_id::kBinary;
      } else {
        absl::StatusOr<const Collation*> c = ResolveCollation(l, absl::nullopt);
        if (!c.ok()) return c.status();
        collation = (*c)->id();
      }
    }
    absl::StatusOr<CellComparator> a = CellComparator::ForColumnAs(l, common, collation);
    if (!a.ok()) return a.status();
    absl::StatusOr<CellComparator> b = CellComparator::ForColumnAs(r, common, collation);
    if (!b.ok()) return b.status();
    left_keys.push_back(*a);
    right_keys.push_back(*b);
  }
  std::vector<ColumnDefinition> columns(lc.begin(), lc.end());
  columns.insert(columns.end(), rc.begin(), rc.end());
  // The NULL-extended side's columns become nullable.
  size_t from = spec.type == JoinType::kLeft ? lc.size() : 0;
  size_t to = spec.type == JoinType::kLeft ? columns.size()
                                           : (spec.type == JoinType::kRight ? lc.size() : 0);
  for (size_t i = from; i < to; ++i) {
    columns[i].flags &= static_cast<uint16_t>(~column_flag::kNotNull);  // keys stay flagged
  }
  if (spec.condition.has_value()) {
    absl::Status s = spec.condition->Validate(static_cast<int>(columns.size()));
    if (!s.ok()) return s;
  }
  auto join = std::unique_ptr<HashJoinStream>(new HashJoinStream(
      std::move(columns), std::move(left), std::move(right), std::move(spec), std::move(budget)));
  join->left_keys_ = std::move(left_keys);
  join->right_keys_ = std::move(right_keys);
  return join;
}

HashJoinStream::HashJoinStream(std::vector<ColumnDefinition> columns,
                               std::unique_ptr<RowStream> left, std::unique_ptr<RowStream> right,
                               HashJoinSpec spec, std::shared_ptr<MemoryBudget> budget)
    : MergeOperator(std::move(columns)),
      left_(std::move(left)),
      right_(std::move(right)),
      spec_(std::move(spec)),
      budget_(std::move(budget)),
      left_width_(left_->columns().size()),
      right_width_(right_->columns().size()),
      arena_(budget_.get(), kWhat),
      table_charge_(budget_.get(), kWhat) {
  for (const ColumnDefinition& c : this->columns()) {
    absl::StatusOr<CellComparator> cmp = CellComparator::ForColumn(c);
    if (!cmp.ok()) {
      ColumnDefinition binary = c;
      binary.character_set = collation_id::kBinary;
      cmp = CellComparator::ForColumn(binary);
    }
    output_comparators_.push_back(*cmp);
  }
  cells_.resize(left_width_ + right_width_);
}

bool HashJoinStream::Key(RowView row, bool left_side, std::string* key) const {
  key->clear();
  const auto& comparators = left_side ? left_keys_ : right_keys_;
  for (size_t i = 0; i < spec_.keys.size(); ++i) {
    int col = left_side ? spec_.keys[i].left_column : spec_.keys[i].right_column;
    const Cell& cell = row[static_cast<size_t>(col)];
    if (!cell.has_value() && !spec_.keys[i].null_safe) return false;
    comparators[i].AppendKey(cell, key);
  }
  return true;
}

absl::Status HashJoinStream::Build(RowView row) {
  if (!Key(row, build_is_left(), &key_)) return absl::OkStatus();  // NULL key: never matches
  absl::StatusOr<RowView> copy = arena_.Copy(row);
  if (!copy.ok()) return copy.status();
  absl::Status s = table_charge_.Add(sizeof(RowView) + sizeof(uint32_t) * 3 +
                                     2 * (sizeof(absl::string_view) + sizeof(uint32_t)));
  if (!s.ok()) return s;
  uint32_t index = static_cast<uint32_t>(build_rows_.size());
  build_rows_.push_back(*copy);
  auto it = heads_.find(absl::string_view(key_));
  if (it == heads_.end()) {
    absl::StatusOr<char*> key_copy = arena_.Allocate(key_.size());
    if (!key_copy.ok()) return key_copy.status();
    if (!key_.empty()) std::memcpy(*key_copy, key_.data(), key_.size());
    heads_.emplace(absl::string_view(*key_copy, key_.size()), index);
    next_.push_back(kEnd);
  } else {
    // Prepend; the chain is walked in reverse arrival order, which no SQL result depends on.
    next_.push_back(it->second);
    it->second = index;
  }
  return absl::OkStatus();
}

void HashJoinStream::Join(RowView probe, const RowView* build) {
  RowView left = build_is_left() ? (build != nullptr ? *build : RowView()) : probe;
  RowView right = build_is_left() ? probe : (build != nullptr ? *build : RowView());
  for (size_t i = 0; i < left_width_; ++i) cells_[i] = left.empty() ? Cell() : left[i];
  for (size_t i = 0; i < right_width_; ++i) {
    cells_[left_width_ + i] = right.empty() ? Cell() : right[i];
  }
}

StreamState HashJoinStream::Next(RowView* row) {
  if (finished()) return StreamState::kFinished;
  RowStream& build = build_is_left() ? *left_ : *right_;
  RowStream& probe = build_is_left() ? *right_ : *left_;
  if (!built_) {
    absl::optional<StreamState> stop = DrainInput(build, [this](RowView in) { return Build(in); });
    if (stop.has_value()) return *stop;
    built_ = true;
  }
  bool outer = spec_.type != JoinType::kInner;
  while (true) {
    if (!have_probe_) {
      switch (probe.Next(&probe_)) {
        case StreamState::kBlocked:
          return StreamState::kBlocked;
        case StreamState::kFinished:
          return Finish(probe.status());
        case StreamState::kHaveRow:
          break;
      }
      have_probe_ = true;
      matched_ = false;
      chain_ = kEnd;
      if (Key(probe_, !build_is_left(), &key_)) {
        auto it = heads_.find(absl::string_view(key_));
        if (it != heads_.end()) chain_ = it->second;
      }
    }
    while (chain_ != kEnd) {
      const RowView& candidate = build_rows_[chain_];
      chain_ = next_[chain_];
      Join(probe_, &candidate);
      if (spec_.condition.has_value()) {
        absl::StatusOr<bool> keep = EvaluateCondition(
            *spec_.condition, TextRow(columns(), output_comparators_, RowView(cells_)),
            spec_.div_precision_increment);
        if (!keep.ok()) return Finish(keep.status());
        if (!*keep) continue;
      }
      matched_ = true;
      *row = RowView(cells_);
      return StreamState::kHaveRow;
    }
    have_probe_ = false;
    if (outer && !matched_) {
      Join(probe_, nullptr);
      *row = RowView(cells_);
      return StreamState::kHaveRow;
    }
  }
}

}  // namespace shardproxy
