// libFuzzer target: arbitrary bytes as a config file and as inline expressions must give a value
// or an error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "config/inline_expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = shardproxy::ParseConfig(text, "fuzz.yaml");
  if (config.ok()) (void)shardproxy::DescribeConfig(**config);

  (void)shardproxy::ExpandInlineExpression(text);
  const std::vector<std::string> columns = {"id", "name"};
  auto expression = shardproxy::ShardingExpression::Compile(text, columns);
  if (expression.ok()) {
    std::string out;
    for (const auto& value :
         {shardproxy::ShardingValue::Integer(-7), shardproxy::ShardingValue::String("Québec"),
          shardproxy::ShardingValue::Null(), shardproxy::ShardingValue::Date("2024-02-29")}) {
      const shardproxy::ShardingValue values[] = {value, value};
      (void)expression->Evaluate(values, &out);
      int64_t n = 0;
      if (expression->has_integer_form()) (void)expression->EvaluateInteger(values, &n);
    }
  }
  return 0;
}
