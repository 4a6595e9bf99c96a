// Typed reads from the YAML tree that record a located error in ConfigErrors instead of throwing.
// Each returns false when it recorded an error (the output is then left unchanged). `what` names
// the setting in messages: "port of data source ds0".
#ifndef SHARDPROXY_CONFIG_YAML_READER_H_
#define SHARDPROXY_CONFIG_YAML_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "config/config_errors.h"
#include "config/yaml_tree.h"

namespace shardproxy {

// `node` must be a map; keys must be scalars from `known` (others get a did-you-mean), each at most
// once. `context` names the map in messages ("data source ds0"). Returns false only when `node` is
// not a map; unknown or duplicate keys are recorded but the map can still be read.
bool CheckMap(const YamlNode& node, absl::string_view context,
              absl::Span<const absl::string_view> known, ConfigErrors* errors);

// Records "missing 'key' in <context>" at `map` and returns nullptr when absent.
const YamlNode* RequireKey(const YamlNode& map, absl::string_view key, absl::string_view context,
                           ConfigErrors* errors);

// A scalar, taken as text (numbers too: `password: 123` is the text "123").
bool ReadString(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
                std::string* out);
// A non-empty name made of letters, digits, '_' and '$' (table, data source and algorithm names).
bool ReadName(const YamlNode& node, absl::string_view what, ConfigErrors* errors, std::string* out);
// An unquoted integer in [min, max].
bool ReadInt(const YamlNode& node, absl::string_view what, int64_t min, int64_t max,
             ConfigErrors* errors, int64_t* out);
bool ReadInt(const YamlNode& node, absl::string_view what, int min, int max, ConfigErrors* errors,
             int* out);
// true/false (also yes/no, on/off as YAML 1.1 allows).
bool ReadBool(const YamlNode& node, absl::string_view what, ConfigErrors* errors, bool* out);
// A list of scalars; a single scalar is accepted as a list of one.
bool ReadStringList(const YamlNode& node, absl::string_view what, ConfigErrors* errors,
                    std::vector<std::string>* out);

bool IsValidName(absl::string_view name);

}  // namespace shardproxy

#endif  // SHARDPROXY_CONFIG_YAML_READER_H_
