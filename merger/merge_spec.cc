#include "merger/merge_spec.h"

#include <utility>

namespace shardproxy {

AggregateSpec AggregateSpec::Partial(AggregateFunction function, int column) {
  return {.function = function, .input = AggregateInput::kPartial, .arguments = {column}};
}

AggregateSpec AggregateSpec::PartialAvg(int sum_column, int count_column) {
  AggregateSpec a = Partial(AggregateFunction::kAvg, sum_column);
  a.avg_count_column = count_column;
  return a;
}

AggregateSpec AggregateSpec::Raw(AggregateFunction function, std::vector<int> arguments,
                                 bool distinct) {
  return {.function = function,
          .input = AggregateInput::kRaw,
          .distinct = distinct,
          .arguments = std::move(arguments)};
}

OutputColumn OutputColumn::Shard(int column, std::string name, bool hidden) {
  return {
      .source = Source::kShardColumn, .index = column, .name = std::move(name), .hidden = hidden};
}

OutputColumn OutputColumn::Aggregate(int aggregate, std::string name, bool hidden) {
  return {
      .source = Source::kAggregate, .index = aggregate, .name = std::move(name), .hidden = hidden};
}

}  // namespace shardproxy
