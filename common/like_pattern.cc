#include "common/like_pattern.h"

#include <cstddef>

namespace shardproxy {
namespace {

// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte, so
// malformed text still advances).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

bool MatchesLikePattern(absl::string_view text, absl::string_view pattern) {
  // Greedy matching with one backtrack point (the last `%`): linear in practice, and never
  // exponential, whatever the pattern.
  size_t t = 0, p = 0;
  size_t star_p = absl::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      if (pattern[p] == '_') {
        size_t n = SequenceLength(static_cast<unsigned char>(text[t]));
        if (t + n <= text.size()) {
          t += n;
          ++p;
          continue;
        }
      } else {
        size_t q = p;
        if (pattern[q] == '\\' && q + 1 < pattern.size()) ++q;
        if (pattern[q] == text[t]) {
          t += 1;
          p = q + 1;
          continue;
        }
      }
    }
    if (star_p == absl::string_view::npos) return false;
    // Let the last `%` take one more character and retry from there.
    star_t += SequenceLength(static_cast<unsigned char>(text[star_t]));
    if (star_t > text.size()) return false;
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace shardproxy
