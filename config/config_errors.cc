#include "config/config_errors.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

// One config can have many independent mistakes; past this many the rest is noise.
constexpr size_t kMaxReported = 25;

}  // namespace

void ConfigErrors::Add(const YamlNode& node, absl::string_view message) {
  AddAt(node.line, node.column, message);
}

void ConfigErrors::AddAt(int line, int column, absl::string_view message) {
  if (line <= 0) {
    messages_.push_back(absl::StrCat(message, " (", file_name_, ")"));
  } else {
    messages_.push_back(absl::StrCat(message, " (", file_name_, ":", line, ":", column, ")"));
  }
}

std::string ConfigErrors::Where(const YamlNode& node) const {
  return absl::StrCat(file_name_, ":", node.line, ":", node.column);
}

absl::Status ConfigErrors::ToStatus() const {
  if (messages_.empty()) return absl::OkStatus();
  std::string text;
  if (messages_.size() <= kMaxReported) {
    text = absl::StrJoin(messages_, "\n");
  } else {
    std::vector<std::string> shown(messages_.begin(), messages_.begin() + kMaxReported);
    text = absl::StrCat(absl::StrJoin(shown, "\n"), "\n... and ", messages_.size() - kMaxReported,
                        " more errors");
  }
  return ConfigError(text);
}

absl::Status ConfigError(absl::string_view message) {
  return MysqlStatus(mysql_errc::kUnknownError, "HY000", message);
}

int EditDistance(absl::string_view a, absl::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions ("hots" -> "host" is one
  // edit), the commonest typo in hand-written keys.
  auto lower = [](char c) { return absl::ascii_tolower(static_cast<unsigned char>(c)); };
  const size_t width = b.size() + 1;
  std::vector<int> d((a.size() + 1) * width);
  for (size_t i = 0; i <= a.size(); ++i) d[i * width] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      int best = std::min({d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1,
                           d[(i - 1) * width + j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        best = std::min(best, d[(i - 2) * width + j - 2] + 1);
      }
      d[i * width + j] = best;
    }
  }
  return d[a.size() * width + b.size()];
}

std::string DidYouMean(absl::string_view word, absl::Span<const absl::string_view> candidates) {
  // Allow about one typo per three characters, and at least one.
  const int limit = std::max<int>(1, static_cast<int>(word.size()) / 3);
  int best = limit + 1;
  absl::string_view best_candidate;
  for (absl::string_view candidate : candidates) {
    const int distance = EditDistance(word, candidate);
    if (distance < best) {
      best = distance;
      best_candidate = candidate;
    }
  }
  if (best > limit) return "";
  return absl::StrCat("; did you mean '", best_candidate, "'?");
}

}  // namespace shardproxy
