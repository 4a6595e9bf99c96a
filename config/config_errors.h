// Collects validation errors while a config file is checked, each tied to the place in the file it
// is about: "unknown data source 'ds9' in data_nodes of table t_order (config/shop.yaml:14:12)".
// Checking goes on after an error so that one run reports every independent mistake; checks that
// depend on a part that failed are skipped so one mistake does not cascade into many messages.
#ifndef SHARDPROXY_CONFIG_CONFIG_ERRORS_H_
#define SHARDPROXY_CONFIG_CONFIG_ERRORS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/yaml_tree.h"

namespace shardproxy {

class ConfigErrors {
 public:
  explicit ConfigErrors(absl::string_view file_name) : file_name_(file_name) {}

  // Records `message` located at `node` (or at the start of the file if the node has no place).
  void Add(const YamlNode& node, absl::string_view message);
  void AddAt(int line, int column, absl::string_view message);

  bool ok() const { return messages_.empty(); }
  size_t count() const { return messages_.size(); }
  const std::string& file_name() const { return file_name_; }
  // "file:line:column" for `node`.
  std::string Where(const YamlNode& node) const;
  // OK, or one error (code 1105/HY000) whose message lists every recorded error, one per line.
  absl::Status ToStatus() const;

 private:
  std::string file_name_;
  std::vector<std::string> messages_;
};

// The status for a config problem found outside ConfigErrors (1105/HY000, like MySQL's own
// configuration errors).
absl::Status ConfigError(absl::string_view message);

// "; did you mean 'host'?" when one of `candidates` is close to `word` (edit distance, case
// ignored), else "".
std::string DidYouMean(absl::string_view word, absl::Span<const absl::string_view> candidates);

// Levenshtein distance, ASCII case-insensitive.
int EditDistance(absl::string_view a, absl::string_view b);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_CONFIG_ERRORS_H_
