#include "config/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

// Aliases are expanded by copying, so a few nested aliases could describe an enormous tree;
// no real config comes near this many nodes.
constexpr int kMaxNodes = 1'000'000;

class TreeBuilder {
 public:
  bool Build(const YAML::Node& in, YamlNode* out) {
    if (++node_count_ > kMaxNodes) return false;
    const YAML::Mark mark = in.Mark();
    out->line = mark.line >= 0 ? mark.line + 1 : 0;
    out->column = mark.column >= 0 ? mark.column + 1 : 0;
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out->kind = YamlNode::Kind::kNull;
        return true;
      case YAML::NodeType::Scalar:
        out->kind = YamlNode::Kind::kScalar;
        out->scalar = in.Scalar();
        // yaml-cpp tags plain scalars "?" and quoted ones "!"; an explicit !!str also counts.
        out->quoted = in.Tag() != "?";
        return true;
      case YAML::NodeType::Sequence:
        out->kind = YamlNode::Kind::kSequence;
        out->items.reserve(in.size());
        for (const YAML::Node& item : in) {
          out->items.emplace_back();
          if (!Build(item, &out->items.back())) return false;
        }
        return true;
      case YAML::NodeType::Map:
        out->kind = YamlNode::Kind::kMap;
        out->entries.reserve(in.size());
        for (auto it = in.begin(); it != in.end(); ++it) {
          out->entries.emplace_back();
          if (!Build(it->first, &out->entries.back().first)) return false;
          if (!Build(it->second, &out->entries.back().second)) return false;
        }
        return true;
    }
    return true;
  }

 private:
  int node_count_ = 0;
};

}  // namespace

const YamlNode* YamlNode::Find(absl::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.IsScalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

absl::string_view YamlNode::KindName() const {
  switch (kind) {
    case Kind::kNull:
      return "nothing";
    case Kind::kScalar:
      return "a value";
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a map";
  }
  return "nothing";
}

absl::StatusOr<YamlNode> ParseYamlTree(absl::string_view text, absl::string_view file_name) {
  // The one border where yaml-cpp exceptions are caught (see the header).
  try {
    YAML::Node root = YAML::Load(std::string(text));
    YamlNode tree;
    TreeBuilder builder;
    if (!builder.Build(root, &tree)) {
      return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                         absl::StrCat("YAML document too large (more than ", kMaxNodes,
                                      " nodes after expanding aliases) (", file_name, ")"));
    }
    return tree;
  } catch (const YAML::Exception& e) {
    return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                       absl::StrCat("YAML syntax error: ", e.msg, " (", file_name, ":",
                                    e.mark.line + 1, ":", e.mark.column + 1, ")"));
  } catch (const std::exception& e) {
    return MysqlStatus(mysql_errc::kUnknownError, "HY000",
                       absl::StrCat("cannot read YAML: ", e.what(), " (", file_name, ")"));
  }
}

}  // namespace shardproxy
