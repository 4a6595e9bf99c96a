#include "config/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql_error.h"

namespace shardproxy {
namespace {

// Aliases are expanded by copying, so a few nested aliases could describe an enormous tree, and an
// alias inside its own anchor (`&a [*a]`) an endless one; no real config comes near these limits.
constexpr int kMaxNodes = 200'000;
constexpr int kMaxDepth = 64;

// Copies yaml-cpp's node graph into our YamlNode tree, stopping at the first node that would make
// the tree endless or too large; `problem()` then says why and `problem_mark()` where.
class TreeBuilder {
 public:
  bool Build(const YAML::Node& in, YamlNode* out) {
    const YAML::Mark mark = in.Mark();
    out->line = mark.line >= 0 ? mark.line + 1 : 0;
    out->column = mark.column >= 0 ? mark.column + 1 : 0;
    if (++node_count_ > kMaxNodes) {
      return Fail(mark, absl::StrCat("YAML document too large: more than ", kMaxNodes,
                                     " nodes after expanding aliases"));
    }
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
      case YAML::NodeType::Map:
        break;
    }
    // An alias shares its anchor's node, so a cycle shows up as a node that is its own ancestor.
    for (const YAML::Node& ancestor : ancestors_) {
      if (ancestor.is(in)) {
        return Fail(mark, "YAML alias used inside its own anchor (the value would never end)");
      }
    }
    if (ancestors_.size() >= kMaxDepth) {
      return Fail(mark, absl::StrCat("YAML nested deeper than ", kMaxDepth, " levels"));
    }
    ancestors_.push_back(in);
    const bool ok = in.IsSequence() ? BuildItems(in, out) : BuildEntries(in, out);
    ancestors_.pop_back();
    return ok;
  }

  absl::string_view problem() const { return problem_; }
  const YAML::Mark& problem_mark() const { return problem_mark_; }

 private:
  bool BuildItems(const YAML::Node& in, YamlNode* out) {
    out->kind = YamlNode::Kind::kSequence;
    out->items.reserve(in.size());
    for (const YAML::Node& item : in) {
      out->items.emplace_back();
      if (!Build(item, &out->items.back())) return false;
    }
    return true;
  }

  bool BuildEntries(const YAML::Node& in, YamlNode* out) {
    out->kind = YamlNode::Kind::kMap;
    out->entries.reserve(in.size());
    for (auto it = in.begin(); it != in.end(); ++it) {
      out->entries.emplace_back();
      if (!Build(it->first, &out->entries.back().key)) return false;
      if (!Build(it->second, &out->entries.back().value)) return false;
    }
    return true;
  }

  bool Fail(const YAML::Mark& mark, std::string problem) {
    problem_ = std::move(problem);
    problem_mark_ = mark;
    return false;
  }

  int node_count_ = 0;
  std::vector<YAML::Node> ancestors_;
  std::string problem_;
  YAML::Mark problem_mark_;
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
      return MysqlStatus(
          mysql_errc::kUnknownError, "HY000",
          absl::StrCat(builder.problem(), " (", file_name, ":", builder.problem_mark().line + 1,
                       ":", builder.problem_mark().column + 1, ")"));
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
