#include "config/yaml_reader.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace shardproxy {

bool IsValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
}

bool CheckMap(const YamlNode& node, absl::string_view context,
              absl::Span<const absl::string_view> known, ConfigErrors* errors) {
  if (!node.IsMap()) {
    errors->Add(node, absl::StrCat("expected a map for ", context, ", found ", node.KindName()));
    return false;
  }
  absl::flat_hash_map<std::string, const YamlNode*> seen;
  for (const auto& [key, value] : node.entries) {
    if (!key.IsScalar()) {
      errors->Add(key,
                  absl::StrCat("expected a name as key in ", context, ", found ", key.KindName()));
      continue;
    }
    if (std::find(known.begin(), known.end(), key.scalar) == known.end()) {
      errors->Add(key, absl::StrCat("unknown key '", key.scalar, "' in ", context,
                                    DidYouMean(key.scalar, known)));
      continue;
    }
    auto [it, inserted] = seen.emplace(key.scalar, &key);
    if (!inserted) {
      errors->Add(key, absl::StrCat("duplicate key '", key.scalar, "' in ", context,
                                    " (first at line ", it->second->line, ")"));
    }
  }
  return true;
}

const YamlNode* RequireKey(const YamlNode& map, absl::string_view key, absl::string_view context,
                           ConfigErrors* errors) {
  const YamlNode* value = map.Find(key);
  if (value == nullptr) errors->Add(map, absl::StrCat("missing '", key, "' in ", context));
  return value;
}

bool ReadString(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
                std::string* out) {
  if (!node.IsScalar()) {
    errors->Add(node, absl::StrCat("expected a string for ", what, ", found ", node.KindName()));
    return false;
  }
  *out = node.scalar;
  return true;
}

bool ReadName(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
              std::string* out) {
  if (!node.IsScalar()) {
    errors->Add(node, absl::StrCat("expected a name for ", what, ", found ", node.KindName()));
    return false;
  }
  if (!IsValidName(node.scalar)) {
    errors->Add(node, absl::StrCat("invalid ", what, ": '", node.scalar,
                                   "' is not 1 to 64 letters, digits, '_' or '$'"));
    return false;
  }
  *out = node.scalar;
  return true;
}

bool ReadInt(const YamlNode& node, absl::string_view what, int64_t min, int64_t max,
             ConfigErrors* errors, int64_t* out) {
  int64_t value = 0;
  if (!node.IsScalar() || node.quoted || !absl::SimpleAtoi(node.scalar, &value) || value < min ||
      value > max) {
    const std::string found = !node.IsScalar() ? std::string(node.KindName())
                              : node.quoted ? absl::StrCat("the quoted string '", node.scalar, "'")
                                            : absl::StrCat("'", node.scalar, "'");
    errors->Add(node, absl::StrCat(what, " must be an integer between ", min, " and ", max,
                                   ", found ", found));
    return false;
  }
  *out = value;
  return true;
}

bool ReadInt(const YamlNode& node, absl::string_view what, int min, int max, ConfigErrors* errors,
             int* out) {
  int64_t value = 0;
  if (!ReadInt(node, what, int64_t{min}, int64_t{max}, errors, &value)) return false;
  *out = static_cast<int>(value);
  return true;
}

bool ReadBool(const YamlNode& node, absl::string_view what, ConfigErrors* errors, bool* out) {
  if (node.IsScalar() && !node.quoted) {
    const std::string text = absl::AsciiStrToLower(node.scalar);
    if (text == "true" || text == "yes" || text == "on") {
      *out = true;
      return true;
    }
    if (text == "false" || text == "no" || text == "off") {
      *out = false;
      return true;
    }
  }
  const std::string found =
      node.IsScalar() ? absl::StrCat("'", node.scalar, "'") : std::string(node.KindName());
  errors->Add(node, absl::StrCat(what, " must be true or false, found ", found));
  return false;
}

bool ReadStringList(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
                    std::vector<std::string>* out) {
  if (node.IsScalar()) {
    out->assign(1, node.scalar);
    return true;
  }
  if (!node.IsSequence()) {
    errors->Add(node, absl::StrCat("expected a list for ", what, ", found ", node.KindName()));
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (const YamlNode& item : node.items) {
    std::string value;
    if (!ReadString(item, what, errors, &value)) {
      ok = false;
      continue;
    }
    values.push_back(std::move(value));
  }
  if (ok) *out = std::move(values);
  return ok;
}

}  // namespace shardproxy
