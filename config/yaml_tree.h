// The config file as a plain tree of maps, sequences and scalars, each with its 1-based line and
// column. yaml-cpp is used only to build this tree (yaml_tree.cc is the one place that includes it
// and the one place its exceptions are caught); validation then works on YamlNode, so no other
// file — inside config/ or out — depends on yaml-cpp.
#ifndef SHARDPROXY_CONFIG_YAML_TREE_H_
#define SHARDPROXY_CONFIG_YAML_TREE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shardproxy {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string scalar;   // kScalar: the text without quotes
  bool quoted = false;  // kScalar: written in quotes (or tagged !!str), so never a number or bool
  int line = 0;         // 1-based; 0 when unknown (an empty document)
  int column = 0;       // 1-based
  std::vector<YamlNode> items;                         // kSequence
  std::vector<std::pair<YamlNode, YamlNode>> entries;  // kMap, in file order, duplicates kept

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // The first value whose key is `key`, or nullptr.
  const YamlNode* Find(absl::string_view key) const;
  // "a map", "a list", "a value", "nothing" — for "expected X, found Y" messages.
  absl::string_view KindName() const;
};

// Parses `text`. A syntax error becomes a status naming `file_name`, line and column. An empty
// document yields a kNull root.
absl::StatusOr<YamlNode> ParseYamlTree(absl::string_view text, absl::string_view file_name);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_YAML_TREE_H_
