// libFuzzer target for the hand-written digest tokenizer, splitting and classification.
// Properties: tokens are in order and inside the statement; slots point at their tokens;
// digest text and hash are stable; computing twice gives the same result.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "parser/classify.h"
#include "parser/split.h"
#include "parser/sql_digest.h"

namespace {

void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardproxy::sql;
  std::string text(reinterpret_cast<const char*>(data), size);
  size_t covered = 0;
  for (absl::string_view piece : SplitStatements(text)) {
    Check(
        piece.data() >= text.data() + covered && piece.data() + piece.size() <= text.data() + size,
        "split pieces are ordered views of the input");
    covered = static_cast<size_t>(piece.data() - text.data()) + piece.size();
  }
  SqlDigest digest;
  if (!digest.Compute(text).ok()) return 0;
  uint32_t previous_end = 0;
  for (size_t i = 0; i < digest.tokens().size(); ++i) {
    const Token& t = digest.tokens()[i];
    Check(t.begin >= previous_end && t.end > t.begin && t.end <= size, "tokens ordered, in range");
    previous_end = t.end;
    if (t.slot >= 0) Check(digest.slots()[t.slot].token == i, "slot points at its token");
  }
  for (const Slot& slot : digest.slots()) {
    Check(slot.first_value + slot.value_count <= digest.values().size(), "slot values in range");
    if (slot.kind == Slot::Kind::kRowList) {
      Check(slot.row_count * slot.arity == slot.value_count, "rows x arity = values");
    }
  }
  SqlDigest again;
  Check(again.Compute(text).ok() && again.text() == digest.text() && again.hash() == digest.hash(),
        "digest is deterministic");
  Classify(digest);
  std::vector<int32_t> candidates;
  CandidateTableTokens(digest, &candidates);
  return 0;
}
